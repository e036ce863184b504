// Package metrics scores rankings (nDCG, Recall, MRR, as trec_eval does)
// and summarises timings (percentiles).
package metrics

import (
	"math"
	"slices"
	"time"
)

// The metrics below follow trec_eval (as BEIR and Anserini report them):
// ranked is the system's document ids, best first; rel maps the judged
// document ids of one query to their grade, and only grades above 0 count.

// NDCG returns nDCG@k with linear gains (trec_eval's ndcg_cut).
func NDCG(ranked []string, rel map[string]int, k int) float64 {
	var dcg float64
	for i, id := range ranked[:min(k, len(ranked))] {
		if g := rel[id]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	var ideal []int
	for _, g := range rel {
		if g > 0 {
			ideal = append(ideal, g)
		}
	}
	slices.Sort(ideal)
	slices.Reverse(ideal)
	var idcg float64
	for i, g := range ideal[:min(k, len(ideal))] {
		idcg += float64(g) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

// Recall returns the share of relevant documents found in the top k.
func Recall(ranked []string, rel map[string]int, k int) float64 {
	total := 0
	for _, g := range rel {
		if g > 0 {
			total++
		}
	}
	if total == 0 {
		return 0
	}
	found := 0
	for _, id := range ranked[:min(k, len(ranked))] {
		if rel[id] > 0 {
			found++
		}
	}
	return float64(found) / float64(total)
}

// MRR returns the reciprocal rank of the first relevant document within
// the top k, 0 when there is none.
func MRR(ranked []string, rel map[string]int, k int) float64 {
	for i, id := range ranked[:min(k, len(ranked))] {
		if rel[id] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// Latency summarises a set of timings.
type Latency struct {
	P50, P95, P99, Max time.Duration
	N                  int
}

func percentileSorted(s []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// Summarize returns the percentiles of ds.
func Summarize(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return Latency{
		P50: percentileSorted(s, 50), P95: percentileSorted(s, 95), P99: percentileSorted(s, 99),
		Max: s[len(s)-1], N: len(s),
	}
}
