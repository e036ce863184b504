package ranking

import (
	"context"

	"byline/eval"
	"byline/eval/data"
	"byline/retrieval"
)

// maxDepth caps how deep the ranking pass asks Byline for passages.
const maxDepth = 3200

// bylineSearcher ranks documents by their best passage in a Library.
type bylineSearcher struct{ lib *retrieval.Library }

func (s bylineSearcher) rank(ctx context.Context, query string, k int) ([]string, error) {
	for {
		hits, err := s.lib.Search(ctx, query, k)
		if err != nil {
			return nil, err
		}
		ids := make([]string, 0, min(len(hits), 100))
		seen := make(map[string]bool, len(hits))
		for _, h := range hits {
			if !seen[h.ArticleID] {
				seen[h.ArticleID] = true
				ids = append(ids, h.ArticleID)
			}
		}
		// The ranking pass needs 100 documents for Recall@100; passages of
		// one document crowd each other, so ask deeper until there are.
		if k < 100 || len(ids) >= 100 || len(hits) < k || k >= maxDepth {
			return ids, nil
		}
		k *= 2
	}
}

// RunByline indexes ds through Byline's pipeline and runs its judged queries.
func RunByline(ctx context.Context, ds *data.Dataset, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	arts := data.Articles(ds.Docs)
	r := &Result{System: "byline", Docs: len(ds.Docs), MB: data.CorpusMB(ds.Docs)}
	var st retrieval.SyncStats
	lib, err := buildTimed(opt, r, func() (*retrieval.Library, error) {
		l, s, err := eval.OpenLibrary(ctx, arts, opt.Tuning, opt.Logger)
		st = s
		return l, err
	})
	if err != nil {
		return nil, err
	}
	defer lib.Close()
	r.Units = st.Passages
	opt.Logger.InfoContext(ctx, "byline index built", "data", ds.Name, "docs", r.Docs, "passages", r.Units,
		"seconds", r.IndexTime.Seconds())
	if err := evaluate(ctx, ds, bylineSearcher{lib}, r, opt); err != nil {
		return nil, err
	}
	return r, nil
}
