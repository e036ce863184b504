package eval

import "github.com/blevesearch/bleve/v2/search"

// SetBM25 sets Bleve's BM25 parameters k1 and b (0 leaves one as it is)
// and returns a function that restores the previous values. Bleve keeps
// them in package variables read at query time, so this is process-wide:
// it exists to measure their effect, not for concurrent use.
func SetBM25(k1, b float64) (restore func()) {
	oldK1, oldB := search.BM25_k1, search.BM25_b
	if k1 > 0 {
		search.BM25_k1 = k1
	}
	if b > 0 {
		search.BM25_b = b
	}
	return func() { search.BM25_k1, search.BM25_b = oldK1, oldB }
}
