package discordtest

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// BenchmarkSlashCommandRoundTrip measures the fake's own share of an
// interaction: INTERACTION_CREATE to a real discordgo client that defers
// and edits at once, until the edit is seen. The bot's end-to-end numbers
// include this floor.
func BenchmarkSlashCommandRoundTrip(b *testing.B) {
	s := New(b, WithSpecCheck(false))
	dg, err := discordgo.New("Bot " + Token)
	if err != nil {
		b.Fatal(err)
	}
	base, _ := url.Parse(s.URL())
	dg.Client = &http.Client{Transport: rewrite{base}, Timeout: 10 * time.Second}
	dg.AddHandler(func(dg *discordgo.Session, ic *discordgo.InteractionCreate) {
		dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
		content := "done"
		dg.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{Content: &content, AllowedMentions: &discordgo.MessageAllowedMentions{}})
	})
	if err := dg.Open(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { dg.ShouldReconnectOnError = false; dg.Close() })
	if _, err := dg.ApplicationCommandBulkOverwrite(ApplicationID, GuildID, askCommand); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var ack time.Duration
	b.ResetTimer()
	for b.Loop() {
		ix := s.SlashCommand(ctx, NewUser(1), ChannelID, GuildID, "ask", CommandOption{Name: "question", Value: "q"})
		r, err := ix.WaitAck(ctx)
		if err != nil {
			b.Fatal(err)
		}
		ack += r.ReceivedAfter
		if _, err := ix.WaitFinal(ctx, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ack.Microseconds())/float64(b.N), "µs-to-ack/op")
}
