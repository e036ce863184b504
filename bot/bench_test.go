package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"byline/bot/discordtest"
	"byline/commands"
)

// instantModel is a language model that answers at once: the benchmark
// measures the bot and Discord's round trips, not a model.
type instantModel struct{}

func (instantModel) Complete(ctx context.Context, msgs []commands.Message, onDelta func(string)) (commands.Completion, error) {
	text := "The council approved 48 million dollars for the flood barrier [1]."
	if onDelta != nil {
		for _, w := range strings.SplitAfter(text, " ") {
			onDelta(w)
		}
	}
	return commands.Completion{Text: text, Model: "instant"}, nil
}

// BenchmarkInteraction measures, against the loopback fake Discord, the
// time from an /ask interaction's dispatch to its acknowledgement and to
// its final answer, with 1 and with 50 interactions at once. The answers
// come from the real commands layer over the test articles with a
// zero-latency model.
//
//	go test ./bot -run '^$' -bench BenchmarkInteraction -benchtime 20x
func BenchmarkInteraction(b *testing.B) {
	svc := commands.New(slog.New(slog.DiscardHandler), library(b), instantModel{}, commands.Config{ModelName: "instant"})
	srv := discordtest.New(b, discordtest.WithSpecCheck(false))
	bot, err := New(slog.New(slog.DiscardHandler), Config{
		Token: discordtest.Token, GuildID: discordtest.GuildID, APIBaseURL: srv.URL(),
		GuildConcurrency: 100,
	}, svc)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bot.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}()
	wctx, wcancel := context.WithTimeout(context.Background(), waitTimeout)
	defer wcancel()
	if err := srv.WaitCommands(wctx); err != nil {
		b.Fatal(err)
	}

	for _, conc := range []int{1, 50} {
		b.Run(fmt.Sprintf("concurrent=%d", conc), func(b *testing.B) {
			var mu sync.Mutex
			var acks, finals []time.Duration
			for b.Loop() {
				var wg sync.WaitGroup
				for i := range conc {
					wg.Go(func() {
						ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
						defer cancel()
						start := time.Now()
						ix := srv.SlashCommand(ctx, discordtest.NewUser(i), discordtest.ChannelID, discordtest.GuildID, cmdAsk,
							discordtest.CommandOption{Name: optQuestion, Value: "How much will the flood barrier cost?"})
						ack, err := ix.WaitAck(ctx)
						if err != nil || ack.Type != discordtest.ResponseDeferred {
							b.Errorf("ack: %v (type %d)", err, ack.Type)
							return
						}
						if _, err := ix.WaitFinal(ctx, func(m discordtest.Message) bool { return strings.Contains(m.Content, "48 million") }); err != nil {
							b.Errorf("final: %v", err)
							return
						}
						final := time.Since(start)
						mu.Lock()
						acks = append(acks, ack.ReceivedAfter)
						finals = append(finals, final)
						mu.Unlock()
					})
				}
				wg.Wait()
			}
			report(b, "ack", acks)
			report(b, "final", finals)
		})
	}
}

// report adds the median and 95th percentile of ds, in milliseconds.
func report(b *testing.B, name string, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	pct := func(p float64) float64 {
		return float64(ds[min(len(ds)-1, int(p*float64(len(ds))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), name+"-p50-ms")
	b.ReportMetric(pct(0.95), name+"-p95-ms")
}
