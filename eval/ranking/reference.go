package ranking

import (
	"context"
	"fmt"

	"byline/eval/data"

	"github.com/blevesearch/bleve/v2"
)

// The reference is plain Bleve as a user would set it up without tuning:
// the default mapping (standard analyzer, every field indexed and stored,
// the _all field), the default tf-idf scoring, one Bleve document per corpus
// document with "title" and "text" fields, and a query that is the
// disjunction of a match query on each field. Documents go in batches of
// 100, as in Bleve's beer-search example: one Index call per document on an
// in-memory index keeps every one-document segment and took 13 GB of memory
// on SciFact before it was stopped. It runs on the same data in the same
// process, so its figures are the yardstick for Byline's.

type referenceSearcher struct{ idx bleve.Index }

func (s referenceSearcher) rank(ctx context.Context, query string, k int) ([]string, error) {
	title := bleve.NewMatchQuery(query)
	title.SetField("title")
	text := bleve.NewMatchQuery(query)
	text.SetField("text")
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(title, text), k, 0, false)
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// buildReference indexes docs into an in-memory Bleve index with the
// default mapping, batch documents at a time (1: one Index call each).
func buildReference(ctx context.Context, docs []data.Doc, batch int) (bleve.Index, error) {
	idx, err := bleve.New("", bleve.NewIndexMapping())
	if err != nil {
		return nil, fmt.Errorf("create reference index: %w", err)
	}
	fields := func(d data.Doc) map[string]any { return map[string]any{"title": d.Title, "text": d.Text} }
	if batch <= 1 {
		for _, d := range docs {
			if err := ctx.Err(); err != nil {
				idx.Close()
				return nil, err
			}
			if err := idx.Index(d.ID, fields(d)); err != nil {
				idx.Close()
				return nil, fmt.Errorf("reference index %s: %w", d.ID, err)
			}
		}
		return idx, nil
	}
	b := idx.NewBatch()
	for i, d := range docs {
		if err := b.Index(d.ID, fields(d)); err != nil {
			idx.Close()
			return nil, fmt.Errorf("reference index %s: %w", d.ID, err)
		}
		if b.Size() >= batch || i == len(docs)-1 {
			if err := ctx.Err(); err != nil {
				idx.Close()
				return nil, err
			}
			if err := idx.Batch(b); err != nil {
				idx.Close()
				return nil, fmt.Errorf("reference batch: %w", err)
			}
			b.Reset()
		}
	}
	return idx, nil
}

// RunReference indexes ds with plain untuned Bleve and runs its judged queries.
func RunReference(ctx context.Context, ds *data.Dataset, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	name := "bleve-reference"
	if opt.ReferenceBatch != DefaultReferenceBatch {
		name = fmt.Sprintf("bleve-reference-batch%d", opt.ReferenceBatch)
	}
	r := &Result{System: name, Docs: len(ds.Docs), Units: len(ds.Docs), MB: data.CorpusMB(ds.Docs)}
	idx, err := buildTimed(opt, r, func() (bleve.Index, error) {
		return buildReference(ctx, ds.Docs, opt.ReferenceBatch)
	})
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	opt.Logger.InfoContext(ctx, "reference index built", "data", ds.Name, "docs", r.Docs, "seconds", r.IndexTime.Seconds())
	if err := evaluate(ctx, ds, referenceSearcher{idx}, r, opt); err != nil {
		return nil, err
	}
	return r, nil
}
