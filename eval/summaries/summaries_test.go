package summaries

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"byline/eval/data"
)

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Profits rose [1]. Sales fell [2, 3].": "Profits rose. Sales fell.",
		"No markers.":                          "No markers.",
		"A list [a] stays [12]":                "A list [a] stays",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	pairs, _, err := data.LoadPairs(ctx, filepath.Join("..", "data", "testdata", "bbc", "articles"), filepath.Join("..", "data", "testdata", "bbc", "summaries"), testLogger(t))
	if err != nil {
		t.Fatalf("LoadPairs: %v", err)
	}
	res, err := Run(ctx, pairs, Options{Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Pairs != 3 || len(res.Systems) != 2 {
		t.Fatalf("Run: %d pairs, %d systems; want 3 and 2 (no model)", res.Pairs, len(res.Systems))
	}
	if res.Systems[0].Name != "lead-3" || res.Systems[1].Name != "byline-extractive-brief" {
		t.Errorf("systems %q, %q; want lead-3, byline-extractive-brief", res.Systems[0].Name, res.Systems[1].Name)
	}
	for _, s := range res.Systems {
		t.Logf("%s: %+v", s.Name, s.Mean)
		if s.N != 3 || s.Failed != 0 {
			t.Errorf("%s: %d scored, %d failed; want 3 and 0", s.Name, s.N, s.Failed)
		}
		// The references are sentences of the articles, so any sensible
		// extract shares most of its words with them.
		if s.Mean.R1.F < 0.3 || s.Mean.R1.F > 1 || s.Mean.R2.F <= 0 || s.Mean.RL.F <= 0 {
			t.Errorf("%s: %+v; want ROUGE-1 F1 in [0.3, 1] and positive ROUGE-2/L", s.Name, s.Mean)
		}
	}
	if res.WrongArticle != 0 {
		t.Errorf("%d summaries cited the wrong article", res.WrongArticle)
	}
	limited, err := Run(ctx, pairs, Options{Limit: 1, Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Run with limit: %v", err)
	}
	if limited.Pairs != 1 || limited.Systems[1].N != 1 {
		t.Errorf("Run with Limit 1: %d pairs, %d scored; want 1 and 1", limited.Pairs, limited.Systems[1].N)
	}
}

func TestSharedBBC(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "bbc-news")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared data not found at %s: ROUGE on the BBC set was not checked", dir)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	pairs, skipped, err := data.LoadPairs(ctx, filepath.Join(dir, "bbc-fulltext.tar.gz"), filepath.Join(dir, "bbc-news-summary-summaries.tar.gz"), testLogger(t))
	if err != nil {
		t.Fatalf("LoadPairs: %v", err)
	}
	if len(pairs) != 2225 || len(skipped) != 0 {
		t.Errorf("BBC: %d pairs, skipped %v; want 2225 and none", len(pairs), skipped)
	}
	res, err := Run(ctx, pairs, Options{Limit: 40, Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	for _, s := range res.Systems {
		t.Logf("%s on %d BBC articles: R1 %.4f R2 %.4f RL %.4f", s.Name, s.N, s.Mean.R1.F, s.Mean.R2.F, s.Mean.RL.F)
		if s.N != 40 || s.Mean.R1.F < 0.2 {
			t.Errorf("%s: %d scored, ROUGE-1 F1 %.4f; want 40 and at least 0.2", s.Name, s.N, s.Mean.R1.F)
		}
	}
}
