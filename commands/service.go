package commands

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"byline/retrieval"
)

// Message is one turn of a chat with a language model, or of a
// conversation with the user (Role "user" or "assistant").
type Message struct {
	Role    string // "system", "user" or "assistant"
	Content string
}

// Completion is what a ChatModel returns.
type Completion struct {
	Text             string
	Model            string
	PromptTokens     int // 0 when the server reported no usage
	CompletionTokens int
}

// ChatModel is an OpenAI-compatible chat model. onDelta, when not nil, is
// called with each piece of text as it streams in. Complete returns an
// error when the model did not give a whole answer (timeout, stream cut,
// error after retries); the text received so far is then discarded. The
// Service bounds each call through ctx (Config.LLMTimeout); a ChatModel
// returns when ctx ends, with ErrModelTimeout when its deadline passed.
type ChatModel interface {
	Complete(ctx context.Context, msgs []Message, onDelta func(delta string)) (Completion, error)
}

// Searcher finds the passages that best answer a query, best first: what
// the commands need of a search backend. *retrieval.Library is one; a
// second backend (vectors, a remote index) plugs in with [WithSearcher].
// The search is placed in time (see retrieval.When): the as-of day, a
// period the question names, and how much newer articles are preferred.
type Searcher interface {
	SearchWhen(ctx context.Context, q string, k int, w retrieval.When) ([]retrieval.Hit, error)
}

// InputError is a problem with what the user asked; its message is meant
// for the user as it is.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// ErrNoModel is returned by the LLM path when no ChatModel is configured.
var ErrNoModel = errors.New("no language model configured")

// Errors a ChatModel wraps so that callers can tell why the model gave no
// answer (errors.Is). Any of them makes Ask and Summarize fall back to the
// extractive answer with a Notice.
var (
	// ErrModelTimeout: the model did not finish within its time limit.
	ErrModelTimeout = errors.New("the language model did not answer in time")
	// ErrModelUnavailable: the server could not be reached, or kept failing
	// (429, 5xx) after the retries.
	ErrModelUnavailable = errors.New("the language model is unavailable")
	// ErrModelRejected: the server refused the request (400, 401, 403, 404):
	// a configuration problem that retrying cannot fix.
	ErrModelRejected = errors.New("the language model refused the request")
	// ErrModelIncomplete: the answer was cut off, malformed or empty.
	ErrModelIncomplete = errors.New("the language model's answer was incomplete")
)

// Length is how long a summary should be.
type Length string

const (
	Brief    Length = "brief"
	Detailed Length = "detailed"
)

// Options tune one command call.
type Options struct {
	// OnDelta receives LLM text as it streams (raw, before verification).
	OnDelta func(delta string)
	// History is the previous question and answer of a follow-up, oldest first.
	History []Message
	Length  Length // for Summarize; "" means Brief
}

// Defaults of Config, also the defaults of LLM_TIMEOUT,
// LLM_MAX_CONTEXT_TOKENS and LLM_MAX_ANSWER_TOKENS.
const (
	DefaultLLMTimeout       = 60 * time.Second
	DefaultMaxContextTokens = 6000
	DefaultMaxAnswerTokens  = 700
)

// summaryTimeouts is how many LLMTimeouts a summary made in parts may take
// as a whole (up to genMaxParts calls and one to combine them, each still
// under LLMTimeout): 3 minutes with the default, well inside the 15 minutes
// Discord gives an interaction. When it passes, the summary falls back to
// the extractive one, as when one call times out.
const summaryTimeouts = 3

// Config holds the Service's settings; zero values take the defaults.
type Config struct {
	ModelName         string        // reported in answers
	LLMTimeout        time.Duration // per LLM call, retries included; default DefaultLLMTimeout
	MaxContextTokens  int           // prompt budget; default DefaultMaxContextTokens
	MaxAnswerTokens   int           // default DefaultMaxAnswerTokens
	MaxQuestionLength int           // in characters; default 2000
	// PlainAnswers answers as Byline did before questions were analysed:
	// no spelling correction, the best-scoring sentences in article order,
	// the refusal rule on words known anywhere in the library. It is the
	// reference that `byline eval qa` measures today's answers against.
	PlainAnswers bool
	// Now is the clock that says what day it is when no as-of day is
	// given; default time.Now.
	Now func() time.Time
	// Timeless answers with no regard to dates: no as-of limit, no
	// periods read from questions, no recency. Evaluation uses it as the
	// baseline that date handling is measured against.
	Timeless bool
	// Recency, when set, replaces the library's recency tuning in every
	// search (evaluation compares settings on one index).
	Recency *retrieval.RecencyTuning
}

// Service answers questions about a Library. It is safe for concurrent use.
type Service struct {
	lg     *slog.Logger
	lib    *retrieval.Library
	search Searcher  // lib unless WithSearcher
	model  ChatModel // nil: extractive answers only
	cfg    Config
	// norms caches the normalised text of articles for quotation checks
	// (article id + hash -> text): see normalizedArticle.
	norms *sync.Map
	// asOf is the day answers are computed as of (see AsOf); zero means
	// the day cfg.Now returns.
	asOf time.Time
}

// Option changes how a Service is built.
type Option func(*Service)

// WithSearcher makes the Service find passages with sr instead of the
// Library's own index; articles, passages and quotes still come from the
// Library.
func WithSearcher(sr Searcher) Option { return func(s *Service) { s.search = sr } }

// New returns a Service. model may be nil (extractive answers only); lg
// may be nil (no logs).
func New(lg *slog.Logger, lib *retrieval.Library, model ChatModel, cfg Config, opts ...Option) *Service {
	if cfg.LLMTimeout <= 0 {
		cfg.LLMTimeout = DefaultLLMTimeout
	}
	if cfg.MaxContextTokens <= 0 {
		cfg.MaxContextTokens = DefaultMaxContextTokens
	}
	if cfg.MaxAnswerTokens <= 0 {
		cfg.MaxAnswerTokens = DefaultMaxAnswerTokens
	}
	if cfg.MaxQuestionLength <= 0 {
		cfg.MaxQuestionLength = 2000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	s := &Service{lg: lg, lib: lib, model: model, cfg: cfg, norms: &sync.Map{}}
	if lib != nil {
		s.search = lib
	}
	for _, o := range opts {
		o(s)
	}
	return s
}
