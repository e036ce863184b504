package llm_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"byline/commands"
	"byline/commands/llm"
	"byline/commands/llm/llmtest"
)

// logBuffer collects log output (to look for leaked secrets) and passes it to t.Log.
type logBuffer struct {
	t  testing.TB
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newLogger(t testing.TB) (*slog.Logger, *logBuffer) {
	lb := &logBuffer{t: t}
	return slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})), lb
}

var msgs = []commands.Message{
	{Role: "system", Content: "Answer from the passages."},
	{Role: "user", Content: "Why did Mexico reject the plan?"},
}

const answer = "Mexico rejected it to protect its sovereignty [1]."

func TestComplete(t *testing.T) {
	tests := []struct {
		name       string
		script     []llmtest.Reply
		stream     bool
		timeout    time.Duration
		wantText   string
		wantErr    error // a commands.ErrModel* sentinel, nil for success
		wantStatus int
		wantReqs   int
		wantTokens int // prompt tokens reported
	}{
		{name: "streamed answer", script: []llmtest.Reply{{Text: answer, PromptTokens: 321}},
			stream: true, wantText: answer, wantReqs: 1, wantTokens: 321},
		{name: "plain answer", script: []llmtest.Reply{{Text: answer, PromptTokens: 123}},
			wantText: answer, wantReqs: 1, wantTokens: 123},
		{name: "stream without usage", script: []llmtest.Reply{{Text: answer, NoUsage: true}},
			stream: true, wantText: answer, wantReqs: 1, wantTokens: 0},
		{name: "answer cut by the token limit is kept", script: []llmtest.Reply{{Text: "Mexico rejected", FinishReason: "length"}},
			stream: true, wantText: "Mexico rejected", wantReqs: 1},
		{name: "connection lost after the finish reason", script: []llmtest.Reply{{Text: answer, CutAfterFinish: true}},
			stream: true, wantText: answer, wantReqs: 1},
		{name: "500 then success", script: []llmtest.Reply{llmtest.Error(500, "boom"), llmtest.Answer(answer)},
			stream: true, wantText: answer, wantReqs: 2},
		{name: "500 three times", script: []llmtest.Reply{llmtest.Error(500, "boom")},
			stream: true, wantErr: commands.ErrModelUnavailable, wantStatus: 500, wantReqs: 3},
		{name: "503 on plain request", script: []llmtest.Reply{llmtest.Error(503, "overloaded")},
			wantErr: commands.ErrModelUnavailable, wantStatus: 503, wantReqs: 3},
		{name: "401 is never retried", script: []llmtest.Reply{llmtest.Unauthorized()},
			stream: true, wantErr: commands.ErrModelRejected, wantStatus: 401, wantReqs: 1},
		{name: "400 is never retried", script: []llmtest.Reply{llmtest.Error(400, "bad request")},
			wantErr: commands.ErrModelRejected, wantStatus: 400, wantReqs: 1},
		{name: "404 unknown model", script: []llmtest.Reply{llmtest.Error(404, "The model `x` does not exist")},
			stream: true, wantErr: commands.ErrModelRejected, wantStatus: 404, wantReqs: 1},
		{name: "quota exhausted is not retried", script: []llmtest.Reply{{Status: 429, Message: "You exceeded your current quota", Code: "insufficient_quota"}},
			stream: true, wantErr: commands.ErrModelRejected, wantStatus: 429, wantReqs: 1},
		{name: "stream cut mid-way", script: []llmtest.Reply{llmtest.Cut(answer, 3)},
			stream: true, wantErr: commands.ErrModelIncomplete, wantStatus: 200, wantReqs: 1},
		{name: "malformed chunk", script: []llmtest.Reply{llmtest.Malformed(answer, 2)},
			stream: true, wantErr: commands.ErrModelIncomplete, wantStatus: 200, wantReqs: 1},
		{name: "empty answer", script: []llmtest.Reply{llmtest.Answer("  ")},
			stream: true, wantErr: commands.ErrModelIncomplete, wantStatus: 200, wantReqs: 1},
		{name: "content filter", script: []llmtest.Reply{{Text: "x", FinishReason: "content_filter"}},
			stream: true, wantErr: commands.ErrModelRejected, wantStatus: 200, wantReqs: 1},
		{name: "server never answers", script: []llmtest.Reply{llmtest.Hang()}, timeout: time.Second,
			stream: true, wantErr: commands.ErrModelTimeout, wantReqs: 1},
		{name: "server never answers a plain request", script: []llmtest.Reply{llmtest.Hang()}, timeout: time.Second,
			wantErr: commands.ErrModelTimeout, wantReqs: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.New(t, tt.script...)
			lg, _ := newLogger(t)
			timeout := tt.timeout
			if timeout == 0 {
				timeout = 10 * time.Second
			}
			c, err := llm.New(lg, llm.Config{BaseURL: srv.URL(), Model: llmtest.ModelName,
				MaxRetries: 2, Backoff: 10 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			var deltas []string
			var onDelta func(string)
			if tt.stream {
				onDelta = func(d string) { deltas = append(deltas, d) }
			}
			ctx, cancel := context.WithTimeout(t.Context(), timeout) // the call's time limit, as commands sets it
			defer cancel()
			comp, err := c.Complete(ctx, msgs, onDelta)
			if got := len(srv.Requests()); got != tt.wantReqs {
				t.Errorf("server got %d requests; want %d", got, tt.wantReqs)
			}
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v; want %v", err, tt.wantErr)
				}
				var e *llm.Error
				if !errors.As(err, &e) {
					t.Fatalf("err %v is not an *llm.Error", err)
				}
				if e.StatusCode != tt.wantStatus {
					t.Errorf("StatusCode = %d; want %d", e.StatusCode, tt.wantStatus)
				}
				if comp.Text != "" {
					t.Errorf("a failed call returned text %q", comp.Text)
				}
				t.Logf("error as the caller sees it: %v", err)
				return
			}
			if err != nil {
				t.Fatalf("Complete: %v", err)
			}
			if comp.Text != tt.wantText {
				t.Errorf("Text = %q; want %q", comp.Text, tt.wantText)
			}
			if tt.stream && strings.Join(deltas, "") != tt.wantText {
				t.Errorf("deltas %q do not add up to the text", deltas)
			}
			if tt.stream && len(deltas) < 2 {
				t.Errorf("got %d deltas; want the text in pieces", len(deltas))
			}
			if comp.Model != llmtest.ModelName {
				t.Errorf("Model = %q; want %q", comp.Model, llmtest.ModelName)
			}
			if tt.wantTokens != 0 && comp.PromptTokens != tt.wantTokens {
				t.Errorf("PromptTokens = %d; want %d", comp.PromptTokens, tt.wantTokens)
			}
			reqs := srv.Requests()
			last := reqs[len(reqs)-1].Chat
			if last.Stream != tt.stream {
				t.Errorf("request stream = %v; want %v", last.Stream, tt.stream)
			}
			if tt.stream && (last.StreamOptions == nil || !last.StreamOptions.IncludeUsage) {
				t.Errorf("streamed request does not ask for usage")
			}
			if last.MaxTokens != commands.DefaultMaxAnswerTokens {
				t.Errorf("max_tokens = %d; want %d", last.MaxTokens, commands.DefaultMaxAnswerTokens)
			}
		})
	}
}

// TestRetryAfter checks that a 429 with Retry-After: 1 is retried after
// the wait the server asked for (read from the request log).
func TestRetryAfter(t *testing.T) {
	srv := llmtest.New(t, llmtest.RateLimited("1"), llmtest.Answer(answer))
	lg, _ := newLogger(t)
	c, err := llm.New(lg, llm.Config{BaseURL: srv.URL(), MaxRetries: 3, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	comp, err := c.Complete(t.Context(), msgs, func(string) {})
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if comp.Text != answer {
		t.Errorf("Text = %q; want %q", comp.Text, answer)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("server got %d requests; want 2", len(reqs))
	}
	// The backoff alone is 1ms: a gap of most of a second is Retry-After's.
	if gap := reqs[1].Time.Sub(reqs[0].Time); gap < 900*time.Millisecond {
		t.Errorf("retried after %s; want about 1s (Retry-After: 1)", gap)
	}
}

// TestRetryAfterTooLong: a server asking for a longer wait than the call
// has left is not waited for.
func TestRetryAfterTooLong(t *testing.T) {
	srv := llmtest.New(t, llmtest.RateLimited("3600"), llmtest.Answer(answer))
	lg, _ := newLogger(t)
	c, err := llm.New(lg, llm.Config{BaseURL: srv.URL(), MaxRetries: 3})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Complete(t.Context(), msgs, nil)
	if !errors.Is(err, commands.ErrModelUnavailable) {
		t.Fatalf("err = %v; want ErrModelUnavailable", err)
	}
	if !strings.Contains(err.Error(), "retry after 1h0m0s") {
		t.Errorf("err = %v; want it to say how long the server asked to wait", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("server got %d requests; want 1", n)
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	lg, _ := newLogger(t)
	c, err := llm.New(lg, llm.Config{BaseURL: "http://" + addr + "/v1",
		MaxRetries: 1, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Complete(t.Context(), msgs, func(string) {})
	if !errors.Is(err, commands.ErrModelUnavailable) {
		t.Fatalf("err = %v; want ErrModelUnavailable", err)
	}
	var e *llm.Error
	if !errors.As(err, &e) || e.Attempts != 2 {
		t.Errorf("err = %#v; want 2 attempts", e)
	}
	if !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("err = %v; want it to say the connection was refused", err)
	}
}

// TestCallerCancels: when the caller cancels its context, Complete
// returns the context's error, not a model error (the caller then stops
// instead of falling back). A deadline passing is the model's timeout
// (TestComplete's "server never answers").
func TestCallerCancels(t *testing.T) {
	srv := llmtest.New(t, llmtest.Hang())
	lg, _ := newLogger(t)
	c, err := llm.New(lg, llm.Config{BaseURL: srv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	stop := time.AfterFunc(200*time.Millisecond, cancel)
	defer stop.Stop()
	_, err = c.Complete(ctx, msgs, func(string) {})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v; want the caller's context.Canceled", err)
	}
	var e *llm.Error
	if errors.As(err, &e) {
		t.Errorf("err = %v is a model error; want the caller's context error", err)
	}
}

func TestKeyHandling(t *testing.T) {
	const key = "sk-test-SECRET-4242"
	srv := llmtest.New(t, llmtest.Answer(answer))
	srv.RequireKey(key)
	lg, logs := newLogger(t)

	c, err := llm.New(lg, llm.Config{APIKey: key, BaseURL: srv.URL(), MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Complete(t.Context(), msgs, func(string) {}); err != nil {
		t.Fatalf("with the right key: %v", err)
	}

	wrong, err := llm.New(lg, llm.Config{APIKey: "sk-wrong", BaseURL: srv.URL(), MaxRetries: 3})
	if err != nil {
		t.Fatal(err)
	}
	_, err = wrong.Complete(t.Context(), msgs, func(string) {})
	if !errors.Is(err, commands.ErrModelRejected) {
		t.Fatalf("with a wrong key: err = %v; want ErrModelRejected", err)
	}
	if strings.Contains(err.Error(), "sk-wrong") {
		t.Errorf("the error shows the key: %v", err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("server got %d requests; want 2 (the 401 not retried)", n)
	}
	if strings.Contains(logs.String(), key) || strings.Contains(logs.String(), "sk-wrong") {
		t.Errorf("the logs show the key:\n%s", logs)
	}

	// No key (a local server): no Authorization header at all.
	open := llmtest.New(t, llmtest.Answer(answer))
	local, err := llm.New(lg, llm.Config{BaseURL: open.URL()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := local.Complete(t.Context(), msgs, nil); err != nil {
		t.Fatal(err)
	}
	if h := open.Requests()[0].Header.Get("Authorization"); h != "" {
		t.Errorf("Authorization = %q without a key; want none", h)
	}
}

// TestBaseURLWithoutV1: a base URL of just host and port gets /v1.
func TestBaseURLWithoutV1(t *testing.T) {
	srv := llmtest.New(t, llmtest.Answer(answer))
	lg, _ := newLogger(t)
	c, err := llm.New(lg, llm.Config{BaseURL: strings.TrimSuffix(srv.URL(), "/v1") + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Complete(t.Context(), msgs, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("server got %d chat requests; want 1", n)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	lg, _ := newLogger(t)
	for _, cfg := range []llm.Config{
		{},
		{BaseURL: "localhost:11434"},
		{BaseURL: "ftp://example.com/v1"},
		{BaseURL: "http://"},
		{BaseURL: "http://user:pa55@host/v1?x=1"},
	} {
		if _, err := llm.New(lg, cfg); err == nil {
			t.Errorf("New(%+v) = nil error; want one", cfg)
		} else if strings.Contains(err.Error(), "pa55") {
			t.Errorf("New error shows the URL's password: %v", err)
		}
	}
}

// TestConcurrent runs calls in parallel under -race.
func TestConcurrent(t *testing.T) {
	srv := llmtest.New(t, llmtest.Error(http.StatusBadGateway, "x"), llmtest.Answer(answer))
	lg, _ := newLogger(t)
	c, err := llm.New(lg, llm.Config{BaseURL: srv.URL(), MaxRetries: 2, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := c.Complete(t.Context(), msgs, func(string) {}); err != nil {
				t.Errorf("Complete: %v", err)
			}
		})
	}
	wg.Wait()
}

// TestStreamOptionsRejected: a server that refuses stream_options gets the
// request again without it.
func TestStreamOptionsRejected(t *testing.T) {
	srv := llmtest.New(t, llmtest.Func(func(r llmtest.Request) llmtest.Reply {
		if r.Chat.StreamOptions != nil {
			return llmtest.Error(400, "Unrecognized request argument supplied: stream_options")
		}
		return llmtest.Answer(answer)
	}))
	lg, _ := newLogger(t)
	c, err := llm.New(lg, llm.Config{BaseURL: srv.URL(), MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	comp, err := c.Complete(t.Context(), msgs, func(string) {})
	if err != nil || comp.Text != answer {
		t.Fatalf("Complete = %q, %v; want the answer", comp.Text, err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[1].Chat.StreamOptions != nil || !reqs[1].Chat.Stream {
		t.Errorf("got %d requests; want a second, streamed, without stream_options", len(reqs))
	}
}

// TestAzure: a *.openai.azure.com base URL talks Azure's dialect: the
// deployment in the path, api-version, and the key in api-key.
func TestAzure(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(r.Context())
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"x","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}`)
	}))
	defer srv.Close()
	// Resolve the Azure host name to the test server.
	u, _ := url.Parse(srv.URL)
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, u.Host)
	}}
	lg, _ := newLogger(t)
	c, err := llm.New(lg, llm.Config{APIKey: "azure-key", BaseURL: "http://byline-test.openai.azure.com", Model: "my-deployment",
		HTTPClient: &http.Client{Transport: tr}})
	if err != nil {
		t.Fatal(err)
	}
	comp, err := c.Complete(t.Context(), msgs, nil)
	if err != nil || comp.Text != "ok" {
		t.Fatalf("Complete = %q, %v", comp.Text, err)
	}
	if got.URL.Path != "/openai/deployments/my-deployment/chat/completions" || got.URL.Query().Get("api-version") == "" {
		t.Errorf("request to %s; want the deployment path with an api-version", got.URL)
	}
	if got.Header.Get("api-key") != "azure-key" || got.Header.Get("Authorization") != "" {
		t.Errorf("headers %v; want the key in api-key only", got.Header)
	}
}

// TestServerErrorEchoingTheKey: issue 10 saw an LLM server's error message
// that echoes the API key logged and returned as is, and a password in the
// base URL in the debug log.
func TestServerErrorEchoingTheKey(t *testing.T) {
	const key = "sk-echoed-SECRET-777"
	srv := llmtest.New(t, llmtest.Error(500, "Incorrect API key provided: "+key+"."), llmtest.Error(401, "key "+key+" refused"))
	lg, logs := newLogger(t)
	base := strings.Replace(srv.URL(), "http://", "http://user:PASSWORD-SECRET@", 1)
	c, err := llm.New(lg, llm.Config{APIKey: key, BaseURL: base, MaxRetries: 1, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Complete(t.Context(), msgs, nil)
	if err == nil {
		t.Fatal("no error")
	}
	if !errors.Is(err, commands.ErrModelRejected) {
		t.Errorf("err = %v; want ErrModelRejected kept", err)
	}
	for _, out := range []string{err.Error(), logs.String()} {
		if strings.Contains(out, "SECRET") {
			t.Errorf("a secret is shown:\n%s", out)
		}
	}
}
