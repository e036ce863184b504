package retrieval

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// errNoDirs: Rescan of a library that was not opened from folders.
var errNoDirs = errors.New("rescan: the library was not opened from folders (OpenDir)")

// Rescan brings a library opened with [OpenDir] up to date with its
// folders, as OpenDir would at a start but while it is in use (through
// apply's one batch): a file whose size and modification time match what
// the library holds costs one stat; only new and changed files are read,
// and only those whose content changed are re-indexed. Files that cannot
// be read as an article are returned in skipped (and left out).
func (l *Library) Rescan(ctx context.Context) (SyncStats, []Skipped, error) {
	if l.dirs == nil {
		return SyncStats{}, nil, errNoDirs
	}
	listed := time.Now().UnixNano()
	srcs, skipped, err := listSources(ctx, l.dirs)
	if err != nil {
		return SyncStats{}, skipped, err
	}
	l.mu.RLock()
	written := l.written
	var toRead []int
	present := make(map[string]bool, len(srcs))
	for i, s := range srcs {
		present[s.id] = true
		if !vouches(l.entries[s.id], s, written) {
			toRead = append(toRead, i)
		}
	}
	var gone []string
	for id, e := range l.entries {
		if !present[id] && e.meta.Path != "" {
			gone = append(gone, id)
		}
	}
	l.mu.RUnlock()
	sk, err := readSources(ctx, srcs, toRead)
	skipped = append(skipped, sk...)
	if err != nil {
		return SyncStats{}, skipped, err
	}
	var changed []source
	for _, i := range toRead {
		if srcs[i].a != nil {
			changed = append(changed, srcs[i])
		} else {
			// No longer an article (skipped): it leaves the library, as
			// it would at a start.
			gone = append(gone, srcs[i].id)
		}
	}
	st, err := l.apply(ctx, changed, gone)
	if err == nil {
		l.mu.Lock()
		l.written = max(l.written, listed)
		l.mu.Unlock()
	}
	return st, skipped, err
}

// apply is Rescan's update (and the tests' Apply): srcs are read (a set). An article
// whose content did not change only has its file's size and time noted.
func (l *Library) apply(ctx context.Context, srcs []source, remove []string) (SyncStats, error) {
	var st SyncStats
	l.mu.RLock()
	var changed, restamped []source
	for _, s := range srcs {
		switch old, ok := l.entries[s.id]; {
		case !ok:
			st.Added++
			changed = append(changed, s)
		case old.meta.Hash != s.a.Hash:
			st.Updated++
			changed = append(changed, s)
		case old.meta.Path != s.a.Path || old.size != s.size || old.mtime != s.mtime:
			restamped = append(restamped, s)
		}
	}
	var gone []string
	for _, id := range remove {
		if _, ok := l.entries[id]; ok && !slices.ContainsFunc(srcs, func(s source) bool { return s.id == id }) {
			gone = append(gone, id)
		}
	}
	l.mu.RUnlock()
	st.Removed = len(gone)
	if len(changed) == 0 && len(gone) == 0 && len(restamped) == 0 {
		l.mu.RLock()
		defer l.mu.RUnlock()
		return l.stats(st), nil
	}
	all := make([]int, len(changed))
	for i := range all {
		all[i] = i
	}
	passages, err := splitSources(ctx, changed, all, l.tuning)
	if err != nil {
		return st, err
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.writePending(changed, passages, gone); err != nil {
		return st, err
	}
	if err := l.indexChanges(ctx, changed, passages, gone); err != nil {
		return st, err
	}
	l.replace(changed, passages, restamped, gone)
	if l.path != "" {
		if err := writeCatalog(l.path, newCatalog(l.tuning, l.entryList())); err != nil {
			return st, err
		}
	}
	l.lg.InfoContext(ctx, "library updated", "added", st.Added, "updated", st.Updated, "removed", st.Removed)
	return l.stats(st), nil
}

// indexChanges sends the changes to the index in one batch; l.mu is held
// for writing.
func (l *Library) indexChanges(ctx context.Context, changed []source, passages [][]Passage, gone []string) error {
	w := newBatcher(ctx, l.idx, l.afterBatch)
	for _, id := range gone {
		for seq := range len(l.entries[id].spans) {
			w.b.Delete(PassageID(id, seq))
		}
	}
	for i, s := range changed {
		if old := l.entries[s.id]; old != nil {
			for seq := len(passages[i]); seq < len(old.spans); seq++ {
				w.b.Delete(PassageID(s.id, seq))
			}
		}
		for _, p := range passages[i] {
			if err := w.index(p); err != nil {
				return err
			}
		}
	}
	if err := w.flush(); err != nil {
		return fmt.Errorf("update index: %w", err)
	}
	return nil
}

// stats fills in the totals; l.mu is held either way by the caller.
func (l *Library) stats(st SyncStats) SyncStats {
	st.Articles, st.Passages = len(l.entries), l.count
	return st
}

// entryList is every entry, in no order; l.mu is held.
func (l *Library) entryList() []*entry {
	out := make([]*entry, 0, len(l.entries))
	for _, e := range l.entries {
		out = append(out, e)
	}
	return out
}

// writePending writes the on-disk catalog with the changed and removed
// articles marked as under way (no hash, as many passages as the larger
// of their old and new counts); nothing for an in-memory library. l.mu
// is held for writing.
func (l *Library) writePending(changed []source, passages [][]Passage, gone []string) error {
	if l.path == "" {
		return nil
	}
	pending := newCatalog(l.tuning, l.entryList())
	oldCount := func(id string) int {
		if e := l.entries[id]; e != nil {
			return len(e.spans)
		}
		return 0
	}
	for i, s := range changed {
		pending.entries[s.id] = &entry{meta: &Article{ID: s.id}, spans: make([]pspan, max(len(passages[i]), oldCount(s.id)))}
	}
	for _, id := range gone {
		pending.entries[id] = &entry{meta: &Article{ID: id}, spans: make([]pspan, oldCount(id))}
	}
	return writeCatalog(l.path, pending)
}

// replace updates the in-memory entries and forgets what the caches hold
// of the articles that changed or went; l.mu is held for writing.
func (l *Library) replace(changed []source, passages [][]Passage, restamped []source, gone []string) {
	drop := func(id string) {
		if e := l.entries[id]; e != nil {
			l.count -= len(e.spans)
			l.textBytes -= e.textBytes()
		}
		delete(l.entries, id)
		l.texts.remove(id)
		l.speech.remove(id)
	}
	for _, id := range gone {
		drop(id)
	}
	for i, s := range changed {
		drop(s.id)
		e := entryOf(s, passages[i])
		l.entries[s.id] = e
		l.count += len(e.spans)
		l.textBytes += e.textBytes()
	}
	for _, s := range restamped {
		e := *l.entries[s.id]
		e.meta, e.size, e.mtime = entryOf(s, nil).meta, s.size, s.mtime
		l.entries[s.id] = &e
	}
	l.newest = l.newest[:0]
	for _, e := range l.entries {
		l.newest = append(l.newest, e.meta)
	}
	slices.SortFunc(l.newest, newestFirst)
	l.gen++ // SpeakerCounts counts again
}
