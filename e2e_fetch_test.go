package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// newsSite is a loopback news site: a feed and its article pages.
type newsSite struct {
	*httptest.Server
	mu    sync.Mutex
	items []string
	pages map[string]string
}

func newNewsSite(t *testing.T) *newsSite {
	s := &newsSite{pages: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if r.URL.Path == "/feed.xml" {
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Lighthouse Weekly</title>%s</channel></rss>`, strings.Join(s.items, ""))
			return
		}
		page, ok := s.pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	t.Cleanup(s.Close)
	return s
}

// publish adds an article page and its feed item.
func (s *newsSite) publish(path, title, author string, paras ...string) {
	s.page(path, title, author, paras...)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items = append(s.items, fmt.Sprintf(`<item><title>%s</title><link>%s%s</link><pubDate>Mon, 01 Sep 2025 08:00:00 GMT</pubDate></item>`, title, s.URL, path))
}

// page adds an article page that no feed links to.
func (s *newsSite) page(path, title, author string, paras ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html><head><title>%s</title><meta name="author" content="%s">
<meta property="article:published_time" content="2025-09-01T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><article><h1>%s</h1>`, title, author, title)
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	b.WriteString(`</article><aside>Sign up for our newsletter</aside></body></html>`)
	s.pages[path] = b.String()
}

var lighthouseStory = []string{
	"The keepers of the Skerry Point lighthouse switched on a new lantern on Sunday, the first change to the light in ninety years.",
	"The old paraffin lamp, installed in 1935, will go to the maritime museum in Portmoor, the harbour trust said.",
	"Skerry Point's new light can be seen from twenty-two nautical miles away, four more than before, according to the trust's engineer Maren Holt.",
}

func TestE2EFetchFeedsAndAdd(t *testing.T) {
	site := newNewsSite(t)
	site.publish("/lantern", "Skerry Point lighthouse gets a new lantern", "Maren Holt", lighthouseStory...)
	env := []string{"FEEDS=" + site.URL + "/feed.xml", "FETCH_ALLOW_PRIVATE=true"}

	stdout, stderr, code := runByline(t, env, "", "feeds")
	if code != 0 || !strings.Contains(stdout, "never") {
		t.Fatalf("feeds before any fetch: exit %d\n%s\n%s", code, stdout, stderr)
	}
	stdout, stderr, code = runByline(t, env, "", "fetch")
	noCrash(t, stderr)
	if code != 0 || !strings.Contains(stdout, "1 new, 0 updated, 0 unchanged, 0 failed") {
		t.Fatalf("fetch: exit %d\n%s", code, stdout)
	}
	stdout, _, code = runByline(t, env, "", "fetch", "--json")
	var counts struct{ New, Unchanged, Failed int }
	if err := json.Unmarshal([]byte(stdout), &counts); err != nil || code != 0 || counts.New != 0 || counts.Failed != 0 {
		t.Errorf("second fetch --json: exit %d, %+v, %v\n%s", code, counts, err, stdout)
	}
	stdout, _, _ = runByline(t, env, "", "feeds", "--json")
	var feeds struct {
		Feeds []struct {
			Title, Status string
			Articles      int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &feeds); err != nil || len(feeds.Feeds) != 1 || feeds.Feeds[0].Articles != 1 || feeds.Feeds[0].Title != "Lighthouse Weekly" {
		t.Errorf("feeds --json: %+v %v\n%s", feeds, err, stdout)
	}

	// The fetched article is answered about.
	stdout, _, code = runByline(t, env, "", "ask", "How far can the new Skerry Point light be seen?")
	if code != 0 || !strings.Contains(stdout, "twenty-two nautical miles") || !strings.Contains(stdout, "Maren Holt") {
		t.Errorf("ask about the fetched article: exit %d\n%s", code, stdout)
	}

	// A page added by hand; a second add of it changes nothing; a page on a
	// private address is refused without FETCH_ALLOW_PRIVATE.
	site.mu.Lock()
	site.pages["/museum"] = strings.Replace(site.pages["/lantern"], "Skerry Point lighthouse gets a new lantern", "Portmoor museum receives the old lamp", 2)
	site.pages["/museum"] = strings.Replace(site.pages["/museum"], "The keepers", "Museum staff said the keepers", 1)
	site.mu.Unlock()
	stdout, _, code = runByline(t, env, "", "add", site.URL+"/museum")
	if code != 0 || !strings.HasPrefix(stdout, "Added: Portmoor museum receives the old lamp") {
		t.Errorf("add: exit %d\n%s", code, stdout)
	}
	stdout, _, code = runByline(t, env, "", "add", site.URL+"/museum", "--json")
	if code != 0 || !strings.Contains(stdout, `"status": "unchanged"`) {
		t.Errorf("add again: exit %d\n%s", code, stdout)
	}
	stdout, stderr, code = runByline(t, []string{"FETCH_ALLOW_PRIVATE=false"}, "", "add", site.URL+"/museum")
	if code != 1 || !strings.Contains(stdout, "internal") {
		t.Errorf("add of a loopback page without FETCH_ALLOW_PRIVATE: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if _, stderr, code = runByline(t, env, "", "add", "file:///etc/passwd"); code != 2 {
		t.Errorf("add file:///etc/passwd: exit %d\n%s", code, stderr)
	}
}
