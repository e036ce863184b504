// Package extraction scores article extraction from real web pages: the
// extractor Byline uses (go-readability) and the one it used before
// (structural), on the same pages in one run (`byline eval extract`, [Command]).
package extraction

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"byline/eval"
	"byline/retrieval"
	"byline/retrieval/extract"
)

// Command is `byline eval extract`.
var Command = eval.Command{
	Name: "extract",
	Usage: `  extract   [--data DIR] [--json]
            article extraction from real pages (DIR/article-extraction): F1,
            precision, recall of go-readability and of the structural extractor
`,
	Run: run,
}

func run(ctx context.Context, env eval.Env, args []string) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	dir := fs.String("data", filepath.Join("..", "shared", "data"), "the shared data folder (article-extraction/)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := eval.ParseFlags(fs, args); err != nil {
		return err
	}
	results, err := Measure(ctx, filepath.Join(*dir, "article-extraction"))
	if err != nil {
		return err
	}
	if *asJSON {
		out := struct {
			Extractors []ResultJSON `json:"extractors"`
		}{}
		for _, r := range results {
			out.Extractors = append(out.Extractors, resultJSON(r))
		}
		return eval.WriteJSON(env.Stdout, out)
	}
	writeText(env.Stdout, results)
	return nil
}

// Measure scores the extractor Byline uses (go-readability) and the
// one it used before (structural), in that order.
func Measure(ctx context.Context, dir string) ([]extract.BenchResult, error) {
	pages, err := extract.LoadBenchmark(dir)
	if err != nil {
		return nil, eval.Usagef("eval extract: %v", err)
	}
	var out []extract.BenchResult
	for _, x := range []struct {
		name string
		body retrieval.HTMLBody
	}{{"go-readability (used)", retrieval.ReadableBody}, {"structural (before)", retrieval.StructuralBody}} {
		res, err := extract.RunBenchmark(ctx, x.name, pages, func(page []byte, pageURL string) (extract.Page, error) {
			a, err := retrieval.ParseHTML("page", pageURL, page, x.body)
			if err != nil {
				return extract.Page{}, err
			}
			return extract.Page{Title: a.Title, Author: a.Author, Date: a.Date, URL: a.URL, Text: a.Text}, nil
		})
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// ResultJSON is one extractor's figures as `byline eval extract --json`
// prints them (keys in alphabetical order, as the output has always had them).
type ResultJSON struct {
	Extractor  string  `json:"extractor"`
	F1         float64 `json:"f1"`
	Failed     int     `json:"failed"`
	MedianMS   float64 `json:"median_ms"`
	Pages      int     `json:"pages"`
	Precision  float64 `json:"precision"`
	Recall     float64 `json:"recall"`
	WithAuthor int     `json:"with_author"`
	WithDate   int     `json:"with_date"`
	WithTitle  int     `json:"with_title"`
}

func resultJSON(r extract.BenchResult) ResultJSON {
	return ResultJSON{
		Extractor: r.Name, Pages: r.Pages, Failed: r.Failed,
		F1: eval.Round4(r.F1), Precision: eval.Round4(r.Precision), Recall: eval.Round4(r.Recall),
		WithTitle: r.WithTitle, WithAuthor: r.WithAuthor, WithDate: r.WithDate,
		MedianMS: eval.Round4(eval.MS(r.Median)),
	}
}

func writeText(w io.Writer, rs []extract.BenchResult) {
	if len(rs) > 0 {
		fmt.Fprintf(w, "article extraction on %d real pages (4-token shingles, per-page means)\n", rs[0].Pages)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "extractor\tF1\tprecision\trecall\tfailed\ttitle\tauthor\tdate\tmedian ms/page\t")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%d\t%d\t%d\t%d\t%.2f\t\n", r.Name, r.F1, r.Precision, r.Recall,
			r.Failed, r.WithTitle, r.WithAuthor, r.WithDate, eval.MS(r.Median))
	}
	tw.Flush()
	if len(rs) == 2 && rs[1].F1 > 0 {
		fmt.Fprintf(w, "F1 ratio used/before: %s\n", eval.Ratio(rs[0].F1, rs[1].F1))
	}
}
