package bot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"

	"byline/commands"
)

// testLogger sends logs to t.Log while the test runs (see logRecorder).
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(newLogRecorder(t), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want []string // each must appear in the error
	}{
		{"no token", Config{}, []string{"token is empty"}},
		{"token with a newline", Config{Token: "abc\ndef"}, []string{"whitespace"}},
		{"guild not an id", Config{Token: "t", GuildID: "my-guild"}, []string{`guild id "my-guild"`}},
		{"channel not an id", Config{Token: "t", AllowedChannels: []string{"1", "general"}}, []string{`channel "general"`}},
		{"base URL not http", Config{Token: "t", APIBaseURL: "ftp://x"}, []string{"base URL"}},
		{"base URL without host", Config{Token: "t", APIBaseURL: "http://"}, []string{"base URL"}},
		{"negative values", Config{Token: "t", UserCooldown: -1, GuildConcurrency: -1, EditInterval: -1, ShutdownTimeout: -1},
			[]string{"cooldown", "concurrency", "edit interval", "shutdown timeout"}},
		{"everything at once", Config{GuildID: "x", APIBaseURL: "nope"}, []string{"token is empty", "guild id", "base URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(testLogger(t), tt.cfg, fakeAnswerer{})
			if err == nil {
				t.Fatal("New succeeded; want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	if _, err := New(testLogger(t), Config{Token: "t"}, nil); err == nil {
		t.Error("New without an answerer succeeded")
	}
}

func TestNewDefaults(t *testing.T) {
	b, err := New(testLogger(t), Config{Token: "Bot abc"}, fakeAnswerer{})
	if err != nil {
		t.Fatal(err)
	}
	if b.s.Token != "Bot abc" {
		t.Errorf("session token = %q; want one Bot prefix", b.s.Token)
	}
	if b.cfg.GuildConcurrency != DefaultGuildConcurrency || b.cfg.EditInterval != DefaultEditInterval || b.cfg.ShutdownTimeout != DefaultShutdownTimeout {
		t.Errorf("defaults not applied: %+v", b.cfg)
	}
	if b.s.Identify.Intents != Intents || Intents&discordgo.IntentMessageContent != 0 {
		t.Errorf("intents = %d; want guilds, guild messages and DMs without message content", b.s.Identify.Intents)
	}
	if _, ok := b.s.Client.Transport.(*rewriteTransport); ok {
		t.Error("requests to Discord itself are rewritten")
	}
}

func TestRewriteTransport(t *testing.T) {
	var got []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Method+" "+r.Host+r.URL.RequestURI()+" auth="+r.Header.Get("Authorization"))
		mu.Unlock()
		io.WriteString(w, `{}`)
	}))
	defer srv.Close()
	base, _ := url.Parse(srv.URL + "/prefix/")
	client := &http.Client{Transport: newRewriteTransport(base, http.DefaultTransport)}
	host := strings.TrimPrefix(srv.URL, "http://")
	for _, u := range []string{
		"https://discord.com/api/v9/gateway",
		"https://discordapp.com/api/v9/channels/1/messages?limit=2",
	} {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
		req.Header.Set("Authorization", "Bot x")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		resp.Body.Close()
		if req.URL.Host != "discord.com" && req.URL.Host != "discordapp.com" {
			t.Errorf("the caller's request was modified: %s", req.URL)
		}
	}
	want := []string{
		"GET " + host + "/prefix/api/v9/gateway auth=Bot x",
		"GET " + host + "/prefix/api/v9/channels/1/messages?limit=2 auth=Bot x",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("server saw\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://discord.com/api/v9/webhooks/1/secret-token/messages/@original": "https://discord.com/api/v9/webhooks/1/…/messages/@original",
		"https://discord.com/api/v9/interactions/22/tok/callback":               "https://discord.com/api/v9/interactions/22/…/callback",
		"https://discord.com/api/v9/channels/3/messages":                        "https://discord.com/api/v9/channels/3/messages",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestSameCommands(t *testing.T) {
	b := &Bot{a: fakeAnswerer{}}
	want := b.commandSpecs()
	// What Discord returns: extra fields, another order, type omitted.
	have := append([]commandSpec(nil), want...)
	have[0], have[1] = have[1], have[0]
	have[0].Type = 0
	if !sameCommands(want, have) {
		t.Error("equal command lists compare as different")
	}
	changed := append([]commandSpec(nil), want...)
	changed[1].Description += "!"
	if sameCommands(want, changed) {
		t.Error("a changed description compares as equal")
	}
	if sameCommands(want, nil) {
		t.Error("no commands compares as equal")
	}
}

func TestStripSelf(t *testing.T) {
	tests := map[string]string{
		"<@100> why did the mayor resign?": "why did the mayor resign?",
		"<@!100>   hello <@200>":           "hello <@200>",
		"what about <@100> this":           "what about   this",
		"<@100>":                           "",
		"no mention":                       "no mention",
	}
	for in, want := range tests {
		if got := stripSelf(in, "100"); got != want {
			t.Errorf("stripSelf(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestArticleChoice(t *testing.T) {
	long := strings.Repeat("Very long headline ", 10)
	tests := []struct {
		in        commands.ArticleInfo
		wantName  string
		wantValue string
	}{
		{commands.ArticleInfo{ID: "a1", Title: "Floods", Date: "2024-05-02"}, "Floods (2024-05-02)", "a1"},
		{commands.ArticleInfo{ID: "a2", Title: "  "}, "Untitled", "a2"},
		{commands.ArticleInfo{ID: strings.Repeat("x", 101), Title: "Short"}, "Short", "Short"},
	}
	for _, tt := range tests {
		c := articleChoice(tt.in)
		if c.Name != tt.wantName || c.Value != tt.wantValue {
			t.Errorf("articleChoice(%+v) = %q, %q; want %q, %q", tt.in, c.Name, c.Value, tt.wantName, tt.wantValue)
		}
	}
	c := articleChoice(commands.ArticleInfo{ID: "a3", Title: long, Date: "2024-01-01"})
	if n := unitLen(c.Name); n > maxChoiceLen || !strings.HasSuffix(c.Name, "(2024-01-01)") {
		t.Errorf("long title choice %q (%d units)", c.Name, n)
	}
}

func TestTokenExpired(t *testing.T) {
	mk := func(status, code int) error {
		return &discordgo.RESTError{Response: &http.Response{StatusCode: status}, Message: &discordgo.APIErrorMessage{Code: code}}
	}
	tests := []struct {
		err  error
		want bool
	}{
		{mk(401, 50027), true},
		{mk(404, 10015), true},
		{mk(404, 10062), true},
		{mk(401, 0), true},
		{mk(400, 50035), false},
		{errors.New("connection refused"), false},
	}
	for _, tt := range tests {
		if got := tokenExpired(tt.err); got != tt.want {
			t.Errorf("tokenExpired(%v) = %v; want %v", tt.err, got, tt.want)
		}
	}
}

// TestStreamerCoalesces checks that the streamer folds deltas into few
// edits, never runs two edits at once, and never edits after Stop.
// The streamer tests run in a synctest bubble: its timers and the
// tests' sleeps are on a fake clock that moves only when every goroutine of
// the bubble waits, so they neither wait for real nor depend on the load.
func TestStreamerCoalesces(t *testing.T) { synctest.Test(t, testStreamerCoalesces) }

func testStreamerCoalesces(t *testing.T) {
	var mu sync.Mutex
	var previews []string
	busy, overlap, stopped := false, false, false
	edit := func(ctx context.Context, p string) error {
		mu.Lock()
		if busy {
			overlap = true
		}
		if stopped {
			t.Error("edit after Stop")
		}
		busy = true
		previews = append(previews, p)
		mu.Unlock()
		time.Sleep(time.Millisecond)
		mu.Lock()
		busy = false
		mu.Unlock()
		return nil
	}
	st := startStreamer(t.Context(), testLogger(t), 5*time.Millisecond, edit)
	for i := range 200 {
		st.Add("word ")
		if i%50 == 0 {
			time.Sleep(10 * time.Millisecond)
		}
	}
	// Wait for the whole text to show, then stop.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for {
		mu.Lock()
		done := len(previews) > 0 && strings.Count(previews[len(previews)-1], "word") == 200
		mu.Unlock()
		if done || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	st.Stop()
	mu.Lock()
	stopped = true
	defer mu.Unlock()
	if overlap {
		t.Error("two edits ran at once")
	}
	if len(previews) == 0 || len(previews) >= 200 {
		t.Fatalf("got %d edits for 200 deltas; want them coalesced", len(previews))
	}
	if got := strings.Count(previews[len(previews)-1], "word"); got != 200 {
		t.Errorf("last preview has %d words; want 200", got)
	}
	for i, p := range previews {
		if unitLen(p) > maxContent {
			t.Errorf("preview %d is %d units", i, unitLen(p))
		}
		if i > 0 && p == previews[i-1] {
			t.Errorf("preview %d repeats the previous one", i)
		}
	}
}

func TestStreamerWithoutDeltasDoesNotEdit(t *testing.T) {
	synctest.Test(t, testStreamerWithoutDeltas)
}

func testStreamerWithoutDeltas(t *testing.T) {
	edits := 0
	st := startStreamer(t.Context(), testLogger(t), time.Millisecond, func(context.Context, string) error {
		edits++
		return nil
	})
	time.Sleep(20 * time.Millisecond) // twenty ticks of the fake clock
	synctest.Wait()
	st.Stop()
	if edits != 0 {
		t.Errorf("%d edits without any text; want 0", edits)
	}
}

// fakeAnswerer answers from fixed data; fields left nil use defaults.
type fakeAnswerer struct {
	ask func(ctx context.Context, q string, opt commands.Options) (*commands.Answer, error)
}

func (f fakeAnswerer) Ask(ctx context.Context, q string, opt commands.Options) (*commands.Answer, error) {
	if f.ask != nil {
		return f.ask(ctx, q, opt)
	}
	return &commands.Answer{Text: "An answer to: " + q, Mode: commands.ModeExtractive}, nil
}

func (f fakeAnswerer) Summarize(ctx context.Context, target string, opt commands.Options) (*commands.Answer, error) {
	return &commands.Answer{Text: "A summary of " + target, Mode: commands.ModeExtractive}, nil
}

func (f fakeAnswerer) Quote(ctx context.Context, fragment, speaker string) (*commands.Answer, error) {
	return &commands.Answer{Text: "“" + fragment + "” — " + speaker, Mode: commands.ModeExtractive}, nil
}

func (f fakeAnswerer) ListArticles(ctx context.Context, _ commands.ArticleFilter) (*commands.Answer, error) {
	return &commands.Answer{Text: "No articles", Mode: commands.ModeExtractive}, nil
}

func (f fakeAnswerer) Titles(prefix string, max int) []commands.ArticleInfo { return nil }
