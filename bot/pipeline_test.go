package bot

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"byline/bot/discordtest"
)

// A message with no question, sent while the bot shuts down, is told so:
// every reply goes through the same tracked pipeline.
func TestEmptyMentionDuringShutdown(t *testing.T) {
	slow := slowAnswerer{started: make(chan string, 1), release: make(chan struct{})}
	h := startBot(t, slow, harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "in flight"})
	<-slow.started
	go h.shutdown()
	waitUntil(t, h.bot.work.Closed)

	q := h.srv.SendMessage(h.ctx(), discordtest.MessageSpec{Author: discordtest.NewUser(2), ChannelID: discordtest.ChannelID,
		GuildID: discordtest.GuildID, Content: "<@" + discordtest.BotUserID + ">", MentionBot: true})
	m, err := h.srv.WaitChannelMessage(h.ctx(), discordtest.ChannelID, func(m discordtest.Message) bool { return m.MessageReference == q })
	if err != nil {
		t.Fatal(err)
	}
	if m.Content != msgShuttingDown {
		t.Errorf("empty mention during shutdown: %q; want %q", m.Content, msgShuttingDown)
	}
	close(slow.release)
	h.final(ix)
	h.checkRules()
}

// roundTripperFunc is an http.RoundTripper that is not an *http.Transport.
type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A program that replaced http.DefaultTransport (a proxy, a recorder) gets
// a working bot that sends through it, not a panic.
func TestReplacedDefaultTransport(t *testing.T) {
	orig := http.DefaultTransport
	inner := orig.(*http.Transport).Clone()
	var calls atomic.Int64
	http.DefaultTransport = roundTripperFunc(func(r *http.Request) (*http.Response, error) {
		calls.Add(1)
		return inner.RoundTrip(r)
	})
	t.Cleanup(func() { http.DefaultTransport = orig })

	h := startBot(t, fakeAnswerer{}, harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "hello"})
	if m := h.final(ix); m.Content != "An answer to: hello" {
		t.Errorf("answer %q", m.Content)
	}
	if calls.Load() == 0 {
		t.Error("no request went through the replaced default transport")
	}
}

// discordgo's own log lines reach the bot's logger, short and marked.
func TestDiscordgoLogsRouted(t *testing.T) {
	h := startBot(t, fakeAnswerer{}, harnessOpt{})
	h.srv.DropConnection()
	var line string
	waitUntil(t, func() bool { line = h.logs.find("source=discordgo", "gateway"); return line != "" })
	if len(line) > 600 {
		t.Errorf("discordgo line of %d bytes; want it cut short: %s", len(line), line)
	}
	if strings.Contains(line, discordtest.Token) {
		t.Errorf("discordgo line shows the token: %s", line)
	}
}

// Every slash command offered is routed, under the name it is registered with.
func TestSlashCommandsRouted(t *testing.T) {
	b, err := New(testLogger(t), Config{Token: "x"}, fakeAnswerer{})
	if err != nil {
		t.Fatal(err)
	}
	specs := b.commandSpecs()
	if len(specs) != len(b.commands) {
		t.Errorf("%d specs, %d routes; want one route per command", len(specs), len(b.commands))
	}
	for _, s := range specs {
		if _, ok := b.commands[s.Name]; !ok {
			t.Errorf("/%s is registered but not routed", s.Name)
		}
	}
}
