package extract

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	truth := "one two three four five six"
	for _, tc := range []struct {
		name, pred  string
		prec, recal float64
	}{
		{"same", truth, 1, 1},
		{"empty", "", 0, 0},
		{"half", "one two three four five", 1, 2.0 / 3},
		{"punctuation and spacing ignored", "one, two\n\nthree — four five six!", 1, 1},
		{"extra furniture", truth + " share this story now", 3.0 / 7, 1},
	} {
		s := Compare(truth, tc.pred)
		if math.Abs(s.Precision()-tc.prec) > 1e-9 || math.Abs(s.Recall()-tc.recal) > 1e-9 {
			t.Errorf("%s: precision %v recall %v; want %v %v", tc.name, s.Precision(), s.Recall(), tc.prec, tc.recal)
		}
	}
	// Pages weigh the same whatever their length.
	f1, p, r := Mean([]Score{Compare(truth, truth), Compare(truth+" "+truth+" "+truth, "")})
	if p != 0.5 || r != 0.5 || f1 != 0.5 {
		t.Errorf("Mean = %v %v %v; want 0.5 each", f1, p, r)
	}
}

const page = `<!doctype html><html><head><title>Harbour Reopens | Gazette</title>
<meta property="article:published_time" content="2025-03-04T10:00:00Z"></head>
<body><nav><a href="/">Home</a><a href="/sport">Sport</a></nav>
<div class="related"><a href="/a">Ten things to do this weekend</a></div>
<article><h1>Harbour Reopens</h1><p class="byline">By Ana Silva</p>
<p>The harbour reopened on Monday after three months of repairs to the sea wall, which storms had broken in December.</p>
<figure><img src="wall.jpg"><figcaption>The repaired wall, seen from the pier.</figcaption></figure>
<p>Fishing boats returned first, followed by the ferry to the islands, which had been moored at a neighbouring port since the winter.</p>
<p>The council said the repairs cost less than expected and that the work on the lighthouse would start in the summer.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>`

func TestReadable(t *testing.T) {
	pg, err := Readable([]byte(page), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"The harbour reopened on Monday", "Fishing boats returned first", "lighthouse"} {
		if !strings.Contains(pg.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, pg.Text)
		}
	}
	for _, furniture := range []string{"Sport", "Ten things", "newsletter", "repaired wall"} {
		if strings.Contains(pg.Text, furniture) {
			t.Errorf("text has furniture %q:\n%s", furniture, pg.Text)
		}
	}
	if !strings.HasPrefix(pg.Title, "Harbour Reopens") || pg.Date.IsZero() {
		t.Errorf("title %q date %v", pg.Title, pg.Date)
	}
	if !strings.Contains(pg.Text, "\n\n") {
		t.Errorf("paragraphs not separated by a blank line:\n%s", pg.Text)
	}
}

func TestBenchmarkOnSharedData(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "article-extraction")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("article-extraction data not found at %s (kept beside the repository): %v", dir, err)
	}
	if testing.Short() {
		t.Skip("reads 181 pages; skipped with -short")
	}
	pages, err := LoadBenchmark(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := RunBenchmark(context.Background(), "readable", pages, func(page []byte, _ string) (Page, error) {
		return Readable(page, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("F1 %.4f P %.4f R %.4f on %d pages", res.F1, res.Precision, res.Recall, res.Pages)
	if res.F1 < 0.95 {
		t.Errorf("F1 %.4f; want >= 0.95", res.F1)
	}
}
