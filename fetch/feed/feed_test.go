package feed

import (
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func parseFile(t *testing.T, name, base string) *Feed {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	u, _ := url.Parse(base)
	feed, err := Parse(f, u)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return feed
}

func TestRSSQuirks(t *testing.T) {
	f := parseFile(t, "rss.xml", "https://gazette.example/feed.xml")
	want := &Feed{
		Title: "The Harbour Gazette",
		Link:  "https://gazette.example/",
		Items: []Item{{
			ID:        "gazette-1001",
			Title:     "Harbour reopens after repairs",
			Link:      "https://gazette.example/news/harbour-reopens?utm_source=rss",
			Author:    "Ana Silva",
			Published: time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC),
			Summary:   "The harbour reopened on Monday .",
			Content:   "<p>The harbour reopened on Monday after three months.</p><p>Boats returned.</p>",
		}, {
			ID:        "https://gazette.example/news/ferry",
			Title:     "Ferry timetable changes",
			Link:      "https://gazette.example/news/ferry",
			Author:    "Tom Reed",
			Published: time.Date(2025, 3, 5, 13, 30, 0, 0, time.UTC),
			Summary:   "New timetable & fares.",
		}, {
			ID:    "https://gazette.example/news/note",
			Title: "Undated note",
			Link:  "https://gazette.example/news/note",
		}},
	}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

func TestAtom(t *testing.T) {
	f := parseFile(t, "atom.xml", "https://blog.example/atom.xml")
	if f.Title != "Lighthouse & Sea Blog" || f.Link != "https://blog.example/" {
		t.Errorf("feed title %q link %q", f.Title, f.Link)
	}
	if len(f.Items) != 2 {
		t.Fatalf("%d items; want 2", len(f.Items))
	}
	a, b := f.Items[0], f.Items[1]
	if a.Link != "https://blog.example/posts/lighthouse-work" {
		t.Errorf("link %q: want the HTML alternate resolved against xml:base", a.Link)
	}
	if a.Author != "Mia Chen" || !a.Published.Equal(time.Date(2025, 3, 6, 8, 15, 0, 0, time.UTC)) {
		t.Errorf("author %q published %v", a.Author, a.Published)
	}
	if a.Summary != "Work on the lighthouse & keeper's house starts." {
		t.Errorf("summary %q", a.Summary)
	}
	if !strings.Contains(a.Content, "<b>today</b>") {
		t.Errorf("xhtml content %q", a.Content)
	}
	if b.Link != "https://blog.example/tides" || b.Title != "Tides table" || b.Author != "Blog Team" {
		t.Errorf("second entry link %q title %q author %q", b.Link, b.Title, b.Author)
	}
	if !b.Published.Equal(b.Updated) || b.Published.IsZero() {
		t.Errorf("no published date: want updated (%v), got %v", b.Updated, b.Published)
	}
	if b.Content != "<p>High tide at noon.</p>" || b.Summary != "High tide at noon." {
		t.Errorf("content %q summary %q", b.Content, b.Summary)
	}
}

func TestCharset(t *testing.T) {
	f := parseFile(t, "latin1.xml", "http://latin.example/rss")
	if f.Title != "Café News" || f.Items[0].Title != "Crème brûlée" {
		t.Errorf("title %q item %q", f.Title, f.Items[0].Title)
	}
}

func TestNotAFeed(t *testing.T) {
	for _, doc := range []string{"", "<html><body>hello</body></html>", "just text", `{"json": true}`} {
		if _, err := Parse(strings.NewReader(doc), nil); err == nil {
			t.Errorf("Parse(%q) = nil error", doc)
		} else if doc != "" && !errors.Is(err, ErrNotFeed) && !strings.Contains(err.Error(), "read feed") {
			t.Errorf("Parse(%q) = %v", doc, err)
		}
	}
}

func TestLinksOnlyHTTP(t *testing.T) {
	doc := `<rss><channel><item><link>javascript:alert(1)</link><guid>x</guid></item>
<item><link>file:///etc/passwd</link><guid>y</guid></item></channel></rss>`
	f, err := Parse(strings.NewReader(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range f.Items {
		if it.Link != "" {
			t.Errorf("link %q kept", it.Link)
		}
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	for _, s := range []string{
		"Tue, 04 Mar 2025 10:00:00 GMT", "Tue, 4 Mar 2025 10:00:00 +0000", "4 Mar 2025 10:00:00 UT",
		"Tue, 04 Mar 2025 05:00:00 EST", "2025-03-04T10:00:00Z", "2025-03-04T11:00:00+01:00",
		"  Tue, 04 Mar 2025 10:00:00 GMT+0000 ", "Tue, 04 Mar 25 10:00:00 +0000",
	} {
		if got := parseDate(s); !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v; want %v", s, got, want)
		}
	}
	if got := parseDate("yesterday"); !got.IsZero() {
		t.Errorf("parseDate(yesterday) = %v", got)
	}
}
