// Package llm adapts any OpenAI-compatible chat server (OpenAI, Azure
// OpenAI, Ollama, vLLM, llama.cpp server, LM Studio, OpenRouter) to
// [commands.ChatModel], through github.com/sashabaranov/go-openai.
//
// go-openai has no retries; [Client.Complete] adds them (429 and 5xx, with
// exponential backoff, jitter and Retry-After) within the time limit its
// caller's context sets, streams the answer, and refuses to return a
// partial one.
// Its errors wrap the commands.ErrModel* sentinels so that callers can say
// why the model did not answer.
package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sashabaranov/go-openai"

	"byline/commands"
	"byline/internal/redact"
)

// DefaultModel is used when Config.Model is empty.
const DefaultModel = "gpt-4o-mini"

// Defaults for the zero values of Config. MaxAnswerTokens defaults to
// commands.DefaultMaxAnswerTokens.
const (
	DefaultBackoff = 500 * time.Millisecond
	// MaxBackoff caps one wait between attempts, Retry-After included: a
	// server asking for longer is treated as unavailable.
	MaxBackoff = 20 * time.Second
)

// maxAnswerBytes bounds the text kept from one answer, whatever the server
// sends; MaxAnswerTokens should stop it long before.
const maxAnswerBytes = 64 << 10

// Config configures a Client.
type Config struct {
	// APIKey is sent as a bearer token (or Azure's api-key); it may be empty
	// for local servers.
	APIKey string
	// BaseURL is the API root, e.g. http://localhost:11434/v1. "" means
	// OpenAI's. A URL with no path gets "/v1" appended (so
	// http://localhost:11434 works too); any other path is used as given.
	// A host under .openai.azure.com selects Azure OpenAI, with Model as
	// the deployment name.
	BaseURL string
	Model   string // "" means DefaultModel
	// MaxAnswerTokens bounds the answer; 0 means
	// commands.DefaultMaxAnswerTokens.
	MaxAnswerTokens int
	// MaxRetries is how many times a failed attempt is retried (0: never).
	MaxRetries int
	// Backoff is the first wait between attempts; it doubles each retry,
	// with jitter, up to MaxBackoff. 0 means DefaultBackoff.
	Backoff time.Duration
	// HTTPClient is the client to use; nil means a new http.Client. It is
	// copied, not modified.
	HTTPClient *http.Client
	// OnRetry, when set, is called before each retry (for metrics).
	OnRetry func()
}

// Client is a chat model behind an OpenAI-compatible API. It is safe for
// concurrent use.
type Client struct {
	lg        *slog.Logger
	oc        *openai.Client
	cfg       Config
	reasoning bool // o1/o3/o4/gpt-5: max_completion_tokens, no temperature
	endpoint  string
	secrets   redact.Secrets // the key and the base URL's user information
}

// New returns a Client for cfg. It checks the configuration only; it does
// not contact the server.
func New(lg *slog.Logger, cfg Config) (*Client, error) {
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	if cfg.Model == "" {
		cfg.Model = DefaultModel
	}
	if cfg.MaxAnswerTokens <= 0 {
		cfg.MaxAnswerTokens = commands.DefaultMaxAnswerTokens
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = DefaultBackoff
	}
	if cfg.APIKey == "" && cfg.BaseURL == "" {
		return nil, errors.New("llm: set an API key for OpenAI, or a base URL for another server")
	}
	base, azure, err := normalizeBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}

	var oc openai.ClientConfig
	if azure {
		oc = openai.DefaultAzureConfig(cfg.APIKey, base)
	} else {
		oc = openai.DefaultConfig(cfg.APIKey)
		if base != "" {
			oc.BaseURL = base
		}
	}
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		hc = &c
	}
	hc.Transport = &recordingTransport{base: hc.Transport}
	oc.HTTPClient = hc

	c := &Client{
		lg:        lg,
		oc:        openai.NewClientWithConfig(oc),
		cfg:       cfg,
		reasoning: isReasoningModel(cfg.Model),
		endpoint:  oc.BaseURL,
	}
	c.secrets.Add(cfg.APIKey)
	c.secrets.AddURL(cfg.BaseURL)
	lg.Debug("llm client ready", "endpoint", redact.URL(c.endpoint), "model", cfg.Model, "azure", azure,
		"key_set", cfg.APIKey != "", "max_retries", cfg.MaxRetries)
	return c, nil
}

// scrub keeps the key and the base URL's user information out of an
// error's text: a server's error message may echo what it was sent. The
// text changes only when it held a secret.
func (c *Client) scrub(err error) error {
	if err == nil {
		return nil
	}
	if text := c.secrets.Text(err.Error()); text != err.Error() {
		return errors.New(text)
	}
	return err
}

// Model is the configured model name.
func (c *Client) Model() string { return c.cfg.Model }

// normalizeBaseURL checks a base URL and decides whether it is Azure's.
// "" stays "" (OpenAI's default).
func normalizeBaseURL(s string) (base string, azure bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false, nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// Never echo the URL: it may carry credentials.
		return "", false, errors.New("llm: the base URL must be an http:// or https:// URL with a host, such as http://localhost:11434/v1")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", false, errors.New("llm: the base URL must not have a query or fragment")
	}
	azure = strings.HasSuffix(strings.ToLower(u.Hostname()), ".openai.azure.com")
	u.Path = strings.TrimRight(u.Path, "/")
	if u.Path == "" && !azure {
		// Ollama, vLLM and llama.cpp all serve the API under /v1; people
		// often give just the host and port.
		u.Path = "/v1"
	}
	return u.String(), azure, nil
}

// isReasoningModel reports whether OpenAI treats model as a reasoning model,
// which rejects max_tokens and temperature (go-openai checks this too).
func isReasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}

// Complete sends msgs and returns the whole answer. With onDelta it streams
// and calls onDelta with each piece of text as it arrives; without, it makes
// one plain request. An answer cut off, malformed or empty is an error, not
// a shorter answer. ctx bounds the whole call, retries and waits included
// (commands gives each call LLM_TIMEOUT): when its deadline passes the
// error is an *Error of Kind commands.ErrModelTimeout; when it is
// cancelled, the context's error.
func (c *Client) Complete(ctx context.Context, msgs []commands.Message, onDelta func(string)) (commands.Completion, error) {
	if len(msgs) == 0 {
		return commands.Completion{}, errors.New("llm: no messages to send")
	}
	req := c.request(msgs, onDelta != nil)
	for attempt := 1; ; attempt++ {
		rec := &attemptRecord{}
		actx := withAttemptRecord(ctx, rec)
		var (
			comp commands.Completion
			err  error
		)
		if onDelta != nil {
			comp, err = c.stream(actx, req, onDelta, rec)
		} else {
			comp, err = c.once(actx, req)
		}
		if err == nil {
			c.lg.DebugContext(ctx, "llm answered", "model", comp.Model, "attempts", attempt,
				"prompt_tokens", comp.PromptTokens, "completion_tokens", comp.CompletionTokens)
			return comp, nil
		}
		err = classify(ctx, err, rec)
		var e *Error
		if !errors.As(err, &e) {
			return commands.Completion{}, err // the caller's context ended
		}
		e.Attempts = attempt
		e.Err = c.scrub(e.Err)
		if req.StreamOptions != nil && e.noStreamOptions {
			// The server rejects the usage option of streaming; answer
			// without usage instead.
			c.lg.WarnContext(ctx, "the server rejects stream_options; streaming without usage", "err", e)
			req.StreamOptions = nil
			continue
		}
		if !e.retry || attempt > c.cfg.MaxRetries {
			return commands.Completion{}, fmt.Errorf("llm %s: %w", c.cfg.Model, e)
		}
		wait := c.backoff(attempt, rec.retryAfter)
		if wait > MaxBackoff {
			e.Err = fmt.Errorf("%w (the server asks to retry after %s)", e.Err, wait.Round(time.Second))
			return commands.Completion{}, fmt.Errorf("llm %s: %w", c.cfg.Model, e)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			e.Err = fmt.Errorf("%w (no time left to wait %s for a retry)", e.Err, wait.Round(time.Millisecond))
			return commands.Completion{}, fmt.Errorf("llm %s: %w", c.cfg.Model, e)
		}
		if c.cfg.OnRetry != nil {
			c.cfg.OnRetry()
		}
		c.lg.WarnContext(ctx, "llm attempt failed, retrying", "attempt", attempt,
			"status", rec.status, "wait", wait.Round(time.Millisecond), "err", e)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return commands.Completion{}, fmt.Errorf("llm %s waiting to retry: %w", c.cfg.Model, classify(ctx, ctx.Err(), rec))
		case <-t.C:
		}
	}
}

// request builds the chat request.
func (c *Client) request(msgs []commands.Message, stream bool) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{Model: c.cfg.Model}
	for _, m := range msgs {
		req.Messages = append(req.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	if c.reasoning {
		// Reasoning tokens count against the limit too.
		req.MaxCompletionTokens = 4 * c.cfg.MaxAnswerTokens
	} else {
		req.MaxTokens = c.cfg.MaxAnswerTokens
		// Low temperature: the answer should stay close to the passages.
		req.Temperature = 0.2
	}
	if stream {
		req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	}
	return req
}

// once makes one non-streaming request.
func (c *Client) once(ctx context.Context, req openai.ChatCompletionRequest) (commands.Completion, error) {
	resp, err := c.oc.CreateChatCompletion(ctx, req)
	if err != nil {
		return commands.Completion{}, err
	}
	if len(resp.Choices) == 0 {
		return commands.Completion{}, fmt.Errorf("%w: the response has no choices", commands.ErrModelIncomplete)
	}
	ch := resp.Choices[0]
	if err := checkFinish(ch.FinishReason, ch.Message.Content); err != nil {
		return commands.Completion{}, err
	}
	return commands.Completion{
		Text:             truncateAnswer(ch.Message.Content),
		Model:            firstNonEmpty(resp.Model, c.cfg.Model),
		PromptTokens:     resp.Usage.PromptTokens,
		CompletionTokens: resp.Usage.CompletionTokens,
	}, nil
}

// stream makes one streaming request, passing text to onDelta as it comes.
// rec.delivered records whether any text reached onDelta: after that a
// retry would show the user the answer twice.
func (c *Client) stream(ctx context.Context, req openai.ChatCompletionRequest, onDelta func(string), rec *attemptRecord) (commands.Completion, error) {
	st, err := c.oc.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return commands.Completion{}, err
	}
	defer st.Close()

	var (
		text   strings.Builder
		finish openai.FinishReason
		model  string
		usage  *openai.Usage
	)
	for {
		chunk, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && finish != "" {
			// The answer was complete; only what follows it (usage,
			// [DONE]) was lost.
			break
		}
		if err != nil {
			if text.Len() > 0 {
				return commands.Completion{}, fmt.Errorf("%w: the stream broke off: %w", commands.ErrModelIncomplete, err)
			}
			return commands.Completion{}, err
		}
		if chunk.Model != "" {
			model = chunk.Model
		}
		if chunk.Usage != nil {
			usage = chunk.Usage
		}
		for _, ch := range chunk.Choices {
			if ch.Index != 0 {
				continue
			}
			if d := ch.Delta.Content; d != "" && text.Len() < maxAnswerBytes {
				text.WriteString(d)
				rec.delivered = true
				onDelta(d)
			}
			if ch.FinishReason != "" {
				finish = ch.FinishReason
			}
		}
	}
	// go-openai reports a stream that simply stops (no [DONE]) as a clean
	// io.EOF; only the finish reason tells a whole answer from a cut one.
	if finish == "" {
		return commands.Completion{}, fmt.Errorf("%w: %w (cut off after %d bytes)",
			commands.ErrModelIncomplete, errNoFinish, text.Len())
	}
	if err := checkFinish(finish, text.String()); err != nil {
		return commands.Completion{}, err
	}
	comp := commands.Completion{Text: truncateAnswer(text.String()), Model: firstNonEmpty(model, c.cfg.Model)}
	if usage != nil {
		comp.PromptTokens, comp.CompletionTokens = usage.PromptTokens, usage.CompletionTokens
	}
	return comp, nil
}

// checkFinish turns a finish reason and text into an error when the answer
// cannot be used. "length" is accepted: the answer is whole up to the token
// limit, and verification copes with a last sentence cut short.
func checkFinish(finish openai.FinishReason, text string) error {
	switch finish {
	case openai.FinishReasonContentFilter:
		return fmt.Errorf("%w: the server's content filter stopped the answer", commands.ErrModelRejected)
	case openai.FinishReasonToolCalls, openai.FinishReasonFunctionCall:
		return fmt.Errorf("%w: the model asked for a tool call instead of answering", commands.ErrModelIncomplete)
	}
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("%w: the answer is empty (finish reason %q)", commands.ErrModelIncomplete, finish)
	}
	return nil
}

func truncateAnswer(s string) string {
	if len(s) <= maxAnswerBytes {
		return s
	}
	s = s[:maxAnswerBytes]
	return strings.ToValidUTF8(s, "")
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// backoff is the wait before retry number attempt+1: the server's
// Retry-After when it gave one, else exponential with jitter (half fixed,
// half random, so that clients that failed together do not retry together).
func (c *Client) backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return retryAfter
	}
	d := c.cfg.Backoff << min(attempt-1, 10)
	d = min(d, MaxBackoff)
	return d/2 + rand.N(d/2+1)
}
