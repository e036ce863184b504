package eval

import (
	"context"
	"path/filepath"
	"testing"
)

// benchDataset is SciFact when the shared data is present (the figures
// BENCHMARKS.md quotes), else the tiny fixture.
func benchDataset(b *testing.B) *Dataset {
	b.Helper()
	p := filepath.Join("..", "..", "..", "shared", "data", "beir-scifact")
	ds, err := LoadDataset("scifact", filepath.Join(p, "corpus.jsonl.gz"), filepath.Join(p, "queries.jsonl"),
		filepath.Join(p, "qrels", "train.tsv"), SplitAll)
	if err != nil {
		b.Logf("SciFact not available (%v); benchmarking the tiny fixture", err)
		return tinyDataset(b, SplitAll)
	}
	return ds
}

// BenchmarkIndexByline builds Byline's in-memory index; MB/s is corpus text.
func BenchmarkIndexByline(b *testing.B) {
	ds := benchDataset(b)
	arts := Articles(ds.Docs)
	b.SetBytes(int64(corpusMB(ds.Docs) * 1e6))
	for b.Loop() {
		lib, _, err := OpenLibrary(b.Context(), arts, nil, Options{})
		if err != nil {
			b.Fatal(err)
		}
		lib.Close()
	}
}

// BenchmarkIndexReference builds the plain-Bleve reference index.
func BenchmarkIndexReference(b *testing.B) {
	ds := benchDataset(b)
	b.SetBytes(int64(corpusMB(ds.Docs) * 1e6))
	for b.Loop() {
		idx, err := buildReference(b.Context(), ds.Docs, DefaultReferenceBatch)
		if err != nil {
			b.Fatal(err)
		}
		idx.Close()
	}
}

func benchSearch(b *testing.B, s searcher, ds *Dataset, k int) {
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
	lib, _, err := OpenLibrary(b.Context(), Articles(ds.Docs), nil, Options{})
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
