// Package scale measures how Byline's index build and search latency grow
// with the collection, from a thousand to a hundred thousand passages of
// real news (`byline eval scale`, [Command]).
package scale

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"byline/eval"
	"byline/eval/metrics"
	"byline/retrieval"
)

// Point is what one collection size measured.
type Point struct {
	Passages, Articles int
	MB                 float64
	IndexTime          time.Duration
	HeapBytes          int64 // live heap the library added (after GC)
	AllocBytes         int64 // allocated while building it
	Latency            metrics.Latency
	SearchK            int
}

// MBPerS is the indexing throughput at this size.
func (p Point) MBPerS() float64 {
	if p.IndexTime <= 0 {
		return 0
	}
	return p.MB / p.IndexTime.Seconds()
}

// Mix interleaves article lists in proportion, so that any prefix of the
// result draws on each of them (long BBC articles and short AG items alike).
func Mix(lists ...[]*retrieval.Article) []*retrieval.Article {
	type item struct {
		pos float64
		a   *retrieval.Article
	}
	var items []item
	for _, l := range lists {
		for i, a := range l {
			items = append(items, item{float64(i) / float64(len(l)), a})
		}
	}
	slices.SortStableFunc(items, func(x, y item) int {
		switch {
		case x.pos < y.pos:
			return -1
		case x.pos > y.pos:
			return 1
		}
		return 0
	})
	out := make([]*retrieval.Article, len(items))
	for i, it := range items {
		out[i] = it.a
	}
	return out
}

// grow takes articles from pool, in order and then over again with
// distinct ids ("r2/…", "r3/…"), until they make at least n passages.
func grow(pool []*retrieval.Article, counts []int, n int) ([]*retrieval.Article, error) {
	var out []*retrieval.Article
	total := 0
	for round := 1; total < n; round++ {
		added := 0
		for i, a := range pool {
			if total >= n {
				break
			}
			if counts[i] == 0 {
				continue
			}
			if round > 1 {
				c := *a
				c.ID = fmt.Sprintf("r%d/%s", round, a.ID)
				a = &c
			}
			out = append(out, a)
			total += counts[i]
			added++
		}
		if added == 0 {
			return nil, errors.New("the articles make no passages")
		}
	}
	return out, nil
}

// Measure indexes growing collections drawn from pool (repeated with
// distinct ids when it is too small) and times queries at each size:
// sizes are passage counts, queries are run with k hits.
func Measure(ctx context.Context, pool []*retrieval.Article, sizes []int, queries []string, k int, lg *slog.Logger) ([]Point, error) {
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	if len(queries) == 0 {
		return nil, errors.New("scale: no queries")
	}
	counts := make([]int, len(pool))
	for i, a := range pool {
		counts[i] = len(retrieval.Split(a))
	}
	var out []Point
	for _, n := range sizes {
		arts, err := grow(pool, counts, n)
		if err != nil {
			return nil, fmt.Errorf("scale %d: %w", n, err)
		}
		p := Point{Articles: len(arts), SearchK: k}
		for _, a := range arts {
			p.MB += float64(len(a.Title)+len(a.Text)) / 1e6
		}
		var lib *retrieval.Library
		var st retrieval.SyncStats
		p.HeapBytes, p.AllocBytes, err = eval.MemDelta(func() error {
			t0 := time.Now()
			lib, st, err = eval.OpenLibrary(ctx, arts, nil, lg)
			p.IndexTime = time.Since(t0)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("scale %d: %w", n, err)
		}
		p.Passages = st.Passages
		// One untimed pass warms the index, as a running bot's would be.
		ds := make([]time.Duration, 0, len(queries))
		for pass := 0; pass < 2; pass++ {
			for _, q := range queries {
				t0 := time.Now()
				if _, err := lib.Search(ctx, q, k); err != nil {
					lib.Close()
					return nil, fmt.Errorf("scale %d: search %q: %w", n, q, err)
				}
				if pass == 1 {
					ds = append(ds, time.Since(t0))
				}
			}
		}
		lib.Close()
		p.Latency = metrics.Summarize(ds)
		lg.InfoContext(ctx, "scale point", "passages", p.Passages, "articles", p.Articles,
			"index_seconds", p.IndexTime.Seconds(), "p99_ms", eval.MS(p.Latency.P99))
		out = append(out, p)
	}
	return out, nil
}

// Titles returns up to n article titles spread evenly over arts, for use
// as queries.
func Titles(arts []*retrieval.Article, n int) []string {
	var out []string
	if len(arts) == 0 || n <= 0 {
		return nil
	}
	step := max(len(arts)/n, 1)
	for i := 0; i < len(arts) && len(out) < n; i += step {
		if arts[i].Title != "" {
			out = append(out, arts[i].Title)
		}
	}
	return out
}
