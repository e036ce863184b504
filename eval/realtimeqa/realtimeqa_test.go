package realtimeqa

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"byline/eval"
	"byline/retrieval"
)

func TestLoadAndMeasure(t *testing.T) {
	set, err := Load(t.Context(), "testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Articles) != 3 || len(set.Questions) != 1 || set.Skipped != 0 {
		t.Fatalf("loaded %d articles, %d questions, %d skipped; want 3, 1, 0", len(set.Articles), len(set.Questions), set.Skipped)
	}
	q := set.Questions[0]
	if q.Date.Format("2006-01-02") != "2023-01-05" || q.Support[0] != "2023-01-03-aaaaaaaaaaaa" {
		t.Fatalf("question %+v", q)
	}
	lg := slog.New(slog.DiscardHandler)
	lib, _, err := eval.OpenLibrary(t.Context(), set.Articles, nil, lg)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	if err := set.ShareRareWords(t.Context(), lib); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	rows, err := Measure(t.Context(), set, Systems(lg, lib, nil, ""), &log)
	if err != nil {
		t.Fatal(err)
	}
	var first Outcome
	if err := json.NewDecoder(&log).Decode(&first); err != nil {
		t.Fatal(err)
	}
	// The dated answer's log line lists what was retrieved: the supporting
	// article, cited, with a passage that holds the correct choice.
	if !slices.ContainsFunc(first.Retrieved, func(r Retrieved) bool {
		return r.ArticleID == q.Support[0] && r.Support && r.Choice && r.Cited
	}) {
		t.Errorf("log line %+v: want the supporting article among the retrieved, holding the choice, cited", first)
	}
	dated, timeless := rows[0], rows[1]
	t.Logf("%+v\n%+v", dated, timeless)
	if dated.Later != 0 {
		t.Errorf("dated: %d questions cite a later article; want 0", dated.Later)
	}
	if dated.Support != 1 || dated.SupportRare != 1 || dated.Choice != 1 {
		t.Errorf("dated: support %.2f (sharing rare words %.2f), choice %.2f; want 1, 1, 1", dated.Support, dated.SupportRare, dated.Choice)
	}
	if timeless.Later == 0 {
		t.Errorf("without date handling the later article should be cited (the test needs it to be)")
	}

	grid, err := Grid(t.Context(), Systems(lg, lib, nil, "")[0].For(q), lib, set,
		[]retrieval.RecencyTuning{{}, {Weight: 1, Latest: 4, HalfLifeDays: 7}}, 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	if grid[1].Support != 1 || grid[1].Latest != 1 || grid[1].SupportRare != 1 {
		t.Errorf("grid %+v; want the supporting article first with recency", grid)
	}
}

func TestParseGrid(t *testing.T) {
	got, err := ParseGrid("both=1,2 halflife=7,30", retrieval.RecencyTuning{Pool: 5})
	if err != nil || len(got) != 4 || got[3] != (retrieval.RecencyTuning{Weight: 2, Latest: 2, HalfLifeDays: 30, Pool: 5}) {
		t.Errorf("ParseGrid = %+v, %v", got, err)
	}
	for _, bad := range []string{"both", "speed=1", "weight=-1", "weight=x"} {
		if _, err := ParseGrid(bad, retrieval.RecencyTuning{}); err == nil {
			t.Errorf("ParseGrid(%q): want an error", bad)
		}
	}
}

// The real data set, when it is there: a smoke run over a few questions.
func TestSharedData(t *testing.T) {
	p := filepath.Join("..", "..", DefaultData)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("RealTime QA data not found at %s (see ../shared/data/realtimeqa-news/README.md): %v", p, err)
	}
	if testing.Short() {
		t.Skip("-short: indexing 15,000 articles takes minutes")
	}
	t.Skip("the full run is `byline eval realtimeqa`; see BENCHMARKS.md")
}
