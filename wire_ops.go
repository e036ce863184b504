package main

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"byline/bot"
	"byline/commands"
	"byline/history"
	"byline/monitor"
	"byline/retrieval"
	"byline/store"
)

// ops is what a long-running byline (the bot or the console) keeps and
// shows about itself: the state database and question log, the metrics,
// and /healthz, /readyz and /metrics when HTTP_ADDR is set. Every field
// works when nil or empty: without a database nothing is kept.
type ops struct {
	db      *store.DB // nil: could not be opened, answering without history
	history *history.Log
	metrics *monitor.Metrics
	ready   *monitor.Readiness
	// indexOpened marks the index open for /readyz.
	indexOpened func()
}

// startOps opens the state database (a broken one is logged, not fatal),
// starts the retention loop and, with HTTP_ADDR, the health and metrics
// server. stop ends them and closes the database.
func (c *cli) startOps(ctx context.Context) (*ops, func(), error) {
	o := &ops{metrics: monitor.NewMetrics(), ready: &monitor.Readiness{}}
	var indexOpen atomic.Bool
	o.ready.Require("index", func() error {
		if !indexOpen.Load() {
			return errors.New("not open yet")
		}
		return nil
	})
	o.indexOpened = func() { indexOpen.Store(true) }
	var srv *monitor.Server
	if c.cfg.HTTPAddr != "" {
		var err error
		if srv, err = monitor.Listen(c.lg.With("component", "http"), c.cfg.HTTPAddr, monitor.Handler(o.metrics, o.ready)); err != nil {
			return nil, nil, err
		}
	}
	o.db = c.openStoreOrNot(ctx)
	o.history = history.New(ctx, c.lg.With("component", "history"), o.db, c.cfg.HistoryDays)
	o.history.Observe(func(q history.Question) { o.metrics.Question(q.Command, string(q.Outcome), q.Latency) })

	bg, cancel := context.WithCancel(ctx)
	done := make(chan struct{}, 2)
	go func() { o.history.RunRetention(bg); done <- struct{}{} }()
	go func() {
		if srv != nil {
			if err := srv.Serve(bg); err != nil {
				c.lg.ErrorContext(bg, "health and metrics server stopped", "err", err)
			}
		}
		done <- struct{}{}
	}()
	return o, func() {
		cancel()
		<-done
		<-done
		if o.db != nil {
			if err := o.db.Close(); err != nil {
				c.lg.Warn("close state database", "err", err)
			}
		}
	}, nil
}

// openStoreOrNot opens DB_PATH; when it cannot (corrupted, locked, not
// writable) it says so clearly and returns nil: Byline answers without
// history rather than not at all.
func (c *cli) openStoreOrNot(ctx context.Context) *store.DB {
	db, err := c.openStore(ctx)
	if err == nil {
		if err = db.CheckWritable(ctx); err != nil {
			db.Close()
		}
	}
	if err != nil {
		c.lg.ErrorContext(ctx, "state database unusable; answering without history (votes, question log and thread memory are off until it is fixed)",
			"path", c.cfg.DBPath, "err", err, "fix", store.Fix(err))
		return nil
	}
	return db
}

// libraryOpened marks the index open for /readyz and exports its size.
func (o *ops) libraryOpened(lib *retrieval.Library) {
	if o == nil {
		return
	}
	o.metrics.IndexSize(func() (articles, passages int) {
		arts := lib.Articles()
		for _, a := range arts {
			passages += lib.PassageCount(a.ID)
		}
		return len(arts), passages
	})
	o.indexOpened()
}

// botConfig hands the bot the question log, the conversation memory, the
// stats and the rate-limit counter.
func (o *ops) botConfig(cfg *bot.Config) {
	if o == nil {
		return
	}
	cfg.Recorder, cfg.Memory, cfg.Stats = o.history, o.history, o.history
	cfg.OnRateLimit = o.metrics.RateLimitWait
}

// Sources of the questions logged outside Discord.
const (
	sourceConsole = "console" // typed into the console
	sourceCLI     = "cli"     // byline ask … from another shell, served over the socket
)

// record logs a question asked in the console or served over the socket.
func (o *ops) record(ctx context.Context, source, command, question string, a *commands.Answer, err error, took time.Duration) {
	if o == nil {
		return
	}
	o.history.Question(ctx, history.Question{Source: source, Command: command, Text: question,
		Outcome: history.OutcomeOf(a, err), Sources: history.SourcesOf(a), Latency: took})
}

// meteredModel counts the calls, errors and tokens of a chat model.
type meteredModel struct {
	commands.ChatModel
	m *monitor.Metrics
}

func (mm meteredModel) Complete(ctx context.Context, msgs []commands.Message, onDelta func(string)) (commands.Completion, error) {
	start := time.Now()
	comp, err := mm.ChatModel.Complete(ctx, msgs, onDelta)
	mm.m.LLMCall(time.Since(start), comp.PromptTokens, comp.CompletionTokens, err)
	return comp, err
}
