package summaries

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"

	"byline/commands"
	"byline/eval/data"
)

// fakeModel answers every prompt with one cited sentence.
type fakeModel struct{ calls atomic.Int32 }

func (m *fakeModel) Complete(ctx context.Context, msgs []commands.Message, onDelta func(string)) (commands.Completion, error) {
	m.calls.Add(1)
	return commands.Completion{Text: "Quarterly profits jumped, the firm said [1].", Model: "fake"}, nil
}

func TestRunWithModel(t *testing.T) {
	pairs, _, err := data.LoadPairs(t.Context(), filepath.Join("..", "data", "testdata", "bbc", "articles"), filepath.Join("..", "data", "testdata", "bbc", "summaries"), testLogger(t))
	if err != nil {
		t.Fatalf("LoadPairs: %v", err)
	}
	m := &fakeModel{}
	res, err := Run(t.Context(), pairs, Options{Model: m, ModelName: "fake", LLMLimit: 2, Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(res.Systems) != 4 {
		t.Fatalf("systems %+v; want lead-3, extractive, lead-3 on the LLM subset, llm", res.Systems)
	}
	sub, llm := res.Systems[2], res.Systems[3]
	if sub.Name != "lead-3 (same 2 articles)" || llm.Name != "byline-llm-brief" {
		t.Errorf("names %q, %q; want lead-3 (same 2 articles), byline-llm-brief", sub.Name, llm.Name)
	}
	if llm.N != 2 || sub.N != 2 || llm.Failed != 0 {
		t.Errorf("llm row %+v, subset row %+v; want 2 scored each, none failed", llm, sub)
	}
	if m.calls.Load() == 0 {
		t.Error("the model was never called")
	}
	t.Logf("llm: %+v (fallback %d)", llm.Mean, llm.Fallback)
}
