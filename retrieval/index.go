package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolt "go.etcd.io/bbolt"
)

// batchSize is how many passages go to the index in one batch: big enough
// to amortise segment creation, small enough to report progress.
const batchSize = 2000

// chunkArticles is how many articles a full build reads, splits and
// indexes at a time: a build of 200k articles never holds every text.
const chunkArticles = 4096

// racyWindow: a file modified this close to (or after) the moment the
// catalog was written may have changed again within the same timestamp
// tick without changing its size, so its size and time do not vouch for
// it; it is read and hashed again (and re-indexed only if its hash moved).
const racyWindow = int64(2 * time.Second)

// Open opens (or creates) the index at opts.Path and brings it up to date
// with articles, re-indexing only the articles whose Hash changed. The
// articles' text stays in memory; [OpenDir] keeps only what search needs.
//
// An on-disk index records its articles in a catalog inside the index
// folder (hash, metadata, passage offsets). Unchanged articles are left
// alone; changed ones are re-indexed and removed ones deleted, in
// batches. A full rebuild (no index yet, a mapping or passage-size change,
// opts.Rebuild, or an index that cannot be read) is built in a sibling
// folder, merged into one segment and swapped in with a rename, so a
// failed build leaves the previous index in place. An index that another
// process holds fails with an error wrapping ErrIndexLocked after
// opts.LockTimeout.
//
// Articles with an empty or repeated ID are dropped with a log line.
func Open(ctx context.Context, articles []*Article, opts Options) (*Library, SyncStats, error) {
	articles = uniqueArticles(ctx, articles, opts.logger())
	srcs := make([]source, len(articles))
	for i, a := range articles {
		srcs[i] = source{id: a.ID, a: a, keep: true}
	}
	lib, stats, _, err := open(ctx, srcs, opts)
	return lib, stats, err
}

// OpenDir is [Load] and [Open] in one, at the cost of one stat per
// unchanged file: the articles under dir are listed with their sizes and
// modification times, and only files the index's catalog does not vouch
// for (new, or a different size or time) are read, parsed and hashed; of
// those only the ones whose content changed are re-indexed. The Library
// then holds each article's metadata and passage offsets, not its text:
// [Library.Article] and the hits of a search read the text of the
// articles they need again from their files (checked against the hash),
// through a cache of bounded size. Files that cannot be read as an
// article are logged and returned in skipped.
func OpenDir(ctx context.Context, dir string, opts Options) (*Library, SyncStats, []Skipped, error) {
	lg := opts.logger()
	listed := time.Now().UnixNano()
	dirs := append([]Dir{{Path: dir}}, opts.MoreDirs...)
	srcs, skipped, err := listSources(ctx, dirs)
	if err != nil {
		return nil, SyncStats{}, nil, err
	}
	lib, stats, more, err := open(ctx, srcs, opts)
	skipped = append(skipped, more...)
	for _, s := range skipped {
		lg.WarnContext(ctx, "skipped file", "path", s.Path, "reason", s.Reason)
	}
	if lib != nil {
		lib.dirs, lib.written = dirs, listed
	}
	return lib, stats, skipped, err
}

// listSources lists the article files of dirs with their sizes and
// modification times, reading none; the first folder must exist, the
// others may not.
func listSources(ctx context.Context, dirs []Dir) ([]source, []Skipped, error) {
	var srcs []source
	var skipped []Skipped
	for i, d := range dirs {
		if _, err := os.Stat(d.Path); i > 0 && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		files, sk, err := listFiles(ctx, d.Path, true)
		if err != nil {
			return nil, nil, err
		}
		for _, f := range files {
			srcs = append(srcs, source{id: d.IDPrefix + f.id, path: f.path, size: f.size, mtime: f.mtime})
		}
		skipped = append(skipped, sk...)
	}
	return srcs, skipped, nil
}

// Dir is a further folder of articles for OpenDir (Options.MoreDirs):
// its ids start with IDPrefix, so that they never clash with the main
// folder's. A folder that does not exist is no error.
type Dir struct {
	Path, IDPrefix string
}

// source is one article to sync: already in memory (a set), or a file
// to read when the catalog does not vouch for it.
type source struct {
	id          string
	a           *Article
	path        string
	size, mtime int64
	// keep: the Library holds the text in memory (articles given to
	// Open); otherwise it is dropped once indexed and read again on demand.
	keep bool
}

// entryOf is the Library's entry for a source that was read.
func entryOf(s source, passages []Passage) *entry {
	meta := s.a
	if !s.keep {
		m := *s.a
		m.Text = ""
		meta = &m
	}
	spans := make([]pspan, len(passages))
	for i, p := range passages {
		spans[i] = pspan{int32(p.Start), int32(p.End)}
	}
	return &entry{meta: meta, size: s.size, mtime: s.mtime, spans: spans}
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

func (o Options) tuning() Tuning {
	if o.Tuning != nil {
		return *o.Tuning
	}
	return DefaultTuning
}

func open(ctx context.Context, srcs []source, opts Options) (*Library, SyncStats, []Skipped, error) {
	lg, t := opts.logger(), opts.tuning()
	var (
		idx     bleve.Index
		entries []*entry
		skipped []Skipped
		stats   SyncStats
		err     error
	)
	if opts.Path == "" {
		// bleve.New with no path is an in-memory scorch index, which honours
		// the BM25 scoring model; bleve.NewMemOnly (upsidedown) would
		// silently score with tf-idf.
		if idx, err = bleve.New("", newMapping(t)); err != nil {
			return nil, stats, nil, fmt.Errorf("create in-memory index: %w", err)
		}
		if entries, skipped, err = buildAll(ctx, idx, srcs, t, opts); err != nil {
			idx.Close()
			return nil, stats, skipped, fmt.Errorf("build in-memory index: %w", err)
		}
		stats = SyncStats{Added: len(entries), Rebuilt: true}
	} else if idx, entries, stats, skipped, err = syncIndex(ctx, srcs, t, opts, lg); err != nil {
		return nil, stats, skipped, err
	}
	lib := newLibrary(idx, entries, t, lg, opts)
	if opts.Path != "" {
		lib.path = filepath.Clean(opts.Path)
	}
	if lib.an == nil {
		idx.Close()
		return nil, stats, skipped, fmt.Errorf("open index: analyzer %q missing", analyzerName)
	}
	stats.Articles = len(entries)
	stats.Passages = lib.count
	lg.InfoContext(ctx, "index ready", "path", opts.Path, "articles", stats.Articles, "passages", stats.Passages,
		"added", stats.Added, "updated", stats.Updated, "removed", stats.Removed, "rebuilt", stats.Rebuilt)
	return lib, stats, skipped, nil
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

// readSources reads the files of the sources at idxs that are not in
// memory yet; a file that is not an article is reported in skipped and
// its source left without an article.
func readSources(ctx context.Context, srcs []source, idxs []int) ([]Skipped, error) {
	var files []articleFile
	var which []int
	for _, i := range idxs {
		if srcs[i].a == nil {
			files = append(files, articleFile{path: srcs[i].path, id: srcs[i].id})
			which = append(which, i)
		}
	}
	if len(files) == 0 {
		return nil, ctx.Err()
	}
	results, err := readFiles(ctx, files)
	if err != nil {
		return nil, fmt.Errorf("read articles: %w", err)
	}
	var skipped []Skipped
	for j, r := range results {
		if r.err != nil {
			skipped = append(skipped, Skipped{Path: files[j].path, Reason: r.err.Error()})
			continue
		}
		srcs[which[j]].a = r.a
	}
	return skipped, nil
}

// splitSources splits the articles of the sources at idxs in parallel.
func splitSources(ctx context.Context, srcs []source, idxs []int, t Tuning) ([][]Passage, error) {
	out := make([][]Passage, len(idxs))
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for j := w; j < len(idxs); j += workers {
				if j%256 == 0 && ctx.Err() != nil {
					return
				}
				if a := srcs[idxs[j]].a; a != nil {
					out[j] = SplitWith(a, t)
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("split articles: %w", err)
	}
	return out, nil
}

// batcher sends index and delete operations to Bleve in batches.
type batcher struct {
	ctx     context.Context
	idx     bleve.Index
	b       *bleve.Batch
	batches int
	after   func(batches int) error // Options.AfterBatch
}

func newBatcher(ctx context.Context, idx bleve.Index, after func(int) error) *batcher {
	return &batcher{ctx: ctx, idx: idx, b: idx.NewBatch(), after: after}
}

func (w *batcher) index(p Passage) error {
	if err := w.b.Index(p.ID, passageDoc(p)); err != nil {
		return fmt.Errorf("index passage %s: %w", p.ID, err)
	}
	return nil
}

func (w *batcher) full() bool { return w.b.Size() >= batchSize }

func (w *batcher) flush() error {
	if w.b.Size() == 0 {
		return nil
	}
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if err := w.idx.Batch(w.b); err != nil {
		return err
	}
	// A fresh batch, not b.Reset(): scorch's Batch leaves a goroutine
	// ranging over the old batch's operations after it returns.
	w.b = w.idx.NewBatch()
	w.batches++
	if w.after != nil {
		return w.after(w.batches)
	}
	return nil
}

// buildAll indexes every source into an empty index, a chunk of articles
// at a time: read (the files not yet in memory), split, index; the text of
// what was read from files is let go after its chunk.
func buildAll(ctx context.Context, idx bleve.Index, srcs []source, t Tuning, opts Options) ([]*entry, []Skipped, error) {
	var entries []*entry
	var skipped []Skipped
	defer lessGC()()
	w := newBatcher(ctx, idx, opts.AfterBatch)
	for from := 0; from < len(srcs); from += chunkArticles {
		chunk := make([]int, 0, chunkArticles)
		for i := from; i < min(len(srcs), from+chunkArticles); i++ {
			chunk = append(chunk, i)
		}
		sk, err := readSources(ctx, srcs, chunk)
		if err != nil {
			return nil, skipped, err
		}
		skipped = append(skipped, sk...)
		passages, err := splitSources(ctx, srcs, chunk, t)
		if err != nil {
			return nil, skipped, err
		}
		for j, i := range chunk {
			if srcs[i].a == nil {
				continue
			}
			for _, p := range passages[j] {
				if err := w.index(p); err != nil {
					return nil, skipped, err
				}
			}
			entries = append(entries, entryOf(srcs[i], passages[j]))
			if !srcs[i].keep {
				srcs[i].a = nil
			}
			if w.full() {
				if err := w.flush(); err != nil {
					return nil, skipped, err
				}
				if progress := opts.Progress; progress != nil {
					progress(i+1, len(srcs))
				}
			}
		}
	}
	if err := w.flush(); err != nil {
		return nil, skipped, err
	}
	if progress := opts.Progress; progress != nil {
		progress(len(srcs), len(srcs))
	}
	return entries, skipped, nil
}

// Garbage collection during a full build: Bleve's analysis and segment
// building allocate about 50 times the text they index, most of it garbage
// within a batch, and the collector's marking was 8-10% of the SciFact
// build's CPU. A build therefore lets the heap grow to buildGCPercent
// over the live heap, under a soft limit of buildMemoryLimit, and puts
// both settings back when it ends. A start with nothing changed keeps the
// default: the same settings saved it 13% of its CPU at 200k articles but
// left the process 100 MB larger (docs/SCALING.md).
const (
	buildGCPercent   = 400
	buildMemoryLimit = 512 << 20
)

// gcBuilds counts the builds running in this process: the first to start
// changes the collector's settings, the last to end restores them, so
// that overlapping builds do not restore each other's values.
var gcBuilds struct {
	sync.Mutex
	n              int
	percent, limit int64
}

// lessGC applies the build's garbage collection settings and returns
// the function that restores the previous ones. A memory limit the
// process already has (GOMEMLIMIT) is kept, and so is GOGC=off.
func lessGC() (restore func()) {
	gcBuilds.Lock()
	defer gcBuilds.Unlock()
	if gcBuilds.n == 0 {
		gcBuilds.limit = debug.SetMemoryLimit(-1)
		if gcBuilds.limit == math.MaxInt64 {
			debug.SetMemoryLimit(buildMemoryLimit)
		}
		gcBuilds.percent = int64(debug.SetGCPercent(buildGCPercent))
		if gcBuilds.percent < 0 {
			debug.SetGCPercent(-1)
		}
	}
	gcBuilds.n++
	return func() {
		gcBuilds.Lock()
		defer gcBuilds.Unlock()
		if gcBuilds.n--; gcBuilds.n == 0 {
			debug.SetGCPercent(int(gcBuilds.percent))
			debug.SetMemoryLimit(gcBuilds.limit)
		}
	}
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
func syncIndex(ctx context.Context, srcs []source, t Tuning, opts Options, lg *slog.Logger) (bleve.Index, []*entry, SyncStats, []Skipped, error) {
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
		return nil, nil, SyncStats{}, nil, err
	} else if !opts.Rebuild {
		err := checkIntegrity(path)
		var idx bleve.Index
		if err == nil {
			idx, err = openIndex(path, timeout)
		}
		switch {
		case errors.Is(err, ErrIndexLocked):
			return nil, nil, SyncStats{}, nil, err
		case err != nil:
			reason = "index unreadable: " + err.Error()
		default:
			cat, err := readCatalog(path)
			switch {
			case err != nil:
				reason = err.Error()
			case cat.version != indexVersion(t):
				reason = fmt.Sprintf("index version %q, want %q", cat.version, indexVersion(t))
			default:
				entries, stats, skipped, err := updateIndex(ctx, idx, path, cat, srcs, t, opts)
				if err != nil {
					idx.Close()
					return nil, nil, stats, skipped, fmt.Errorf("update index %s: %w", path, err)
				}
				return idx, entries, stats, skipped, nil
			}
			idx.Close()
		}
	}
	lg.InfoContext(ctx, "building index", "path", path, "reason", reason, "articles", len(srcs))
	entries, skipped, err := rebuild(ctx, path, srcs, t, opts, lg)
	if err != nil {
		return nil, nil, SyncStats{}, skipped, err
	}
	idx, err := openIndex(path, timeout)
	if err != nil {
		return nil, nil, SyncStats{}, skipped, err
	}
	return idx, entries, SyncStats{Added: len(entries), Rebuilt: true}, skipped, nil
}

// vouches reports whether the catalog's entry old stands for source s
// without reading it: same file, same size, same modification time, not
// modified just before the catalog was written, and not pending.
func vouches(old *entry, s source, written int64) bool {
	return s.a == nil && old != nil && old.meta.Hash != "" && old.meta.Path == s.path &&
		old.size == s.size && old.mtime == s.mtime && written-s.mtime > racyWindow
}

// updateIndex applies the differences between the catalog and the sources.
func updateIndex(ctx context.Context, idx bleve.Index, dir string, cat catalog, srcs []source, t Tuning, opts Options) ([]*entry, SyncStats, []Skipped, error) {
	var stats SyncStats
	entries := make([]*entry, len(srcs)) // nil: to index, or skipped
	var toRead []int
	for i, s := range srcs {
		if old := cat.entries[s.id]; vouches(old, s, cat.written) {
			entries[i] = old
		} else {
			toRead = append(toRead, i)
		}
	}
	skipped, err := readSources(ctx, srcs, toRead)
	if err != nil {
		return nil, stats, skipped, err
	}
	dirty := false // the catalog needs writing even if the index does not change
	var touched []int
	for _, i := range toRead {
		s := srcs[i]
		old := cat.entries[s.id]
		switch {
		case s.a == nil: // skipped
		case old == nil:
			stats.Added++
			touched = append(touched, i)
		case old.meta.Hash != s.a.Hash:
			stats.Updated++
			touched = append(touched, i)
		default:
			// Same content (a touched file, a moved clock): the catalog's
			// passages still stand; only the file's size and time are new.
			e := *old
			e.meta, e.size, e.mtime = entryOf(s, nil).meta, s.size, s.mtime
			entries[i] = &e
			dirty = dirty || !s.keep
			if !s.keep {
				srcs[i].a = nil
			}
		}
	}
	present := make(map[string]bool, len(srcs))
	for i, s := range srcs {
		if entries[i] != nil || s.a != nil {
			present[s.id] = true
		}
	}
	var removed []string
	for id := range cat.entries {
		if !present[id] {
			removed = append(removed, id)
		}
	}
	stats.Removed = len(removed)
	if len(touched) > 0 || len(removed) > 0 {
		if err := applyChanges(ctx, idx, dir, cat, srcs, entries, touched, removed, t, opts); err != nil {
			return nil, stats, skipped, err
		}
		dirty = true
	}
	out := make([]*entry, 0, len(entries))
	for _, e := range entries {
		if e != nil {
			out = append(out, e)
		}
	}
	if len(toRead) == 0 && len(removed) == 0 && len(cat.order) == len(out) {
		// Nothing changed: the catalog's order (newest first) saves the
		// Library its sort.
		out = cat.order
	}
	if dirty {
		if err := writeCatalog(dir, newCatalog(t, out)); err != nil {
			return nil, stats, skipped, err
		}
	}
	return out, stats, skipped, nil
}

// applyChanges indexes the touched sources and deletes the removed
// articles, filling in the entries of the touched ones.
func applyChanges(ctx context.Context, idx bleve.Index, dir string, cat catalog, srcs []source, entries []*entry, touched []int, removed []string, t Tuning, opts Options) error {
	passages, err := splitSources(ctx, srcs, touched, t)
	if err != nil {
		return err
	}
	// Mark everything about to change as pending first: if the process dies
	// half-way, the next sync re-indexes those articles and deletes up to
	// the larger of their old and new passage counts.
	pending := catalog{version: cat.version, entries: make(map[string]*entry, len(cat.entries)+len(touched))}
	for id, e := range cat.entries {
		pending.entries[id] = e
	}
	oldCount := func(id string) int {
		if e := cat.entries[id]; e != nil {
			return len(e.spans)
		}
		return 0
	}
	for j, i := range touched {
		id := srcs[i].id
		pending.entries[id] = &entry{meta: &Article{ID: id}, spans: make([]pspan, max(len(passages[j]), oldCount(id)))}
	}
	for _, id := range removed {
		pending.entries[id] = &entry{meta: &Article{ID: id}, spans: make([]pspan, oldCount(id))}
	}
	if err := writeCatalog(dir, pending); err != nil {
		return err
	}

	w := newBatcher(ctx, idx, opts.AfterBatch)
	for _, id := range removed {
		for seq := range oldCount(id) {
			w.b.Delete(PassageID(id, seq))
		}
	}
	for j, i := range touched {
		id := srcs[i].id
		for seq := len(passages[j]); seq < len(pending.entries[id].spans); seq++ {
			w.b.Delete(PassageID(id, seq))
		}
		for _, p := range passages[j] {
			if err := w.index(p); err != nil {
				return err
			}
		}
		entries[i] = entryOf(srcs[i], passages[j])
		if !srcs[i].keep {
			srcs[i].a = nil
		}
		if w.full() {
			if err := w.flush(); err != nil {
				return err
			}
			if progress := opts.Progress; progress != nil {
				progress(j+1, len(touched))
			}
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	if progress := opts.Progress; progress != nil {
		progress(len(touched), len(touched))
	}
	return nil
}

// newCatalog records entries under the index version of t.
func newCatalog(t Tuning, entries []*entry) catalog {
	c := catalog{version: indexVersion(t), entries: make(map[string]*entry, len(entries))}
	for _, e := range entries {
		c.entries[e.meta.ID] = e
	}
	return c
}

// rebuild builds a fresh index beside path, merges it into one segment
// and swaps it in. A failure at any point before the swap leaves path as
// it was.
func rebuild(ctx context.Context, path string, srcs []source, t Tuning, opts Options, lg *slog.Logger) ([]*entry, []Skipped, error) {
	parent, base := filepath.Dir(path), filepath.Base(path)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, nil, fmt.Errorf("build index %s: %w", path, err)
	}
	if err := checkReplaceable(path); err != nil {
		return nil, nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".build-")
	if err != nil {
		return nil, nil, fmt.Errorf("build index %s: %w", path, err)
	}
	defer os.RemoveAll(tmp)
	built := filepath.Join(tmp, "index")
	idx, err := bleve.New(built, newMapping(t))
	if err != nil {
		return nil, nil, fmt.Errorf("build index %s: %w", path, err)
	}
	entries, skipped, err := buildAll(ctx, idx, srcs, t, opts)
	if err == nil {
		err = forceMerge(ctx, idx)
	}
	if err == nil {
		err = writeCatalog(built, newCatalog(t, entries))
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, skipped, fmt.Errorf("build index %s: %w", path, err)
	}

	// Swap: move the old index aside, move the new one in, then delete the
	// old one. Two renames, because a folder cannot be renamed over a
	// non-empty one; if the second fails the old index is put back.
	old := ""
	if _, err := os.Stat(path); err == nil {
		old = filepath.Join(tmp, "old")
		if err := os.Rename(path, old); err != nil {
			return nil, skipped, fmt.Errorf("swap index %s: %w", path, err)
		}
	}
	if err := os.Rename(built, path); err != nil {
		if old != "" {
			if rerr := os.Rename(old, path); rerr != nil {
				lg.Error("could not restore the previous index", "path", path, "from", old, "err", rerr)
			}
		}
		return nil, skipped, fmt.Errorf("swap index %s: %w", path, err)
	}
	return entries, skipped, nil
}

// forceMerge merges a freshly built on-disk index into one segment: a
// search then walks one term dictionary instead of dozens (22 segments
// were left at 200k articles).
func forceMerge(ctx context.Context, idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("merge segments: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := s.ForceMerge(ctx, nil); err != nil {
		return fmt.Errorf("merge segments: %w", err)
	}
	return ctx.Err()
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
	for _, name := range []string{catalogName, "byline-manifest.json", "index_meta.json"} {
		if _, err := os.Stat(filepath.Join(path, name)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("build index %s: the folder exists and is not a Byline index; refusing to replace it", path)
}
