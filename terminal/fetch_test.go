package terminal

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"byline/fetch"
	"byline/store"
)

// The typed JSON of fetch, feeds and add prints the same bytes as the
// maps it replaced (keys in alphabetical order, optional ones left out).
func TestFetchJSONKeepsItsShape(t *testing.T) {
	day := time.Date(2025, 8, 9, 10, 0, 0, 0, time.UTC)
	st := fetch.Stats{Feeds: 2, FeedsFailed: 1, New: 1, Failed: 1, Added: []fetch.Result{
		{Link: "https://a.example/1", URL: "https://a.example/1?x", Outcome: fetch.New, Title: "A & B", File: "web/a.md", Date: day},
		{Link: "https://a.example/2", Outcome: fetch.Failed, Err: errors.New("404")},
	}}
	var got bytes.Buffer
	if err := WriteFetch(&got, st, true); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	writeJSON(&want, map[string]any{
		"feeds": 2, "feeds_failed": 1, "new": 1, "updated": 0, "unchanged": 0, "failed": 1,
		"articles": []map[string]any{
			{"link": "https://a.example/1", "url": "https://a.example/1?x", "status": "new", "title": "A & B", "file": "web/a.md", "date": "2025-08-09T10:00:00Z"},
			{"link": "https://a.example/2", "url": "", "status": "failed", "title": "", "file": "", "error": "404"},
		},
	})
	if diff := cmp.Diff(want.String(), got.String()); diff != "" {
		t.Errorf("fetch --json (-want +got):\n%s", diff)
	}

	got.Reset()
	want.Reset()
	WriteFeeds(&got, []store.Feed{{URL: "https://a.example/feed", Title: "A", Status: "ok", Articles: 3, LastFetch: day}, {URL: "https://b.example/"}}, true)
	writeJSON(&want, map[string]any{"feeds": []map[string]any{
		{"url": "https://a.example/feed", "title": "A", "status": "ok", "error": "", "articles": 3, "last_fetch": "2025-08-09T10:00:00Z"},
		{"url": "https://b.example/", "title": "", "status": "", "error": "", "articles": 0},
	}})
	if diff := cmp.Diff(want.String(), got.String()); diff != "" {
		t.Errorf("feeds --json (-want +got):\n%s", diff)
	}

	got.Reset()
	want.Reset()
	WriteAdded(&got, nil, true)
	writeJSON(&want, map[string]any{"results": []map[string]any{}})
	if diff := cmp.Diff(want.String(), got.String()); diff != "" {
		t.Errorf("add --json (-want +got):\n%s", diff)
	}
}
