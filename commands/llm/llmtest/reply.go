package llmtest

import (
	"net/http"
	"time"
)

// Reply is one scripted behaviour of the server: what it does with one
// chat completion request. The zero Reply answers "OK." with finish reason
// "stop".
type Reply struct {
	// Status, when not 0 or 200, makes an error reply with OpenAI's error
	// body {"error":{"message","type","param","code"}}.
	Status     int
	Message    string // error message
	ErrType    string // error type, e.g. "server_error"
	Code       string // error code, e.g. "rate_limit_exceeded"; "" gives null
	RetryAfter string // Retry-After header value, e.g. "1" or an HTTP date

	// Text is the answer. When streaming it is sent in chunks of ChunkRunes
	// runes (default 8).
	Text       string
	ChunkRunes int
	// Delay is slept before each streamed chunk (and before a non-streamed
	// answer), bounded by the request's context.
	Delay time.Duration
	// CutAfter > 0 drops the connection after that many content chunks,
	// with no finish reason and no [DONE]: a stream cut mid-way.
	CutAfter int
	// CutAfterFinish drops the connection right after the chunk with the
	// finish reason: the answer is whole, the usage and [DONE] are lost.
	CutAfterFinish bool
	// MalformedAfter > 0 sends a chunk that is not valid JSON after that
	// many content chunks, then ends the stream.
	MalformedAfter int
	// Hang never answers: the handler waits until the client gives up.
	Hang bool
	// FinishReason defaults to "stop".
	FinishReason string
	// Model defaults to the request's model.
	Model string
	// PromptTokens and CompletionTokens are the usage reported; 0 means
	// estimated (about 4 characters per token). NoUsage omits usage.
	PromptTokens, CompletionTokens int
	NoUsage                        bool

	// Func, when set, computes the reply from the request (e.g. an answer
	// that cites the passages it was given); the other fields are ignored.
	Func func(Request) Reply
}

// Answer is a reply with text.
func Answer(text string) Reply { return Reply{Text: text} }

// Error is an error reply with OpenAI's error body.
func Error(status int, message string) Reply {
	typ := "invalid_request_error"
	if status >= 500 {
		typ = "server_error"
	}
	return Reply{Status: status, Message: message, ErrType: typ}
}

// RateLimited is a 429 reply asking to retry after retryAfter (seconds or
// an HTTP date; "" sends no Retry-After).
func RateLimited(retryAfter string) Reply {
	return Reply{Status: http.StatusTooManyRequests, Message: "Rate limit reached for requests",
		ErrType: "requests", Code: "rate_limit_exceeded", RetryAfter: retryAfter}
}

// Unauthorized is OpenAI's reply to a wrong API key.
func Unauthorized() Reply {
	return Reply{Status: http.StatusUnauthorized, Message: "Incorrect API key provided.",
		ErrType: "invalid_request_error", Code: "invalid_api_key"}
}

// Cut streams text but drops the connection after chunks content chunks.
func Cut(text string, chunks int) Reply { return Reply{Text: text, CutAfter: chunks} }

// Malformed streams text but sends a chunk of broken JSON after chunks
// content chunks.
func Malformed(text string, chunks int) Reply { return Reply{Text: text, MalformedAfter: chunks} }

// Hang never answers.
func Hang() Reply { return Reply{Hang: true} }

// Func computes each reply from the request.
func Func(f func(Request) Reply) Reply { return Reply{Func: f} }
