package commands

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"byline/eval/data"
	"byline/retrieval"
)

// topicService is a library of four short articles written for the test:
// three on a tram strike (two of them the same story filed twice) and one
// whose title shares a word with the topic.
func topicService(t *testing.T) *Service {
	t.Helper()
	day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	arts := []*retrieval.Article{
		{ID: "a", Title: "Tram drivers walk out", Date: day(3), Text: "Tram drivers in Leeds began a strike on Monday over pay. The union said the strike would last two days."},
		{ID: "b", Title: "Tram strike ends with pay deal", Date: day(10), Text: "The tram strike in Leeds ended after the council offered a 4% pay rise. Drivers return on Friday."},
		{ID: "c", Title: "Tram strike ends with pay deal", Date: day(10), Text: "The tram strike in Leeds ended after the council offered a 4% pay rise. Drivers return on Friday."},
		{ID: "d", Title: "Bus timetable changes", Date: day(12), Text: "Bus timetables change next month. The strike by tram drivers had cost the city £2m, the council said."},
		{ID: "e", Title: "Tram museum reopens", Date: day(1), Text: "The tram museum reopened with a new hall of old carriages."},
	}
	for _, a := range arts {
		a.Path = a.ID + ".txt"
	}
	lib, _, err := retrieval.Open(t.Context(), arts, retrieval.Options{Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return New(testLogger(t), lib, nil, Config{Timeless: true})
}

// TestSummarizeTopicAcrossArticles: a topic that several titles match is
// summarized across the articles, with their number, newest first, each
// cited once, the duplicate counted once.
func TestSummarizeTopicAcrossArticles(t *testing.T) {
	s := topicService(t)
	a, err := s.Summarize(t.Context(), "tram strike", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Refused {
		t.Fatalf("refused:\n%s", a.Text)
	}
	if !strings.HasPrefix(a.Text, "3 articles mention “tram strike”, newest first:") {
		t.Errorf("header wrong:\n%s", a.Text)
	}
	var order []string
	for _, c := range a.Citations {
		order = append(order, c.ArticleID)
	}
	if got := strings.Join(order, " "); got != "d b a" && got != "d c a" {
		t.Errorf("articles cited %q; want d, b (or c), a, newest first:\n%s", got, a.Text)
	}
	if len(a.Articles) != 3 {
		t.Errorf("%d articles listed; want 3", len(a.Articles))
	}
	if !strings.Contains(a.Text, "Did you mean the article “Tram strike ends with pay deal”?") {
		t.Errorf("no title offered:\n%s", a.Text)
	}
}

// TestSummarizeOneTitle: a target that one title holds whole is that
// article, not a topic.
func TestSummarizeOneTitle(t *testing.T) {
	s := topicService(t)
	a, err := s.Summarize(t.Context(), "tram museum", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range a.Citations {
		if c.ArticleID != "e" {
			t.Errorf("cites %s; want only the museum article:\n%s", c.ArticleID, a.Text)
		}
	}
}

// TestSummarizeTopicBBC: on the BBC library, "ipod sales" (one title
// shares "sale") is summarized across the iPod articles.
func TestSummarizeTopicBBC(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "data", "bbc-news", "bbc-fulltext.tar.gz")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("BBC articles not found at %s: topic summary not tried on them", path)
	}
	if testing.Short() {
		t.Skip("indexes 2,225 articles")
	}
	lib := openBBC(t, path)
	s := New(testLogger(t), lib, nil, Config{Timeless: true})
	a, err := s.Summarize(t.Context(), "ipod sales", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^\d+ articles mention “ipod sales”`).MatchString(a.Text) {
		t.Errorf("no article count:\n%s", a.Text)
	}
	seen := map[string]bool{}
	for _, c := range a.Citations {
		seen[c.ArticleID] = true
		if !strings.Contains(strings.ToLower(c.Text+c.Title), "ipod") {
			t.Errorf("cites %s (%q), which does not mention the iPod", c.ArticleID, c.Title)
		}
	}
	if len(seen) < 3 {
		t.Errorf("%d articles cited; want at least 3:\n%s", len(seen), a.Text)
	}
}

func openBBC(t *testing.T, path string) *retrieval.Library {
	t.Helper()
	arts, _, err := data.LoadBBC(t.Context(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	lib, _, err := retrieval.Open(t.Context(), arts, retrieval.Options{Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib
}
