package bot

import (
	"context"
	"time"

	"byline/history"
)

// Recorder is told of every question answered and every 👍/👎 (the
// question log and the metrics); *history.Log implements it.
type Recorder interface {
	Question(ctx context.Context, q history.Question)
	Vote(ctx context.Context, v history.Vote)
}

// Memory keeps conversation turns beyond a restart; *history.Log
// implements it.
type Memory interface {
	SaveTurn(ctx context.Context, key string, t history.Turn)
	Turn(ctx context.Context, key string) (history.Turn, bool)
}

// Reporter builds the report /byline stats shows; *history.Log implements it.
type Reporter interface {
	Report(ctx context.Context, since time.Time) (*history.Report, error)
}

// conversations remembers the turns of conversations by "m:<message id>"
// or "c:<thread id>": in memory, and in Memory when there is one, so
// follow-ups in a thread still have their history after a restart.
type conversations struct {
	cache *store[string, turn]
	mem   Memory // nil: memory only
}

func (c *conversations) Get(ctx context.Context, key string) (turn, bool) {
	if t, ok := c.cache.Get(key); ok || c.mem == nil {
		return t, ok
	}
	ht, ok := c.mem.Turn(ctx, key)
	if !ok {
		return turn{}, false
	}
	t := turn{question: ht.Question, answer: ht.Answer, channel: ht.Channel}
	c.cache.Put(key, t)
	return t, true
}

func (c *conversations) Put(ctx context.Context, key string, t turn) {
	c.cache.Put(key, t)
	if c.mem != nil {
		c.mem.SaveTurn(ctx, key, history.Turn{Question: t.question, Answer: t.answer, Channel: t.channel})
	}
}
