package retrieval

import (
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
)

// ErrIndexLocked is returned by Open when another process holds the index.
var ErrIndexLocked = errors.New("index is in use by another process")

// Options configures Open.
type Options struct {
	// Path is the folder of the on-disk index. "" builds an in-memory index
	// (still BM25), for tests and evaluation.
	Path   string
	Logger *slog.Logger
	// Progress, when set, is called as articles are indexed.
	Progress func(done, total int)
	// Rebuild forces a full rebuild even when the manifest says nothing changed.
	Rebuild bool
	// Tuning replaces DefaultTuning for splitting and searching (evaluation
	// passes the values it measures). A change of its passage size knobs
	// rebuilds an on-disk index.
	Tuning *Tuning
	// LockTimeout is how long Open waits for an index another process holds
	// before failing with ErrIndexLocked; 0 means one second.
	LockTimeout time.Duration
}

// SyncStats says what Open did to bring the index up to date.
type SyncStats struct {
	Articles, Passages      int // in the index after the sync
	Added, Updated, Removed int // articles
	Rebuilt                 bool
}

// Library is the searchable collection: the articles, their passages and the
// Bleve index over the passages. It is safe for concurrent use.
type Library struct {
	// mu guards the articles, passages and speech below and orders index
	// updates (Apply, which takes it for writing) against readers, so that a
	// reader sees the library before or after an update, never half of it.
	mu sync.RWMutex

	path   string // on-disk index folder; "" for in-memory
	idx    bleve.Index
	an     analysis.Analyzer
	tuning Tuning
	lg     *slog.Logger

	articles map[string]*Article
	newest   []*Article           // newest first
	passages map[string][]Passage // by article id, in order
	count    int                  // passages

	// Sentences, words and quoted speech are worked out on first use: the
	// evaluation opens large libraries that never look up a quote.
	speechOnce sync.Once
	speech     map[string]*articleSpeech

	closeOnce sync.Once
	closeErr  error
}

// newLibrary holds the articles and passages in memory; the index is set by Open.
func newLibrary(articles []*Article, passages [][]Passage, t Tuning, lg *slog.Logger) *Library {
	l := &Library{
		tuning:   t,
		lg:       lg,
		articles: make(map[string]*Article, len(articles)),
		passages: make(map[string][]Passage, len(articles)),
		newest:   slices.Clone(articles),
	}
	for i, a := range articles {
		l.articles[a.ID] = a
		l.passages[a.ID] = passages[i]
		l.count += len(passages[i])
	}
	sortNewest(l.newest)
	return l
}

// Close releases the index.
func (l *Library) Close() error {
	l.closeOnce.Do(func() {
		if l.idx != nil {
			l.closeErr = l.idx.Close()
		}
	})
	return l.closeErr
}

// Articles returns every article, newest first (undated last, then by title).
func (l *Library) Articles() []*Article {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return slices.Clone(l.newest)
}

// Article returns the article with the given id.
func (l *Library) Article(id string) (*Article, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	a, ok := l.articles[id]
	return a, ok
}

// Passages returns an article's passages in order.
func (l *Library) Passages(articleID string) []Passage {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return slices.Clone(l.passages[articleID])
}

// Passage returns the passage with the given id.
func (l *Library) Passage(id string) (Passage, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.passage(id)
}

// passage is Passage for callers that hold l.mu.
func (l *Library) passage(id string) (Passage, bool) {
	aid, seq, ok := parsePassageID(id)
	if !ok {
		return Passage{}, false
	}
	ps := l.passages[aid]
	if seq >= len(ps) {
		return Passage{}, false
	}
	return ps[seq], true
}

// Tuning returns the knobs this library splits and searches with.
func (l *Library) Tuning() Tuning { return l.tuning }
