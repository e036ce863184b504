package retrieval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Apply updates a library in use from articles held in memory (the
// product updates from folders, through Rescan; tests need no files):
// upsert adds new articles and replaces those whose ID is already there
// (when their Hash changed), remove drops articles by ID. The index changes in one Bleve batch, applied while
// readers wait, so a search sees the library before or after the update,
// never half of it; the on-disk catalog records the change (marking it
// pending first, so that a crash part-way is repaired by the next Open).
// The library keeps the text of the articles given here in memory, as
// [Open] does.
func (l *Library) Apply(ctx context.Context, upsert []*Article, remove []string) (SyncStats, error) {
	upsert = uniqueArticles(ctx, upsert, l.lg)
	srcs := make([]source, len(upsert))
	for i, a := range upsert {
		srcs[i] = source{id: a.ID, a: a, keep: true}
	}
	return l.apply(ctx, srcs, remove)
}

func liveArticle(id, title, text string) *Article {
	a := NewArticle(id, title, text)
	a.Date = time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	return a
}

func TestApplyAddsUpdatesRemoves(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	base := []*Article{
		liveArticle("a", "Harbour reopens", "The harbour reopened on Monday after repairs to the sea wall."),
		liveArticle("b", "Ferry timetable", "The ferry to the islands runs twice a day from Tuesday."),
	}
	lib, _, err := Open(ctx, base, Options{Path: dir})
	if err != nil {
		t.Fatal(err)
	}
	hits := func(q string) []string {
		t.Helper()
		hs, err := lib.Search(ctx, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range hs {
			ids = append(ids, h.ArticleID)
		}
		return ids
	}
	st, err := lib.Apply(ctx, []*Article{
		liveArticle("c", "Lighthouse lantern", "Skerry Point lighthouse switched on a new lantern on Sunday."),
		liveArticle("a", "Harbour reopens", "The harbour reopened on Monday; the fishing boats returned first."),
		base[1], // unchanged
	}, []string{"b", "missing"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 1 || st.Updated != 1 || st.Removed != 0 || st.Articles != 3 {
		t.Errorf("stats %+v; want 1 added, 1 updated, b kept (it is also upserted), 3 articles", st)
	}
	if got := hits("lantern lighthouse"); len(got) == 0 || got[0] != "c" {
		t.Errorf("new article not found: %v", got)
	}
	if got := hits("fishing boats"); len(got) == 0 || got[0] != "a" {
		t.Errorf("updated text not found: %v", got)
	}
	if got := hits("sea wall repairs"); len(got) != 0 {
		t.Errorf("old text still found: %v", got)
	}
	if st, _ := lib.Apply(ctx, nil, []string{"b"}); st.Removed != 1 || len(lib.Articles()) != 2 {
		t.Errorf("remove: %+v, %d articles", st, len(lib.Articles()))
	}
	if got := hits("ferry islands"); len(got) != 0 {
		t.Errorf("removed article still found: %v", got)
	}
	lib.Close()

	// The manifest was kept: reopening with the same articles changes nothing.
	now := []*Article{
		liveArticle("a", "Harbour reopens", "The harbour reopened on Monday; the fishing boats returned first."),
		liveArticle("c", "Lighthouse lantern", "Skerry Point lighthouse switched on a new lantern on Sunday."),
	}
	lib, st, err = Open(ctx, now, Options{Path: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	if st.Added+st.Updated+st.Removed != 0 || st.Rebuilt {
		t.Errorf("reopen after Apply: %+v; want nothing to do", st)
	}
}

// TestApplyWhileSearching runs searches during updates: every search
// succeeds and sees whole articles (run with -race).
func TestApplyWhileSearching(t *testing.T) {
	ctx := context.Background()
	lib, _, err := Open(ctx, []*Article{liveArticle("a", "Harbour", "The harbour reopened on Monday.")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				hs, err := lib.Search(ctx, "lighthouse lantern number", 10)
				if err != nil {
					t.Error(err)
					return
				}
				for _, h := range hs {
					if !strings.Contains(h.Text, "lantern number") {
						t.Errorf("hit %s with text %q", h.ID, h.Text)
					}
				}
				lib.Articles()
			}
		})
	}
	for i := range 30 {
		a := liveArticle(fmt.Sprintf("n%d", i%5), "Lantern", fmt.Sprintf("The lighthouse lantern number %d was switched on.", i))
		if _, err := lib.Apply(ctx, []*Article{a}, nil); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if n := len(lib.Articles()); n != 6 {
		t.Errorf("%d articles; want 6", n)
	}
}

// liveCorpus is n small synthetic articles.
func liveCorpus(n int) []*Article {
	out := make([]*Article, n)
	for i := range n {
		out[i] = liveArticle(fmt.Sprintf("a%05d", i), fmt.Sprintf("Harbour report %d", i),
			strings.Repeat(fmt.Sprintf("The harbour office published report number %d on the tides and the ferries. ", i), 30))
	}
	return out
}

// BenchmarkApplyOne adds one article to a library of 1,000 in use: what a
// fetched article or a dropped file costs a running bot.
func BenchmarkApplyOne(b *testing.B) {
	ctx := context.Background()
	lib, _, err := Open(ctx, liveCorpus(1000), Options{Path: filepath.Join(b.TempDir(), "index")})
	if err != nil {
		b.Fatal(err)
	}
	defer lib.Close()
	b.ResetTimer()
	for i := range b.N {
		a := liveArticle(fmt.Sprintf("new%d", i), "Lighthouse", "The lighthouse lantern was switched on. "+strings.Repeat("It shines far. ", 50))
		if _, err := lib.Apply(ctx, []*Article{a}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReopenOne is the reference: closing the library and opening it
// again with one more article (the manifest re-indexes only that one).
func BenchmarkReopenOne(b *testing.B) {
	ctx := context.Background()
	dir := filepath.Join(b.TempDir(), "index")
	arts := liveCorpus(1000)
	lib, _, err := Open(ctx, arts, Options{Path: dir})
	if err != nil {
		b.Fatal(err)
	}
	lib.Close()
	b.ResetTimer()
	for i := range b.N {
		arts = append(arts, liveArticle(fmt.Sprintf("new%d", i), "Lighthouse", "The lighthouse lantern was switched on. "+strings.Repeat("It shines far. ", 50)))
		lib, _, err := Open(ctx, arts, Options{Path: dir})
		if err != nil {
			b.Fatal(err)
		}
		lib.Close()
	}
}

// TestRescan: a library opened from folders follows their files in use:
// an unchanged file is not read, a touched one is not re-indexed, a new,
// changed or removed one is; the catalog then lets a reopen do nothing.
func TestRescan(t *testing.T) {
	seeds := writeCorpus(t)
	ageCorpus(t, seeds)
	fetched := t.TempDir()
	path := filepath.Join(t.TempDir(), "index")
	opts := Options{Path: path, Logger: testLogger(t), MoreDirs: []Dir{{Path: fetched, IDPrefix: "web/"}}}
	lib, _, _, err := OpenDir(t.Context(), seeds, opts)
	if err != nil {
		t.Fatal(err)
	}
	if st, _, err := lib.Rescan(t.Context()); err != nil || st.Added+st.Updated+st.Removed != 0 || st.Articles != 6 {
		t.Fatalf("no-change Rescan: %+v, %v; want nothing done, 6 articles", st, err)
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(fetched, "lantern.md"), "# Lighthouse lantern\n\nSkerry Point lighthouse switched on a new lantern on Sunday.\n")
	if err := os.Remove(filepath.Join(seeds, "volcano.txt")); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := os.Chtimes(filepath.Join(seeds, "bakery.md"), now, now); err != nil { // touched, same bytes
		t.Fatal(err)
	}
	st, _, err := lib.Rescan(t.Context())
	if err != nil || st.Added != 1 || st.Updated != 0 || st.Removed != 1 || st.Articles != 6 {
		t.Fatalf("Rescan: %+v, %v; want 1 added, 0 updated, 1 removed, 6 articles", st, err)
	}
	hits, err := lib.Search(t.Context(), "lighthouse lantern", 3)
	if err != nil || len(hits) == 0 || hits[0].ArticleID != "web/lantern" || !strings.Contains(hits[0].Text, "Skerry") {
		t.Errorf("new fetched article: %+v, %v", hits, err)
	}
	if a, ok := lib.Article("web/lantern"); !ok || !strings.Contains(a.Text, "Skerry") {
		t.Errorf("Article(web/lantern) = %v, %v", a, ok)
	}
	if _, ok := lib.Article("volcano"); ok {
		t.Error("removed article still there")
	}
	lib.Close()
	lib, st, _, err = OpenDir(t.Context(), seeds, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	if st.Rebuilt || st.Added+st.Updated+st.Removed != 0 {
		t.Errorf("reopen after Rescan: %+v; want nothing to do", st)
	}
}

// TestSpeakerCountsFollowApply: the speaker counts are worked out again
// after an update, and counting while updates run is safe (run with -race).
func TestSpeakerCountsFollowApply(t *testing.T) {
	ctx := context.Background()
	lib, _, err := Open(ctx, []*Article{liveArticle("a", "Harbour", `"The wall held," said Mary Rowe, the harbour master.`)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	if c := lib.SpeakerCounts(); c["Mary Rowe"] != 1 {
		t.Fatalf("SpeakerCounts = %v; want Mary Rowe 1", c)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for range 20 {
			lib.SpeakerCounts()
		}
	})
	for i := range 10 {
		a := liveArticle(fmt.Sprintf("n%d", i), "Ferry", fmt.Sprintf(`"We sail at %d," said Tom Hale, the ferry captain.`, i))
		if _, err := lib.Apply(ctx, []*Article{a}, nil); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if c := lib.SpeakerCounts(); c["Tom Hale"] != 10 || c["Mary Rowe"] != 1 {
		t.Errorf("SpeakerCounts after updates = %v; want Tom Hale 10, Mary Rowe 1", c)
	}
}
