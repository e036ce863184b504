package metrics

import (
	"math"
	"slices"
	"testing"
	"time"
)

func TestMetrics(t *testing.T) {
	tests := []struct {
		name              string
		ranked            []string
		rel               map[string]int
		k                 int
		ndcg, recall, mrr float64
	}{
		// DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3).
		{"two relevant at 2 and 4", []string{"a", "b", "c", "d"}, map[string]int{"b": 1, "d": 1}, 10, 0.6509209298071326, 1, 0.5},
		{"cut before the second", []string{"a", "b", "c", "d"}, map[string]int{"b": 1, "d": 1}, 2, 1 / math.Log2(3) / (1 + 1/math.Log2(3)), 0.5, 0.5},
		{"k=1 misses", []string{"a", "b"}, map[string]int{"b": 1}, 1, 0, 0, 0},
		{"perfect", []string{"x", "y"}, map[string]int{"x": 1}, 10, 1, 1, 1},
		// Graded, linear gains: DCG = 1 + 2/log2(3); ideal = 2 + 1/log2(3).
		{"graded", []string{"a", "b"}, map[string]int{"a": 1, "b": 2}, 10, 0.8597186998521972, 1, 1},
		// Grade 0 is judged but not relevant; the one relevant doc was never retrieved.
		{"zero grade is not relevant", []string{"a", "b"}, map[string]int{"a": 0, "z": 1}, 10, 0, 0, 0},
		{"nothing relevant judged", []string{"a"}, map[string]int{"a": 0}, 10, 0, 0, 0},
		{"empty ranking", nil, map[string]int{"a": 1}, 10, 0, 0, 0},
		// Relevant at rank 3 of 3: DCG = 1/log2(4) = 0.5, ideal = 1.
		{"third of three", []string{"a", "b", "c"}, map[string]int{"c": 1}, 10, 0.5, 1, 1.0 / 3},
		{"two of three relevant found", []string{"a", "b"}, map[string]int{"a": 1, "b": 1, "c": 1}, 10,
			(1 + 1/math.Log2(3)) / (1 + 1/math.Log2(3) + 0.5), 2.0 / 3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NDCG(tt.ranked, tt.rel, tt.k); math.Abs(got-tt.ndcg) > 1e-9 {
				t.Errorf("NDCG@%d = %v; want %v", tt.k, got, tt.ndcg)
			}
			if got := Recall(tt.ranked, tt.rel, tt.k); math.Abs(got-tt.recall) > 1e-9 {
				t.Errorf("Recall@%d = %v; want %v", tt.k, got, tt.recall)
			}
			if got := MRR(tt.ranked, tt.rel, tt.k); math.Abs(got-tt.mrr) > 1e-9 {
				t.Errorf("MRR@%d = %v; want %v", tt.k, got, tt.mrr)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	var hundred []time.Duration
	for i := 100; i >= 1; i-- { // unsorted on purpose
		hundred = append(hundred, time.Duration(i)*time.Millisecond)
	}
	tests := []struct {
		name string
		ds   []time.Duration
		p    float64
		want time.Duration
	}{
		{"p50 of 1..100", hundred, 50, 50 * time.Millisecond},
		{"p95 of 1..100", hundred, 95, 95 * time.Millisecond},
		{"p99 of 1..100", hundred, 99, 99 * time.Millisecond},
		{"p100 of 1..100", hundred, 100, 100 * time.Millisecond},
		{"p50 of three", []time.Duration{3, 1, 2}, 50, 2},
		{"p99 of three", []time.Duration{3, 1, 2}, 99, 3},
		{"one value", []time.Duration{7}, 1, 7},
		{"empty", nil, 50, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := slices.Sorted(slices.Values(tt.ds))
			var got time.Duration
			if len(s) > 0 {
				got = percentileSorted(s, tt.p)
			}
			if got != tt.want {
				t.Errorf("Percentile(%v) = %v; want %v", tt.p, got, tt.want)
			}
		})
	}
	l := Summarize(hundred)
	if l.P50 != 50*time.Millisecond || l.P95 != 95*time.Millisecond || l.P99 != 99*time.Millisecond ||
		l.Max != 100*time.Millisecond || l.N != 100 {
		t.Errorf("Summarize = %+v; want p50 50ms, p95 95ms, p99 99ms, max 100ms, n 100", l)
	}
}
