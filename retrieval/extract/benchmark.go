package extract

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// BenchPage is one page of an article-extraction benchmark: the page as
// crawled and the article text a person marked in it.
type BenchPage struct {
	ID, URL string
	HTML    []byte
	Truth   string
}

// maxBenchPage bounds one page of a benchmark read into memory.
const maxBenchPage = 20 << 20

// LoadBenchmark reads a benchmark in the layout of
// scrapinghub/article-extraction-benchmark: ground-truth.json
// ({id: {"articleBody", "url"}}) and html/<id>.html.gz.
func LoadBenchmark(dir string) ([]BenchPage, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("read benchmark: %w", err)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		return nil, fmt.Errorf("read benchmark ground truth: %w", err)
	}
	pages := make([]BenchPage, 0, len(truth))
	for id, t := range truth {
		data, err := readGzip(filepath.Join(dir, "html", filepath.Base(id)+".html.gz"))
		if err != nil {
			return nil, fmt.Errorf("read benchmark page %s: %w", id, err)
		}
		pages = append(pages, BenchPage{ID: id, URL: t.URL, HTML: data, Truth: t.ArticleBody})
	}
	slices.SortFunc(pages, func(a, b BenchPage) int { return strings.Compare(a.ID, b.ID) })
	return pages, nil
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(zr, maxBenchPage+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxBenchPage {
		return nil, fmt.Errorf("larger than %d bytes", maxBenchPage)
	}
	return data, nil
}

// Func extracts the article from a page; an error counts as an empty
// extraction.
type Func func(page []byte, pageURL string) (Page, error)

// BenchResult is one extractor's score on a benchmark.
type BenchResult struct {
	Name          string
	Pages, Failed int
	// WithTitle, WithAuthor and WithDate count the pages where the
	// extractor found a title, an author, a publication date.
	WithTitle, WithAuthor, WithDate int
	F1, Precision, Recall           float64
	// Median is the median time to extract one page.
	Median time.Duration
}

// RunBenchmark scores extract on every page.
func RunBenchmark(ctx context.Context, name string, pages []BenchPage, extract Func) (BenchResult, error) {
	res := BenchResult{Name: name, Pages: len(pages)}
	scores := make([]Score, 0, len(pages))
	times := make([]time.Duration, 0, len(pages))
	for _, p := range pages {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		start := time.Now()
		pg, err := extract(p.HTML, p.URL)
		times = append(times, time.Since(start))
		if err != nil {
			res.Failed++
			pg = Page{}
		}
		scores = append(scores, Compare(p.Truth, pg.Text))
		res.WithTitle += count(pg.Title != "")
		res.WithAuthor += count(pg.Author != "")
		res.WithDate += count(!pg.Date.IsZero())
	}
	res.F1, res.Precision, res.Recall = Mean(scores)
	if len(times) > 0 {
		slices.Sort(times)
		res.Median = times[len(times)/2]
	}
	return res, nil
}

func count(ok bool) int {
	if ok {
		return 1
	}
	return 0
}
