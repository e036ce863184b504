package ranking

import (
	"errors"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
)

func TestWithBM25(t *testing.T) {
	k1, b := search.BM25_k1, search.BM25_b
	stop := errors.New("stop")
	err := withBM25(0.9, 0.4, func() error {
		if search.BM25_k1 != 0.9 || search.BM25_b != 0.4 {
			t.Errorf("inside withBM25(0.9, 0.4): k1 %v, b %v", search.BM25_k1, search.BM25_b)
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Errorf("withBM25 returned %v; want fn's error", err)
	}
	if search.BM25_k1 != k1 || search.BM25_b != b {
		t.Errorf("after withBM25: k1 %v, b %v; want %v, %v restored", search.BM25_k1, search.BM25_b, k1, b)
	}
	withBM25(0, 0, func() error { // zero leaves both as they are
		if search.BM25_k1 != k1 || search.BM25_b != b {
			t.Errorf("withBM25(0, 0) changed k1 %v, b %v", search.BM25_k1, search.BM25_b)
		}
		return nil
	})
}
