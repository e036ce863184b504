package ranking

import (
	"sync"

	"github.com/blevesearch/bleve/v2/search"
)

// bm25 serialises the runs that read or set Bleve's BM25 parameters: Bleve
// keeps k1 and b in package variables read at query time, so a run holds
// this lock while its queries run, and restores the values before letting go.
var bm25 sync.Mutex

// withBM25 runs fn with Bleve's BM25 k1 and b set (0 leaves one as it is)
// and restores the previous values after it.
func withBM25(k1, b float64, fn func() error) error {
	bm25.Lock()
	defer bm25.Unlock()
	oldK1, oldB := search.BM25_k1, search.BM25_b
	defer func() { search.BM25_k1, search.BM25_b = oldK1, oldB }()
	if k1 > 0 {
		search.BM25_k1 = k1
	}
	if b > 0 {
		search.BM25_b = b
	}
	return fn()
}
