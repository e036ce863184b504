package fetch

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"byline/retrieval"
	"byline/store"
)

// site is a loopback news site with a feed and article pages that a test
// can change.
type site struct {
	srv   *httptest.Server
	mu    sync.Mutex
	pages map[string]string // path → HTML
	feed  string
	hits  map[string]*atomic.Int32
}

func newSite(t *testing.T) *site {
	s := &site{pages: map[string]string{}, hits: map[string]*atomic.Int32{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.hits[r.URL.Path] == nil {
		s.hits[r.URL.Path] = &atomic.Int32{}
	}
	s.hits[r.URL.Path].Add(1)
	feed := s.feed
	page, ok := s.pages[r.URL.Path]
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/feed.xml":
		etag := fmt.Sprintf(`"%x"`, len(feed))
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(feed))
	case r.URL.Path == "/report.pdf":
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4"))
	case ok:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	default:
		http.NotFound(w, r)
	}
}

func (s *site) set(path, html string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = html
}

func (s *site) setFeed(items ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feed = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Loopback News</title>` +
		strings.Join(items, "") + `</channel></rss>`
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hits[path] == nil {
		return 0
	}
	return int(s.hits[path].Load())
}

func item(link, guid, date string) string {
	return fmt.Sprintf(`<item><title>Item %s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate></item>`, guid, link, guid, date)
}

func articlePage(title, canonical string, paras ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html><head><title>%s</title><link rel="canonical" href="%s">
<meta name="author" content="Ana Silva"><meta property="article:published_time" content="2025-03-04T10:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article><h1>%s</h1>`, title, canonical, title)
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	b.WriteString(`</article><footer>Subscribe to our newsletter</footer></body></html>`)
	return b.String()
}

var body = []string{
	"The harbour reopened on Monday after three months of repairs to the sea wall, which the winter storms had broken in two places.",
	"Fishing boats returned first, followed by the ferry to the islands, which had been moored at a neighbouring port since December.",
	"The council said the repairs cost less than expected and that the work on the lighthouse would start in the summer, weather permitting.",
}

func newTestFetcher(t *testing.T) (*Fetcher, *store.DB) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "byline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := testClient(t, ClientOptions{})
	return NewFetcher(nil, c, db, filepath.Join(t.TempDir(), "articles")), db
}

func TestFetchFeedsStoresDedupesAndUpdates(t *testing.T) {
	s := newSite(t)
	f, db := newTestFetcher(t)
	ctx := context.Background()
	u := s.srv.URL
	s.set("/a", articlePage("Harbour reopens", u+"/a", body...))
	// The same story under a tracking link and under another address.
	s.set("/b", articlePage("Harbour reopens", u+"/a?utm_source=feed", body...))
	s.set("/c", articlePage("Harbour reopens again", u+"/c", body...))
	s.setFeed(
		item(u+"/a?utm_medium=rss#top", "1", "Tue, 04 Mar 2025 10:00:00 GMT"),
		item(u+"/b", "2", "Tue, 04 Mar 2025 10:00:00 GMT"),
		item(u+"/c", "3", "Tue, 04 Mar 2025 10:00:00 GMT"),
		item(u+"/report.pdf", "4", "Tue, 04 Mar 2025 10:00:00 GMT"),
		item(u+"/gone", "5", "Tue, 04 Mar 2025 10:00:00 GMT"),
	)
	st := f.FetchFeeds(ctx, []string{u + "/feed.xml"})
	if st.New != 1 || st.Unchanged != 2 || st.Failed != 2 || st.FeedsFailed != 0 {
		t.Fatalf("first pass %+v; want 1 new, 2 unchanged (duplicates), 2 failed", st)
	}
	if st.Added[0].URL != u+"/a" {
		t.Errorf("stored under %q; want the canonical URL without tracking", st.Added[0].URL)
	}
	arts, skipped, err := retrieval.Load(ctx, f.Dir(), nil)
	if err != nil || len(arts) != 1 || len(skipped) != 0 {
		t.Fatalf("Load = %d articles, %v skipped, %v", len(arts), skipped, err)
	}
	a := arts[0]
	if a.Title != "Harbour reopens" || a.Author != "Ana Silva" || a.Date.IsZero() || a.URL != u+"/a" {
		t.Errorf("stored article %q by %q on %v at %q", a.Title, a.Author, a.Date, a.URL)
	}
	if want := strings.Join(body, "\n\n"); a.Text != want {
		t.Errorf("text read back:\n%s\nwant:\n%s", a.Text, want)
	}

	// A second pass: the feed answers 304 and nothing is fetched again.
	before := s.count("/a")
	st = f.FetchFeeds(ctx, []string{u + "/feed.xml"})
	if st.New+st.Updated+st.Failed != 0 || s.count("/a") != before {
		t.Errorf("second pass %+v, /a fetched %d more times; want nothing", st, s.count("/a")-before)
	}
	feeds, _ := db.Feeds(ctx)
	if len(feeds) != 1 || feeds[0].Status != "not modified" || feeds[0].Articles != 1 || feeds[0].Title != "Loopback News" {
		t.Errorf("feed state %+v", feeds)
	}

	// The story is updated: its item gets a new date, its page new text.
	s.set("/a", articlePage("Harbour reopens", u+"/a", append(body, "Update: the ferry timetable changes next week, the council said on Tuesday evening.")...))
	s.setFeed(item(u+"/a", "1", "Wed, 05 Mar 2025 10:00:00 GMT"))
	st = f.FetchFeeds(ctx, []string{u + "/feed.xml"})
	if st.Updated != 1 || st.New != 0 {
		t.Fatalf("update pass %+v; want 1 updated", st)
	}
	arts, _, _ = retrieval.Load(ctx, f.Dir(), nil)
	if len(arts) != 1 || !strings.Contains(arts[0].Text, "ferry timetable changes") {
		t.Errorf("after update: %d articles; text %q", len(arts), arts[0].Text)
	}
}

func TestAddByHand(t *testing.T) {
	s := newSite(t)
	f, _ := newTestFetcher(t)
	ctx := context.Background()
	s.set("/x", articlePage("Lighthouse work begins", "", body...))
	r := f.Add(ctx, s.srv.URL+"/x")
	if r.Outcome != New || r.Err != nil || r.Title != "Lighthouse work begins" {
		t.Fatalf("Add = %+v", r)
	}
	if _, err := os.Stat(r.File); err != nil {
		t.Errorf("file: %v", err)
	}
	if r := f.Add(ctx, s.srv.URL+"/x"); r.Outcome != Unchanged {
		t.Errorf("second Add = %+v; want unchanged", r)
	}
	for _, bad := range []string{s.srv.URL + "/report.pdf", s.srv.URL + "/missing", "ftp://x/y", "not a url"} {
		if r := f.Add(ctx, bad); r.Outcome != Failed || r.Err == nil {
			t.Errorf("Add(%s) = %+v; want failed with a reason", bad, r)
		}
	}
}

func TestFeedContentWhenPageFails(t *testing.T) {
	s := newSite(t)
	f, _ := newTestFetcher(t)
	long := strings.Repeat("The tide tables for the coming month were published by the harbour office on Friday morning. ", 20)
	s.setFeed(`<item><title>Tides</title><link>` + s.srv.URL + `/tides</link><guid>t</guid>` +
		`<content:encoded><![CDATA[<p>` + long + `</p>]]></content:encoded></item>`)
	st := f.FetchFeeds(context.Background(), []string{s.srv.URL + "/feed.xml"})
	if st.New != 1 || st.Added[0].Title != "Tides" {
		t.Fatalf("%+v; want the feed's own text stored", st)
	}
}

func TestMarkdownEscapes(t *testing.T) {
	a := &retrieval.Article{Title: `He said "no": a title`, URL: "https://x.example/a", Text: strings.Join([]string{
		"# not a heading", "> not a quote", "- not a list", "1. not a list either", "| not | a table",
		"Stars *and* _underscores_ and [brackets](x) and `ticks` and a back\\slash stay.",
		"Prices rose 5% in 2024.",
	}, "\n\n")}
	md := markdown(a, "", a.Date)
	got, err := retrieval.Parse("x", "x.md", []byte(md))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.ReplaceAll(a.Text, "<", "‹")
	if got.Text != want || got.Title != a.Title {
		t.Errorf("round trip:\n%s\ntitle %q\nwant:\n%s", got.Text, got.Title, want)
	}
}

func TestCanonical(t *testing.T) {
	for in, want := range map[string]string{
		"HTTPS://News.Example.com:443/a?utm_source=x&b=2&a=1#frag": "https://news.example.com/a?a=1&b=2",
		"http://example.com":                             "http://example.com/",
		"https://example.com/p?fbclid=abc":               "https://example.com/p",
		"https://example.com:8443/p?id=7&UTM_CAMPAIGN=z": "https://example.com:8443/p?id=7",
	} {
		if got := Canonical(in); got != want {
			t.Errorf("Canonical(%s) = %s; want %s", in, got, want)
		}
	}
}

// plainPage is an article page that states no author or date, so what the
// feed says fills them.
func plainPage(title string, paras ...string) string {
	return `<!doctype html><html><head><title>` + title + `</title></head><body><article><h1>` + title + `</h1><p>` +
		strings.Join(paras, "</p><p>") + `</p></article></body></html>`
}

// Real-world feed quirks, served over loopback and followed to the pages:
// RSS with CDATA, escaped HTML and scripts in descriptions, a relative
// link, dc:creator, no date on one item and an EST date on another whose
// page is gone (content:encoded gives the article); Atom with xml:base, a
// relative alternate link beside an edit link, an author and only
// <updated>.
func TestQuirkyFeedsOverHTTP(t *testing.T) {
	ctx := context.Background()
	f, _ := newTestFetcher(t)
	rss, atom := newSite(t), newSite(t)
	long := strings.Repeat("The tide tables for the coming month were published by the harbour office on Friday morning. ", 20)
	rss.set("/ferry", plainPage("Ferry returns to Portmoor", body...))
	rss.feed = `<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title><![CDATA[Harbour & Coast]]></title><link>` + rss.srv.URL + `/</link>
<item><title><![CDATA[Ferry returns to <b>Portmoor</b>]]></title><link>/ferry</link><dc:creator>Jo Byrne</dc:creator>
<description>&lt;p&gt;The ferry is back.&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;</description></item>
<item><title>Tides</title><link>` + rss.srv.URL + `/tides</link><pubDate>Fri, 7 Mar 2025 9:00:00 EST</pubDate>
<content:encoded><![CDATA[<p>` + long + `</p>]]></content:encoded></item>
</channel></rss>`
	atom.set("/news/seals", plainPage("Seals counted on the Skerries",
		"Volunteers counted four hundred grey seals on the Skerries on Saturday, the most since the count began in 1990.",
		"The pups were born in the autumn and most of them have already left the islands, the wildlife trust said."))
	atom.feed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="` + atom.srv.URL + `/news/">
<title type="html">Coast &amp;amp; Country</title>
<entry><title>Seals counted</title><id>tag:coast.example,2025:seals</id>
<link rel="edit" href="` + atom.srv.URL + `/edit/seals"/><link rel="alternate" type="text/html" href="seals"/>
<author><name>Mo Reid</name></author><updated>2025-03-08T10:00:00Z</updated>
<summary type="html">&lt;p&gt;Seals&lt;/p&gt;</summary></entry>
</feed>`
	st := f.FetchFeeds(ctx, []string{rss.srv.URL + "/feed.xml", atom.srv.URL + "/feed.xml"})
	if st.New != 3 || st.Failed != 0 || st.FeedsFailed != 0 {
		t.Fatalf("pass %+v; want 3 new articles", st)
	}
	arts, _, err := retrieval.Load(ctx, f.Dir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*retrieval.Article{}
	for _, a := range arts {
		got[a.URL] = a
	}
	est := time.Date(2025, 3, 7, 14, 0, 0, 0, time.UTC)
	for _, w := range []struct {
		url, title, author string
		date               time.Time
	}{
		{rss.srv.URL + "/ferry", "Ferry returns to Portmoor", "Jo Byrne", time.Time{}},
		{rss.srv.URL + "/tides", "Tides", "", est},
		{atom.srv.URL + "/news/seals", "Seals counted on the Skerries", "Mo Reid", time.Date(2025, 3, 8, 10, 0, 0, 0, time.UTC)},
	} {
		a := got[w.url]
		if a == nil {
			t.Errorf("no article stored for %s (have %v)", w.url, slices.Collect(maps.Keys(got)))
			continue
		}
		if a.Title != w.title || a.Author != w.author || !a.Date.Equal(w.date) || strings.Contains(a.Text, "alert(1)") {
			t.Errorf("%s: %q by %q on %v; want %q by %q on %v", w.url, a.Title, a.Author, a.Date, w.title, w.author, w.date)
		}
	}
	if atom.count("/edit/seals") != 0 {
		t.Error("the Atom edit link was fetched")
	}
}
