// Package rouge scores summaries against reference summaries with ROUGE-1,
// ROUGE-2 and ROUGE-L F1, and gives the Lead-n baseline ([Lead]) they are
// compared with (byline/eval/summaries runs the comparison).
//
// Tokens are runs of lower-cased letters and digits; everything else
// separates them. That also splits the BBC reference summaries, whose
// sentences are joined without a space after the period ("profit.For").
// ROUGE-L is computed over the whole token sequences (not ROUGE-Lsum).
package rouge

import (
	"strings"

	"byline/retrieval/prose"
)

// Score is precision, recall and F1 of one ROUGE variant.
type Score struct {
	P, R, F float64
}

// Scores are the three ROUGE variants for one candidate.
type Scores struct {
	R1, R2, RL Score
}

// Tokens lower-cases s and returns its runs of letters and digits.
func Tokens(s string) []string { return prose.Tokens(s) }

// Compare scores a candidate summary against a reference.
func Compare(candidate, reference string) Scores {
	c, r := Tokens(candidate), Tokens(reference)
	return Scores{R1: N(c, r, 1), R2: N(c, r, 2), RL: L(c, r)}
}

func score(overlap, nc, nr int) Score {
	if overlap == 0 || nc == 0 || nr == 0 {
		return Score{}
	}
	p, r := float64(overlap)/float64(nc), float64(overlap)/float64(nr)
	return Score{P: p, R: r, F: 2 * p * r / (p + r)}
}

// N is ROUGE-N: the overlap of n-grams, each counted at most as often as
// it occurs in the reference.
func N(candidate, reference []string, n int) Score {
	ref := ngrams(reference, n)
	nr := max(len(reference)-n+1, 0)
	nc := max(len(candidate)-n+1, 0)
	overlap := 0
	for i := 0; i < nc; i++ {
		g := strings.Join(candidate[i:i+n], " ")
		if ref[g] > 0 {
			ref[g]--
			overlap++
		}
	}
	return score(overlap, nc, nr)
}

func ngrams(toks []string, n int) map[string]int {
	m := map[string]int{}
	for i := 0; i+n <= len(toks); i++ {
		m[strings.Join(toks[i:i+n], " ")]++
	}
	return m
}

// L is ROUGE-L: the longest common subsequence of the two token sequences.
func L(candidate, reference []string) Score {
	return score(lcs(candidate, reference), len(candidate), len(reference))
}

func lcs(a, b []string) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Mean averages scores.
func Mean(ss []Scores) Scores {
	var m Scores
	if len(ss) == 0 {
		return m
	}
	add := func(a *Score, b Score) { a.P += b.P; a.R += b.R; a.F += b.F }
	for _, s := range ss {
		add(&m.R1, s.R1)
		add(&m.R2, s.R2)
		add(&m.RL, s.RL)
	}
	n := float64(len(ss))
	for _, s := range []*Score{&m.R1, &m.R2, &m.RL} {
		s.P /= n
		s.R /= n
		s.F /= n
	}
	return m
}
