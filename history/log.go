// Package history keeps what Byline was asked and what users thought of the
// answers — the question log, 👍/👎 votes and conversation turns — in the
// [store] database, for [Log.Report] (byline report, /byline stats).
//
// Users appear only as keyed hashes (HMAC-SHA-256 with a secret kept in the
// database), never as raw ids. Rows older than the retention are purged;
// a retention of 0 keeps nothing. A Log without a database (none
// configured, or it could not be opened) records nothing and reports an
// error, and the rest of Byline carries on.
package history

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"slices"
	"time"

	"byline/commands"
	"byline/store"
)

// Outcome is how a question ended.
type Outcome string

const (
	Answered    Outcome = "answered"
	Refused     Outcome = "refused"      // the articles do not cover it
	ModelFailed Outcome = "model_failed" // the language model failed; an extractive answer was given
	Failed      Outcome = "error"        // no answer
)

// OutcomeOf classifies an answer (or the error instead of one).
func OutcomeOf(a *commands.Answer, err error) Outcome {
	switch {
	case err != nil || a == nil:
		return Failed
	case a.Refused:
		return Refused
	case a.Notice != "" && a.Mode == commands.ModeExtractive:
		return ModelFailed
	}
	return Answered
}

// SourcesOf is the titles of the articles an answer cites, each once, in
// the order of its citations (none for a nil answer).
func SourcesOf(a *commands.Answer) []string {
	if a == nil {
		return nil
	}
	var titles []string
	for _, c := range a.Citations {
		if !slices.Contains(titles, c.Title) {
			titles = append(titles, c.Title)
		}
	}
	return titles
}

// Question is one question asked and how it went.
type Question struct {
	Source   string // discord, console, cli
	Command  string // ask, summarize, quote, mention, …
	Text     string
	Outcome  Outcome
	Latency  time.Duration
	Sources  []string // titles of the cited articles
	AnswerID string
	User     string // raw id: hashed before it is kept
}

// Vote is a user's 👍 or 👎 on an answer.
type Vote struct {
	AnswerID, Question, User string
	Up                       bool
}

// Turn is the last question and answer of a conversation.
type Turn struct {
	Question, Answer, Channel string
}

// ErrNoDatabase is returned by Report when no database is open.
var ErrNoDatabase = errors.New("no history database (it is off, or could not be opened at start; see the log)")

// Log records questions, votes and turns. Its methods are safe for
// concurrent use and never fail the caller: a write that fails is logged.
type Log struct {
	lg        *slog.Logger
	db        *store.DB // nil: nothing kept
	keep      time.Duration
	key       []byte
	now       func() time.Time
	observers []func(Question)
}

// New returns a Log writing to db (nil: none) and keeping rows for days
// days (0: keep nothing).
func New(ctx context.Context, lg *slog.Logger, db *store.DB, days int) *Log {
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	l := &Log{lg: lg, db: db, keep: time.Duration(days) * 24 * time.Hour, now: time.Now}
	if db != nil {
		key, err := db.Secret(ctx)
		if err != nil {
			lg.ErrorContext(ctx, "history database unusable; answering without history", "err", err)
			l.db = nil
		}
		l.key = key
	}
	return l
}

// Observe adds f to what is told of every question (metrics), whether or
// not anything is kept.
func (l *Log) Observe(f func(Question)) { l.observers = append(l.observers, f) }

// keeping reports whether rows are written.
func (l *Log) keeping() bool { return l.db != nil && l.keep > 0 }

// hash is the keyed hash of a user id ("" stays "").
func (l *Log) hash(user string) string {
	if user == "" {
		return ""
	}
	m := hmac.New(sha256.New, l.key)
	m.Write([]byte(user))
	return hex.EncodeToString(m.Sum(nil)[:12])
}

// Question records a question.
func (l *Log) Question(ctx context.Context, q Question) {
	for _, f := range l.observers {
		f(q)
	}
	if !l.keeping() {
		return
	}
	err := l.db.AddQuestion(context.WithoutCancel(ctx), store.QuestionRow{
		At: l.now(), Source: q.Source, Command: q.Command, Question: q.Text, Outcome: string(q.Outcome),
		Latency: q.Latency, Sources: q.Sources, AnswerID: q.AnswerID, UserHash: l.hash(q.User),
	})
	if err != nil {
		l.lg.WarnContext(ctx, "question not logged", "err", err)
	}
}

// Vote records a vote.
func (l *Log) Vote(ctx context.Context, v Vote) {
	if !l.keeping() {
		return
	}
	vote := "down"
	if v.Up {
		vote = "up"
	}
	err := l.db.PutVote(context.WithoutCancel(ctx), store.VoteRow{
		At: l.now(), AnswerID: v.AnswerID, UserHash: l.hash(v.User), Vote: vote, Question: v.Question,
	})
	if err != nil {
		l.lg.WarnContext(ctx, "vote not recorded", "err", err)
	}
}

// SaveTurn keeps a conversation turn under key (a message or thread).
func (l *Log) SaveTurn(ctx context.Context, key string, t Turn) {
	if !l.keeping() {
		return
	}
	err := l.db.PutTurn(context.WithoutCancel(ctx), store.Turn{Key: key, Question: t.Question, Answer: t.Answer, Channel: t.Channel, At: l.now()})
	if err != nil {
		l.lg.WarnContext(ctx, "conversation turn not kept", "err", err)
	}
}

// Turn returns the turn kept under key, unless it is older than the retention.
func (l *Log) Turn(ctx context.Context, key string) (Turn, bool) {
	if !l.keeping() {
		return Turn{}, false
	}
	t, ok, err := l.db.GetTurn(ctx, key)
	if err != nil {
		l.lg.WarnContext(ctx, "conversation turn not read", "err", err)
		return Turn{}, false
	}
	if !ok || l.now().Sub(t.At) > l.keep {
		return Turn{}, false
	}
	return Turn{Question: t.Question, Answer: t.Answer, Channel: t.Channel}, true
}

// Purge deletes what is older than the retention (everything when it is 0).
func (l *Log) Purge(ctx context.Context) {
	if l.db == nil {
		return
	}
	n, err := l.db.PurgeHistory(ctx, l.now().Add(-l.keep+time.Second))
	if err != nil {
		l.lg.WarnContext(ctx, "history not purged", "err", err)
		return
	}
	if n > 0 {
		l.lg.InfoContext(ctx, "history purged", "rows", n, "retention_days", int(l.keep/(24*time.Hour)))
	}
}

// RunRetention purges now and then every hour until ctx ends.
func (l *Log) RunRetention(ctx context.Context) {
	if l.db == nil {
		return
	}
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		l.Purge(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
