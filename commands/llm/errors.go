package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sashabaranov/go-openai"

	"byline/commands"
)

// Error is why a Complete call failed. Kind is one of commands.ErrModelTimeout,
// ErrModelUnavailable, ErrModelRejected or ErrModelIncomplete, so
// errors.Is(err, commands.ErrModelTimeout) works on it; Err is the cause.
type Error struct {
	Kind       error
	StatusCode int // HTTP status of the last attempt; 0 when none came back
	Attempts   int
	Err        error
	retry      bool
	// noStreamOptions: a 400 about stream_options (the server's param or
	// message names it), which some servers (older vLLM and llama.cpp
	// builds) send for the usage option of streaming.
	noStreamOptions bool
}

func (e *Error) Error() string {
	s := e.Kind.Error()
	if e.StatusCode != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.StatusCode)
	}
	if e.Attempts > 1 {
		s += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() []error { return []error{e.Kind, e.Err} }

// classify decides what a failed attempt means and whether to retry it.
// ctx is the call's: its deadline is the call's time limit.
func classify(ctx context.Context, err error, rec *attemptRecord) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		// The caller gave up (Ctrl-C, shutdown): not the model's fault.
		return fmt.Errorf("llm: %w", ctx.Err())
	}
	e := &Error{StatusCode: rec.status, Err: err}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	var netErr net.Error
	var synErr *json.SyntaxError
	switch {
	case ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded):
		e.Kind = commands.ErrModelTimeout
		e.Err = nil
	case errors.Is(err, commands.ErrModelIncomplete), errors.Is(err, commands.ErrModelRejected):
		e.Kind = commands.ErrModelIncomplete
		if errors.Is(err, commands.ErrModelRejected) {
			e.Kind = commands.ErrModelRejected
		}
		// A stream that stopped before any text is a connection problem:
		// worth another try. Anything after text would show it twice.
		e.retry = errors.Is(err, errNoFinish) && !rec.delivered
	case errors.As(err, &apiErr):
		e.StatusCode = max(e.StatusCode, apiErr.HTTPStatusCode)
		e.Err = fmt.Errorf("%s", apiErr.Message) // the body's message, without go-openai's prefix
		if apiErr.HTTPStatusCode == 0 {
			// An error event inside a stream: the server failed mid-way.
			e.Kind, e.retry = commands.ErrModelUnavailable, !rec.delivered
			break
		}
		e.Kind, e.retry = statusKind(apiErr.HTTPStatusCode, fmt.Sprint(apiErr.Code))
		e.noStreamOptions = apiErr.HTTPStatusCode == http.StatusBadRequest &&
			(apiErr.Param != nil && *apiErr.Param == "stream_options" || strings.Contains(apiErr.Message, "stream_options"))
	case errors.As(err, &reqErr):
		e.StatusCode = max(e.StatusCode, reqErr.HTTPStatusCode)
		e.Err = fmt.Errorf("%s", http.StatusText(reqErr.HTTPStatusCode))
		e.Kind, e.retry = statusKind(reqErr.HTTPStatusCode, "")
	case errors.As(err, &synErr), errors.Is(err, openai.ErrTooManyEmptyStreamMessages):
		e.Kind = commands.ErrModelIncomplete
		e.Err = fmt.Errorf("malformed chunk in the stream: %w", err)
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Kind, e.retry = commands.ErrModelUnavailable, true
		e.Err = errors.New("connection refused (is the server running?)")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET),
		errors.As(err, &netErr):
		e.Kind, e.retry = commands.ErrModelUnavailable, !rec.delivered
	case isClientSideCheck(err):
		// go-openai refused to send the request (e.g. an unsupported model).
		e.Kind = commands.ErrModelRejected
	default:
		e.Kind = commands.ErrModelUnavailable
	}
	return e
}

// statusKind classifies an HTTP error status: 408, 409, 429 and 5xx are
// worth retrying; other 4xx (bad request, bad key, no such model) never are.
func statusKind(status int, code string) (kind error, retry bool) {
	switch {
	case status == http.StatusTooManyRequests && code == "insufficient_quota":
		// OpenAI's "out of credit" is a 429 too, but waiting will not fix it.
		return commands.ErrModelRejected, false
	case status == http.StatusTooManyRequests, status == http.StatusRequestTimeout,
		status == http.StatusConflict, status >= 500:
		return commands.ErrModelUnavailable, true
	default:
		return commands.ErrModelRejected, false
	}
}

func isClientSideCheck(err error) bool {
	for _, e := range []error{openai.ErrChatCompletionInvalidModel, openai.ErrReasoningModelMaxTokensDeprecated,
		openai.ErrReasoningModelLimitationsOther, openai.ErrChatCompletionStreamNotSupported} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// errNoFinish marks a stream that ended without a finish reason.
var errNoFinish = errors.New("the stream ended without a finish reason")

// attemptRecord is what recordingTransport saw of one attempt's HTTP
// response, which go-openai's errors do not expose (Retry-After).
type attemptRecord struct {
	status     int
	retryAfter time.Duration
	delivered  bool // some answer text already went to onDelta
}

type attemptKey struct{}

func withAttemptRecord(ctx context.Context, rec *attemptRecord) context.Context {
	return context.WithValue(ctx, attemptKey{}, rec)
}

// recordingTransport records the status and Retry-After of each response
// in the attemptRecord carried by the request's context. It is per call,
// not per client, so concurrent calls do not see each other's headers.
type recordingTransport struct{ base http.RoundTripper }

func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if resp != nil {
		if rec, ok := req.Context().Value(attemptKey{}).(*attemptRecord); ok {
			rec.status = resp.StatusCode
			rec.retryAfter = retryAfter(resp.Header, time.Now())
		}
	}
	return resp, err
}

// retryAfter reads how long the server asks us to wait: Retry-After in
// seconds or as an HTTP date, or OpenAI's retry-after-ms. 0 when absent or
// unreadable.
func retryAfter(h http.Header, now time.Time) time.Duration {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 && ms < 1e9 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s <= 0 || s > 1e6 {
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
