package retrieval

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Apply updates a library in use: upsert adds new articles and replaces
// those whose ID is already there (when their Hash changed), remove drops
// articles by ID. The index changes in one Bleve batch, applied while
// readers wait, so a search sees the library before or after the update,
// never half of it; the on-disk manifest records the change (marking it
// pending first, so that a crash part-way is repaired by the next Open).
func (l *Library) Apply(ctx context.Context, upsert []*Article, remove []string) (SyncStats, error) {
	var st SyncStats
	upsert = uniqueArticles(ctx, upsert, l.lg)
	l.mu.RLock()
	var changed []*Article
	for _, a := range upsert {
		switch old, ok := l.articles[a.ID]; {
		case !ok:
			st.Added++
			changed = append(changed, a)
		case old.Hash != a.Hash:
			st.Updated++
			changed = append(changed, a)
		}
	}
	var gone []string
	for _, id := range remove {
		if _, ok := l.articles[id]; ok && !slices.ContainsFunc(upsert, func(a *Article) bool { return a.ID == id }) {
			gone = append(gone, id)
		}
	}
	l.mu.RUnlock()
	st.Removed = len(gone)
	if len(changed) == 0 && len(gone) == 0 {
		return l.stats(st), nil
	}
	passages, err := splitAll(ctx, changed, l.tuning)
	if err != nil {
		return st, err
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	m, err := l.pendingManifest(changed, passages, gone)
	if err != nil {
		return st, err
	}
	b := l.idx.NewBatch()
	for _, id := range gone {
		for seq := range len(l.passages[id]) {
			b.Delete(PassageID(id, seq))
		}
	}
	for i, a := range changed {
		for seq := len(passages[i]); seq < len(l.passages[a.ID]); seq++ {
			b.Delete(PassageID(a.ID, seq))
		}
		for _, p := range passages[i] {
			if err := b.Index(p.ID, passageDoc(p)); err != nil {
				return st, fmt.Errorf("index passage %s: %w", p.ID, err)
			}
		}
	}
	if err := l.idx.Batch(b); err != nil {
		return st, fmt.Errorf("update index: %w", err)
	}
	l.replace(changed, passages, gone)
	if m != nil {
		for i, a := range changed {
			m.Articles[a.ID] = manifestEntry{Hash: a.Hash, Passages: len(passages[i])}
		}
		if err := writeManifest(l.path, *m); err != nil {
			return st, err
		}
	}
	l.lg.InfoContext(ctx, "library updated", "added", st.Added, "updated", st.Updated, "removed", st.Removed)
	return l.stats(st), nil
}

// stats fills in the totals; l.mu may be held either way by the caller.
func (l *Library) stats(st SyncStats) SyncStats {
	st.Articles, st.Passages = len(l.articles), l.count
	return st
}

// pendingManifest writes the on-disk manifest with the changed and removed
// articles marked as under way (no hash), and returns it for the final
// write; nil for an in-memory library.
func (l *Library) pendingManifest(changed []*Article, passages [][]Passage, gone []string) (*manifest, error) {
	if l.path == "" {
		return nil, nil
	}
	m, err := readManifest(l.path)
	if err != nil {
		return nil, err
	}
	for i, a := range changed {
		m.Articles[a.ID] = manifestEntry{Passages: max(len(passages[i]), len(l.passages[a.ID]))}
	}
	for _, id := range gone {
		m.Articles[id] = manifestEntry{Passages: len(l.passages[id])}
	}
	if err := writeManifest(l.path, m); err != nil {
		return nil, err
	}
	for _, id := range gone {
		delete(m.Articles, id)
	}
	return &m, nil
}

// replace updates the in-memory articles, passages and quoted speech; l.mu
// is held for writing.
func (l *Library) replace(changed []*Article, passages [][]Passage, gone []string) {
	for _, id := range gone {
		l.count -= len(l.passages[id])
		delete(l.articles, id)
		delete(l.passages, id)
		if l.speech != nil {
			delete(l.speech, id)
		}
	}
	for i, a := range changed {
		l.count += len(passages[i]) - len(l.passages[a.ID])
		l.articles[a.ID] = a
		l.passages[a.ID] = passages[i]
		if l.speech != nil {
			l.speech[a.ID] = l.safeAnalyzeSpeech(a)
		}
	}
	l.newest = l.newest[:0]
	for _, a := range l.articles {
		l.newest = append(l.newest, a)
	}
	sortNewest(l.newest)
}

// sortNewest orders articles newest first (undated last, then by title and id).
func sortNewest(as []*Article) {
	slices.SortStableFunc(as, func(a, b *Article) int {
		switch {
		case a.Date.IsZero() != b.Date.IsZero():
			if a.Date.IsZero() {
				return 1
			}
			return -1
		case !a.Date.Equal(b.Date):
			return b.Date.Compare(a.Date)
		case a.Title != b.Title:
			return strings.Compare(a.Title, b.Title)
		}
		return strings.Compare(a.ID, b.ID)
	})
}
