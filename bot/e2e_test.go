package bot

// End-to-end tests: the bot's own constructor builds the real discordgo
// session, which connects over loopback to the fake Discord of
// bot/discordtest; the test plays the users and reads what Discord would
// show them.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"byline/bot/discordtest"
	"byline/commands"
	"byline/commands/llm"
	"byline/commands/llm/llmtest"
	"byline/retrieval"
)

// waitTimeout bounds every wait of a test, so nothing hangs.
const waitTimeout = 30 * time.Second

// logRecorder keeps the log lines (for asserting on feedback logs) and
// passes them to t.Log until the test ends. discordgo runs event handlers
// in goroutines of its own, so a handler may still log after the test has
// finished; those lines are dropped rather than sent to a finished test.
type logRecorder struct {
	mu     sync.Mutex
	lines  []string
	t      testing.TB
	closed bool
}

func newLogRecorder(t testing.TB) *logRecorder {
	l := &logRecorder{t: t}
	t.Cleanup(func() {
		l.mu.Lock()
		l.closed = true
		l.mu.Unlock()
	})
	return l
}

func (l *logRecorder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, string(p))
	if !l.closed {
		l.t.Log(strings.TrimSpace(string(p)))
	}
	return len(p), nil
}

func (l *logRecorder) find(substrs ...string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range l.lines {
		ok := true
		for _, s := range substrs {
			ok = ok && strings.Contains(line, s)
		}
		if ok {
			return line
		}
	}
	return ""
}

// harness is a running bot connected to a fake Discord.
type harness struct {
	t    testing.TB
	srv  *discordtest.Server
	bot  *Bot
	logs *logRecorder
	stop context.CancelFunc
	done chan error
}

type harnessOpt struct {
	cfg     func(*Config)
	bot     func(*Bot) // adjusts the bot before it runs
	srvOpts []discordtest.Option
	srv     *discordtest.Server // reuse a running fake (second bot on the same "Discord")
}

// startBot starts a bot answering from a over a new fake Discord and stops
// it at the end of the test.
func startBot(t testing.TB, a Answerer, o harnessOpt) *harness {
	t.Helper()
	srv := o.srv
	if srv == nil {
		srv = discordtest.New(t, o.srvOpts...)
	}
	logs := newLogRecorder(t)
	lg := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := Config{
		Token:           discordtest.Token,
		GuildID:         discordtest.GuildID,
		APIBaseURL:      srv.URL(),
		EditInterval:    20 * time.Millisecond,
		ShutdownTimeout: 20 * time.Second,
	}
	if o.cfg != nil {
		o.cfg(&cfg)
	}
	b, err := New(lg, cfg, a)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if o.bot != nil {
		o.bot(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, srv: srv, bot: b, logs: logs, stop: cancel, done: make(chan error, 1)}
	go func() { h.done <- b.Run(ctx) }()
	wctx, wcancel := context.WithTimeout(t.Context(), waitTimeout)
	defer wcancel()
	if err := srv.WaitReady(wctx); err != nil {
		cancel()
		t.Fatalf("bot did not connect: %v", err)
	}
	if err := srv.WaitCommands(wctx); err != nil {
		cancel()
		t.Fatalf("bot did not register its commands: %v", err)
	}
	t.Cleanup(func() { h.shutdown() })
	return h
}

// shutdown stops the bot and returns Run's error (once; later calls return nil).
func (h *harness) shutdown() error {
	h.stop()
	select {
	case err, ok := <-h.done:
		if ok {
			close(h.done)
		}
		return err
	case <-time.After(waitTimeout):
		h.t.Errorf("Run did not return after shutdown")
		return nil
	}
}

// ctx is a context for one wait.
func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(h.t.Context(), waitTimeout)
	h.t.Cleanup(cancel)
	return ctx
}

// final waits for the deferred response of ix to be replaced by an answer.
func (h *harness) final(ix *discordtest.Interaction) discordtest.Message {
	h.t.Helper()
	ack, err := ix.WaitAck(h.ctx())
	if err != nil {
		h.t.Fatalf("no acknowledgement: %v", err)
	}
	if ack.Type != discordtest.ResponseDeferred {
		h.t.Fatalf("acknowledged with type %d (%q); want %d (deferred)", ack.Type, ack.Data.Content, discordtest.ResponseDeferred)
	}
	m, err := ix.WaitFinal(h.ctx(), func(m discordtest.Message) bool {
		return m.Content != "" && !strings.HasPrefix(m.Content, "✍️")
	})
	if err != nil {
		h.t.Fatalf("no final answer: %v", err)
	}
	return m
}

// ephemeral waits for an immediate ephemeral reply (type 4, flags 64).
func (h *harness) ephemeral(ix *discordtest.Interaction) string {
	h.t.Helper()
	ack, err := ix.WaitAck(h.ctx())
	if err != nil {
		h.t.Fatalf("no response: %v", err)
	}
	if ack.Type != discordtest.ResponseMessage || !ack.Data.Ephemeral() {
		h.t.Fatalf("response type %d flags %d (%q); want an ephemeral message", ack.Type, ack.Data.Flags, ack.Data.Content)
	}
	return ack.Data.Content
}

// checkRules fails the test when the bot broke one of Discord's rules: a
// request the fake refused or that does not match Discord's API document,
// or a message body without allowed_mentions {"parse": []}.
func (h *harness) checkRules() {
	h.t.Helper()
	for _, v := range h.srv.SpecViolations() {
		h.t.Errorf("spec violation: %s", v)
	}
	for _, r := range h.srv.Requests() {
		if r.Status >= 400 && r.Status != 429 {
			h.t.Errorf("%s %s answered %d: %s", r.Method, r.Path, r.Status, r.Body)
		}
		if !sendsMessage(r) {
			continue
		}
		var body struct {
			Type int             `json:"type"`
			Data json.RawMessage `json:"data"`
			AM   *struct {
				Parse *[]string `json:"parse"`
			} `json:"allowed_mentions"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			h.t.Errorf("%s %s: body is not JSON: %v", r.Method, r.Path, err)
			continue
		}
		if strings.HasSuffix(r.Path, "/callback") {
			if len(body.Data) == 0 || body.Type == 8 {
				continue // deferred ack or autocomplete choices: no message
			}
			body.AM = nil
			json.Unmarshal(body.Data, &body)
		}
		if body.AM == nil || body.AM.Parse == nil || len(*body.AM.Parse) != 0 {
			h.t.Errorf("%s %s: allowed_mentions is not {\"parse\": []}: %s", r.Method, r.Path, r.Body)
		}
	}
}

// sendsMessage reports whether r creates or edits a message.
func sendsMessage(r discordtest.Request) bool {
	switch {
	case r.Method == "POST" && strings.HasSuffix(r.Path, "/callback"):
		return true
	case strings.Contains(r.Path, "/webhooks/") && (r.Method == "POST" || r.Method == "PATCH"):
		return true
	case strings.Contains(r.Path, "/channels/") && strings.Contains(r.Path, "/messages") && !strings.HasSuffix(r.Path, "/threads") && (r.Method == "POST" || r.Method == "PATCH"):
		return true
	}
	return false
}

// library opens the test articles (bot/testdata/articles) plus extra, in memory.
func library(t testing.TB, extra ...*retrieval.Article) *retrieval.Library {
	t.Helper()
	arts, skipped, err := retrieval.Load(t.Context(), filepath.Join("testdata", "articles"), nil)
	if err != nil || len(skipped) > 0 {
		t.Fatalf("load test articles: %v %v", err, skipped)
	}
	lib, _, err := retrieval.Open(t.Context(), append(arts, extra...), retrieval.Options{})
	if err != nil {
		t.Fatalf("open library: %v", err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib
}

// service is the real commands layer over the test articles, extractive.
func service(t testing.TB, extra ...*retrieval.Article) *commands.Service {
	return commands.New(slog.New(slog.DiscardHandler), library(t, extra...), nil, commands.Config{})
}

// articlesNamed returns n in-memory articles, for long lists.
func articlesNamed(n int) []*retrieval.Article {
	var out []*retrieval.Article
	for i := range n {
		out = append(out, &retrieval.Article{
			ID:    fmt.Sprintf("extra-%02d", i),
			Title: fmt.Sprintf("Extra article number %02d", i),
			Date:  time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC),
			Text:  fmt.Sprintf("This is extra article %d. It talks about topic %d at length.", i, i),
			Hash:  fmt.Sprint(i),
		})
	}
	return out
}

var guildUser = discordtest.NewUser(1)

func TestSlashAsk(t *testing.T) {
	h := startBot(t, service(t), harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "How much will the flood barrier cost?"})
	m := h.final(ix)
	if !strings.Contains(m.Content, "48 million") || !strings.Contains(m.Content, "[1]") {
		t.Errorf("answer %q; want the cost with a citation", m.Content)
	}
	if len(m.Embeds) != 1 || m.Embeds[0].Title != "Sources" || !strings.Contains(m.Embeds[0].Description, "Riverton Council Approves Flood Barrier Budget") {
		t.Errorf("embeds %+v; want the sources", m.Embeds)
	}
	var labels []string
	for _, b := range m.Buttons() {
		labels = append(labels, b.Label)
	}
	if got := strings.Join(labels, " "); got != "Sources 👍 👎" {
		t.Errorf("buttons %q; want Sources 👍 👎", got)
	}
	h.checkRules()
}

func TestSlashAskEmptyQuestion(t *testing.T) {
	h := startBot(t, fakeAnswerer{}, harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "   "})
	if got := h.ephemeral(ix); got != msgNoQuestion {
		t.Errorf("reply %q; want %q", got, msgNoQuestion)
	}
	h.checkRules()
}

func TestAutocompleteAndSummarize(t *testing.T) {
	h := startBot(t, service(t, articlesNamed(40)...), harnessOpt{})
	ix := h.srv.Autocomplete(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdSummarize,
		discordtest.CommandOption{Name: optArticle, Value: "flo", Focused: true})
	ack, err := ix.WaitAck(h.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if ack.Type != discordtest.ResponseAutocomplete || len(ack.Choices) != 1 ||
		ack.Choices[0].Name != "Riverton Council Approves Flood Barrier Budget (2025-03-14)" {
		t.Fatalf("autocomplete %d %+v; want the flood article", ack.Type, ack.Choices)
	}
	value, _ := ack.Choices[0].Value.(string)

	// Many matches: at most 25.
	ix = h.srv.Autocomplete(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdSummarize,
		discordtest.CommandOption{Name: optArticle, Value: "extra", Focused: true})
	if ack, err := ix.WaitAck(h.ctx()); err != nil || len(ack.Choices) != maxChoices {
		t.Errorf("autocomplete of 40 matches: %d choices, %v; want %d", len(ack.Choices), err, maxChoices)
	}

	ix = h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdSummarize,
		discordtest.CommandOption{Name: optArticle, Value: value},
		discordtest.CommandOption{Name: optLength, Value: "detailed"})
	m := h.final(ix)
	if !strings.Contains(m.Content, "flood") || !strings.Contains(m.Content, "[1]") {
		t.Errorf("summary %q; want the flood article summarised with citations", m.Content)
	}
	h.checkRules()
}

func TestSlashQuote(t *testing.T) {
	h := startBot(t, service(t), harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdQuote,
		discordtest.CommandOption{Name: optText, Value: "wait for the next flood"})
	m := h.final(ix)
	if !strings.Contains(m.Content, "We will not wait for the next flood to act") || !strings.Contains(m.Content, "Ana Ruiz") {
		t.Errorf("quote %q; want the mayor's words and name", m.Content)
	}
	ix = h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdQuote)
	if got := h.ephemeral(ix); got != msgNoQuote {
		t.Errorf("quote without options: %q; want %q", got, msgNoQuote)
	}
	h.checkRules()
}

func TestAutocompleteSpeaker(t *testing.T) {
	h := startBot(t, service(t), harnessOpt{})
	ix := h.srv.Autocomplete(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdQuote,
		discordtest.CommandOption{Name: optSpeaker, Value: "rui", Focused: true})
	ack, err := ix.WaitAck(h.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if ack.Type != discordtest.ResponseAutocomplete || len(ack.Choices) != 1 || ack.Choices[0].Name != "Ana Ruiz" {
		t.Fatalf("speaker autocomplete %d %+v; want Ana Ruiz", ack.Type, ack.Choices)
	}
	ix = h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdQuote,
		discordtest.CommandOption{Name: optSpeaker, Value: ack.Choices[0].Value})
	if m := h.final(ix); !strings.Contains(m.Content, "We will not wait for the next flood to act") {
		t.Errorf("quotes of the chosen speaker %q; want the mayor's words", m.Content)
	}
	h.checkRules()
}

func TestArticlesPages(t *testing.T) {
	h := startBot(t, service(t, articlesNamed(20)...), harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdArticles)
	m := h.final(ix)
	if !strings.Contains(m.Content, "23 articles") || !strings.Contains(m.Content, "(page 1 of 3)") {
		t.Fatalf("first page %q", m.Content)
	}
	buttons := m.Buttons()
	if len(buttons) != 2 || buttons[1].Label != "Next" || !buttons[0].Disabled {
		t.Fatalf("buttons %+v; want a disabled Previous and Next", buttons)
	}
	click := h.srv.Button(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, m.ID, buttons[1].CustomID)
	ack, err := click.WaitAck(h.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if ack.Type != discordtest.ResponseUpdate || !strings.Contains(ack.Data.Content, "(page 2 of 3)") || !strings.Contains(ack.Data.Content, "\n11. ") {
		t.Errorf("after Next: type %d %q; want page 2 in place", ack.Type, ack.Data.Content)
	}
	h.checkRules()
}

func TestArticlesPeriod(t *testing.T) {
	h := startBot(t, service(t, articlesNamed(20)...), harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdArticles,
		discordtest.CommandOption{Name: optPeriod, Value: "January 2024"})
	m := h.final(ix)
	if !strings.Contains(m.Content, "20 articles published in January 2024") || !strings.Contains(m.Content, "(page 1 of 2)") {
		t.Fatalf("first page %q", m.Content)
	}
	buttons := m.Buttons()
	if len(buttons) != 2 {
		t.Fatalf("buttons %+v; want Previous and Next", buttons)
	}
	click := h.srv.Button(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, m.ID, buttons[1].CustomID)
	ack, err := click.WaitAck(h.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ack.Data.Content, "published in January 2024") || !strings.Contains(ack.Data.Content, "(page 2 of 2)") {
		t.Errorf("after Next: %q; want page 2 of the same period", ack.Data.Content)
	}
	bad := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdArticles,
		discordtest.CommandOption{Name: optPeriod, Value: "banana"})
	waitUntil(t, func() bool { return len(bad.Followups()) > 0 })
	if f := bad.Followups()[0]; !strings.Contains(f.Content, "not a period") {
		t.Errorf("period banana: %q; want the reason", f.Content)
	}
	h.checkRules()
}

func TestAnswerButtons(t *testing.T) {
	// The bot remembers one answer, so the second question makes it forget
	// the first (as a restart or a long time would).
	h := startBot(t, service(t), harnessOpt{bot: func(b *Bot) { b.answers = newStore[string, storedAnswer](1, time.Hour) }})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "Why did Tom Becker vote against the flood barrier?"})
	m := h.final(ix)
	ids := map[string]string{}
	for _, b := range m.Buttons() {
		ids[b.Label] = b.CustomID
	}

	src := h.srv.Button(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, m.ID, ids["Sources"])
	ack, err := src.WaitAck(h.ctx())
	if err != nil {
		t.Fatal(err)
	}
	var passages []string
	for _, e := range ack.Data.Embeds {
		passages = append(passages, e.Description)
	}
	if ack.Type != discordtest.ResponseMessage || !ack.Data.Ephemeral() || !strings.Contains(strings.Join(passages, " "), "Becker said") {
		t.Errorf("Sources: type %d flags %d embeds %+v; want the cited passages, ephemeral", ack.Type, ack.Data.Flags, ack.Data.Embeds)
	}

	up := h.srv.Button(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, m.ID, ids["👍"])
	if got := h.ephemeral(up); got != msgThanks {
		t.Errorf("👍: %q; want %q", got, msgThanks)
	}
	down := h.srv.Button(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, m.ID, ids["👎"])
	if got := h.ephemeral(down); got != msgThanks {
		t.Errorf("👎: %q; want %q", got, msgThanks)
	}
	answerID := strings.TrimPrefix(ids["👍"], idVoteUp)
	for _, vote := range []string{"vote=up", "vote=down"} {
		waitUntil(t, func() bool {
			return h.logs.find("answer feedback", "user="+guildUser.ID, "answer="+answerID, vote) != ""
		})
	}

	h.final(h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "How often do Harbor trains run now?"}))
	old := h.srv.Button(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, m.ID, ids["Sources"])
	if got := h.ephemeral(old); got != msgExpired {
		t.Errorf("Sources of a forgotten answer: %q; want %q", got, msgExpired)
	}
	h.checkRules()
}

// recordingAnswerer records the options of each Ask.
type recordingAnswerer struct {
	Answerer
	mu   sync.Mutex
	opts []commands.Options
}

func (r *recordingAnswerer) Ask(ctx context.Context, q string, opt commands.Options) (*commands.Answer, error) {
	r.mu.Lock()
	r.opts = append(r.opts, opt)
	r.mu.Unlock()
	return r.Answerer.Ask(ctx, q, opt)
}

func (r *recordingAnswerer) history(i int) []commands.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i >= len(r.opts) {
		return nil
	}
	return r.opts[i].History
}

func TestMentionThreadAndFollowUp(t *testing.T) {
	rec := &recordingAnswerer{Answerer: service(t)}
	h := startBot(t, rec, harnessOpt{})
	q := h.srv.SendMessage(h.ctx(), discordtest.MessageSpec{
		Author: guildUser, ChannelID: discordtest.ChannelID, GuildID: discordtest.GuildID,
		Content: "<@" + discordtest.BotUserID + "> What did Mayor Ana Ruiz say about the flood?", MentionBot: true,
	})
	m, err := h.srv.WaitChannelMessage(h.ctx(), discordtest.ChannelID, func(m discordtest.Message) bool {
		return m.MessageReference == q && strings.Contains(m.Content, "[1]")
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Content, "Ruiz") && !strings.Contains(m.Content, "flood") {
		t.Errorf("answer %q; want the mayor's words", m.Content)
	}
	var threads []discordtest.Channel
	waitUntil(t, func() bool { threads = h.srv.Threads(); return len(threads) == 1 })
	if threads[0].MessageID != m.ID || threads[0].ParentID != discordtest.ChannelID {
		t.Errorf("thread %+v; want it started from the answer %s", threads[0], m.ID)
	}

	// A follow-up in the thread: the previous question and answer go along.
	h.srv.SendMessage(h.ctx(), discordtest.MessageSpec{
		Author: guildUser, ChannelID: threads[0].ID, GuildID: discordtest.GuildID,
		Content: "<@" + discordtest.BotUserID + "> and what did Becker say?", MentionBot: true,
	})
	f, err := h.srv.WaitChannelMessage(h.ctx(), threads[0].ID, func(m discordtest.Message) bool {
		return strings.Contains(m.Content, "[1]")
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.Content, "Becker") {
		t.Errorf("follow-up answer %q; want Becker", f.Content)
	}
	hist := rec.history(1)
	if len(hist) != 2 || hist[0].Role != "user" || !strings.Contains(hist[0].Content, "Mayor Ana Ruiz") || hist[1].Role != "assistant" {
		t.Errorf("follow-up history %+v; want the first question and answer", hist)
	}
	if n := len(h.srv.Threads()); n != 1 {
		t.Errorf("%d threads; want no new thread for a follow-up", n)
	}

	// A reply to the answer in the channel is a follow-up too.
	r := h.srv.SendMessage(h.ctx(), discordtest.MessageSpec{
		Author: guildUser, ChannelID: discordtest.ChannelID, GuildID: discordtest.GuildID,
		Content: "how many homes does it protect?", MentionBot: true, ReplyTo: m.ID,
	})
	if _, err := h.srv.WaitChannelMessage(h.ctx(), discordtest.ChannelID, func(m discordtest.Message) bool {
		return m.MessageReference == r && strings.Contains(m.Content, "3,000")
	}); err != nil {
		t.Fatal(err)
	}
	if hist := rec.history(2); len(hist) != 2 || !strings.Contains(hist[0].Content, "Mayor Ana Ruiz") {
		t.Errorf("reply history %+v; want the first question", hist)
	}
	h.checkRules()
}

func TestDirectMessage(t *testing.T) {
	h := startBot(t, service(t), harnessOpt{})
	dm := h.srv.DMChannel(guildUser)
	q := h.srv.SendMessage(h.ctx(), discordtest.MessageSpec{Author: guildUser, Content: "How often do Harbor trains run now?"})
	m, err := h.srv.WaitChannelMessage(h.ctx(), dm, func(m discordtest.Message) bool {
		return m.MessageReference == q && strings.Contains(m.Content, "[1]")
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Content, "ten minutes") {
		t.Errorf("DM answer %q; want the frequency", m.Content)
	}
	if n := len(h.srv.Threads()); n != 0 {
		t.Errorf("%d threads started from a DM", n)
	}
	h.checkRules()
}

func TestIgnoresBotsAndOtherMessages(t *testing.T) {
	h := startBot(t, fakeAnswerer{}, harnessOpt{})
	// Not addressed to the bot: content arrives empty (no MESSAGE_CONTENT), ignored.
	h.srv.SendMessage(h.ctx(), discordtest.MessageSpec{Author: guildUser, ChannelID: discordtest.ChannelID, GuildID: discordtest.GuildID, Content: "hello all"})
	// Its own messages and other bots' are ignored even when they mention it.
	h.srv.SendMessage(h.ctx(), discordtest.MessageSpec{Author: discordtest.BotUser(), ChannelID: discordtest.ChannelID, GuildID: discordtest.GuildID,
		Content: "<@" + discordtest.BotUserID + "> myself", MentionBot: true})
	// Then one that is, so the others have been handled when it is answered.
	h.srv.SendMessage(h.ctx(), discordtest.MessageSpec{Author: guildUser, ChannelID: discordtest.ChannelID, GuildID: discordtest.GuildID,
		Content: "<@" + discordtest.BotUserID + "> ping", MentionBot: true})
	if _, err := h.srv.WaitChannelMessage(h.ctx(), discordtest.ChannelID, func(m discordtest.Message) bool {
		return strings.Contains(m.Content, "An answer to: ping")
	}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, h.idle)
	if n := len(h.srv.ChannelMessages(discordtest.ChannelID)); n != 1 {
		t.Errorf("%d bot messages; want 1 (only the mention answered)", n)
	}
	h.checkRules()
}

// idle reports whether the bot has no work in progress.
func (h *harness) idle() bool {
	h.bot.work.mu.Lock()
	defer h.bot.work.mu.Unlock()
	return h.bot.work.n == 0
}

// waitUntil polls cond until it holds or the test's wait runs out.
func waitUntil(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestLongAnswerSplit(t *testing.T) {
	text := longAnswer(3000)
	a := fakeAnswerer{ask: func(ctx context.Context, q string, opt commands.Options) (*commands.Answer, error) {
		return &commands.Answer{Text: text, Mode: commands.ModeExtractive, Citations: citations(3, 300)}, nil
	}}
	h := startBot(t, a, harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "Tell me everything"})
	first := h.final(ix)
	want := splitMessage(text, maxContent)
	var got []string
	waitUntil(t, func() bool {
		got = []string{first.Content}
		for _, f := range ix.Followups() {
			got = append(got, f.Content)
		}
		return len(got) >= len(want)
	})
	if len(got) != len(want) {
		t.Fatalf("%d messages; want %d", len(got), len(want))
	}
	for i := range want {
		if unitLen(got[i]) > maxContent {
			t.Errorf("message %d is %d characters", i, unitLen(got[i]))
		}
		if got[i] != want[i] {
			t.Errorf("message %d differs from part %d of the answer", i, i)
		}
	}
	checkSplitInvariants(t, text, maxContent, got)
	followups := ix.Followups()
	if last := followups[len(followups)-1]; len(last.Buttons()) != 3 || len(last.Embeds) != 1 {
		t.Errorf("last part: %d buttons, %d embeds; want the sources and buttons at the end", len(last.Buttons()), len(last.Embeds))
	}
	h.checkRules()
}

func TestNoPings(t *testing.T) {
	text := "@everyone look! @here too. <@" + discordtest.NewUser(2).ID + "> and <@&500000000000000001> said so [1]."
	var h *harness
	a := fakeAnswerer{ask: func(ctx context.Context, q string, opt commands.Options) (*commands.Answer, error) {
		opt.OnDelta(text)
		// A streaming edit carries the draft too: wait for the fake to see it.
		if opt.OnDelta != nil && h != nil {
			_, err := h.srv.WaitRequest(h.ctx(), func(r discordtest.Request) bool {
				return r.Method == "PATCH" && strings.Contains(string(r.Body), "look!")
			})
			if err != nil {
				t.Errorf("no streaming edit carried the draft: %v", err)
			}
		}
		return &commands.Answer{Text: text, Mode: commands.ModeLLM, Citations: citations(1, 100)}, nil
	}}
	h = startBot(t, a, harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "ping everyone"})
	m := h.final(ix)
	if !strings.Contains(m.Content, "@everyone") {
		t.Errorf("answer %q; want the text kept", m.Content)
	}
	if p := m.Pings(); len(p) != 0 {
		t.Errorf("the answer pings %v", p)
	}
	h.srv.SendMessage(h.ctx(), discordtest.MessageSpec{Author: guildUser, ChannelID: discordtest.ChannelID, GuildID: discordtest.GuildID,
		Content: "<@" + discordtest.BotUserID + "> ping everyone", MentionBot: true})
	cm, err := h.srv.WaitChannelMessage(h.ctx(), discordtest.ChannelID, func(m discordtest.Message) bool {
		return strings.Contains(m.Content, "@everyone look")
	})
	if err != nil {
		t.Fatal(err)
	}
	if p := cm.Pings(); len(p) != 0 {
		t.Errorf("the reply pings %v", p)
	}
	h.checkRules() // allowed_mentions {"parse": []} on every request
}

func TestRateLimitedEdit(t *testing.T) {
	var waits atomic.Int64 // the OnRateLimit hook (byline_discord_rate_limit_waits_total)
	var waited atomic.Int64
	h := startBot(t, service(t), harnessOpt{cfg: func(c *Config) {
		c.OnRateLimit = func(d time.Duration) { waits.Add(1); waited.Add(int64(d)) }
	}})
	h.srv.RateLimitNext("PATCH", "@original", 300*time.Millisecond)
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "How much will the flood barrier cost?"})
	m := h.final(ix)
	if !strings.Contains(m.Content, "48 million") {
		t.Errorf("answer %q after a 429", m.Content)
	}
	limited := 0
	for _, r := range h.srv.Requests() {
		if r.Status == 429 {
			limited++
		}
	}
	if limited != 1 {
		t.Errorf("%d requests were rate limited; want the injected one", limited)
	}
	if waits.Load() != 1 || time.Duration(waited.Load()) < 300*time.Millisecond {
		t.Errorf("OnRateLimit told of %d waits (%v); want 1 of 300ms or more", waits.Load(), time.Duration(waited.Load()))
	}
	h.checkRules()
}

func TestGatewayDropResumes(t *testing.T) {
	h := startBot(t, service(t), harnessOpt{})
	h.srv.DropConnection()
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "How often do Harbor trains run now?"})
	m := h.final(ix)
	if !strings.Contains(m.Content, "ten minutes") {
		t.Errorf("answer after the drop: %q", m.Content)
	}
	if n := h.srv.Resumes(); n < 1 {
		t.Errorf("%d RESUMEs; want the session resumed", n)
	}
	if n := len(h.srv.Identifies()); n != 1 {
		t.Errorf("%d IDENTIFYs; want 1 (resumed, not re-identified)", n)
	}
	h.checkRules()
}

func TestManyInteractionsAtOnce(t *testing.T) {
	h := startBot(t, service(t), harnessOpt{cfg: func(c *Config) {
		c.UserCooldown = time.Hour
		c.GuildConcurrency = 4
	}})
	const users, each = 10, 5
	var ixs []*discordtest.Interaction
	var mu sync.Mutex
	var wg sync.WaitGroup
	for u := range users {
		for range each {
			wg.Go(func() {
				ix := h.srv.SlashCommand(h.ctx(), discordtest.NewUser(10+u), discordtest.ChannelID, discordtest.GuildID, cmdAsk,
					discordtest.CommandOption{Name: optQuestion, Value: "How much will the flood barrier cost?"})
				mu.Lock()
				ixs = append(ixs, ix)
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	answered, cooled, busy := 0, 0, 0
	for _, ix := range ixs {
		ack, err := ix.WaitAck(h.ctx())
		if err != nil {
			t.Errorf("interaction %s not acknowledged: %v", ix.ID, err)
			continue
		}
		switch {
		case ack.Type == discordtest.ResponseDeferred:
			m, err := ix.WaitFinal(h.ctx(), func(m discordtest.Message) bool { return strings.Contains(m.Content, "48 million") })
			if err != nil {
				t.Errorf("interaction %s deferred but never answered: %v (%q)", ix.ID, err, m.Content)
			}
			answered++
		case ack.Data.Ephemeral() && strings.HasPrefix(ack.Data.Content, "You're asking quickly — try again in "):
			cooled++
		case ack.Data.Ephemeral() && ack.Data.Content == msgBusy:
			busy++
		default:
			t.Errorf("interaction %s: type %d %q", ix.ID, ack.Type, ack.Data.Content)
		}
	}
	t.Logf("answered %d, told to wait %d (cooldown) + %d (busy)", answered, cooled, busy)
	if answered+cooled+busy != users*each {
		t.Errorf("%d of %d interactions accounted for", answered+cooled+busy, users*each)
	}
	if answered == 0 || answered > users {
		t.Errorf("%d answered; want between 1 and one per user (cooldown)", answered)
	}
	h.checkRules()
}

// slowAnswerer blocks Ask until release is closed.
type slowAnswerer struct {
	fakeAnswerer
	started chan string
	release chan struct{}
}

func (s slowAnswerer) Ask(ctx context.Context, q string, opt commands.Options) (*commands.Answer, error) {
	s.started <- q
	select {
	case <-s.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return s.fakeAnswerer.Ask(ctx, q, opt)
}

func TestAckBeforeSlowWork(t *testing.T) {
	slow := slowAnswerer{started: make(chan string, 1), release: make(chan struct{})}
	h := startBot(t, slow, harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "slow one"})
	ack, err := ix.WaitAck(h.ctx())
	if err != nil {
		t.Fatal(err)
	}
	// The work has not finished (it waits for release) and the
	// interaction is already acknowledged.
	if ack.Type != discordtest.ResponseDeferred {
		t.Errorf("ack type %d; want deferred", ack.Type)
	}
	<-slow.started
	if _, ok := ix.Original(); ok {
		if m, _ := ix.Original(); strings.Contains(m.Content, "An answer") {
			t.Error("answered before the work finished")
		}
	}
	close(slow.release)
	if m := h.final(ix); m.Content != "An answer to: slow one" {
		t.Errorf("final %q", m.Content)
	}
	h.checkRules()
}

func TestGracefulShutdown(t *testing.T) {
	slow := slowAnswerer{started: make(chan string, 1), release: make(chan struct{})}
	h := startBot(t, slow, harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "in flight"})
	if _, err := ix.WaitAck(h.ctx()); err != nil {
		t.Fatal(err)
	}
	<-slow.started
	stopped := make(chan error, 1)
	go func() { stopped <- h.shutdown() }()
	waitUntil(t, h.bot.work.Closed)

	// New work is refused while the answer in flight is finished.
	late := h.srv.SlashCommand(h.ctx(), discordtest.NewUser(2), discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "too late"})
	if got := h.ephemeral(late); got != msgShuttingDown {
		t.Errorf("during shutdown: %q; want %q", got, msgShuttingDown)
	}
	select {
	case err := <-stopped:
		t.Fatalf("Run returned (%v) with an answer in flight", err)
	default:
	}
	close(slow.release)
	if m := h.final(ix); m.Content != "An answer to: in flight" {
		t.Errorf("answer in flight: %q", m.Content)
	}
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("Run did not return")
	}
	waitUntil(t, func() bool { return !h.srv.Connected() })
	h.checkRules()
}

func TestCommandsRegisteredOnce(t *testing.T) {
	h := startBot(t, fakeAnswerer{}, harnessOpt{cfg: func(c *Config) { c.GuildID = "" }})
	var names []string
	for _, raw := range h.srv.GuildCommands("") {
		var c struct{ Name string }
		json.Unmarshal(raw, &c)
		names = append(names, c.Name)
	}
	if got := strings.Join(names, " "); got != "articles ask quote summarize" {
		t.Errorf("global commands %q", got)
	}
	waitUntil(t, func() bool { return h.logs.find("discord bot running") != "" })
	if err := h.shutdown(); err != nil {
		t.Fatal(err)
	}
	// A restart with the same commands does not overwrite them.
	h2 := startBot(t, fakeAnswerer{}, harnessOpt{srv: h.srv, cfg: func(c *Config) { c.GuildID = "" }})
	waitUntil(t, func() bool { return h2.logs.find("slash commands up to date") != "" })
	if n := h.srv.CommandOverwrites(); n != 1 {
		t.Errorf("%d overwrites after a restart; want 1", n)
	}
	h2.checkRules()
}

func TestAllowedChannels(t *testing.T) {
	h := startBot(t, fakeAnswerer{}, harnessOpt{cfg: func(c *Config) { c.AllowedChannels = []string{discordtest.ChannelID} }})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.OtherChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "here?"})
	if got := h.ephemeral(ix); got != "I only answer in <#"+discordtest.ChannelID+">." {
		t.Errorf("elsewhere: %q", got)
	}
	h.srv.SendMessage(h.ctx(), discordtest.MessageSpec{Author: guildUser, ChannelID: discordtest.OtherChannelID, GuildID: discordtest.GuildID,
		Content: "<@" + discordtest.BotUserID + "> here?", MentionBot: true})
	ok := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "here!"})
	if m := h.final(ok); m.Content != "An answer to: here!" {
		t.Errorf("allowed channel: %q", m.Content)
	}
	waitUntil(t, h.idle)
	if n := len(h.srv.ChannelMessages(discordtest.OtherChannelID)); n != 0 {
		t.Errorf("%d messages in a channel that is not allowed; want silence", n)
	}
	h.checkRules()
}

func TestIntents(t *testing.T) {
	h := startBot(t, fakeAnswerer{}, harnessOpt{})
	ids := h.srv.Identifies()
	if len(ids) != 1 {
		t.Fatalf("%d IDENTIFYs", len(ids))
	}
	want := discordtest.IntentGuilds | discordtest.IntentGuildMessages | discordtest.IntentDirectMessages
	if ids[0].Intents != want {
		t.Errorf("intents %d; want %d (no MESSAGE_CONTENT)", ids[0].Intents, want)
	}
}

func TestRunFailsWithWrongToken(t *testing.T) {
	srv := discordtest.New(t)
	b, err := New(testLogger(t), Config{Token: "wrong-token", APIBaseURL: srv.URL()}, fakeAnswerer{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), waitTimeout)
	defer cancel()
	if err := b.Run(ctx); err == nil {
		t.Error("Run with a wrong token succeeded")
	}
}

func TestErrorsAreEphemeral(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&commands.InputError{Msg: "Your question is too long (2,001 characters; at most 2,000)."}, "Your question is too long (2,001 characters; at most 2,000)."},
		{errors.New("index exploded: secret detail"), msgFailed},
	}
	for _, tt := range tests {
		a := fakeAnswerer{ask: func(ctx context.Context, q string, opt commands.Options) (*commands.Answer, error) {
			return nil, tt.err
		}}
		h := startBot(t, a, harnessOpt{})
		ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
			discordtest.CommandOption{Name: optQuestion, Value: "x"})
		var f discordtest.Message
		waitUntil(t, func() bool {
			fs := ix.Followups()
			if len(fs) > 0 {
				f = fs[0]
			}
			return len(fs) > 0
		})
		if f.Content != tt.want || !f.Ephemeral() {
			t.Errorf("error %v: follow-up %q flags %d; want %q, ephemeral", tt.err, f.Content, f.Flags, tt.want)
		}
		if tt.want == msgFailed && h.logs.find("answer failed", "secret detail") == "" {
			t.Errorf("error %v not logged with its detail", tt.err)
		}
		h.checkRules()
	}
}

func TestPanicIsReported(t *testing.T) {
	a := fakeAnswerer{ask: func(ctx context.Context, q string, opt commands.Options) (*commands.Answer, error) {
		if q == "boom" {
			panic("boom")
		}
		return &commands.Answer{Text: "fine"}, nil
	}}
	h := startBot(t, a, harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "boom"})
	waitUntil(t, func() bool { return len(ix.Followups()) > 0 })
	if f := ix.Followups()[0]; f.Content != msgFailed {
		t.Errorf("after a panic: %q", f.Content)
	}
	// The bot lives on.
	ix = h.srv.SlashCommand(h.ctx(), discordtest.NewUser(3), discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "again"})
	if m := h.final(ix); m.Content != "fine" {
		t.Errorf("after a panic: %q", m.Content)
	}
	if h.logs.find("answer failed", "ask panicked: boom") == "" {
		t.Error("the panic was not logged")
	}
	h.checkRules()
}

func TestExpiredTokenFallsBackToChannel(t *testing.T) {
	text := longAnswer(1000)
	slow := slowAnswerer{started: make(chan string, 1), release: make(chan struct{})}
	slow.ask = func(ctx context.Context, q string, opt commands.Options) (*commands.Answer, error) {
		return &commands.Answer{Text: text}, nil
	}
	clock := discordtest.NewClock()
	h := startBot(t, slow, harnessOpt{srvOpts: []discordtest.Option{discordtest.WithTokenLifetime(300 * time.Millisecond), discordtest.WithClock(clock)}})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "slow and long"})
	if _, err := ix.WaitAck(h.ctx()); err != nil {
		t.Fatal(err)
	}
	<-slow.started
	clock.Advance(400 * time.Millisecond) // the token expires while the answer is written
	close(slow.release)
	want := splitMessage(text, maxContent)
	var got []discordtest.Message
	waitUntil(t, func() bool {
		got = h.srv.ChannelMessages(discordtest.ChannelID)
		return len(got) >= len(want)
	})
	var parts []string
	for _, m := range got {
		parts = append(parts, m.Content)
	}
	if strings.Join(parts, "\n") != strings.Join(want, "\n") {
		t.Errorf("channel got %d messages; want the %d parts in order", len(got), len(want))
	}
	for _, m := range got {
		if p := m.Pings(); len(p) != 0 || m.AllowedMentions == nil {
			t.Errorf("channel message pings %v", p)
		}
	}
}

// llmService is the real commands layer with the real LLM client talking to
// the fake OpenAI-compatible server, playing reply.
func llmService(t testing.TB, reply llmtest.Reply) *commands.Service {
	srv := llmtest.New(t, reply)
	client, err := llm.New(slog.New(slog.DiscardHandler), llm.Config{BaseURL: srv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	return commands.New(slog.New(slog.DiscardHandler), library(t), client, commands.Config{ModelName: llmtest.ModelName, LLMTimeout: waitTimeout})
}

func TestAskStreamsFromTheModel(t *testing.T) {
	text := "The council approved 48 million dollars for the flood barrier [1]. It will protect about 3,000 homes [1]."
	h := startBot(t, llmService(t, llmtest.Reply{Text: text, ChunkRunes: 6, Delay: 15 * time.Millisecond}), harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "How much will the flood barrier cost?"})
	m := h.final(ix)
	if !strings.Contains(m.Content, "48 million dollars for the flood barrier [1]") {
		t.Errorf("answer %q; want the model's text", m.Content)
	}
	if len(m.Embeds) != 1 || !strings.HasPrefix(m.Embeds[0].Footer.Text, "Written by ") {
		t.Errorf("embeds %+v; want the sources and the model named", m.Embeds)
	}
	// The answer grew by edits (throttled) before the final one.
	if n := ix.Edits(); n < 2 {
		t.Errorf("%d edits; want streaming edits before the final answer", n)
	}
	h.checkRules()
}

func TestModelFailsMidStream(t *testing.T) {
	text := "The council approved 48 million dollars for the flood barrier [1]. It will protect about 3,000 homes [1]."
	h := startBot(t, llmService(t, llmtest.Reply{Text: text, ChunkRunes: 6, CutAfter: 4, Delay: 10 * time.Millisecond}), harnessOpt{})
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAsk,
		discordtest.CommandOption{Name: optQuestion, Value: "How much will the flood barrier cost?"})
	m := h.final(ix)
	if !strings.HasPrefix(m.Content, "⚠️ *") || !strings.Contains(m.Content, "48 million") {
		t.Errorf("answer %q; want the notice and the extractive answer", m.Content)
	}
	if len(m.Embeds) != 1 || strings.Contains(m.Embeds[0].Footer.Text, "Written by") {
		t.Errorf("embeds %+v; want sources of an extractive answer", m.Embeds)
	}
	h.checkRules()
}
