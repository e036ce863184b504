package scale

import (
	"log/slog"
	"path/filepath"
	"testing"

	"byline/eval/data"
)

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func tinyDataset(t testing.TB) *data.Dataset {
	t.Helper()
	dir := filepath.Join("..", "data", "testdata", "tiny")
	ds, err := data.LoadDataset("tiny", filepath.Join(dir, "corpus.jsonl"), filepath.Join(dir, "queries.jsonl.gz"),
		filepath.Join(dir, "qrels.tsv"), data.SplitAll)
	if err != nil {
		t.Fatalf("load tiny data set: %v", err)
	}
	return ds
}

func TestScaleTiny(t *testing.T) {
	ds := tinyDataset(t)
	pool := Mix(data.Articles(ds.Docs[:5]), data.Articles(ds.Docs[5:]))
	if pool[0].ID != "d1" || pool[1].ID != "d6" {
		t.Errorf("Mix starts %s, %s; want d1, d6 (interleaved)", pool[0].ID, pool[1].ID)
	}
	pts, err := Measure(t.Context(), pool, []int{3, 25}, Titles(pool, 4), 5, testLogger(t))
	if err != nil {
		t.Fatalf("Measure: %v", err)
	}
	if len(pts) != 2 {
		t.Fatalf("Measure: %d points; want 2", len(pts))
	}
	if pts[0].Passages < 3 || pts[1].Passages < 25 || pts[1].Articles <= len(pool) {
		t.Errorf("Measure points %+v: want >= 3 and >= 25 passages, the second repeating the pool", pts)
	}
	for _, p := range pts {
		if p.Latency.N != 4 || p.IndexTime <= 0 || p.MBPerS() <= 0 {
			t.Errorf("point %+v: want 4 timed queries and a positive build time", p)
		}
	}
}

func TestGrowDistinctIDs(t *testing.T) {
	pool := data.Articles([]data.Doc{{ID: "a", Text: "x"}, {ID: "b", Text: "y"}})
	arts, err := grow(pool, []int{2, 1}, 7)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	total := 0
	for _, a := range arts {
		if seen[a.ID] {
			t.Errorf("id %s repeated", a.ID)
		}
		seen[a.ID] = true
		total += map[byte]int{'a': 2, 'b': 1}[a.ID[len(a.ID)-1]]
	}
	if total < 7 || len(arts) != 5 {
		t.Errorf("grow: %d articles, %d passages; want 5 articles making >= 7 passages", len(arts), total)
	}
	if _, err := grow(pool, []int{0, 0}, 3); err == nil {
		t.Error("grow with no passages: no error")
	}
}
