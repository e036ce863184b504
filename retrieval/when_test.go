package retrieval

import (
	"context"
	"testing"
	"time"
)

func dated(t testing.TB) *Library {
	t.Helper()
	articles, skipped, err := Load(context.Background(), "testdata/dated", testLogger(t))
	if err != nil || len(skipped) > 0 {
		t.Fatalf("load testdata/dated: %v, skipped %v", err, skipped)
	}
	return openMem(t, articles, nil)
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func articleIDs(hits []Hit) []string {
	var out []string
	seen := map[string]bool{}
	for _, h := range hits {
		if !seen[h.ArticleID] {
			seen[h.ArticleID] = true
			out = append(out, h.ArticleID)
		}
	}
	return out
}

func TestSearchWhen(t *testing.T) {
	lib := dated(t)
	ctx := context.Background()
	const q = "first congestion charge in the United States took effect in which city"

	t.Run("recency lifts the newest account", func(t *testing.T) {
		plain, err := lib.SearchWhen(ctx, q, 5, When{AsOf: day("2025-01-06")})
		if err != nil {
			t.Fatal(err)
		}
		recent, err := lib.SearchWhen(ctx, q, 5, When{AsOf: day("2025-01-06"), Recency: PreferLatest})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("plain %v; recent %v", articleIDs(plain), articleIDs(recent))
		if got := plain[0].ArticleID; got == "2025-launch" {
			t.Fatalf("top without recency = %s; the test needs an older article first", got)
		}
		if got := recent[0].ArticleID; got != "2025-launch" {
			t.Errorf("top with recency = %s; want 2025-launch", got)
		}
	})

	t.Run("as of excludes later articles, keeps undated", func(t *testing.T) {
		hits, err := lib.SearchWhen(ctx, "congestion charge", 10, When{AsOf: day("2024-12-31"), Recency: PreferRecent})
		if err != nil {
			t.Fatal(err)
		}
		ids := articleIDs(hits)
		undated := false
		for _, h := range hits {
			if h.Date.After(day("2024-12-31")) {
				t.Errorf("hit %s dated %s is after the as-of day", h.ID, h.Date.Format("2006-01-02"))
			}
			undated = undated || h.Date.IsZero()
		}
		if !undated {
			t.Errorf("hits %v: the undated explainer is missing", ids)
		}
	})

	t.Run("as of the publish day includes it", func(t *testing.T) {
		hits, err := lib.SearchWhen(ctx, "toll took effect Sunday", 1, When{AsOf: day("2025-01-05")})
		if err != nil || len(hits) == 0 || hits[0].ArticleID != "2025-launch" {
			t.Fatalf("hits %v, %v; want 2025-launch first", articleIDs(hits), err)
		}
	})

	t.Run("a window keeps to its period", func(t *testing.T) {
		hits, err := lib.SearchWhen(ctx, "congestion pricing", 10, When{Since: day("2024-01-01"), Until: day("2025-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 {
			t.Fatal("no hits in 2024")
		}
		for _, h := range hits {
			if h.Date.Year() != 2024 {
				t.Errorf("hit %s dated %v; want 2024 only", h.ID, h.Date)
			}
		}
	})

	t.Run("filters do not change relevance scores", func(t *testing.T) {
		all, _ := lib.Search(ctx, "congestion pricing", 10)
		some, _ := lib.SearchWhen(ctx, "congestion pricing", 10, When{AsOf: day("2030-01-01")})
		if len(all) != len(some) {
			t.Fatalf("%d hits without as-of, %d with a far as-of", len(all), len(some))
		}
		for i := range all {
			if all[i].ID != some[i].ID || all[i].Score != some[i].Score {
				t.Errorf("hit %d: %s %.4f vs %s %.4f", i, all[i].ID, all[i].Score, some[i].ID, some[i].Score)
			}
		}
	})
}
