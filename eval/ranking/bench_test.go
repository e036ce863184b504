package ranking

import (
	"context"
	"path/filepath"
	"testing"

	"byline/eval"
	"byline/eval/data"
)

// benchDataset is SciFact when the shared data is present (the figures
// BENCHMARKS.md quotes), else the tiny fixture.
func benchDataset(b *testing.B) *data.Dataset {
	b.Helper()
	p := filepath.Join("..", "..", "..", "shared", "data", "beir-scifact")
	ds, err := data.LoadDataset("scifact", filepath.Join(p, "corpus.jsonl.gz"), filepath.Join(p, "queries.jsonl"),
		filepath.Join(p, "qrels", "train.tsv"), data.SplitAll)
	if err != nil {
		b.Logf("SciFact not available (%v); benchmarking the tiny fixture", err)
		return tinyDataset(b, data.SplitAll)
	}
	return ds
}

// BenchmarkIndexByline builds Byline's in-memory index; MB/s is corpus text.
func BenchmarkIndexByline(b *testing.B) {
	ds := benchDataset(b)
	arts := data.Articles(ds.Docs)
	b.SetBytes(int64(data.CorpusMB(ds.Docs) * 1e6))
	for b.Loop() {
		lib, _, err := eval.OpenLibrary(b.Context(), arts, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		lib.Close()
	}
}

// BenchmarkIndexReference builds the plain-Bleve reference index.
func BenchmarkIndexReference(b *testing.B) {
	ds := benchDataset(b)
	b.SetBytes(int64(data.CorpusMB(ds.Docs) * 1e6))
	for b.Loop() {
		idx, err := buildReference(b.Context(), ds.Docs, DefaultReferenceBatch)
		if err != nil {
			b.Fatal(err)
		}
		idx.Close()
	}
}

func benchSearch(b *testing.B, s searcher, ds *data.Dataset, k int) {
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := s.rank(ctx, ds.Queries[i%len(ds.Queries)].Text, k); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkSearchByline times one search of k=10 passages, as the bot asks.
func BenchmarkSearchByline(b *testing.B) {
	ds := benchDataset(b)
	lib, _, err := eval.OpenLibrary(b.Context(), data.Articles(ds.Docs), nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer lib.Close()
	benchSearch(b, bylineSearcher{lib}, ds, 10)
}

// BenchmarkSearchReference times one reference search of k=10 documents.
func BenchmarkSearchReference(b *testing.B) {
	ds := benchDataset(b)
	idx, err := buildReference(b.Context(), ds.Docs, DefaultReferenceBatch)
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	benchSearch(b, referenceSearcher{idx}, ds, 10)
}
