package retrieval

import (
	"cmp"
	"errors"
	"log/slog"
	"slices"
	"strings"
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
	// MoreDirs are further folders of articles that OpenDir reads beside
	// its own (fetched articles).
	MoreDirs []Dir
	// TextCacheBytes bounds the article texts read again from their files
	// and kept for the next answer; 0 means DefaultTextCacheBytes.
	TextCacheBytes int64
	// SpeechCacheBytes bounds the sentences, words and quotes worked out
	// per article; 0 means DefaultSpeechCacheBytes.
	SpeechCacheBytes int64
	// NearScanWords: up to this many words in the library (about 6 bytes
	// a word), quotes are looked for in every sentence; above it only in
	// the articles the index finds for them. 0 means
	// DefaultNearScanWords; a negative value always takes the index's way.
	NearScanWords int
	// AfterBatch, when set (by tests), runs after each Bleve batch of a
	// build or an update; an error from it aborts the work as a crash
	// would.
	AfterBatch func(batches int) error
}

// DefaultNearScanWords is Options.NearScanWords' default: the speech data
// of half a million words (about 3 MB of text) fits the speech cache.
const DefaultNearScanWords = 500_000

// SyncStats says what Open did to bring the index up to date.
type SyncStats struct {
	Articles, Passages      int // in the index after the sync
	Added, Updated, Removed int // articles
	Rebuilt                 bool
}

// Default cache sizes (Options.TextCacheBytes, Options.SpeechCacheBytes).
const (
	DefaultTextCacheBytes   = 32 << 20
	DefaultSpeechCacheBytes = 64 << 20
)

// Library is the searchable collection: the articles, their passages and the
// Bleve index over the passages. It is safe for concurrent use.
//
// It holds each article's metadata and passage offsets; the text of an
// article opened from files ([OpenDir]) is read again when an answer needs
// it, and sentences, words and quoted speech are worked out per article
// on first use; both are cached within a bound, so that memory grows with
// what users ask, not with the library.
type Library struct {
	// mu guards the entries, newest, count and textBytes below and orders
	// index updates (Apply, which takes it for writing) against readers,
	// so that a reader sees the library before or after an update, never
	// half of it. Public methods take it; the unexported ones they call
	// (article, passage, search, eachSpeech, ...) expect it held and must
	// never call a public one: a read lock taken twice deadlocks against
	// a waiting writer.
	mu sync.RWMutex

	path   string // on-disk index folder; "" for in-memory
	idx    bleve.Index
	an     analysis.Analyzer
	tuning Tuning
	lg     *slog.Logger

	entries   map[string]*entry
	newest    []*Article // metadata, newest first
	count     int        // passages
	textBytes int64      // of all articles' text

	nearScanWords int64                   // see Options.NearScanWords
	afterBatch    func(batches int) error // Options.AfterBatch
	dirs          []Dir                   // the folders OpenDir read (the main one first); nil for Open
	written       int64                   // when the entries were last checked against their files (Unix ns)

	texts  *lru[*Article]       // articles read again from their files
	speech *lru[*articleSpeech] // by article id

	// gen counts the updates (Apply, Rescan); guarded by mu.
	gen uint64
	// speakers counts the library's quotes by speaker as of update
	// speakersGen, worked out on first use (SpeakerCounts); guarded by
	// speakersMu, which is taken before mu, never while holding it.
	speakersMu  sync.Mutex
	speakers    map[string]int
	speakersGen uint64

	closeOnce sync.Once
	closeErr  error
}

// newLibrary holds the entries in memory over idx.
func newLibrary(idx bleve.Index, entries []*entry, t Tuning, lg *slog.Logger, opts Options) *Library {
	l := &Library{
		idx:     idx,
		an:      idx.Mapping().AnalyzerNamed(analyzerName),
		tuning:  t,
		lg:      lg,
		entries: make(map[string]*entry, len(entries)),
		newest:  make([]*Article, 0, len(entries)),
		texts: newLRU(cmp.Or(opts.TextCacheBytes, DefaultTextCacheBytes), func(a *Article) int64 {
			return int64(len(a.Text)) + 256
		}),
		speech:        newLRU(cmp.Or(opts.SpeechCacheBytes, DefaultSpeechCacheBytes), (*articleSpeech).weight),
		nearScanWords: int64(cmp.Or(opts.NearScanWords, DefaultNearScanWords)),
		written:       time.Now().UnixNano(),
		afterBatch:    opts.AfterBatch,
	}
	for _, e := range entries {
		l.entries[e.meta.ID] = e
		l.newest = append(l.newest, e.meta)
		l.count += len(e.spans)
		l.textBytes += e.textBytes()
	}
	// Entries come newest first from a catalog written by this code with
	// nothing changed since: checking costs one comparison per article,
	// sorting (200k articles) about half a second.
	if !slices.IsSortedFunc(l.newest, newestFirst) {
		slices.SortFunc(l.newest, newestFirst)
	}
	return l
}

// newestFirst orders articles newest first, undated last, then by title
// and id.
func newestFirst(a, b *Article) int {
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

// Articles returns every article, newest first (undated last, then by
// title). Their Text may be empty: an article opened from files holds
// only its metadata; [Library.Article] returns it with its text.
func (l *Library) Articles() []*Article {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return slices.Clone(l.newest)
}

// Article returns the article with the given id, with its text. It is
// false for an unknown id and for an article whose file can no longer be
// read as it was indexed (changed or gone since; logged).
func (l *Library) Article(id string) (*Article, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.article(id)
}

// article is Article for callers that hold l.mu.
func (l *Library) article(id string) (*Article, bool) {
	e, ok := l.entries[id]
	if !ok {
		return nil, false
	}
	a, err := l.text(e)
	if err != nil {
		l.lg.Warn("article text unavailable", "article", id, "path", e.meta.Path, "err", err)
		return nil, false
	}
	return a, true
}

// errChanged: an article's file no longer holds what was indexed.
var errChanged = errors.New("the file changed since it was indexed; the next sync re-indexes it")

// text returns e's article with its text: held in memory, cached, or read
// and parsed again from its file and checked against the indexed hash.
func (l *Library) text(e *entry) (*Article, error) {
	if e.meta.Text != "" || e.meta.Path == "" || len(e.spans) == 0 {
		return e.meta, nil
	}
	if a, ok := l.texts.get(e.meta.ID); ok {
		return a, nil
	}
	a, err := readArticle(e.meta.ID, e.meta.Path)
	if err != nil {
		return nil, err
	}
	if a.Hash != e.meta.Hash {
		return nil, errChanged
	}
	// The entry's metadata, not the fresh parse's: one copy of each title.
	out := *e.meta
	out.Text = a.Text
	l.texts.put(e.meta.ID, &out)
	return &out, nil
}

// Passages returns an article's passages in order (none when its text
// cannot be read).
func (l *Library) Passages(articleID string) []Passage {
	l.mu.RLock()
	defer l.mu.RUnlock()
	e, ok := l.entries[articleID]
	if !ok {
		return nil
	}
	a, ok := l.article(articleID)
	if !ok {
		return nil
	}
	out := make([]Passage, len(e.spans))
	for i := range e.spans {
		out[i] = passageOf(a, e.spans[i], i)
	}
	return out
}

// PassageCount is the number of passages of an article, without reading
// its text.
func (l *Library) PassageCount(articleID string) int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if e, ok := l.entries[articleID]; ok {
		return len(e.spans)
	}
	return 0
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
	e, ok := l.entries[aid]
	if !ok || seq >= len(e.spans) {
		return Passage{}, false
	}
	a, ok := l.article(aid)
	if !ok {
		return Passage{}, false
	}
	return passageOf(a, e.spans[seq], seq), true
}

func passageOf(a *Article, s pspan, seq int) Passage {
	return Passage{
		ID:        PassageID(a.ID, seq),
		ArticleID: a.ID,
		Seq:       seq,
		Text:      a.Text[s.start:s.end],
		Start:     int(s.start),
		End:       int(s.end),
		Title:     a.Title,
		Author:    a.Author,
		Date:      a.Date,
	}
}

// Tuning returns the knobs this library splits and searches with.
func (l *Library) Tuning() Tuning { return l.tuning }
