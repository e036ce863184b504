package retrieval

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// corpus loads testdata/corpus plus the seed article.
func corpus(t testing.TB) []*Article {
	t.Helper()
	articles, skipped, err := Load(context.Background(), "testdata/corpus", testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) > 0 {
		t.Fatalf("skipped %v", skipped)
	}
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	seed, err := Parse("000_ae6f07c6b2a57295", seedPath, data)
	if err != nil {
		t.Fatal(err)
	}
	return append(articles, seed)
}

func openMem(t testing.TB, articles []*Article, tu *Tuning) *Library {
	t.Helper()
	lib, _, err := Open(context.Background(), articles, Options{Logger: testLogger(t), Tuning: tu})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib
}

func TestSearchTopHits(t *testing.T) {
	lib := openMem(t, corpus(t), nil)
	tests := []struct {
		query string
		want  string // article id of the top hit
	}{
		{"volcano eruption ash", "volcano"},
		{"Why did Mexico reject US military intervention?", "000_ae6f07c6b2a57295"},
		{"who won the chess championship", "chess"},
		{"sourdough bread shop", "bakery"},
		{"mayor recount votes", "election"},
		{"tunnel problems delay the railway", "rail"},
		{"ancient lake on Mars", "mars"},
		{"cartels sovereignty Sheinbaum", "000_ae6f07c6b2a57295"},
		{"queen sacrificed checkmate", "chess"},
	}
	for _, tt := range tests {
		hits, err := lib.Search(t.Context(), tt.query, 3)
		if err != nil {
			t.Fatalf("Search(%q): %v", tt.query, err)
		}
		if len(hits) == 0 {
			t.Errorf("Search(%q): no hits; want %s first", tt.query, tt.want)
			continue
		}
		if hits[0].ArticleID != tt.want {
			t.Errorf("Search(%q): top hit %s (%q); want %s", tt.query, hits[0].ArticleID, lib.Fragment(tt.query, hits[0].Passage), tt.want)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("Search(%q): scores not descending: %v", tt.query, hits)
			}
		}
		h := hits[0]
		if f := lib.Fragment(tt.query, h.Passage); !strings.Contains(f, "**") {
			t.Errorf("Search(%q): fragment %q has no highlighted term", tt.query, f)
		}
		if a, _ := lib.Article(h.ArticleID); a.Text[h.Start:h.End] != h.Text || h.Title != a.Title {
			t.Errorf("Search(%q): hit passage does not match its article", tt.query)
		}
	}
}

func TestSearchFragment(t *testing.T) {
	lib := openMem(t, corpus(t), nil)
	hits, err := lib.Search(t.Context(), "sovereign nations stating", 1)
	if err != nil || len(hits) == 0 {
		t.Fatalf("Search: %v, %d hits", err, len(hits))
	}
	f := lib.Fragment("sovereign nations stating", hits[0].Passage)
	for _, w := range []string{"**sovereign**", "**nation**", "**stated**"} {
		if !strings.Contains(f, w) {
			t.Errorf("fragment %q does not contain %q", f, w)
		}
	}
	if len(f) > fragmentBytes+20 {
		t.Errorf("fragment is %d bytes; want about %d", len(f), fragmentBytes)
	}
}

// TestBM25 checks that the library really scores with BM25: an index with
// the same mapping but tf-idf gives other scores, and bleve.NewMemOnly
// (the upsidedown index) ignores the BM25 setting, as documented in the
// issue.
func TestBM25(t *testing.T) {
	articles := corpus(t)
	lib := openMem(t, articles, nil)
	mq := func() *bleve.SearchRequest {
		q := bleve.NewMatchQuery("military intervention cartels")
		q.SetField(fieldText)
		return bleve.NewSearchRequest(q)
	}
	scores := func(idx bleve.Index) map[string]float64 {
		res, err := idx.Search(mq())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, h := range res.Hits {
			out[h.ID] = h.Score
		}
		return out
	}
	build := func(idx bleve.Index) bleve.Index {
		t.Cleanup(func() { idx.Close() })
		srcs := make([]source, len(articles))
		for i, a := range articles {
			srcs[i] = source{id: a.ID, a: a, keep: true}
		}
		if _, _, err := buildAll(t.Context(), idx, srcs, DefaultTuning, Options{}); err != nil {
			t.Fatal(err)
		}
		return idx
	}
	tfidfMapping := newMapping(DefaultTuning)
	tfidfMapping.ScoringModel = index.TFIDFScoring
	tfidf, err := bleve.New("", tfidfMapping)
	if err != nil {
		t.Fatal(err)
	}
	memOnly, err := bleve.NewMemOnly(newMapping(DefaultTuning))
	if err != nil {
		t.Fatal(err)
	}
	bm25 := scores(lib.idx)
	tf := scores(build(tfidf))
	mo := scores(build(memOnly))
	if len(bm25) == 0 {
		t.Fatal("no hits")
	}
	same := func(a, b map[string]float64) bool {
		for id, s := range a {
			if math.Abs(b[id]-s) > 1e-9 {
				return false
			}
		}
		return true
	}
	if same(bm25, tf) {
		t.Errorf("BM25 scores equal tf-idf scores: %v", bm25)
	}
	if !same(mo, tf) {
		t.Errorf("NewMemOnly scores differ from tf-idf: %v vs %v", mo, tf)
	}
	if same(mo, bm25) {
		t.Errorf("NewMemOnly scores equal BM25: the fallback claim no longer holds")
	}
}

func mustSplit(articles []*Article) [][]Passage {
	out := make([][]Passage, len(articles))
	for i, a := range articles {
		out[i] = Split(a)
	}
	return out
}

func TestSearchHostileQueries(t *testing.T) {
	lib := openMem(t, corpus(t), nil)
	queries := map[string]string{
		"empty":          "",
		"spaces":         "   \t\n ",
		"field syntax":   "title:x",
		"regex":          "/.*/",
		"lone quote":     `"`,
		"unbalanced":     `"mexico AND (cartel`,
		"boolean":        "+mexico -cartel ^2 ~ * ?",
		"long":           strings.Repeat("mexico cartel ", 800),
		"long one word":  strings.Repeat("x", 10000),
		"emoji":          "🇲🇽 mexico 🔥🔥",
		"control chars":  "mex\x00ico\x07 car\x1btel\u202e",
		"invalid UTF-8":  "mexico \xff\xfe cartel \xc3",
		"stop words":     "the of and a",
		"json":           `{"query":{"match_all":{}}}`,
		"wildcard":       "*",
		"fuzzy":          "mexico~2",
		"only garbage":   "\xff\xff\x00",
		"right-to-left":  "مكسيك",
		"huge k":         "mexico",
		"numbers":        "2025 08 09",
		"html":           "<script>alert(1)</script>",
		"zero width":     "me\u200bxico",
		"backslashes":    `\\\\\"\\`,
		"newline inject": "mexico\n\ntitle:x",
	}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			for _, k := range []int{-1, 0, 5, 1 << 30} {
				hits, err := lib.Search(t.Context(), q, k)
				if err != nil {
					t.Fatalf("Search(%q, %d): %v", q, k, err)
				}
				if len(hits) > max(k, 0) || len(hits) > maxHits {
					t.Fatalf("Search(%q, %d): %d hits", q, k, len(hits))
				}
			}
			lib.Terms(t.Context(), q)
			lib.FindArticles(q)
		})
	}
	for _, q := range []string{"", "the of and a", "title:x"} {
		hits, _ := lib.Search(t.Context(), q, 5)
		if q != "title:x" && len(hits) != 0 {
			t.Errorf("Search(%q) = %d hits; want none", q, len(hits))
		}
	}
}

func TestSearchCanceled(t *testing.T) {
	lib := openMem(t, corpus(t), nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if hits, err := lib.Search(ctx, "mexico", 5); !errors.Is(err, context.Canceled) || hits != nil {
		t.Errorf("Search(canceled) = %d hits, %v; want no hits and context.Canceled", len(hits), err)
	}
	past, stop := context.WithDeadline(t.Context(), time.Now().Add(-time.Second))
	defer stop()
	if _, err := lib.Search(past, "mexico", 5); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Search(past deadline) error = %v; want context.DeadlineExceeded", err)
	}
	if hits, err := lib.Search(t.Context(), "mexico", 5); err != nil || len(hits) == 0 {
		t.Errorf("Search(live context) = %d hits, %v; want hits", len(hits), err)
	}
}

func TestTerms(t *testing.T) {
	lib := openMem(t, corpus(t), nil)
	known, unknown, err := lib.Terms(t.Context(), "Did the Mexican cartels discuss quantum zebras?")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(known, ","), "mexican,cartels,discuss"; got != want && got != "mexican,cartels" {
		t.Errorf("known = %v; want %s (discuss may be unknown)", known, want)
	}
	for _, w := range []string{"quantum", "zebras"} {
		found := false
		for _, u := range unknown {
			found = found || u == w
		}
		if !found {
			t.Errorf("unknown = %v; want it to contain %q", unknown, w)
		}
	}
	for _, w := range append(known, unknown...) {
		if w == "the" || w == "did" {
			t.Errorf("stop word %q reported", w)
		}
	}
	if k, u, err := lib.Terms(t.Context(), ""); k != nil || u != nil || err != nil {
		t.Errorf("Terms(\"\") = %v, %v, %v; want nothing", k, u, err)
	}
	// Stemming: "rejecting" is known because the text says "rejected".
	if k, _, _ := lib.Terms(t.Context(), "rejecting"); len(k) != 1 {
		t.Errorf("Terms(rejecting) known = %v; want [rejecting]", k)
	}
}

func TestFindArticles(t *testing.T) {
	lib := openMem(t, corpus(t), nil)
	tests := []struct{ q, want string }{
		{"Volcano Erupts Near Island Village", "volcano"},
		{"volcano erupts", "volcano"},
		{"mexico rejects", "000_ae6f07c6b2a57295"},
		{"sheinbaum stands firm", "000_ae6f07c6b2a57295"},
		{"rail line", "rail"},
		{"chess", "chess"},
	}
	for _, tt := range tests {
		got := lib.FindArticles(tt.q)
		if len(got) == 0 || got[0].ID != tt.want {
			t.Errorf("FindArticles(%q) = %v; want %s first", tt.q, ids(got), tt.want)
		}
	}
	if got := lib.FindArticles("completely unrelated words"); len(got) != 0 {
		t.Errorf("FindArticles(unrelated) = %v; want none", ids(got))
	}
}

func ids(as []*Article) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func TestArticlesNewestFirst(t *testing.T) {
	lib := openMem(t, corpus(t), nil)
	got := strings.Join(ids(lib.Articles()), ",")
	want := "000_ae6f07c6b2a57295,rail,volcano,chess,bakery,election,mars"
	if got != want {
		t.Errorf("Articles() = %s; want %s", got, want)
	}
	p, ok := lib.Passage("000_ae6f07c6b2a57295#1")
	if !ok || p.ArticleID != "000_ae6f07c6b2a57295" || p.Seq != 1 {
		t.Errorf("Passage(000_ae6f07c6b2a57295#1) = %+v, %v", p, ok)
	}
	for _, id := range []string{"volcano#99", "volcano", "#1", "nope#0", "volcano#-1"} {
		if _, ok := lib.Passage(id); ok {
			t.Errorf("Passage(%q) found", id)
		}
	}
}

// writeCorpus copies the test corpus into a folder the test may change.
func writeCorpus(t testing.TB) string {
	dir := t.TempDir()
	ms, _ := filepath.Glob("testdata/corpus/*")
	for _, m := range ms {
		data, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(m)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func openDisk(t testing.TB, seeds, path string, opts Options) (*Library, SyncStats) {
	t.Helper()
	articles, _, err := Load(t.Context(), seeds, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	opts.Path = path
	opts.Logger = testLogger(t)
	lib, stats, err := Open(t.Context(), articles, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return lib, stats
}

func TestIncrementalSync(t *testing.T) {
	seeds := writeCorpus(t)
	path := filepath.Join(t.TempDir(), ".byline", "index")

	lib, st := openDisk(t, seeds, path, Options{})
	if !st.Rebuilt || st.Added != 6 || st.Articles != 6 {
		t.Fatalf("first open: %+v; want a rebuild adding 6", st)
	}
	lib.Close()

	lib, st = openDisk(t, seeds, path, Options{})
	if st != (SyncStats{Articles: 6, Passages: st.Passages}) {
		t.Fatalf("unchanged reopen: %+v; want nothing done", st)
	}
	lib.Close()

	// Change one article, remove one, add one.
	if err := os.WriteFile(filepath.Join(seeds, "mars.txt"), []byte("Rover Finds Ice on Mars\n\nThe rover found water ice under the dust of the crater.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(seeds, "chess.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(seeds, "penguins.md"), []byte("# Penguin Colony Grows\n\nThe penguin colony on the cape grew to four thousand birds.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lib, st = openDisk(t, seeds, path, Options{})
	defer lib.Close()
	if st.Rebuilt || st.Added != 1 || st.Updated != 1 || st.Removed != 1 || st.Articles != 6 {
		t.Fatalf("after changes: %+v; want added 1, updated 1, removed 1, no rebuild", st)
	}
	expectTop(t, lib, "water ice under the dust", "mars")
	expectTop(t, lib, "penguin colony", "penguins")
	if hits, _ := lib.Search(t.Context(), "layered rocks clay minerals shoreline", 5); len(hits) > 0 {
		t.Errorf("old mars text still found: %v", hits[0].Text)
	}
	if hits, _ := lib.Search(t.Context(), "checkmate queen", 5); len(hits) > 0 {
		t.Errorf("removed chess article still found: %v", hits[0].Text)
	}
	dc, err := lib.idx.DocCount()
	if err != nil || int(dc) != st.Passages {
		t.Errorf("index holds %d documents (%v); want %d passages", dc, err, st.Passages)
	}
}

func expectTop(t testing.TB, lib *Library, q, want string) {
	t.Helper()
	hits, err := lib.Search(t.Context(), q, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].ArticleID != want {
		t.Errorf("Search(%q): got %d hits, first %v; want %s", q, len(hits), hits, want)
	}
}

func TestRebuildOnVersionChange(t *testing.T) {
	seeds := writeCorpus(t)
	path := filepath.Join(t.TempDir(), "index")
	lib, _ := openDisk(t, seeds, path, Options{})
	lib.Close()
	tu := DefaultTuning
	tu.TargetWords += 10
	lib, st := openDisk(t, seeds, path, Options{Tuning: &tu})
	lib.Close()
	if !st.Rebuilt {
		t.Errorf("passage size change: %+v; want a rebuild", st)
	}
	lib, st = openDisk(t, seeds, path, Options{Tuning: &tu, Rebuild: true})
	defer lib.Close()
	if !st.Rebuilt {
		t.Errorf("Rebuild option: %+v; want a rebuild", st)
	}
}

func TestCrashDuringRebuildKeepsOldIndex(t *testing.T) {
	seeds := writeCorpus(t)
	path := filepath.Join(t.TempDir(), "index")
	lib, _ := openDisk(t, seeds, path, Options{})
	lib.Close()

	crash := func(int) error { return errors.New("simulated crash") }
	articles, _, _ := Load(t.Context(), seeds, testLogger(t))
	if _, _, err := Open(t.Context(), articles, Options{Path: path, Rebuild: true, Logger: testLogger(t), AfterBatch: crash}); err == nil {
		t.Fatal("Open with a failing build: got no error")
	}

	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".index.build-*"))
	if len(leftovers) != 0 {
		t.Errorf("build folders left behind: %v", leftovers)
	}
	lib, st := openDisk(t, seeds, path, Options{})
	defer lib.Close()
	if st.Rebuilt {
		t.Errorf("the old index was not kept: %+v", st)
	}
	expectTop(t, lib, "volcano ash", "volcano")
}

func TestCorruptIndexIsRebuilt(t *testing.T) {
	seeds := writeCorpus(t)
	path := filepath.Join(t.TempDir(), "index")
	lib, _ := openDisk(t, seeds, path, Options{})
	lib.Close()
	if err := os.WriteFile(filepath.Join(path, "index_meta.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	lib, st := openDisk(t, seeds, path, Options{})
	defer lib.Close()
	if !st.Rebuilt {
		t.Errorf("corrupt index: %+v; want a rebuild", st)
	}
	expectTop(t, lib, "volcano ash", "volcano")
}

func TestCorruptManifestIsRebuilt(t *testing.T) {
	seeds := writeCorpus(t)
	path := filepath.Join(t.TempDir(), "index")
	lib, _ := openDisk(t, seeds, path, Options{})
	lib.Close()
	if err := os.WriteFile(filepath.Join(path, catalogName), []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	lib, st := openDisk(t, seeds, path, Options{})
	defer lib.Close()
	if !st.Rebuilt {
		t.Errorf("corrupt manifest: %+v; want a rebuild", st)
	}
}

func TestRefusesToReplaceForeignFolder(t *testing.T) {
	seeds := writeCorpus(t)
	path := t.TempDir()
	precious := filepath.Join(path, "thesis.tex")
	if err := os.WriteFile(precious, []byte("years of work"), 0o644); err != nil {
		t.Fatal(err)
	}
	articles, _, _ := Load(t.Context(), seeds, testLogger(t))
	_, _, err := Open(t.Context(), articles, Options{Path: path, Logger: testLogger(t)})
	if err == nil || !strings.Contains(err.Error(), "not a Byline index") {
		t.Errorf("Open on a foreign folder: %v; want a refusal", err)
	}
	if _, err := os.Stat(precious); err != nil {
		t.Errorf("foreign file gone: %v", err)
	}
}

func TestLockedIndex(t *testing.T) {
	seeds := writeCorpus(t)
	path := filepath.Join(t.TempDir(), "index")
	lib, _ := openDisk(t, seeds, path, Options{})
	defer lib.Close()

	articles, _, _ := Load(t.Context(), seeds, testLogger(t))
	start := time.Now()
	_, _, err := Open(t.Context(), articles, Options{Path: path, LockTimeout: 200 * time.Millisecond, Logger: testLogger(t)})
	if !errors.Is(err, ErrIndexLocked) {
		t.Fatalf("second Open: %v; want ErrIndexLocked", err)
	}
	t.Logf("second Open failed after %v: %v", time.Since(start).Round(time.Millisecond), err)
	// Rebuild must not pull the index from under its holder either.
	if _, _, err := Open(t.Context(), articles, Options{Path: path, Rebuild: true, LockTimeout: 200 * time.Millisecond}); !errors.Is(err, ErrIndexLocked) {
		t.Fatalf("second Open with Rebuild: %v; want ErrIndexLocked", err)
	}
	// The holder still answers.
	expectTop(t, lib, "volcano ash", "volcano")
}

func TestOpenDropsBadArticles(t *testing.T) {
	a := NewArticle("a", "A", "Alpha text.")
	dup := NewArticle("a", "A again", "Other text.")
	bad := NewArticle("x#1", "Hash", "Text.")
	lib, st, err := Open(t.Context(), []*Article{a, nil, dup, bad, NewArticle("", "", "x")}, Options{Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	if st.Articles != 1 {
		t.Errorf("Articles = %d; want 1", st.Articles)
	}
}

func TestSearchDeep(t *testing.T) {
	articles := synthetic(100, 400)
	lib := openMem(t, articles, nil)
	common := strings.Fields(articles[0].Text)[1] // Zipf: frequent words come first often
	hits, err := lib.Search(t.Context(), "w0 w1c2f w3de "+common, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) <= 200 {
		t.Fatalf("k=1000 gave %d hits; want more than 200 of the %d passages", len(hits), lib.count)
	}
	for i, h := range hits {
		if h.Text == "" {
			t.Fatalf("hit %d has no text", i)
		}
	}
}

// TestCrashDuringUpdate: an update cut short after its batch reached the
// index but before the manifest was final is redone on the next Open.
func TestCrashDuringUpdate(t *testing.T) {
	seeds := writeCorpus(t)
	path := filepath.Join(t.TempDir(), "index")
	lib, _ := openDisk(t, seeds, path, Options{})
	lib.Close()

	if err := os.WriteFile(filepath.Join(seeds, "mars.txt"), []byte("Rover Finds Ice on Mars\n\nThe rover found water ice under the dust of the crater.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	crash := func(int) error { return errors.New("simulated crash") }
	articles, _, _ := Load(t.Context(), seeds, testLogger(t))
	if _, _, err := Open(t.Context(), articles, Options{Path: path, Logger: testLogger(t), AfterBatch: crash}); err == nil {
		t.Fatal("Open with a failing update: got no error")
	}

	c, err := readCatalog(path)
	if err != nil {
		t.Fatal(err)
	}
	if e := c.entries["mars"]; e == nil || e.meta.Hash != "" {
		t.Errorf("catalog entry for the interrupted article = %+v; want it pending", e)
	}
	lib, st := openDisk(t, seeds, path, Options{})
	defer lib.Close()
	if st.Rebuilt || st.Updated != 1 || st.Added != 0 {
		t.Errorf("after the crash: %+v; want the one article updated again", st)
	}
	expectTop(t, lib, "water ice under the dust", "mars")
	dc, _ := lib.idx.DocCount()
	if int(dc) != st.Passages {
		t.Errorf("index holds %d documents; want %d", dc, st.Passages)
	}
}

func TestOpenCanceled(t *testing.T) {
	seeds := writeCorpus(t)
	path := filepath.Join(t.TempDir(), "index")
	lib, _ := openDisk(t, seeds, path, Options{})
	lib.Close()
	articles, _, _ := Load(t.Context(), seeds, testLogger(t))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, _, err := Open(ctx, articles, Options{Path: path, Rebuild: true, Logger: testLogger(t)}); !errors.Is(err, context.Canceled) {
		t.Errorf("Open with a canceled context: %v; want context.Canceled", err)
	}
	lib, st := openDisk(t, seeds, path, Options{})
	defer lib.Close()
	if st.Rebuilt {
		t.Errorf("the index was lost after a canceled rebuild: %+v", st)
	}
}

func TestProgress(t *testing.T) {
	var calls [][2]int
	articles := synthetic(30, 400)
	lib, _, err := Open(t.Context(), articles, Options{Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{30, 30} {
		t.Errorf("progress calls %v; want the last to be 30 of 30", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] {
			t.Errorf("progress went backwards: %v", calls)
		}
	}
}

// TestGarbageInBoltFileIsRebuilt: garbage over the pages of scorch's bolt
// file made bbolt panic at every start, --rebuild included.
func TestGarbageInBoltFileIsRebuilt(t *testing.T) {
	seeds := writeCorpus(t)
	path := filepath.Join(t.TempDir(), "index")
	lib, _ := openDisk(t, seeds, path, Options{})
	lib.Close()
	f, err := os.OpenFile(filepath.Join(path, "store", "root.bolt"), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	junk := make([]byte, 4*4096)
	for i := range junk {
		junk[i] = byte(i*131 + 7)
	}
	if _, err := f.WriteAt(junk, 2*4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, rebuild := range []bool{false, true} {
		lib, st := openDisk(t, seeds, path, Options{Rebuild: rebuild})
		if !st.Rebuilt {
			t.Errorf("rebuild=%v: %+v; want a rebuild", rebuild, st)
		}
		expectTop(t, lib, "volcano ash", "volcano")
		lib.Close()
		if !rebuild { // damage it again for the --rebuild case
			f, _ := os.OpenFile(filepath.Join(path, "store", "root.bolt"), os.O_RDWR, 0)
			f.WriteAt(junk, 2*4096)
			f.Close()
		}
	}
}
