// Package llmtest is a fake OpenAI-compatible chat server for tests. It
// speaks the real wire protocol on loopback (POST /v1/chat/completions with
// and without streaming, server-sent events ending in "data: [DONE]",
// usage, OpenAI's error bodies, GET /v1/models), plays a script of
// [Reply] behaviours, records every request, and checks each request (and
// its own non-streamed answers) against the official OpenAI description in
// ../shared/specs/openai/openapi.yaml when that file is present.
//
//	srv := llmtest.New(t, llmtest.RateLimited("1"), llmtest.Answer("Yes [1]."))
//	client, _ := llm.New(lg, llm.Config{BaseURL: srv.URL()})
package llmtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// ModelName is the model the server lists and answers as by default.
const ModelName = "fake-model"

// maxBody bounds a request body.
const maxBody = 8 << 20

// Server is a running fake. Create it with New; it closes itself at the
// end of the test.
type Server struct {
	t    testing.TB
	srv  *httptest.Server
	done chan struct{} // closed at cleanup: releases hanging handlers

	mu      sync.Mutex
	script  []Reply
	next    int
	reqs    []Request
	wantKey string
}

// Request is one request the server received.
type Request struct {
	Time   time.Time
	Method string
	Path   string
	Header http.Header
	Body   []byte
	// Chat is the decoded body of a chat completion request.
	Chat ChatRequest
	// Problems lists what was wrong with the request: spec violations and
	// protocol errors. Each was also reported with t.Errorf.
	Problems []string
}

// ChatRequest is the part of a chat completion request tests look at.
type ChatRequest struct {
	Model         string    `json:"model"`
	Messages      []Message `json:"messages"`
	Stream        bool      `json:"stream"`
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	MaxTokens           int      `json:"max_tokens"`
	MaxCompletionTokens int      `json:"max_completion_tokens"`
	Temperature         *float64 `json:"temperature"`
}

// Message is one chat message. Content given as an array of parts is
// flattened to its text.
type Message struct {
	Role    string
	Content string
}

func (m *Message) UnmarshalJSON(b []byte) error {
	var raw struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	m.Role = raw.Role
	if len(raw.Content) == 0 || string(raw.Content) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw.Content, &m.Content); err == nil {
		return nil
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(raw.Content, &parts); err != nil {
		return fmt.Errorf("message content is neither a string nor parts: %w", err)
	}
	for _, p := range parts {
		m.Content += p.Text
	}
	return nil
}

// System is the text of the system messages.
func (c ChatRequest) System() string { return c.joined("system") }

// LastUser is the text of the last user message.
func (c ChatRequest) LastUser() string {
	for i := len(c.Messages) - 1; i >= 0; i-- {
		if c.Messages[i].Role == "user" {
			return c.Messages[i].Content
		}
	}
	return ""
}

// All is every message's text, one after the other.
func (c ChatRequest) All() string {
	var b strings.Builder
	for _, m := range c.Messages {
		b.WriteString(m.Content)
		b.WriteByte('\n')
	}
	return b.String()
}

func (c ChatRequest) joined(role string) string {
	var parts []string
	for _, m := range c.Messages {
		if m.Role == role {
			parts = append(parts, m.Content)
		}
	}
	return strings.Join(parts, "\n")
}

// New starts a server on loopback that plays script, one Reply per chat
// request, repeating the last one when the script runs out (an empty script
// answers "OK.").
func New(t testing.TB, script ...Reply) *Server {
	t.Helper()
	s := &Server{t: t, script: script, done: make(chan struct{})}
	loadSpec(t)
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		close(s.done)
		s.srv.Close()
	})
	return s
}

// URL is the base URL of the API, ending in /v1 (what OPENAI_BASE_URL takes).
func (s *Server) URL() string { return s.srv.URL + "/v1" }

// RequireKey makes the server answer 401 unless requests carry
// "Authorization: Bearer key".
func (s *Server) RequireKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wantKey = key
}

// Requests returns the chat completion requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.reqs {
		if r.Path == "/v1/chat/completions" {
			out = append(out, r)
		}
	}
	return out
}

// AllRequests returns every request received so far, models included.
func (s *Server) AllRequests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		s.writeError(w, http.StatusBadRequest, Reply{Message: "could not read the body", ErrType: "invalid_request_error"})
		return
	}
	req := Request{Time: time.Now(), Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v1/models":
		s.record(req)
		s.serveModels(w)
	case r.Method == http.MethodPost && r.URL.Path == "/v1/chat/completions":
		s.serveChat(w, r, req)
	default:
		s.record(req)
		s.writeError(w, http.StatusNotFound, Reply{Message: fmt.Sprintf("Unknown request URL: %s %s.", r.Method, r.URL.Path),
			ErrType: "invalid_request_error", Code: "unknown_url"})
	}
}

func (s *Server) record(req Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, req)
}

func (s *Server) problem(req *Request, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	req.Problems = append(req.Problems, msg)
	s.t.Errorf("llmtest: %s %s: %s", req.Method, req.Path, msg)
}

func (s *Server) serveModels(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"object": "list",
		"data": []any{map[string]any{
			"id": ModelName, "object": "model", "created": 1700000000, "owned_by": "llmtest",
		}},
	})
}

func (s *Server) serveChat(w http.ResponseWriter, r *http.Request, req Request) {
	// Check the request: the spec, then what the spec cannot say.
	var problems []string
	problems = append(problems, checkJSON(schemaRequest, req.Body)...)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		problems = append(problems, fmt.Sprintf("Content-Type %q, want application/json", ct))
	}
	if len(req.Body) > maxBody {
		problems = append(problems, fmt.Sprintf("body over %d bytes", maxBody))
	} else if !utf8.Valid(req.Body) {
		problems = append(problems, "body is not valid UTF-8")
	} else if err := json.Unmarshal(req.Body, &req.Chat); err != nil {
		problems = append(problems, fmt.Sprintf("body is not a chat request: %v", err))
	} else {
		if req.Chat.Model == "" {
			problems = append(problems, "no model")
		}
		if len(req.Chat.Messages) == 0 {
			problems = append(problems, "no messages")
		}
		for i, m := range req.Chat.Messages {
			switch m.Role {
			case "system", "developer", "user", "assistant":
			default:
				problems = append(problems, fmt.Sprintf("message %d has role %q", i, m.Role))
			}
		}
	}
	for _, p := range problems {
		s.problem(&req, "%s", p)
	}

	s.mu.Lock()
	wantKey := s.wantKey
	reply := Reply{Text: "OK."}
	if len(s.script) > 0 {
		reply = s.script[min(s.next, len(s.script)-1)]
		s.next++
	}
	s.mu.Unlock()
	s.record(req)

	if wantKey != "" && r.Header.Get("Authorization") != "Bearer "+wantKey {
		reply = Unauthorized()
	}
	if reply.Func != nil {
		reply = reply.Func(req)
	}
	if reply.Model == "" {
		reply.Model = req.Chat.Model
	}
	if reply.Hang {
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
		return
	}
	if reply.Status != 0 && reply.Status != http.StatusOK {
		if reply.RetryAfter != "" {
			w.Header().Set("Retry-After", reply.RetryAfter)
		}
		s.writeError(w, reply.Status, reply)
		return
	}
	if reply.FinishReason == "" {
		reply.FinishReason = "stop"
	}
	if !reply.NoUsage {
		if reply.PromptTokens == 0 {
			reply.PromptTokens = estimateTokens(req.Chat.All())
		}
		if reply.CompletionTokens == 0 {
			reply.CompletionTokens = estimateTokens(reply.Text)
		}
	}
	if req.Chat.Stream {
		s.stream(w, r, req, reply)
		return
	}
	if !s.sleep(r, reply.Delay) {
		return
	}
	s.answer(w, r, reply)
}

// estimateTokens is the usual rough measure: about 4 characters a token.
func estimateTokens(s string) int { return (utf8.RuneCountInString(s) + 3) / 4 }

func (s *Server) sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.done:
	}
	return false
}

func (s *Server) writeError(w http.ResponseWriter, status int, reply Reply) {
	var code any
	if reply.Code != "" {
		code = reply.Code
	}
	msg := reply.Message
	if msg == "" {
		msg = http.StatusText(status)
	}
	body, _ := json.Marshal(map[string]any{"error": map[string]any{
		"message": msg, "type": reply.ErrType, "param": nil, "code": code,
	}})
	for _, p := range checkJSON(schemaError, body) {
		s.t.Errorf("llmtest: our own error body breaks the spec: %s", p)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

func usage(reply Reply) map[string]any {
	return map[string]any{
		"prompt_tokens":     reply.PromptTokens,
		"completion_tokens": reply.CompletionTokens,
		"total_tokens":      reply.PromptTokens + reply.CompletionTokens,
	}
}

var ids struct {
	sync.Mutex
	n int
}

func completionID() string {
	ids.Lock()
	defer ids.Unlock()
	ids.n++
	return fmt.Sprintf("chatcmpl-llmtest%06d", ids.n)
}

// answer writes a non-streamed chat.completion and checks it against the spec.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, reply Reply) {
	resp := map[string]any{
		"id":      completionID(),
		"object":  "chat.completion",
		"created": time.Now().Unix(),
		"model":   reply.Model,
		"choices": []any{map[string]any{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": reply.Text, "refusal": nil},
			"logprobs":      nil,
			"finish_reason": reply.FinishReason,
		}},
	}
	if !reply.NoUsage {
		resp["usage"] = usage(reply)
	}
	body, err := json.Marshal(resp)
	if err != nil {
		s.t.Errorf("llmtest: encode answer: %v", err)
		return
	}
	for _, p := range checkJSON(schemaAnswer, body) {
		s.t.Errorf("llmtest: our own answer breaks the spec: %s", p)
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// stream writes the answer as server-sent events, as OpenAI does: a first
// chunk with the role, content chunks, a chunk with the finish reason, a
// usage chunk when asked for, then [DONE].
func (s *Server) stream(w http.ResponseWriter, r *http.Request, req Request, reply Reply) {
	fl, ok := w.(http.Flusher)
	if !ok {
		s.t.Errorf("llmtest: the response writer cannot flush")
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	id, created := completionID(), time.Now().Unix()
	send := func(choices []any, u map[string]any) {
		chunk := map[string]any{
			"id": id, "object": "chat.completion.chunk", "created": created,
			"model": reply.Model, "choices": choices,
		}
		// OpenAI sends "usage": null on the other chunks, but the spec
		// says usage is an object when present: leave it out.
		if u != nil {
			chunk["usage"] = u
		}
		b, _ := json.Marshal(chunk)
		for _, p := range checkJSON(schemaChunk, b) {
			s.t.Errorf("llmtest: our own stream chunk breaks the spec: %s", p)
		}
		fmt.Fprintf(w, "data: %s\n\n", b)
		fl.Flush()
	}
	delta := func(d map[string]any, finish any) []any {
		return []any{map[string]any{"index": 0, "delta": d, "logprobs": nil, "finish_reason": finish}}
	}

	send(delta(map[string]any{"role": "assistant", "content": "", "refusal": nil}, nil), nil)
	for i, piece := range chunks(reply.Text, reply.ChunkRunes) {
		if reply.CutAfter > 0 && i == reply.CutAfter {
			// Drop the connection mid-stream: no finish, no [DONE].
			panic(http.ErrAbortHandler)
		}
		if reply.MalformedAfter > 0 && i == reply.MalformedAfter {
			fmt.Fprintf(w, "data: {\"id\":%q,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tru\n\n", id)
			fl.Flush()
			return
		}
		if !s.sleep(r, reply.Delay) {
			return
		}
		send(delta(map[string]any{"content": piece}, nil), nil)
	}
	send(delta(map[string]any{}, reply.FinishReason), nil)
	if reply.CutAfterFinish {
		panic(http.ErrAbortHandler)
	}
	if req.Chat.StreamOptions != nil && req.Chat.StreamOptions.IncludeUsage && !reply.NoUsage {
		send([]any{}, usage(reply))
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
	fl.Flush()
}

// chunks cuts text into pieces of n runes (default 8), never inside a
// UTF-8 sequence.
func chunks(text string, n int) []string {
	if n <= 0 {
		n = 8
	}
	var out []string
	var b bytes.Buffer
	k := 0
	for _, r := range text {
		b.WriteRune(r)
		k++
		if k == n {
			out = append(out, b.String())
			b.Reset()
			k = 0
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}
