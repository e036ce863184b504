package eval

import (
	"testing"

	"github.com/blevesearch/bleve/v2/search"
)

func TestSetBM25(t *testing.T) {
	k1, b := search.BM25_k1, search.BM25_b
	restore := SetBM25(0.9, 0.4)
	if search.BM25_k1 != 0.9 || search.BM25_b != 0.4 {
		t.Errorf("after SetBM25(0.9, 0.4): k1 %v, b %v", search.BM25_k1, search.BM25_b)
	}
	SetBM25(0, 0) // zero leaves both as they are
	if search.BM25_k1 != 0.9 || search.BM25_b != 0.4 {
		t.Errorf("SetBM25(0, 0) changed k1 %v, b %v", search.BM25_k1, search.BM25_b)
	}
	restore()
	if search.BM25_k1 != k1 || search.BM25_b != b {
		t.Errorf("restore: k1 %v, b %v; want %v, %v", search.BM25_k1, search.BM25_b, k1, b)
	}
}
