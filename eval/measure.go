package eval

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
	"time"

	"byline/retrieval"
)

// OpenLibrary indexes articles in memory through Byline's own pipeline
// (Split, the index mapping, BM25) with tuning t (nil: DefaultTuning).
func OpenLibrary(ctx context.Context, articles []*retrieval.Article, t *retrieval.Tuning, lg *slog.Logger) (*retrieval.Library, retrieval.SyncStats, error) {
	lib, st, err := retrieval.Open(ctx, articles, retrieval.Options{Path: "", Logger: lg, Tuning: t})
	if err != nil {
		return nil, st, fmt.Errorf("open in-memory library: %w", err)
	}
	return lib, st, nil
}

// MemDelta measures what fn allocates (alloc) and keeps on the heap (heap).
func MemDelta(fn func() error) (heap, alloc int64, err error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC() // a second cycle frees what the first one's finalizers released
	runtime.ReadMemStats(&before)
	err = fn()
	runtime.ReadMemStats(&after)
	alloc = int64(after.TotalAlloc - before.TotalAlloc)
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap = int64(after.HeapAlloc) - int64(before.HeapAlloc)
	return heap, alloc, err
}

// Round4 rounds x to four decimals, as every --json figure is printed.
func Round4(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 4, 64), 64)
	return v
}

// MS is d in (fractional) milliseconds.
func MS(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// MB is n bytes in 10^6 bytes.
func MB(n int64) float64 { return float64(n) / 1e6 }

// Ratio prints a/b as "1.23×", or "–" when b is 0.
func Ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}
