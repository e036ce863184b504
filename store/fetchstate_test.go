package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestFetchState(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "byline.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, ok, err := db.Feed(ctx, "https://a.example/feed"); ok || err != nil {
		t.Fatalf("unknown feed: ok=%v err=%v", ok, err)
	}
	now := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	f := Feed{URL: "https://a.example/feed", Title: "A", ETag: `"1"`, LastFetch: now, Status: "ok"}
	if err := db.SaveFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	p := Page{URL: "https://a.example/x", FeedURL: f.URL, File: "a.example/x.md", ContentHash: "h1", FetchedAt: now}
	if err := db.SavePage(ctx, p); err != nil {
		t.Fatal(err)
	}
	// Saved again by hand (no feed): keeps its feed.
	p.FeedURL, p.ContentHash = "", "h2"
	if err := db.SavePage(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.Page(ctx, p.URL)
	if !ok || err != nil || got.FeedURL != f.URL || got.ContentHash != "h2" || !got.FetchedAt.Equal(now) {
		t.Fatalf("Page = %+v %v %v", got, ok, err)
	}
	if byHash, ok, _ := db.PageByHash(ctx, "h2"); !ok || byHash.URL != p.URL {
		t.Errorf("PageByHash = %+v %v", byHash, ok)
	}
	feeds, err := db.Feeds(ctx)
	if err != nil || len(feeds) != 1 || feeds[0].Articles != 1 || feeds[0].ETag != `"1"` || !feeds[0].LastFetch.Equal(now) {
		t.Fatalf("Feeds = %+v %v", feeds, err)
	}
	if err := db.SaveSeen(ctx, Seen{Key: "k", PageURL: p.URL, Version: "v1", SeenAt: now}); err != nil {
		t.Fatal(err)
	}
	if s, ok, _ := db.Seen(ctx, "k"); !ok || s.PageURL != p.URL || s.Version != "v1" {
		t.Errorf("Seen = %+v %v", s, ok)
	}
}
