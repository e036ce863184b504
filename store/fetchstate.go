package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Feed is the fetch state of one followed feed.
type Feed struct {
	URL, Title         string
	ETag, LastModified string
	LastFetch          time.Time // zero: never fetched
	Status, Error      string
	Articles           int // pages stored from this feed (filled by Feeds)
}

// Page is one stored article fetched from the web.
type Page struct {
	URL, FeedURL       string // canonical URL; the feed it came from ("" for one added by hand)
	File, Title        string
	ContentHash        string
	ETag, LastModified string
	FetchedAt          time.Time
}

// Seen records that a link or feed item was handled.
type Seen struct {
	Key, PageURL, Version, Error string
	SeenAt                       time.Time
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func parseTimeText(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

// Feed returns the state of the feed at url; ok is false when it was never fetched.
func (db *DB) Feed(ctx context.Context, url string) (f Feed, ok bool, err error) {
	var last string
	err = db.sql.QueryRowContext(ctx, `SELECT url, title, etag, last_modified, last_fetch, status, error,
		(SELECT COUNT(*) FROM pages WHERE feed_url = feeds.url) FROM feeds WHERE url = ?`, url).
		Scan(&f.URL, &f.Title, &f.ETag, &f.LastModified, &last, &f.Status, &f.Error, &f.Articles)
	if errors.Is(err, sql.ErrNoRows) {
		return Feed{URL: url}, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("read feed state %s: %w", url, err)
	}
	f.LastFetch = parseTimeText(last)
	return f, true, nil
}

// SaveFeed records a feed's state.
func (db *DB) SaveFeed(ctx context.Context, f Feed) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO feeds (url, title, etag, last_modified, last_fetch, status, error)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET title = excluded.title, etag = excluded.etag,
			last_modified = excluded.last_modified, last_fetch = excluded.last_fetch,
			status = excluded.status, error = excluded.error`,
		f.URL, f.Title, f.ETag, f.LastModified, timeText(f.LastFetch), f.Status, f.Error)
	if err != nil {
		return fmt.Errorf("save feed state %s: %w", f.URL, err)
	}
	return nil
}

// Feeds returns the state of every feed ever fetched, by URL.
func (db *DB) Feeds(ctx context.Context) ([]Feed, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT url, title, etag, last_modified, last_fetch, status, error,
		(SELECT COUNT(*) FROM pages WHERE feed_url = feeds.url) FROM feeds ORDER BY url`)
	if err != nil {
		return nil, fmt.Errorf("list feeds: %w", err)
	}
	defer rows.Close()
	var out []Feed
	for rows.Next() {
		var f Feed
		var last string
		if err := rows.Scan(&f.URL, &f.Title, &f.ETag, &f.LastModified, &last, &f.Status, &f.Error, &f.Articles); err != nil {
			return nil, fmt.Errorf("list feeds: %w", err)
		}
		f.LastFetch = parseTimeText(last)
		out = append(out, f)
	}
	return out, rows.Err()
}

const pageColumns = `url, feed_url, file, title, content_hash, etag, last_modified, fetched_at`

func scanPage(row interface{ Scan(...any) error }) (Page, error) {
	var p Page
	var at string
	err := row.Scan(&p.URL, &p.FeedURL, &p.File, &p.Title, &p.ContentHash, &p.ETag, &p.LastModified, &at)
	p.FetchedAt = parseTimeText(at)
	return p, err
}

// Page returns the stored page with canonical URL url.
func (db *DB) Page(ctx context.Context, url string) (Page, bool, error) {
	return db.pageWhere(ctx, "url = ?", url)
}

// PageByHash returns a stored page whose text has the given hash.
func (db *DB) PageByHash(ctx context.Context, hash string) (Page, bool, error) {
	return db.pageWhere(ctx, "content_hash = ? ORDER BY fetched_at LIMIT 1", hash)
}

func (db *DB) pageWhere(ctx context.Context, where string, arg any) (Page, bool, error) {
	p, err := scanPage(db.sql.QueryRowContext(ctx, "SELECT "+pageColumns+" FROM pages WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Page{}, false, nil
	}
	if err != nil {
		return Page{}, false, fmt.Errorf("read page state: %w", err)
	}
	return p, true, nil
}

// SavePage records a stored page.
func (db *DB) SavePage(ctx context.Context, p Page) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO pages (`+pageColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET feed_url = CASE WHEN excluded.feed_url != '' THEN excluded.feed_url ELSE pages.feed_url END,
			file = excluded.file, title = excluded.title, content_hash = excluded.content_hash, etag = excluded.etag,
			last_modified = excluded.last_modified, fetched_at = excluded.fetched_at`,
		p.URL, p.FeedURL, p.File, p.Title, p.ContentHash, p.ETag, p.LastModified, timeText(p.FetchedAt))
	if err != nil {
		return fmt.Errorf("save page state %s: %w", p.URL, err)
	}
	return nil
}

// Seen returns what is recorded for a link or feed item key.
func (db *DB) Seen(ctx context.Context, key string) (Seen, bool, error) {
	var s Seen
	var at string
	err := db.sql.QueryRowContext(ctx, `SELECT key, page_url, version, error, seen_at FROM seen WHERE key = ?`, key).
		Scan(&s.Key, &s.PageURL, &s.Version, &s.Error, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Seen{}, false, nil
	}
	if err != nil {
		return Seen{}, false, fmt.Errorf("read seen %s: %w", key, err)
	}
	s.SeenAt = parseTimeText(at)
	return s, true, nil
}

// SaveSeen records a link or feed item as handled.
func (db *DB) SaveSeen(ctx context.Context, s Seen) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO seen (key, page_url, version, error, seen_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET page_url = excluded.page_url, version = excluded.version,
			error = excluded.error, seen_at = excluded.seen_at`,
		s.Key, s.PageURL, s.Version, s.Error, timeText(s.SeenAt))
	if err != nil {
		return fmt.Errorf("save seen %s: %w", s.Key, err)
	}
	return nil
}
