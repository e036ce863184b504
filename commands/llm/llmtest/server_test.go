package llmtest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// recordingTB catches the server's Errorf calls, to test that it reports
// bad requests.
type recordingTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recordingTB) Errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

func post(t *testing.T, url, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url+"/chat/completions", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestServerReportsBadRequests(t *testing.T) {
	rec := &recordingTB{TB: t}
	srv := New(rec, Answer("ok"))
	post(t, srv.URL(), `{"model":"m","messages":[{"role":"wizard","content":"hi"}]}`)
	reqs := srv.Requests()
	if len(reqs) != 1 || len(reqs[0].Problems) == 0 || len(rec.Errors()) == 0 {
		t.Fatalf("a request with role \"wizard\" was not reported: problems %v, errors %v", reqs[0].Problems, rec.Errors())
	}
	t.Logf("reported: %v", reqs[0].Problems)

	rec2 := &recordingTB{TB: t}
	srv2 := New(rec2, Answer("ok"))
	post(t, srv2.URL(), `{"model":"m","messages":[{"role":"user","content":"hi"}]}`)
	if errs := rec2.Errors(); len(errs) != 0 {
		t.Errorf("a good request was reported: %v", errs)
	}
}

func TestServerStreamsSSE(t *testing.T) {
	srv := New(t, Reply{Text: "Hello, wide world.", ChunkRunes: 5, PromptTokens: 7})
	resp := post(t, srv.URL(), `{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}`)
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	var text strings.Builder
	var events []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			t.Fatalf("line %q is not a data event", line)
		}
		events = append(events, data)
		if data == "[DONE]" {
			continue
		}
		var chunk struct {
			Choices []struct {
				Delta        struct{ Content string }
				FinishReason *string `json:"finish_reason"`
			}
			Usage *struct {
				PromptTokens int `json:"prompt_tokens"`
			}
		}
		if err := json.Unmarshal([]byte(data), &chunk); err != nil {
			t.Fatalf("chunk %q: %v", data, err)
		}
		for _, c := range chunk.Choices {
			text.WriteString(c.Delta.Content)
		}
	}
	if text.String() != "Hello, wide world." {
		t.Errorf("text %q", text.String())
	}
	n := len(events)
	if n < 4 || events[n-1] != "[DONE]" || !strings.Contains(events[n-2], `"prompt_tokens":7`) || !strings.Contains(events[n-3], `"finish_reason":"stop"`) {
		t.Errorf("events end %q; want finish, usage, [DONE]", events[max(0, n-3):])
	}
}

func TestServerModelsAndUnknownPaths(t *testing.T) {
	srv := New(t)
	resp, err := http.Get(srv.URL() + "/models")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"id":"`+ModelName+`"`) {
		t.Errorf("GET /v1/models = %d %s", resp.StatusCode, body)
	}
	resp, err = http.Get(srv.URL() + "/nope")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	var e struct {
		Error struct{ Message, Type string }
	}
	if resp.StatusCode != 404 || json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
		t.Errorf("GET /v1/nope = %d %s; want 404 with an OpenAI error body", resp.StatusCode, body)
	}
	if n := len(srv.AllRequests()); n != 2 {
		t.Errorf("%d requests recorded; want 2", n)
	}
}
