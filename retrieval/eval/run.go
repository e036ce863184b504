package eval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"runtime"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"

	"byline/retrieval"
)

// Dataset is a judged retrieval benchmark ready to run.
type Dataset struct {
	Name    string
	Docs    []Doc
	Queries []Query // the judged queries of the selected split, in file order
	Qrels   Qrels
	Split   string
}

// Splits accepted by [SelectSplit].
const (
	SplitAll  = "all"
	SplitEven = "even"
	SplitOdd  = "odd"
)

// LoadDataset reads a BEIR data set and keeps the judged queries of split
// (see [SelectSplit]).
func LoadDataset(name, corpus, queries, qrels, split string) (*Dataset, error) {
	docs, err := LoadCorpus(corpus)
	if err != nil {
		return nil, err
	}
	qs, err := LoadQueries(queries)
	if err != nil {
		return nil, err
	}
	qr, err := LoadQrels(qrels)
	if err != nil {
		return nil, err
	}
	sel, err := SelectSplit(qs, qr, split)
	if err != nil {
		return nil, err
	}
	return &Dataset{Name: name, Docs: docs, Queries: sel, Qrels: qr, Split: split}, nil
}

var squadParagraphID = regexp.MustCompile(`^(\d+)_\d+$`)

// SelectSplit keeps the queries that have at least one relevant judgment,
// then, for split "even" or "odd", half of them. When every judged document
// id has the SQuAD-derived form "<article>_<paragraph>", the half is chosen
// by the parity of the article index (the data owners' split: even articles
// tune, odd ones are held out); otherwise by the parity of the query's
// position among the judged queries, which gives a held-out half inside a
// tuning set (tune on even, check on odd).
func SelectSplit(qs []Query, qrels Qrels, split string) ([]Query, error) {
	if split == "" {
		split = SplitAll
	}
	if split != SplitAll && split != SplitEven && split != SplitOdd {
		return nil, fmt.Errorf("split %q: want all, even or odd", split)
	}
	var judged []Query
	for _, q := range qs {
		if qrels.Relevant(q.ID) > 0 {
			judged = append(judged, q)
		}
	}
	if len(judged) == 0 {
		return nil, errors.New("no query has a relevance judgment: are the queries and qrels of the same data set?")
	}
	if split == SplitAll {
		return judged, nil
	}
	byArticle := true
	for _, q := range judged {
		for id := range qrels[q.ID] {
			if !squadParagraphID.MatchString(id) {
				byArticle = false
			}
		}
	}
	want := 0
	if split == SplitOdd {
		want = 1
	}
	var out []Query
	for i, q := range judged {
		parity := i % 2
		if byArticle {
			for id, g := range qrels[q.ID] {
				if g > 0 {
					a, _ := strconv.Atoi(squadParagraphID.FindStringSubmatch(id)[1])
					parity = a % 2
					break
				}
			}
		}
		if parity == want {
			out = append(out, q)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no judged query in the %s split (held-out questions are kept aside by the data owners)", split)
	}
	return out, nil
}

// Sample keeps about n of the dataset's queries, evenly spaced, for quick
// tuning runs; n <= 0 or n >= the count keeps them all.
func (ds *Dataset) Sample(n int) {
	if n <= 0 || n >= len(ds.Queries) {
		return
	}
	step := float64(len(ds.Queries)) / float64(n)
	out := make([]Query, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, ds.Queries[int(float64(i)*step)])
	}
	ds.Queries = out
}

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
	Latency, DeepLatency Latency
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
	Logger         *slog.Logger
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

// Articles turns BEIR documents into Byline articles, built in memory the
// way Load would return them.
func Articles(docs []Doc) []*retrieval.Article {
	out := make([]*retrieval.Article, len(docs))
	for i, d := range docs {
		h := sha256.New()
		h.Write([]byte(d.Title))
		h.Write([]byte{0})
		h.Write([]byte(d.Text))
		out[i] = &retrieval.Article{ID: d.ID, Title: d.Title, Text: d.Text, Hash: hex.EncodeToString(h.Sum(nil))}
	}
	return out
}

func corpusMB(docs []Doc) float64 {
	n := 0
	for _, d := range docs {
		n += len(d.Title) + len(d.Text)
	}
	return float64(n) / 1e6
}

// memDelta measures what fn allocates and keeps on the heap.
func memDelta(fn func() error) (heap, alloc int64, err error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC() // a second cycle frees what the first one's finalizers released
	runtime.ReadMemStats(&before)
	err = fn()
	runtime.ReadMemStats(&after)
	alloc = int64(after.TotalAlloc - before.TotalAlloc)
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap = int64(after.HeapAlloc) - int64(before.HeapAlloc)
	return heap, alloc, err
}

// buildTimed runs build opt.IndexRuns times, keeping the last result open
// (closing the others) and recording the fastest time and the first
// build's memory in r.
func buildTimed[T interface{ Close() error }](opt Options, r *Result, build func() (T, error)) (T, error) {
	var out T
	for i := range opt.IndexRuns {
		var v T
		var took time.Duration
		heap, alloc, err := memDelta(func() error {
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

// evaluate runs every query of ds through s and fills in r's metrics and latencies.
func evaluate(ctx context.Context, ds *Dataset, s searcher, r *Result, opt Options) error {
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
		m.NDCG10 += NDCG(ranked, rel, 10)
		m.Recall1 += Recall(ranked, rel, 1)
		m.Recall5 += Recall(ranked, rel, 5)
		m.Recall10 += Recall(ranked, rel, 10)
		m.Recall100 += Recall(ranked, rel, 100)
		m.MRR10 += MRR(ranked, rel, 10)
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
	r.DeepLatency = Summarize(deep)
	r.Latency = Summarize(fast)
	r.Depth, r.SearchK = opt.Depth, opt.SearchK
	return nil
}

// MeasureIndex builds ds's index without running queries and reports its
// build time and memory: Byline's with opt.Tuning, or the reference's with
// opt.ReferenceBatch.
func MeasureIndex(ctx context.Context, ds *Dataset, opt Options, reference bool) (*Result, error) {
	opt = opt.withDefaults()
	r := &Result{System: "byline", Docs: len(ds.Docs), MB: corpusMB(ds.Docs)}
	if reference {
		r.System = fmt.Sprintf("bleve-reference-batch%d", opt.ReferenceBatch)
		r.Units = len(ds.Docs)
		idx, err := buildTimed(opt, r, func() (bleve.Index, error) { return buildReference(ctx, ds.Docs, opt.ReferenceBatch) })
		if err != nil {
			return nil, err
		}
		return r, idx.Close()
	}
	arts := Articles(ds.Docs)
	lib, err := buildTimed(opt, r, func() (*retrieval.Library, error) {
		l, st, err := OpenLibrary(ctx, arts, opt.Tuning, opt)
		r.Units = st.Passages
		return l, err
	})
	if err != nil {
		return nil, err
	}
	return r, lib.Close()
}
