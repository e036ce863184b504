package commands

import (
	"context"
	"strings"
	"sync"
)

// FakeModel is a ChatModel for tests that needs no server (the wire
// protocol is tested against commands/llm/llmtest): Reply computes the
// answer of each call, numbered from 1; with no Reply it answers Text.
// The answer streams to onDelta word by word, and every call's messages
// are recorded. It is safe for concurrent use.
type FakeModel struct {
	Text  string
	Reply func(ctx context.Context, call int, msgs []Message) (Completion, error)

	mu    sync.Mutex
	calls [][]Message
}

// Complete records the call and answers it.
func (m *FakeModel) Complete(ctx context.Context, msgs []Message, onDelta func(string)) (Completion, error) {
	m.mu.Lock()
	m.calls = append(m.calls, msgs)
	n := len(m.calls)
	m.mu.Unlock()
	c := Completion{Text: m.Text}
	var err error
	if m.Reply != nil {
		c, err = m.Reply(ctx, n, msgs)
	}
	if err == nil && onDelta != nil {
		for _, w := range strings.SplitAfter(c.Text, " ") {
			onDelta(w)
		}
	}
	return c, err
}

// Calls returns the messages of every call so far, oldest first.
func (m *FakeModel) Calls() [][]Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([][]Message(nil), m.calls...)
}
