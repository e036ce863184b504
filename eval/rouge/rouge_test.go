package rouge

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func near(a, b Score) bool {
	const eps = 1e-9
	return math.Abs(a.P-b.P) < eps && math.Abs(a.R-b.R) < eps && math.Abs(a.F-b.F) < eps
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name           string
		candidate, ref string
		r1, r2, rl     Score
	}{
		{
			// unigrams: the×2, cat, on, mat = 5 of 6; bigrams: the cat, on the, the mat = 3 of 5;
			// LCS: the cat on the mat = 5.
			name: "cat on the mat", candidate: "The cat sat on the mat.", ref: "the cat is on the mat",
			r1: Score{5.0 / 6, 5.0 / 6, 5.0 / 6}, r2: Score{0.6, 0.6, 0.6}, rl: Score{5.0 / 6, 5.0 / 6, 5.0 / 6},
		},
		{
			name: "short candidate", candidate: "a b c", ref: "a b c d e f",
			r1: Score{1, 0.5, 2 * 0.5 / 1.5}, r2: Score{1, 0.4, 2 * 0.4 / 1.4}, rl: Score{1, 0.5, 2 * 0.5 / 1.5},
		},
		{
			// counts are clipped: "the" matches once.
			name: "clipped counts", candidate: "the the the", ref: "the cat",
			r1: Score{1.0 / 3, 0.5, 0.4}, r2: Score{}, rl: Score{1.0 / 3, 0.5, 0.4},
		},
		{
			name: "order matters for L", candidate: "b a", ref: "a b",
			r1: Score{1, 1, 1}, r2: Score{}, rl: Score{0.5, 0.5, 0.5},
		},
		{
			// BBC summaries join sentences without a space after the period.
			name: "no space after period", candidate: "Profit rose. For the year", ref: "Profit rose.For the year",
			r1: Score{1, 1, 1}, r2: Score{1, 1, 1}, rl: Score{1, 1, 1},
		},
		{name: "empty candidate", candidate: "", ref: "a b"},
		{name: "empty reference", candidate: "a b", ref: ""},
		{name: "punctuation only", candidate: "... !!", ref: "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compare(tt.candidate, tt.ref)
			if !near(got.R1, tt.r1) {
				t.Errorf("ROUGE-1 = %+v; want %+v", got.R1, tt.r1)
			}
			if !near(got.R2, tt.r2) {
				t.Errorf("ROUGE-2 = %+v; want %+v", got.R2, tt.r2)
			}
			if !near(got.RL, tt.rl) {
				t.Errorf("ROUGE-L = %+v; want %+v", got.RL, tt.rl)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	got := Tokens("TimeWarner jumped 76% to $1.13bn (£600m).For the year, Café's")
	want := []string{"timewarner", "jumped", "76", "to", "1", "13bn", "600m", "for", "the", "year", "café", "s"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Tokens (-want +got):\n%s", diff)
	}
}

func TestMean(t *testing.T) {
	got := Mean([]Scores{
		{R1: Score{1, 1, 1}, R2: Score{0.5, 0.5, 0.5}},
		{R1: Score{0, 0.5, 0}, RL: Score{1, 1, 1}},
	})
	want := Scores{R1: Score{0.5, 0.75, 0.5}, R2: Score{0.25, 0.25, 0.25}, RL: Score{0.5, 0.5, 0.5}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Mean (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Scores{}, Mean(nil)); diff != "" {
		t.Errorf("Mean(nil) (-want +got):\n%s", diff)
	}
}
