package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolt "go.etcd.io/bbolt"
)

// batchSize is how many passages go to the index in one batch: big enough
// to amortise segment creation, small enough to report progress.
const batchSize = 2000

// afterBatch, when set (by tests), runs after each batch of a full build
// or an update; an error from it aborts the work as a crash would.
var afterBatch func(batches int) error

// Open opens (or creates) the index at opts.Path and brings it up to date
// with articles, re-indexing only the articles whose Hash changed.
//
// An on-disk index records its articles' hashes in a manifest inside the
// index folder. Unchanged articles are left alone; changed ones are
// re-indexed and removed ones deleted, in batches. A full rebuild (no
// index yet, a mapping or passage-size change, opts.Rebuild, or an index
// that cannot be read) is built in a sibling folder and swapped in with a
// rename, so a failed build leaves the previous index in place. An index
// that another process holds fails with an error wrapping ErrIndexLocked
// after opts.LockTimeout.
//
// Articles with an empty or repeated ID are dropped with a log line.
func Open(ctx context.Context, articles []*Article, opts Options) (*Library, SyncStats, error) {
	lg := opts.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	t := DefaultTuning
	if opts.Tuning != nil {
		t = *opts.Tuning
	}
	articles = uniqueArticles(ctx, articles, lg)
	passages, err := splitAll(ctx, articles, t)
	if err != nil {
		return nil, SyncStats{}, err
	}
	lib := newLibrary(articles, passages, t, lg)

	var stats SyncStats
	if opts.Path == "" {
		// bleve.New with no path is an in-memory scorch index, which honours
		// the BM25 scoring model; bleve.NewMemOnly (upsidedown) would
		// silently score with tf-idf.
		idx, err := bleve.New("", newMapping())
		if err != nil {
			return nil, stats, fmt.Errorf("create in-memory index: %w", err)
		}
		if err := indexAll(ctx, idx, articles, passages, opts.Progress); err != nil {
			idx.Close()
			return nil, stats, fmt.Errorf("build in-memory index: %w", err)
		}
		lib.idx = idx
		stats = SyncStats{Added: len(articles), Rebuilt: true}
	} else {
		lib.path = filepath.Clean(opts.Path)
		lib.idx, stats, err = syncIndex(ctx, articles, passages, t, opts, lg)
		if err != nil {
			return nil, stats, err
		}
	}
	lib.an = lib.idx.Mapping().AnalyzerNamed(analyzerName)
	if lib.an == nil {
		lib.idx.Close()
		return nil, stats, fmt.Errorf("open index: analyzer %q missing", analyzerName)
	}
	stats.Articles = len(articles)
	stats.Passages = lib.count
	lg.InfoContext(ctx, "index ready", "path", opts.Path, "articles", stats.Articles, "passages", stats.Passages,
		"added", stats.Added, "updated", stats.Updated, "removed", stats.Removed, "rebuilt", stats.Rebuilt)
	return lib, stats, nil
}

func uniqueArticles(ctx context.Context, articles []*Article, lg *slog.Logger) []*Article {
	seen := make(map[string]bool, len(articles))
	out := make([]*Article, 0, len(articles))
	for _, a := range articles {
		switch {
		case a == nil:
			continue
		case a.ID == "" || strings.ContainsAny(a.ID, "#\x00"):
			lg.WarnContext(ctx, "article dropped: empty id or id with '#'", "id", a.ID, "path", a.Path)
			continue
		case seen[a.ID]:
			lg.WarnContext(ctx, "article dropped: repeated id", "id", a.ID, "path", a.Path)
			continue
		}
		seen[a.ID] = true
		if a.Hash == "" {
			a.Hash = hashArticle(a)
		}
		out = append(out, a)
	}
	return out
}

// splitAll splits the articles in parallel.
func splitAll(ctx context.Context, articles []*Article, t Tuning) ([][]Passage, error) {
	out := make([][]Passage, len(articles))
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(articles); i += workers {
				if i%256 == 0 && ctx.Err() != nil {
					return
				}
				out[i] = SplitWith(articles[i], t)
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("split articles: %w", err)
	}
	return out, nil
}

// indexAll adds every passage of the articles to idx, in batches.
func indexAll(ctx context.Context, idx bleve.Index, articles []*Article, passages [][]Passage, progress func(done, total int)) error {
	b := idx.NewBatch()
	batches := 0
	flush := func() error {
		if b.Size() == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := idx.Batch(b); err != nil {
			return err
		}
		// A fresh batch, not b.Reset(): scorch's Batch leaves a goroutine
		// ranging over the old batch's operations after it returns.
		b = idx.NewBatch()
		batches++
		if afterBatch != nil {
			return afterBatch(batches)
		}
		return nil
	}
	for i := range articles {
		for _, p := range passages[i] {
			if err := b.Index(p.ID, passageDoc(p)); err != nil {
				return fmt.Errorf("index passage %s: %w", p.ID, err)
			}
		}
		if b.Size() >= batchSize {
			if err := flush(); err != nil {
				return err
			}
			if progress != nil {
				progress(i+1, len(articles))
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if progress != nil {
		progress(len(articles), len(articles))
	}
	return nil
}

// openIndex opens an existing on-disk index, failing after timeout when
// another process holds it (bbolt's file lock; without a timeout bleve
// would wait forever). A damaged bolt file makes bbolt panic ("assertion
// failed: Page expected to be …") while scorch reads its snapshot, before
// scorch starts any goroutine: that panic is turned into an error, so the
// caller rebuilds the index instead of the process dying at every start.
func openIndex(path string, timeout time.Duration) (idx bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			idx, err = nil, fmt.Errorf("open index %s: index damaged: %v", path, r)
		}
	}()
	idx, err = bleve.OpenUsing(path, map[string]any{"bolt_timeout": timeout.String()})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("open index %s: %w (another byline process has it open; stop it or set another INDEX_PATH)", path, ErrIndexLocked)
		}
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return idx, nil
}

// syncIndex brings the on-disk index at opts.Path up to date.
func syncIndex(ctx context.Context, articles []*Article, passages [][]Passage, t Tuning, opts Options, lg *slog.Logger) (bleve.Index, SyncStats, error) {
	path := filepath.Clean(opts.Path)
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = time.Second
	}
	removeStaleBuilds(path, lg)
	reason := "forced rebuild"
	if _, err := os.Stat(path); err != nil {
		reason = "no index yet"
	} else if err := waitUnlocked(path, timeout); err != nil {
		return nil, SyncStats{}, err
	} else if !opts.Rebuild {
		err := checkIntegrity(path)
		var idx bleve.Index
		if err == nil {
			idx, err = openIndex(path, timeout)
		}
		switch {
		case errors.Is(err, ErrIndexLocked):
			return nil, SyncStats{}, err
		case err != nil:
			reason = "index unreadable: " + err.Error()
		default:
			m, err := readManifest(path)
			switch {
			case err != nil:
				reason = err.Error()
			case m.Version != indexVersion(t):
				reason = fmt.Sprintf("index version %q, want %q", m.Version, indexVersion(t))
			default:
				stats, err := updateIndex(ctx, idx, path, m, articles, passages, t, opts.Progress)
				if err != nil {
					idx.Close()
					return nil, stats, fmt.Errorf("update index %s: %w", path, err)
				}
				return idx, stats, nil
			}
			idx.Close()
		}
	}
	lg.InfoContext(ctx, "building index", "path", path, "reason", reason, "articles", len(articles))
	if err := rebuild(ctx, path, articles, passages, t, opts.Progress, lg); err != nil {
		return nil, SyncStats{}, err
	}
	idx, err := openIndex(path, timeout)
	if err != nil {
		return nil, SyncStats{}, err
	}
	return idx, SyncStats{Added: len(articles), Rebuilt: true}, nil
}

// updateIndex applies the differences between the manifest and articles.
func updateIndex(ctx context.Context, idx bleve.Index, dir string, m manifest, articles []*Article, passages [][]Passage, t Tuning, progress func(done, total int)) (SyncStats, error) {
	var stats SyncStats
	current := make(map[string]bool, len(articles))
	var touched []int // indexes into articles
	for i, a := range articles {
		current[a.ID] = true
		old, ok := m.Articles[a.ID]
		switch {
		case !ok:
			stats.Added++
			touched = append(touched, i)
		case old.Hash != a.Hash:
			stats.Updated++
			touched = append(touched, i)
		}
	}
	var removed []string
	for id := range m.Articles {
		if !current[id] {
			removed = append(removed, id)
		}
	}
	stats.Removed = len(removed)
	if len(touched) == 0 && len(removed) == 0 {
		return stats, nil
	}

	// Mark everything about to change as pending first: if the process dies
	// half-way, the next sync re-indexes those articles and deletes up to
	// the larger of their old and new passage counts.
	pending := manifest{Version: m.Version, Articles: make(map[string]manifestEntry, len(m.Articles)+stats.Added)}
	for id, e := range m.Articles {
		pending.Articles[id] = e
	}
	for _, i := range touched {
		a := articles[i]
		n := max(len(passages[i]), m.Articles[a.ID].Passages)
		pending.Articles[a.ID] = manifestEntry{Passages: n}
	}
	for _, id := range removed {
		pending.Articles[id] = manifestEntry{Passages: m.Articles[id].Passages}
	}
	if err := writeManifest(dir, pending); err != nil {
		return stats, err
	}

	b := idx.NewBatch()
	flush := func() error {
		if b.Size() == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := idx.Batch(b); err != nil {
			return err
		}
		// A fresh batch, not b.Reset(): scorch's Batch leaves a goroutine
		// ranging over the old batch's operations after it returns.
		b = idx.NewBatch()
		if afterBatch != nil {
			return afterBatch(0)
		}
		return nil
	}
	for _, id := range removed {
		for seq := range m.Articles[id].Passages {
			b.Delete(PassageID(id, seq))
		}
	}
	for done, i := range touched {
		a := articles[i]
		for seq := len(passages[i]); seq < pending.Articles[a.ID].Passages; seq++ {
			b.Delete(PassageID(a.ID, seq))
		}
		for _, p := range passages[i] {
			if err := b.Index(p.ID, passageDoc(p)); err != nil {
				return stats, fmt.Errorf("index passage %s: %w", p.ID, err)
			}
		}
		if b.Size() >= batchSize {
			if err := flush(); err != nil {
				return stats, err
			}
			if progress != nil {
				progress(done+1, len(touched))
			}
		}
	}
	if err := flush(); err != nil {
		return stats, err
	}
	if progress != nil {
		progress(len(touched), len(touched))
	}
	return stats, writeManifest(dir, newManifest(t, articles, passages))
}

// rebuild builds a fresh index beside path and swaps it in. A failure at
// any point before the swap leaves path as it was.
func rebuild(ctx context.Context, path string, articles []*Article, passages [][]Passage, t Tuning, progress func(done, total int), lg *slog.Logger) error {
	parent, base := filepath.Dir(path), filepath.Base(path)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("build index %s: %w", path, err)
	}
	if err := checkReplaceable(path); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".build-")
	if err != nil {
		return fmt.Errorf("build index %s: %w", path, err)
	}
	defer os.RemoveAll(tmp)
	built := filepath.Join(tmp, "index")
	idx, err := bleve.New(built, newMapping())
	if err != nil {
		return fmt.Errorf("build index %s: %w", path, err)
	}
	err = indexAll(ctx, idx, articles, passages, progress)
	if err == nil {
		err = writeManifest(built, newManifest(t, articles, passages))
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("build index %s: %w", path, err)
	}

	// Swap: move the old index aside, move the new one in, then delete the
	// old one. Two renames, because a folder cannot be renamed over a
	// non-empty one; if the second fails the old index is put back.
	old := ""
	if _, err := os.Stat(path); err == nil {
		old = filepath.Join(tmp, "old")
		if err := os.Rename(path, old); err != nil {
			return fmt.Errorf("swap index %s: %w", path, err)
		}
	}
	if err := os.Rename(built, path); err != nil {
		if old != "" {
			if rerr := os.Rename(old, path); rerr != nil {
				lg.Error("could not restore the previous index", "path", path, "from", old, "err", rerr)
			}
		}
		return fmt.Errorf("swap index %s: %w", path, err)
	}
	return nil
}

// checkReplaceable refuses to replace a folder that is not a Byline index:
// a mistyped INDEX_PATH must not delete somebody's files.
func checkReplaceable(path string) error {
	entries, err := os.ReadDir(path)
	if errors.Is(err, os.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil
	}
	if err != nil {
		return fmt.Errorf("build index %s: %w", path, err)
	}
	for _, name := range []string{manifestName, "index_meta.json"} {
		if _, err := os.Stat(filepath.Join(path, name)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("build index %s: the folder exists and is not a Byline index; refusing to replace it", path)
}
