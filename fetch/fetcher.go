package fetch

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"byline/fetch/feed"
	"byline/internal/atomicfile"
	"byline/retrieval"
	"byline/store"
)

// Outcome is what became of one page.
type Outcome string

// Outcomes of a page fetch.
const (
	New       Outcome = "new"
	Updated   Outcome = "updated"
	Unchanged Outcome = "unchanged"
	Failed    Outcome = "failed"
)

// Result is the outcome of fetching one page.
type Result struct {
	Link    string // as given
	URL     string // canonical URL of the stored article ("" when failed)
	Outcome Outcome
	Title   string
	Date    time.Time
	File    string // path of the Markdown file (new and updated)
	Err     error  // why it failed
}

// Stats counts a pass over the feeds.
type Stats struct {
	Feeds, FeedsFailed              int
	New, Updated, Unchanged, Failed int
	Added                           []Result // new and updated articles
}

func (s *Stats) add(r Result) {
	switch r.Outcome {
	case New:
		s.New++
		s.Added = append(s.Added, r)
	case Updated:
		s.Updated++
		s.Added = append(s.Added, r)
	case Unchanged:
		s.Unchanged++
	case Failed:
		s.Failed++
	}
}

// MaxItemsPerPass bounds the pages fetched from one feed in one pass; the
// rest wait for the next pass.
const MaxItemsPerPass = 50

// Fetcher follows feeds and stores their articles as Markdown files in a
// folder, with its state in the store.
type Fetcher struct {
	client *Client
	db     *store.DB
	dir    string
	lg     *slog.Logger
	now    func() time.Time
	// observe is told of every request made, by kind and status.
	observe func(kind, status string)
}

// NewFetcher stores articles under dir.
func NewFetcher(lg *slog.Logger, client *Client, db *store.DB, dir string) *Fetcher {
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	return &Fetcher{client: client, db: db, dir: dir, lg: lg, now: time.Now}
}

// Kinds of request told to the function given to [Fetcher.OnFetch].
const (
	KindFeed = "feed"
	KindPage = "page"
)

// OnFetch makes f tell fn of every feed and page request it makes, with
// its [Status] (for metrics). fn must be safe for concurrent use.
func (f *Fetcher) OnFetch(fn func(kind, status string)) { f.observe = fn }

func (f *Fetcher) fetched(kind string, resp *Response, err error) {
	if f.observe != nil {
		f.observe(kind, Status(resp, err))
	}
}

// Dir is the folder the articles are stored in.
func (f *Fetcher) Dir() string { return f.dir }

// FetchFeeds does one pass over the feeds: each feed is fetched
// (conditionally), and each item not seen before, or updated since, has
// its page fetched and stored.
func (f *Fetcher) FetchFeeds(ctx context.Context, feeds []string) Stats {
	var st Stats
	for _, u := range feeds {
		if ctx.Err() != nil {
			break
		}
		st.Feeds++
		if err := f.fetchFeed(ctx, u, &st); err != nil {
			st.FeedsFailed++
			f.lg.WarnContext(ctx, "feed failed", "feed", u, "err", err)
		}
	}
	return st
}

func (f *Fetcher) fetchFeed(ctx context.Context, feedURL string, st *Stats) error {
	state, _, err := f.db.Feed(ctx, feedURL)
	if err != nil {
		return err
	}
	state.LastFetch = f.now()
	resp, err := f.client.Get(ctx, feedURL, Validators{ETag: state.ETag, LastModified: state.LastModified})
	f.fetched(KindFeed, resp, err)
	var parsed *feed.Feed
	if err == nil && !resp.NotModified {
		base, _ := url.Parse(resp.URL)
		parsed, err = feed.Parse(bytes.NewReader(resp.Body), base)
	}
	if err != nil {
		state.Status, state.Error = "failed", err.Error()
		if serr := f.db.SaveFeed(ctx, state); serr != nil {
			return errors.Join(err, serr)
		}
		return err
	}
	state.ETag, state.LastModified = resp.Validators.ETag, resp.Validators.LastModified
	state.Status, state.Error = "ok", ""
	if resp.NotModified {
		state.Status = "not modified"
		return f.db.SaveFeed(ctx, state)
	}
	if parsed.Title != "" {
		state.Title = parsed.Title
	}
	fetched := 0
	for _, it := range parsed.Items {
		if ctx.Err() != nil || fetched >= MaxItemsPerPass {
			break
		}
		r, requested := f.item(ctx, feedURL, it)
		if requested {
			fetched++
		}
		st.add(r)
	}
	return f.db.SaveFeed(ctx, state)
}

// item handles one feed item: skipped when seen with the same version,
// else its page is fetched. requested says whether a request was made.
func (f *Fetcher) item(ctx context.Context, feedURL string, it feed.Item) (r Result, requested bool) {
	key := feedURL + " " + cmp.Or(it.ID, it.Link)
	version := it.Updated
	if version.IsZero() {
		version = it.Published
	}
	ver := version.UTC().Format(time.RFC3339)
	seen, ok, err := f.db.Seen(ctx, key)
	if err != nil {
		return Result{Link: it.Link, Outcome: Failed, Err: err}, false
	}
	if ok && seen.Version == ver && (seen.PageURL != "" || f.now().Sub(seen.SeenAt) < retryFailedAfter) {
		return Result{Link: it.Link, URL: seen.PageURL, Outcome: Unchanged}, false
	}
	if it.Link == "" {
		return Result{Outcome: Failed, Err: errors.New("feed item has no link")}, false
	}
	r = f.page(ctx, it.Link, feedURL, &it)
	s := store.Seen{Key: key, PageURL: r.URL, Version: ver, SeenAt: f.now()}
	if r.Err != nil {
		s.Error = r.Err.Error()
	}
	if err := f.db.SaveSeen(ctx, s); err != nil {
		f.lg.WarnContext(ctx, "record feed item", "key", key, "err", err)
	}
	return r, true
}

// retryFailedAfter is how long a feed item whose page failed waits before
// it is tried again.
const retryFailedAfter = 6 * time.Hour

// Add fetches one page by hand (byline add, /add) and stores its article.
func (f *Fetcher) Add(ctx context.Context, link string) Result {
	if _, err := CheckURL(link); err != nil {
		return Result{Link: link, Outcome: Failed, Err: err}
	}
	return f.page(ctx, link, "", nil)
}

// page fetches, extracts and stores one article page. it (may be nil) is
// the feed item that linked it, whose title, author, date and content fill
// what the page lacks.
func (f *Fetcher) page(ctx context.Context, link, feedURL string, it *feed.Item) Result {
	res := Result{Link: link, Outcome: Failed}
	prev, havePrev, err := f.db.Page(ctx, Canonical(link))
	if err != nil {
		res.Err = err
		return res
	}
	var v Validators
	if havePrev {
		v = Validators{ETag: prev.ETag, LastModified: prev.LastModified}
	}
	resp, err := f.client.Get(ctx, link, v)
	f.fetched(KindPage, resp, err)
	if err == nil && resp.NotModified {
		res.Outcome, res.URL, res.Title = Unchanged, prev.URL, prev.Title
		return res
	}
	var a *retrieval.Article
	if err == nil {
		a, err = pageArticle(resp)
	}
	if err != nil {
		// A feed that carries the whole text still gives the article.
		if a = itemArticle(it); a == nil {
			res.Err = err
			return res
		}
		f.lg.InfoContext(ctx, "page not fetched; using the feed's text", "link", link, "err", err)
		resp = &Response{URL: link}
	}
	fillFromItem(a, it)
	return f.store(ctx, res, a, resp, feedURL)
}

// pageArticle extracts the article from an HTML response.
func pageArticle(resp *Response) (*retrieval.Article, error) {
	ct := resp.ContentType
	if ct == "" {
		ct = strings.ToLower(http.DetectContentType(resp.Body))
		ct, _, _ = strings.Cut(ct, ";")
	}
	if ct != "text/html" && ct != "application/xhtml+xml" {
		return nil, fmt.Errorf("%s is not an HTML page (%s)", resp.URL, ct)
	}
	a, err := retrieval.ParseHTML("", resp.URL, resp.Body, retrieval.ReadableBody)
	if err != nil {
		return nil, fmt.Errorf("%s: no article text found: %w", resp.URL, err)
	}
	if a.URL != "" {
		if base, err := url.Parse(resp.URL); err == nil {
			if ref, err := url.Parse(a.URL); err == nil {
				a.URL = base.ResolveReference(ref).String()
			}
		}
	}
	if _, err := CheckURL(a.URL); err != nil {
		a.URL = resp.URL
	}
	return a, nil
}

// minFeedWords is the shortest feed content taken as the article itself.
const minFeedWords = 150

// itemArticle is the article a feed item carries in full, or nil.
func itemArticle(it *feed.Item) *retrieval.Article {
	if it == nil || it.Content == "" {
		return nil
	}
	a, err := retrieval.ParseHTML("", it.Link, []byte("<html><body><article>"+it.Content+"</article></body></html>"), retrieval.StructuralBody)
	if err != nil || len(strings.Fields(a.Text)) < minFeedWords {
		return nil
	}
	a.URL = it.Link
	a.Title = cmp.Or(it.Title, a.Title)
	return a
}

func fillFromItem(a *retrieval.Article, it *feed.Item) {
	if it == nil {
		return
	}
	if a.Title == "" {
		a.Title = it.Title
	}
	if a.Author == "" {
		a.Author = it.Author
	}
	if a.Date.IsZero() {
		a.Date = it.Published
	}
}

// store writes the article unless the same story is already kept.
func (f *Fetcher) store(ctx context.Context, res Result, a *retrieval.Article, resp *Response, feedURL string) Result {
	canon := Canonical(a.URL)
	a.URL = canon
	hash := contentHash(a.Text)
	res.URL, res.Title, res.Date = canon, a.Title, a.Date
	prev, ok, err := f.db.Page(ctx, canon)
	if err == nil && !ok {
		// Another address for a story already kept?
		if dup, found, derr := f.db.PageByHash(ctx, hash); derr == nil && found {
			res.Outcome, res.URL = Unchanged, dup.URL
			return res
		}
	}
	if err != nil {
		res.Err = err
		return res
	}
	page := store.Page{URL: canon, FeedURL: feedURL, Title: a.Title, ContentHash: hash,
		ETag: resp.Validators.ETag, LastModified: resp.Validators.LastModified, FetchedAt: f.now()}
	switch {
	case ok && prev.ContentHash == hash:
		res.Outcome = Unchanged
		page.File = prev.File
		return f.save(ctx, res, page)
	case ok:
		res.Outcome, page.File = Updated, prev.File
	default:
		res.Outcome, page.File = New, fileName(canon, a.Title, sha(canon))
	}
	res.File = filepath.Join(f.dir, page.File)
	if err := atomicfile.Write(res.File, []byte(markdown(a, feedURL, f.now()))); err != nil {
		res.Outcome, res.Err = Failed, fmt.Errorf("store article %s: %w", canon, err)
		return res
	}
	return f.save(ctx, res, page)
}

func (f *Fetcher) save(ctx context.Context, res Result, p store.Page) Result {
	if err := f.db.SavePage(ctx, p); err != nil {
		res.Outcome, res.Err = Failed, err
	}
	return res
}

// contentHash identifies an article's text whatever its spacing and case.
func contentHash(text string) string {
	return sha(strings.ToLower(strings.Join(strings.Fields(text), " ")))
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
