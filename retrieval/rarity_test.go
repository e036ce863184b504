package retrieval

import (
	"math"
	"testing"
)

// TestRarity checks the order Rarity gives words of the test corpus: a
// word of one article outweighs one that several hold, a word of no
// article weighs most, a stop word nothing.
func TestRarity(t *testing.T) {
	lib := openMem(t, corpus(t), nil)
	r := func(w string) float64 {
		t.Helper()
		x, err := lib.Rarity(t.Context(), w)
		if err != nil {
			t.Fatalf("Rarity(%q): %v", w, err)
		}
		return x[0]
	}
	volcano, said, unknown, stop := r("volcano"), r("said"), r("zyzzyva"), r("the")
	if !(unknown > volcano && volcano > said && said > 0) || stop != 0 {
		t.Errorf("Rarity: zyzzyva %.2f, volcano %.2f, said %.2f, the %.2f; want zyzzyva > volcano > said > the = 0", unknown, volcano, said, stop)
	}
	if got := r("Volcano eruption"); math.Abs(got-max(volcano, r("eruption"))) > 1e-9 {
		t.Errorf("Rarity(%q) = %.3f; want the rarer word's", "Volcano eruption", got)
	}
}
