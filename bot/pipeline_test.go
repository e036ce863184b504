package bot

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bwmarrin/discordgo"

	"byline/bot/discordtest"
	"byline/history"
	statedb "byline/store"
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

// A follow-up in a thread still has its history after a restart, when the
// bot has a Memory (here the question log on a real SQLite file); votes and
// questions reach the Recorder, and /byline stats shows them to managers only.
func TestThreadMemorySurvivesRestartAndStats(t *testing.T) {
	db, err := statedb.Open(t.Context(), filepath.Join(t.TempDir(), "byline.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	log := history.New(t.Context(), testLogger(t), db, 30)
	withLog := func(c *Config) { c.Recorder, c.Memory, c.Stats = log, log, log }

	rec := &recordingAnswerer{Answerer: service(t)}
	h := startBot(t, rec, harnessOpt{cfg: withLog})
	h.srv.SendMessage(h.ctx(), discordtest.MessageSpec{
		Author: guildUser, ChannelID: discordtest.ChannelID, GuildID: discordtest.GuildID,
		Content: "<@" + discordtest.BotUserID + "> What did Mayor Ana Ruiz say about the flood?", MentionBot: true,
	})
	var threads []discordtest.Channel
	waitUntil(t, func() bool { threads = h.srv.Threads(); return len(threads) == 1 })
	waitUntil(t, h.idle)
	if err := h.shutdown(); err != nil {
		t.Fatal(err)
	}

	rec2 := &recordingAnswerer{Answerer: service(t)}
	h2 := startBot(t, rec2, harnessOpt{cfg: withLog, srv: h.srv})
	h2.srv.SendMessage(h2.ctx(), discordtest.MessageSpec{
		Author: guildUser, ChannelID: threads[0].ID, GuildID: discordtest.GuildID,
		Content: "<@" + discordtest.BotUserID + "> and what did Becker say?", MentionBot: true,
	})
	if _, err := h2.srv.WaitChannelMessage(h2.ctx(), threads[0].ID, func(m discordtest.Message) bool {
		return strings.Contains(m.Content, "[1]")
	}); err != nil {
		t.Fatal(err)
	}
	if hist := rec2.history(0); len(hist) != 2 || !strings.Contains(hist[0].Content, "Mayor Ana Ruiz") {
		t.Errorf("follow-up after restart has history %+v; want the first question", hist)
	}

	// The answer is visible before its question is logged: wait for the
	// pipeline to finish, or stats may count one question (seen under load).
	waitUntil(t, h2.idle)

	// /byline stats: refused to a member without Manage Server, shown
	// ephemerally to one with it.
	stats := discordtest.CommandOption{Name: subStats, Value: []discordtest.CommandOption{}}
	if got := h2.ephemeral(h2.srv.SlashCommand(h2.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdByline, stats)); got != msgNoStats {
		t.Errorf("stats without permission: %q", got)
	}
	admin := discordtest.NewUser(9)
	h2.srv.SetMemberPermissions(admin, fmt.Sprint(discordgo.PermissionManageServer))
	ix := h2.srv.SlashCommand(h2.ctx(), admin, discordtest.ChannelID, discordtest.GuildID, cmdByline, stats)
	ack, err := ix.WaitAck(h2.ctx())
	if err != nil || !ack.Data.Ephemeral() {
		t.Fatalf("stats ack %+v, %v; want ephemeral", ack, err)
	}
	m, err := ix.WaitFinal(h2.ctx(), func(m discordtest.Message) bool { return strings.Contains(m.Content, "questions") })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Content, "2 questions") {
		t.Errorf("stats %q; want the 2 questions asked", m.Content)
	}
	h2.checkRules()
}
