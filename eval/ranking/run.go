package ranking

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/blevesearch/bleve/v2"

	"byline/eval"
	"byline/eval/data"
	"byline/eval/metrics"
	"byline/retrieval"
)

// Metrics are the mean ranking metrics over a run's queries.
type Metrics struct {
	NDCG10    float64 `json:"ndcg@10"`
	Recall1   float64 `json:"recall@1"`
	Recall5   float64 `json:"recall@5"`
	Recall10  float64 `json:"recall@10"`
	Recall100 float64 `json:"recall@100"`
	MRR10     float64 `json:"mrr@10"`
	Queries   int     `json:"queries"`
}

// Result is one system's figures on one data set.
type Result struct {
	System string
	Metrics
	Docs  int
	Units int     // indexed units: passages for Byline, documents for the reference
	MB    float64 // corpus text (titles and texts), in 10^6 bytes
	// IndexTime is the wall time to build the index from documents in memory.
	IndexTime time.Duration
	// HeapBytes is the live heap the index added (after GC); AllocBytes is
	// everything allocated while building it.
	HeapBytes, AllocBytes int64
	// Latency is search time at SearchK hits (what the bot asks for);
	// DeepLatency is the ranking pass, at Depth hits or more.
	Latency, DeepLatency metrics.Latency
	SearchK, Depth       int
}

// MBPerS is the indexing throughput.
func (r *Result) MBPerS() float64 {
	if r.IndexTime <= 0 {
		return 0
	}
	return r.MB / r.IndexTime.Seconds()
}

// DefaultReferenceBatch is the reference's batch size, as in Bleve's
// beer-search example.
const DefaultReferenceBatch = 100

// Options configure a run.
type Options struct {
	// Tuning, when not nil, replaces retrieval.DefaultTuning for Byline.
	Tuning *retrieval.Tuning
	// Depth is how many hits the ranking pass asks for first (default 200);
	// Byline asks again deeper while fewer than 100 distinct documents came
	// back, so Recall@100 is measured on 100 documents.
	Depth int
	// SearchK is the hit count of the timed latency pass (default 10).
	SearchK int
	// SkipLatency skips the latency pass (for tuning grids).
	SkipLatency bool
	// IndexRuns builds each index this many times (default 1) and reports
	// the fastest build, so that one build slowed by other work on a shared
	// machine does not decide the MB/s; memory is measured on the first.
	IndexRuns int
	// ReferenceBatch is the reference's batch size (default
	// DefaultReferenceBatch; 1 is one Index call per document).
	ReferenceBatch int
	// K1 and B are Bleve's BM25 parameters while this run's queries run
	// (0: Bleve's defaults, 1.2 and 0.75); they are restored after.
	K1, B  float64
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Depth <= 0 {
		o.Depth = 200
	}
	if o.IndexRuns <= 0 {
		o.IndexRuns = 1
	}
	if o.ReferenceBatch <= 0 {
		o.ReferenceBatch = DefaultReferenceBatch
	}
	if o.SearchK <= 0 {
		o.SearchK = 10
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// searcher ranks document ids for a query.
type searcher interface {
	rank(ctx context.Context, query string, k int) ([]string, error)
}

// buildTimed runs build opt.IndexRuns times, keeping the last result open
// (closing the others) and recording the fastest time and the first
// build's memory in r.
func buildTimed[T interface{ Close() error }](opt Options, r *Result, build func() (T, error)) (T, error) {
	var out T
	for i := range opt.IndexRuns {
		var v T
		var took time.Duration
		heap, alloc, err := eval.MemDelta(func() error {
			t0 := time.Now()
			var err error
			v, err = build()
			took = time.Since(t0)
			return err
		})
		if err != nil {
			return out, err
		}
		if i == 0 {
			r.HeapBytes, r.AllocBytes, r.IndexTime = heap, alloc, took
		}
		r.IndexTime = min(r.IndexTime, took)
		if i < opt.IndexRuns-1 {
			v.Close()
			continue
		}
		out = v
	}
	return out, nil
}

// evaluate runs every query of ds through s, under opt's BM25 parameters,
// and fills in r's metrics and latencies.
func evaluate(ctx context.Context, ds *data.Dataset, s searcher, r *Result, opt Options) error {
	return withBM25(opt.K1, opt.B, func() error { return runQueries(ctx, ds, s, r, opt) })
}

func runQueries(ctx context.Context, ds *data.Dataset, s searcher, r *Result, opt Options) error {
	var deep, fast []time.Duration
	var m Metrics
	for _, q := range ds.Queries {
		if err := ctx.Err(); err != nil {
			return err
		}
		t0 := time.Now()
		ranked, err := s.rank(ctx, q.Text, opt.Depth)
		deep = append(deep, time.Since(t0))
		if err != nil {
			return fmt.Errorf("%s query %s: %w", r.System, q.ID, err)
		}
		rel := ds.Qrels[q.ID]
		m.NDCG10 += metrics.NDCG(ranked, rel, 10)
		m.Recall1 += metrics.Recall(ranked, rel, 1)
		m.Recall5 += metrics.Recall(ranked, rel, 5)
		m.Recall10 += metrics.Recall(ranked, rel, 10)
		m.Recall100 += metrics.Recall(ranked, rel, 100)
		m.MRR10 += metrics.MRR(ranked, rel, 10)
		m.Queries++
	}
	for _, q := range ds.Queries {
		if opt.SkipLatency {
			break
		}
		t0 := time.Now()
		if _, err := s.rank(ctx, q.Text, opt.SearchK); err != nil {
			return fmt.Errorf("%s query %s: %w", r.System, q.ID, err)
		}
		fast = append(fast, time.Since(t0))
	}
	if n := float64(m.Queries); n > 0 {
		m.NDCG10 /= n
		m.Recall1 /= n
		m.Recall5 /= n
		m.Recall10 /= n
		m.Recall100 /= n
		m.MRR10 /= n
	}
	r.Metrics = m
	r.DeepLatency = metrics.Summarize(deep)
	r.Latency = metrics.Summarize(fast)
	r.Depth, r.SearchK = opt.Depth, opt.SearchK
	return nil
}

// MeasureIndex builds ds's index without running queries and reports its
// build time and memory: Byline's with opt.Tuning, or the reference's with
// opt.ReferenceBatch.
func MeasureIndex(ctx context.Context, ds *data.Dataset, opt Options, reference bool) (*Result, error) {
	opt = opt.withDefaults()
	r := &Result{System: "byline", Docs: len(ds.Docs), MB: data.CorpusMB(ds.Docs)}
	if reference {
		r.System = fmt.Sprintf("bleve-reference-batch%d", opt.ReferenceBatch)
		r.Units = len(ds.Docs)
		idx, err := buildTimed(opt, r, func() (bleve.Index, error) { return buildReference(ctx, ds.Docs, opt.ReferenceBatch) })
		if err != nil {
			return nil, err
		}
		return r, idx.Close()
	}
	arts := data.Articles(ds.Docs)
	lib, err := buildTimed(opt, r, func() (*retrieval.Library, error) {
		l, st, err := eval.OpenLibrary(ctx, arts, opt.Tuning, opt.Logger)
		r.Units = st.Passages
		return l, err
	})
	if err != nil {
		return nil, err
	}
	return r, lib.Close()
}
