package scale

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"byline/eval/metrics"
	"byline/retrieval"
)

// Run is one run of the byline binary: wall time, CPU time (user +
// system) and peak resident memory.
type Run struct {
	Wall, CPU time.Duration
	RSSBytes  int64
}

// FilePoint is what one library size measured through files on disk and
// the real binary.
type FilePoint struct {
	Articles, Passages int
	MB                 float64 // of the files, 10^6 bytes
	FirstIndex         Run     // `byline index` with no index yet
	IndexBytes         int64   // on disk after it
	Start              Run     // `byline index` with nothing changed (median of 3 by wall)
	Ask                Run     // `byline ask QUESTION`, no change
	Quote              Run     // `byline quote FRAGMENT` in a fresh process
	// OldStart is today's code path where it still exists: Load (read and
	// parse every file) and Open (split, compare hashes) in this process.
	OldStart time.Duration
	// Search is the latency of Library.Search (k=10) over the library
	// opened with OpenDir, after a warm-up pass; FirstQuote the first
	// FindQuote after that open.
	Search     metrics.Latency
	FirstQuote time.Duration
}

// MBPerS is the first index's throughput.
func (p FilePoint) MBPerS() float64 {
	if p.FirstIndex.Wall <= 0 {
		return 0
	}
	return p.MB / p.FirstIndex.Wall.Seconds()
}

// FileOptions configures MeasureFiles.
type FileOptions struct {
	Dir     string // where libraries, indexes and the generated files live
	Exe     string // the byline binary
	Queries int
	Logger  *slog.Logger
}

// MeasureFiles generates a library of each size under o.Dir (once; the
// files are reused by later runs), then measures it with the byline
// binary and in this process.
func MeasureFiles(ctx context.Context, pool []*retrieval.Article, sizes []int, o FileOptions) ([]FilePoint, error) {
	lg := o.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	if _, err := WriteLibrary(o.Dir, pool, slices.Max(sizes)); err != nil {
		return nil, err
	}
	var out []FilePoint
	for _, n := range sizes {
		p, err := measureFiles(ctx, pool, n, o, lg)
		if err != nil {
			return nil, fmt.Errorf("scale %d articles: %w", n, err)
		}
		lg.InfoContext(ctx, "scale point", "articles", n, "first_index_s", p.FirstIndex.Wall.Seconds(),
			"start_s", p.Start.Wall.Seconds(), "p99_ms", float64(p.Search.P99)/1e6)
		out = append(out, p)
	}
	return out, nil
}

func measureFiles(ctx context.Context, pool []*retrieval.Article, n int, o FileOptions, lg *slog.Logger) (FilePoint, error) {
	p := FilePoint{Articles: n}
	seeds, err := LinkLibrary(o.Dir, n)
	if err != nil {
		return p, err
	}
	idx := filepath.Join(o.Dir, fmt.Sprintf("index-%d", n))
	if err := os.RemoveAll(idx); err != nil {
		return p, err
	}
	env := []string{"SEEDS_DIR=" + seeds, "INDEX_PATH=" + idx, "LOG_LEVEL=error",
		"FETCH_DIR=" + filepath.Join(o.Dir, "no-fetch"), "DB_PATH=" + filepath.Join(o.Dir, fmt.Sprintf("db-%d.sqlite", n))}
	bin := func(args ...string) (Run, error) { return runBinary(ctx, o.Exe, env, args...) }
	if p.FirstIndex, err = bin("index"); err != nil {
		return p, err
	}
	p.IndexBytes = dirBytes(idx)
	var starts []Run
	for range 3 {
		r, err := bin("index")
		if err != nil {
			return p, err
		}
		starts = append(starts, r)
	}
	slices.SortFunc(starts, func(a, b Run) int { return int(a.Wall - b.Wall) })
	p.Start = starts[1]
	q := pool[(n/2)%len(pool)]
	if p.Ask, err = bin("ask", q.Title); err != nil {
		return p, err
	}
	frag := quoteFragment(pool, n)
	if p.Quote, err = bin("quote", frag); err != nil {
		return p, err
	}

	lib, st, _, err := retrieval.OpenDir(ctx, seeds, retrieval.Options{Path: idx, Logger: lg})
	if err != nil {
		return p, err
	}
	defer lib.Close()
	p.Passages = st.Passages
	t0 := time.Now()
	if _, err := lib.FindQuote(ctx, frag, "", 3); err != nil {
		return p, err
	}
	p.FirstQuote = time.Since(t0)
	arts := lib.Articles()
	p.MB = float64(dirBytes(seeds)) / 1e6
	queries := Titles(arts, o.Queries)
	var ds []time.Duration
	for pass := range 2 {
		for _, q := range queries {
			t0 := time.Now()
			if _, err := lib.Search(ctx, q, 10); err != nil {
				return p, err
			}
			if pass == 1 {
				ds = append(ds, time.Since(t0))
			}
		}
	}
	p.Search = metrics.Summarize(ds)
	lib.Close()

	// Today's path: every file read, parsed and split at each start.
	t0 = time.Now()
	all, _, err := retrieval.Load(ctx, seeds, lg)
	if err != nil {
		return p, err
	}
	old, _, err := retrieval.Open(ctx, all, retrieval.Options{Path: idx, Logger: lg})
	if err != nil {
		return p, err
	}
	p.OldStart = time.Since(t0)
	old.Close()
	return p, nil
}

// quoteFragment is a few words from inside a quotation of an article of
// the first n (or from the body of one, when none quotes anybody).
func quoteFragment(pool []*retrieval.Article, n int) string {
	for i := n / 3; i < min(n, len(pool)); i++ {
		t := pool[i].Text
		if s := strings.IndexAny(t, "\"“"); s >= 0 {
			ws := strings.Fields(t[s+1 : min(len(t), s+200)])
			if len(ws) >= 6 {
				return strings.Join(ws[:5], " ")
			}
		}
	}
	return strings.Join(strings.Fields(pool[0].Text)[:5], " ")
}

// runBinary runs the byline binary with env added to a copy of this
// process's environment stripped of model and Discord settings.
func runBinary(ctx context.Context, exe string, env []string, args ...string) (Run, error) {
	cmd := exec.CommandContext(ctx, exe, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OPENAI_") && !strings.HasPrefix(kv, "DISCORD_") && !strings.HasPrefix(kv, "FEEDS") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	t0 := time.Now()
	err := cmd.Run()
	r := Run{Wall: time.Since(t0)}
	if ps := cmd.ProcessState; ps != nil {
		r.CPU = ps.UserTime() + ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.RSSBytes = ru.Maxrss * 1024
		}
	}
	if err != nil {
		return r, fmt.Errorf("byline %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return r, nil
}

func dirBytes(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
