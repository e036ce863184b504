// Package monitor shows how a running Byline is doing: Prometheus metrics
// (all named byline_…) and, over HTTP, /healthz, /readyz and /metrics.
//
// [Metrics] holds the collectors in a registry of its own (no global
// state); the layers are told through small hooks that main wires, so
// nothing below main imports this package.
package monitor

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// latencyBuckets suit answers: from a cached extractive answer to a slow model.
var latencyBuckets = []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 80}

// Metrics are Byline's Prometheus metrics. The zero value is not usable;
// call NewMetrics. A nil *Metrics ignores every call.
type Metrics struct {
	reg *prometheus.Registry

	questions     *prometheus.CounterVec
	answerSeconds *prometheus.HistogramVec
	llmCalls      prometheus.Counter
	llmErrors     prometheus.Counter
	llmRetries    prometheus.Counter
	llmTokens     *prometheus.CounterVec
	llmSeconds    prometheus.Histogram
	feedFetches   *prometheus.CounterVec
	rateLimits    prometheus.Counter
	rateLimitWait prometheus.Counter
}

// NewMetrics makes the metrics, with Go runtime and process metrics beside them.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "byline_questions_total", Help: "Questions answered, by command and outcome (answered, refused, model_failed, error).",
		}, []string{"command", "outcome"}),
		answerSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "byline_answer_seconds", Help: "Time from a question to its answer, by command.", Buckets: latencyBuckets,
		}, []string{"command"}),
		llmCalls:   prometheus.NewCounter(prometheus.CounterOpts{Name: "byline_llm_calls_total", Help: "Language-model calls."}),
		llmErrors:  prometheus.NewCounter(prometheus.CounterOpts{Name: "byline_llm_errors_total", Help: "Language-model calls that failed (after their retries)."}),
		llmRetries: prometheus.NewCounter(prometheus.CounterOpts{Name: "byline_llm_retries_total", Help: "Language-model attempts retried after a 429, 5xx or a dropped connection."}),
		llmTokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "byline_llm_tokens_total", Help: "Tokens of the language-model calls, by kind (prompt, completion).",
		}, []string{"kind"}),
		llmSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "byline_llm_call_seconds", Help: "Time of one language-model call, retries included.", Buckets: latencyBuckets,
		}),
		feedFetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "byline_feed_fetches_total", Help: "Feed and article page requests, by kind (feed, page) and status (ok, not_modified, an HTTP status code, robots, blocked, timeout, error, …).",
		}, []string{"kind", "status"}),
		rateLimits:    prometheus.NewCounter(prometheus.CounterOpts{Name: "byline_discord_rate_limit_waits_total", Help: "Waits for a Discord rate limit."}),
		rateLimitWait: prometheus.NewCounter(prometheus.CounterOpts{Name: "byline_discord_rate_limit_wait_seconds_total", Help: "Time spent waiting for Discord rate limits."}),
	}
	m.reg.MustRegister(m.questions, m.answerSeconds, m.llmCalls, m.llmErrors, m.llmRetries, m.llmTokens, m.llmSeconds,
		m.feedFetches, m.rateLimits, m.rateLimitWait,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Question counts a question and its latency.
func (m *Metrics) Question(command, outcome string, latency time.Duration) {
	if m == nil {
		return
	}
	m.questions.WithLabelValues(command, outcome).Inc()
	m.answerSeconds.WithLabelValues(command).Observe(latency.Seconds())
}

// LLMCall counts one language-model call.
func (m *Metrics) LLMCall(took time.Duration, promptTokens, completionTokens int, err error) {
	if m == nil {
		return
	}
	m.llmCalls.Inc()
	m.llmSeconds.Observe(took.Seconds())
	if err != nil {
		m.llmErrors.Inc()
		return
	}
	m.llmTokens.WithLabelValues("prompt").Add(float64(max(0, promptTokens)))
	m.llmTokens.WithLabelValues("completion").Add(float64(max(0, completionTokens)))
}

// LLMRetry counts one retried language-model attempt.
func (m *Metrics) LLMRetry() {
	if m == nil {
		return
	}
	m.llmRetries.Inc()
}

// FeedFetch counts one request for a feed or an article page (kind) by
// its status: the hook the feed fetcher is given (fetch.Fetcher.OnFetch).
func (m *Metrics) FeedFetch(kind, status string) {
	if m == nil {
		return
	}
	m.feedFetches.WithLabelValues(kind, status).Inc()
}

// RateLimitWait counts one wait for a Discord rate limit.
func (m *Metrics) RateLimitWait(d time.Duration) {
	if m == nil {
		return
	}
	m.rateLimits.Inc()
	m.rateLimitWait.Add(d.Seconds())
}

// IndexSize exports the index's article and passage counts, read from
// size at each scrape.
func (m *Metrics) IndexSize(size func() (articles, passages int)) {
	if m == nil {
		return
	}
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "byline_index_articles", Help: "Articles in the search index."},
			func() float64 { a, _ := size(); return float64(a) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "byline_index_passages", Help: "Passages in the search index."},
			func() float64 { _, p := size(); return float64(p) }),
	)
}
