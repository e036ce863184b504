package retrieval

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// bbcArchive is the BBC News corpus from the shared data folder, beside
// the module root (see ../../shared/data/bbc-news/README.md).
var bbcArchive = filepath.Join("..", "..", "shared", "data", "bbc-news", "bbc-fulltext.tar.gz")

var (
	bbcOnce     sync.Once
	bbcArticles []*Article
	bbcErr      error
)

// loadBBC parses the BBC articles straight from the archive, in memory:
// nothing is written into the repository.
func loadBBC(tb testing.TB) []*Article {
	tb.Helper()
	if _, err := os.Stat(bbcArchive); err != nil {
		tb.Skipf("BBC corpus not checked: %s is absent (%v)", bbcArchive, err)
	}
	bbcOnce.Do(func() { bbcArticles, bbcErr = readBBC(bbcArchive) })
	if bbcErr != nil {
		tb.Fatal(bbcErr)
	}
	return bbcArticles
}

func readBBC(name string) ([]*Article, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	var out []*Article
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg || path.Ext(h.Name) != ".txt" || strings.HasSuffix(h.Name, "README.TXT") {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(tr, MaxArticleBytes+1))
		if err != nil {
			return nil, err
		}
		id := strings.TrimSuffix(strings.TrimPrefix(h.Name, "bbc/"), ".txt")
		a, err := Parse(id, h.Name, data)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", h.Name, err)
		}
		out = append(out, a)
	}
}

// TestBBCCorpus parses the 2,225 BBC articles and checks the invariants
// on real text: every file loads (sport/199 with its Latin-1 pound sign
// repaired), passages keep exact offsets, quotes point at their text.
func TestBBCCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("BBC corpus not checked in -short mode")
	}
	articles := loadBBC(t)
	if len(articles) != 2225 {
		t.Errorf("parsed %d BBC articles; want 2225", len(articles))
	}
	for _, a := range articles {
		checkPassages(t, a, Split(a))
		if a.ID == "sport/199" && !strings.Contains(a.Text, "£") {
			t.Errorf("sport/199: the Latin-1 pound sign was not repaired")
		}
	}
	quotes, attributed := 0, 0
	for _, a := range articles {
		for _, q := range analyzeSpeech(a).quotes {
			if a.Text[q.Start:q.End] != q.Text {
				t.Fatalf("quote offsets wrong in %s: %q", a.ID, q.Text)
			}
			quotes++
			if q.Speaker != "" {
				attributed++
			}
		}
	}
	t.Logf("BBC: %d articles, %d quotes, %d attributed", len(articles), quotes, attributed)
	// Indexing all of it is what BenchmarkIndexBBC measures; a slice of
	// it keeps this test quick under -race.
	lib := openMem(t, articles[:min(len(articles), 300)], nil)
	expectTop(t, lib, "Time Warner quarterly profits", "business/001")
}

// synthetic makes n articles of about words words from a fixed
// vocabulary, with Zipf-like word frequencies, the same every run.
func synthetic(n, words int) []*Article {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 5000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%x", i*7919%100000)
	}
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	out := make([]*Article, n)
	for i := range out {
		var b strings.Builder
		for w := 0; w < words; w++ {
			switch {
			case w > 0 && w%80 == 0:
				b.WriteString(".\n\n")
			case w > 0 && w%16 == 0:
				b.WriteString(". ")
			case w > 0:
				b.WriteString(" ")
			}
			word := vocab[zipf.Uint64()]
			if w%16 == 0 {
				word = strings.ToUpper(word[:1]) + word[1:]
			}
			b.WriteString(word)
		}
		b.WriteString(".")
		out[i] = NewArticle(fmt.Sprintf("syn/%04d", i), fmt.Sprintf("Article %d %s", i, vocab[i%len(vocab)]), b.String())
	}
	return out
}

func textBytes(articles []*Article) int64 {
	var n int64
	for _, a := range articles {
		n += int64(len(a.Text))
	}
	return n
}

func benchIndex(b *testing.B, articles []*Article, disk bool) {
	b.SetBytes(textBytes(articles))
	b.ReportAllocs()
	var passages int
	for b.Loop() {
		opts := Options{}
		if disk {
			opts.Path = filepath.Join(b.TempDir(), "index")
		}
		lib, st, err := Open(context.Background(), articles, opts)
		if err != nil {
			b.Fatal(err)
		}
		passages = st.Passages
		lib.Close()
	}
	b.ReportMetric(float64(passages), "passages")
}

// benchSearch measures Search with DefaultTuning and with the phrase
// knobs off, as the phrase queries cost most of a search.
func benchSearch(b *testing.B, articles []*Article, queries []string) {
	noSlop, noPhrase := DefaultTuning, DefaultTuning
	noSlop.PhraseSlop = 0
	noPhrase.PhraseBoost = 0
	for _, v := range []struct {
		name string
		t    Tuning
	}{{"default", DefaultTuning}, {"slop=0", noSlop}, {"phrase=0", noPhrase}} {
		b.Run(v.name, func(b *testing.B) {
			lib, _, err := Open(context.Background(), articles, Options{Tuning: &v.t})
			if err != nil {
				b.Fatal(err)
			}
			defer lib.Close()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := lib.Search(context.Background(), queries[i%len(queries)], 5); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func syntheticQueries(articles []*Article) []string {
	var qs []string
	for i := 0; i < 50; i++ {
		words := strings.Fields(articles[i*7%len(articles)].Text)
		qs = append(qs, strings.Join(words[10:16], " "))
	}
	return qs
}

var bbcQueries = []string{
	"Why did Time Warner profits rise?", "chelsea manager mourinho", "tony blair election campaign",
	"broadband internet speed in the uk", "oscar nominations for best film", "interest rates bank of england",
	"rugby six nations wales", "mobile phone sales", "iraq war troops", "video games console sony",
}

// BenchmarkIndex: 500 synthetic articles (~400 words each), in memory.
func BenchmarkIndex(b *testing.B) { benchIndex(b, synthetic(500, 400), false) }

// BenchmarkIndexDisk: the same, built on disk with the manifest and swap.
func BenchmarkIndexDisk(b *testing.B) { benchIndex(b, synthetic(500, 400), true) }

func BenchmarkSearch(b *testing.B) {
	articles := synthetic(500, 400)
	benchSearch(b, articles, syntheticQueries(articles))
}

func BenchmarkIndexBBC(b *testing.B) { benchIndex(b, loadBBC(b), false) }

func BenchmarkSearchBBC(b *testing.B) { benchSearch(b, loadBBC(b), bbcQueries) }

func BenchmarkFindQuoteBBC(b *testing.B) {
	lib, _, err := Open(context.Background(), loadBBC(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer lib.Close()
	lib.Quotes("") // speech data worked out once, on first use; not what is measured
	frags := []string{"we are growing strongly", "the result was a great disappointment", "Quarterly profits at US media giant"}
	i := 0
	for b.Loop() {
		if _, err := lib.FindQuote(context.Background(), frags[i%len(frags)], "", 3); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkParseBBC(b *testing.B) {
	if _, err := os.Stat(bbcArchive); err != nil {
		b.Skipf("BBC corpus absent: %v", err)
	}
	var n int64
	for _, a := range loadBBC(b) {
		n += int64(len(a.Text))
	}
	b.SetBytes(n)
	for b.Loop() {
		if _, err := readBBC(bbcArchive); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReopenBBC: opening an up-to-date on-disk index (what every
// `byline` start does): split, manifest compare, no indexing.
func BenchmarkReopenBBC(b *testing.B) {
	articles := loadBBC(b)
	path := filepath.Join(b.TempDir(), "index")
	lib, _, err := Open(context.Background(), articles, Options{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	lib.Close()
	for b.Loop() {
		lib, st, err := Open(context.Background(), articles, Options{Path: path})
		if err != nil {
			b.Fatal(err)
		}
		if st.Rebuilt || st.Added+st.Updated+st.Removed > 0 {
			b.Fatalf("reopen changed the index: %+v", st)
		}
		lib.Close()
	}
}

// writeArticles writes articles as Markdown files under a temp folder.
func writeArticles(b *testing.B, articles []*Article) string {
	dir := b.TempDir()
	for i, a := range articles {
		doc := "---\ntitle: " + strings.ReplaceAll(a.Title, "\n", " ") + "\n---\n\n" + a.Text + "\n"
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%06d.md", i)), []byte(doc), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour) // out of the racy window
	ms, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	for _, m := range ms {
		os.Chtimes(m, old, old)
	}
	return dir
}

// BenchmarkOpenDirNoChangeBBC: a start with nothing changed through
// OpenDir (one stat per file, the catalog, no text read), beside
// BenchmarkReopenBBC (every file read, parsed and split: the path every
// start took before) in the same run.
func BenchmarkOpenDirNoChangeBBC(b *testing.B) {
	dir := writeArticles(b, loadBBC(b))
	path := filepath.Join(b.TempDir(), "index")
	lib, _, _, err := OpenDir(context.Background(), dir, Options{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	lib.Close()
	for b.Loop() {
		lib, st, _, err := OpenDir(context.Background(), dir, Options{Path: path})
		if err != nil {
			b.Fatal(err)
		}
		if st.Rebuilt || st.Added+st.Updated+st.Removed > 0 {
			b.Fatalf("reopen changed the index: %+v", st)
		}
		lib.Close()
	}
}

// BenchmarkLoadOpenNoChangeBBC: the same start the old way, Load (read and
// parse every file) then Open, over the same files.
func BenchmarkLoadOpenNoChangeBBC(b *testing.B) {
	dir := writeArticles(b, loadBBC(b))
	path := filepath.Join(b.TempDir(), "index")
	lib, _, _, err := OpenDir(context.Background(), dir, Options{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	lib.Close()
	for b.Loop() {
		articles, _, err := Load(context.Background(), dir, nil)
		if err != nil {
			b.Fatal(err)
		}
		lib, _, err := Open(context.Background(), articles, Options{Path: path})
		if err != nil {
			b.Fatal(err)
		}
		lib.Close()
	}
}

// BenchmarkQuotesInBBC: the quotation data of one article, worked out
// afresh each time (a cache of one byte keeps nothing): what an answer
// with a quotation costs per cited article, where it used to cost the
// whole library on the first such answer.
func BenchmarkQuotesInBBC(b *testing.B) {
	articles := loadBBC(b)
	lib, _, err := Open(context.Background(), articles, Options{SpeechCacheBytes: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer lib.Close()
	i := 0
	for b.Loop() {
		lib.QuotesIn(articles[i%len(articles)].ID)
		i += 7
	}
}

// BenchmarkAllQuotesBBC: every article's quotation data at once, what the
// first answer with a quotation used to build, for the ratio.
func BenchmarkAllQuotesBBC(b *testing.B) {
	articles := loadBBC(b)
	lib, _, err := Open(context.Background(), articles, Options{SpeechCacheBytes: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer lib.Close()
	for b.Loop() {
		lib.Quotes("")
	}
}
