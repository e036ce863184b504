package ranking

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"byline/eval/data"
	"byline/retrieval"
)

// testLogger sends slog output to t.Log.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func tinyDataset(t testing.TB, split string) *data.Dataset {
	t.Helper()
	dir := filepath.Join("..", "data", "testdata", "tiny")
	ds, err := data.LoadDataset("tiny", filepath.Join(dir, "corpus.jsonl"), filepath.Join(dir, "queries.jsonl.gz"),
		filepath.Join(dir, "qrels.tsv"), split)
	if err != nil {
		t.Fatalf("load tiny data set: %v", err)
	}
	return ds
}

func TestTinyEndToEnd(t *testing.T) {
	ds := tinyDataset(t, data.SplitAll)
	if len(ds.Docs) != 10 || len(ds.Queries) != 5 {
		t.Fatalf("tiny data set: %d docs, %d judged queries; want 10 and 5 (q6 is unjudged)", len(ds.Docs), len(ds.Queries))
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	opt := Options{Logger: testLogger(t)}
	for _, run := range []func(context.Context, *data.Dataset, Options) (*Result, error){RunByline, RunReference} {
		r, err := run(ctx, ds, opt)
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		t.Logf("%s: %+v", r.System, r.Metrics)
		if r.Queries != 5 {
			t.Errorf("%s: %d queries run; want 5", r.System, r.Queries)
		}
		// Every judged document shares distinctive words with its query.
		if r.Recall100 != 1 {
			t.Errorf("%s: Recall@100 = %v; want 1", r.System, r.Recall100)
		}
		if r.NDCG10 < 0.8 || r.NDCG10 > 1 || r.MRR10 < 0.8 || r.MRR10 > 1 {
			t.Errorf("%s: nDCG@10 %v, MRR@10 %v; want both in [0.8, 1] on this easy fixture", r.System, r.NDCG10, r.MRR10)
		}
		if r.Recall1 > r.Recall5 || r.Recall5 > r.Recall10 || r.Recall10 > r.Recall100 {
			t.Errorf("%s: recall not monotone: %+v", r.System, r.Metrics)
		}
		if r.Units < r.Docs || r.IndexTime <= 0 || r.MB <= 0 || r.MBPerS() <= 0 {
			t.Errorf("%s: units %d, docs %d, index time %v, MB %v: want units >= docs and positive sizes", r.System, r.Units, r.Docs, r.IndexTime, r.MB)
		}
		if r.Latency.N != 5 || r.DeepLatency.N != 5 || r.Latency.P50 <= 0 || r.Latency.P99 < r.Latency.P50 {
			t.Errorf("%s: latency %+v / deep %+v: want 5 samples each, p99 >= p50 > 0", r.System, r.Latency, r.DeepLatency)
		}
	}
}

func TestRunBylineTuning(t *testing.T) {
	ds := tinyDataset(t, data.SplitEven)
	// Tuning{} switches every rule off: one passage per paragraph, plain BM25.
	r, err := RunByline(t.Context(), ds, Options{Tuning: &retrieval.Tuning{}, Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("RunByline: %v", err)
	}
	if r.Queries != 3 || r.Units != 10 {
		t.Errorf("even split with Tuning{}: %d queries, %d passages; want 3 queries (q1, q3, q5) and 10 passages (one a document)", r.Queries, r.Units)
	}
}

func TestMeasureIndex(t *testing.T) {
	ds := tinyDataset(t, data.SplitAll)
	for _, ref := range []bool{false, true} {
		r, err := MeasureIndex(t.Context(), ds, Options{IndexRuns: 2, ReferenceBatch: 3}, ref)
		if err != nil {
			t.Fatalf("MeasureIndex(reference %v): %v", ref, err)
		}
		if r.IndexTime <= 0 || r.Units < 10 || r.Queries != 0 {
			t.Errorf("MeasureIndex(reference %v) = %+v; want a build time, >= 10 units, no queries", ref, r)
		}
	}
}
