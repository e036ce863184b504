package retrieval

import (
	"context"
	"errors"
	"log/slog"
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
	// filled in by the implementation
}

// Open opens (or creates) the index at opts.Path and brings it up to date
// with articles, re-indexing only the articles whose Hash changed.
func Open(ctx context.Context, articles []*Article, opts Options) (*Library, SyncStats, error) {
	return nil, SyncStats{}, errors.New("not implemented")
}

// Close releases the index.
func (l *Library) Close() error { return nil }

// Articles returns every article, newest first (undated last, then by title).
func (l *Library) Articles() []*Article { return nil }

// Article returns the article with the given id.
func (l *Library) Article(id string) (*Article, bool) { return nil, false }

// Passages returns an article's passages in order.
func (l *Library) Passages(articleID string) []Passage { return nil }

// Passage returns the passage with the given id.
func (l *Library) Passage(id string) (Passage, bool) { return Passage{}, false }

// FindArticles returns the articles whose title matches s, best first:
// exact title, then partial / word-overlap matches. Empty when none match.
func (l *Library) FindArticles(s string) []*Article { return nil }

// Search returns up to k passages for an untrusted user query, best first.
// The query is never interpreted as Bleve query syntax.
func (l *Library) Search(ctx context.Context, query string, k int) ([]Hit, error) {
	return nil, errors.New("not implemented")
}

// FindQuote finds the verbatim sentences containing fragment: exact matches
// first (whitespace, punctuation and quote marks normalised), else the
// closest near matches with Exact=false. speaker, when not "", keeps only
// quotes attributed to that speaker (case-insensitive, partial names match).
func (l *Library) FindQuote(ctx context.Context, fragment, speaker string, k int) ([]QuoteMatch, error) {
	return nil, errors.New("not implemented")
}

// Quotes returns the quoted speech of every article, or of one speaker
// when speaker is not "" (case-insensitive, partial names match).
func (l *Library) Quotes(speaker string) []Quote { return nil }

// Terms analyses an untrusted query the way the index analyses text
// (English analyzer: lower case, stop words dropped, stemmed) and reports
// which of its terms occur somewhere in the index and which occur nowhere.
// Commands use it to refuse questions about things no article mentions.
func (l *Library) Terms(query string) (known, unknown []string) { return nil, nil }
