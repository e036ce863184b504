package retrieval

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// ageCorpus dates every file of dir an hour back, out of the racy window.
func ageCorpus(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	ms, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, m := range ms {
		if err := os.Chtimes(m, old, old); err != nil {
			t.Fatal(err)
		}
	}
}

func openDir(t *testing.T, seeds, path string) (*Library, SyncStats) {
	t.Helper()
	lib, st, _, err := OpenDir(t.Context(), seeds, Options{Path: path, Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("OpenDir: %v", err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib, st
}

// TestOpenDirTrustsSizeAndTime: a no-change start reads no file; the
// article text is read when asked for, and checked against the index.
func TestOpenDirTrustsSizeAndTime(t *testing.T) {
	seeds := writeCorpus(t)
	ageCorpus(t, seeds)
	path := filepath.Join(t.TempDir(), "index")
	lib, st := openDir(t, seeds, path)
	if !st.Rebuilt || st.Articles != 6 {
		t.Fatalf("first OpenDir: %+v; want 6 articles rebuilt", st)
	}
	lib.Close()

	// Same size, same time, other bytes: only a read could tell.
	file := filepath.Join(seeds, "volcano.txt")
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	if err := os.WriteFile(file, []byte(strings.ReplaceAll(string(data), "ash", "ASH")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(file, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	lib, st = openDir(t, seeds, path)
	if st.Rebuilt || st.Added+st.Updated+st.Removed != 0 {
		t.Errorf("no-change OpenDir: %+v; want nothing done", st)
	}
	if a := lib.Articles()[0]; a.Text != "" {
		t.Errorf("Articles()[0].Text is loaded (%d bytes); want metadata only", len(a.Text))
	}
	if _, ok := lib.Article("volcano"); ok {
		t.Error("Article(volcano) after its file changed under the index: got it; want false")
	}
	a, ok := lib.Article("chess")
	if !ok || a.Text == "" {
		t.Fatalf("Article(chess) = %v, %v; want it with its text", a, ok)
	}
	hits, err := lib.Search(t.Context(), "chess championship", 1)
	if err != nil || len(hits) == 0 || hits[0].ArticleID != "chess" || a.Text[hits[0].Start:hits[0].End] != hits[0].Text {
		t.Errorf("Search: %v, %+v; want the chess passage with its text", err, hits)
	}
	lib.Close()

	// A new modification time: read, hashed, re-indexed.
	now := time.Now().Add(-time.Minute)
	if err := os.Chtimes(file, now, now); err != nil {
		t.Fatal(err)
	}
	lib, st = openDir(t, seeds, path)
	if st.Updated != 1 || st.Rebuilt {
		t.Errorf("after a change: %+v; want one article updated", st)
	}
	if a, ok := lib.Article("volcano"); !ok || !strings.Contains(a.Text, "ASH") {
		t.Errorf("Article(volcano) after the sync: %v; want the new text", ok)
	}
}

// TestOpenDirTouchedFile: a file with a new time but the same bytes is
// read and hashed, not re-indexed.
func TestOpenDirTouchedFile(t *testing.T) {
	seeds := writeCorpus(t)
	ageCorpus(t, seeds)
	path := filepath.Join(t.TempDir(), "index")
	lib, _ := openDir(t, seeds, path)
	lib.Close()
	now := time.Now().Add(-time.Minute)
	if err := os.Chtimes(filepath.Join(seeds, "mars.txt"), now, now); err != nil {
		t.Fatal(err)
	}
	lib, st := openDir(t, seeds, path)
	lib.Close()
	if st.Added+st.Updated+st.Removed != 0 {
		t.Errorf("touched file: %+v; want nothing re-indexed", st)
	}
	if err := os.Remove(filepath.Join(seeds, "mars.txt")); err != nil {
		t.Fatal(err)
	}
	_, st = openDir(t, seeds, path)
	if st.Removed != 1 || st.Articles != 5 {
		t.Errorf("removed file: %+v; want one removed", st)
	}
}

// TestOpenDirMatchesOpen: the same hits and passages as Load + Open.
func TestOpenDirMatchesOpen(t *testing.T) {
	seeds := writeCorpus(t)
	dirLib, _ := openDir(t, seeds, filepath.Join(t.TempDir(), "index"))
	memLib, _ := openDisk(t, seeds, filepath.Join(t.TempDir(), "index"), Options{})
	defer memLib.Close()
	for _, q := range []string{"volcano ash", "railway tunnel", "votes recount"} {
		a, _ := dirLib.Search(t.Context(), q, 5)
		b, _ := memLib.Search(t.Context(), q, 5)
		if len(a) != len(b) {
			t.Fatalf("%q: %d hits vs %d", q, len(a), len(b))
		}
		for i := range a {
			if a[i].ID != b[i].ID || a[i].Text != b[i].Text || a[i].Date != b[i].Date {
				t.Errorf("%q hit %d: %s %q vs %s %q", q, i, a[i].ID, a[i].Text, b[i].ID, b[i].Text)
			}
		}
	}
}

func TestCatalogRoundTrip(t *testing.T) {
	d := time.Date(2025, 8, 9, 23, 30, 0, 0, time.FixedZone("", -5*3600))
	in := catalog{version: "v", entries: map[string]*entry{
		"a": {meta: &Article{ID: "a", Path: "/x/a.txt", Title: "T", Author: "Au", URL: "u", Date: d, Hash: strings.Repeat("ab", 32)},
			size: 10, mtime: 20, spans: []pspan{{0, 5}, {7, 9}}},
		"p": {meta: &Article{ID: "p"}, spans: make([]pspan, 3)},
	}}
	out, err := decodeCatalog(encodeCatalog(in))
	if err != nil {
		t.Fatal(err)
	}
	a := out.entries["a"]
	if a.meta.Title != "T" || a.meta.Hash != in.entries["a"].meta.Hash || a.size != 10 || a.mtime != 20 ||
		len(a.spans) != 2 || a.spans[1] != (pspan{7, 9}) || a.meta.Date.Format("2006-01-02") != "2025-08-09" || !a.meta.Date.Equal(d) {
		t.Errorf("round trip: %+v %+v", a, a.meta)
	}
	if p := out.entries["p"]; p.meta.Hash != "" || len(p.spans) != 3 || !p.meta.Date.IsZero() {
		t.Errorf("pending entry: %+v", p)
	}
	data := encodeCatalog(in)
	for _, cut := range []int{len(catalogMagic), len(data) / 2, len(data) - 1} {
		if _, err := decodeCatalog(data[:cut]); err == nil {
			t.Errorf("decode of %d of %d bytes: no error", cut, len(data))
		}
	}
}

func TestLRUBound(t *testing.T) {
	c := newLRU(10, func(s string) int64 { return int64(len(s)) })
	c.put("a", "aaaa")
	c.put("b", "bbbb")
	c.get("a")
	c.put("c", "cccc") // evicts b, the least recently used
	if _, ok := c.get("b"); ok {
		t.Error("b still cached")
	}
	if _, ok := c.get("a"); !ok {
		t.Error("a evicted")
	}
	if c.bytes() > 10 {
		t.Errorf("holds %d bytes; want at most 10", c.bytes())
	}
	c.put("big", strings.Repeat("x", 50))
	if v, ok := c.get("big"); !ok || len(v) != 50 || c.bytes() != 50 {
		t.Errorf("an item heavier than the cache: kept %v, %d bytes; want it alone", ok, c.bytes())
	}
}

// TestQuotesBoundedCache: the speech cache holds no more than its bound,
// and look-ups still find quotes in articles it let go.
func TestQuotesBoundedCache(t *testing.T) {
	lib, _, err := Open(t.Context(), corpus(t), Options{Logger: testLogger(t), SpeechCacheBytes: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	all := lib.Quotes("")
	if len(all) == 0 {
		t.Fatal("no quotes")
	}
	if n := len(lib.speech.items); n > 1 {
		t.Errorf("speech cache holds %d articles; want 1 with a 1-byte bound", n)
	}
	q := all[0]
	if got := lib.QuotesIn(q.ArticleID); len(got) == 0 || got[0] != q {
		t.Errorf("QuotesIn(%s) = %v; want it to start with %v", q.ArticleID, got, q)
	}
	m, err := lib.FindQuote(t.Context(), q.Text, "", 1)
	if err != nil || len(m) == 0 || !m[0].Exact {
		t.Errorf("FindQuote(%q) = %v, %v; want an exact match", q.Text, m, err)
	}
	if c := lib.SpeakerCounts(); q.Speaker != "" && c[q.Speaker] == 0 {
		t.Errorf("SpeakerCounts()[%q] = 0", q.Speaker)
	}
}

// bytes is the weight an lru holds now (for tests).
func (c *lru[V]) bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

// TestCatalogNewestFirst: the catalog lists its entries newest first, so
// that a start with nothing changed hands the Library sorted articles;
// each entry's spans end at their own length (they share one block).
func TestCatalogNewestFirst(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 1, d, 0, 0, 0, 0, time.UTC) }
	in := catalog{version: "v", entries: map[string]*entry{}}
	for i, a := range []*Article{{ID: "old", Date: day(1)}, {ID: "undated", Title: "B"}, {ID: "new", Date: day(9)},
		{ID: "undated2", Title: "A"}, {ID: "mid", Date: day(5)}} {
		in.entries[a.ID] = &entry{meta: a, spans: make([]pspan, i+1)}
	}
	out, err := decodeCatalog(encodeCatalog(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range out.order {
		got = append(got, e.meta.ID)
		if cap(e.spans) != len(e.spans) {
			t.Errorf("%s: spans cap %d, len %d", e.meta.ID, cap(e.spans), len(e.spans))
		}
	}
	if want := []string{"new", "mid", "old", "undated2", "undated"}; !slices.Equal(got, want) {
		t.Errorf("order %v; want %v", got, want)
	}

	seeds := writeCorpus(t)
	path := filepath.Join(t.TempDir(), "index")
	first, _ := openDir(t, seeds, path)
	want := first.Articles()
	first.Close()
	again, st := openDir(t, seeds, path)
	defer again.Close()
	if st.Rebuilt || st.Added+st.Updated+st.Removed > 0 {
		t.Fatalf("second start changed the index: %+v", st)
	}
	gotArts := again.Articles()
	if len(gotArts) != len(want) {
		t.Fatalf("%d articles; want %d", len(gotArts), len(want))
	}
	for i := range want {
		if gotArts[i].ID != want[i].ID {
			t.Errorf("article %d: %s; want %s", i, gotArts[i].ID, want[i].ID)
		}
	}
}
