package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"byline/retrieval"
	"byline/retrieval/extract"
)

// extract runs `byline eval extract`: both HTML extractors on the same
// real pages in one run, scored with the benchmark's shingle metric.
func (e *evaluator) extract(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	data := fs.String("data", filepath.Join("..", "shared", "data"), "the shared data folder (article-extraction/)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := e.flags(fs, args); err != nil {
		return err
	}
	results, err := runExtractEval(ctx, filepath.Join(*data, "article-extraction"))
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"extractors": extractJSON(results)})
	}
	writeExtractText(e.stdout, results)
	return nil
}

// runExtractEval scores the extractor Byline uses (go-readability) and the
// one it used before (structural), in that order.
func runExtractEval(ctx context.Context, dir string) ([]extract.BenchResult, error) {
	pages, err := extract.LoadBenchmark(dir)
	if err != nil {
		return nil, usagef("eval extract: %v", err)
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

func extractJSON(rs []extract.BenchResult) []map[string]any {
	var out []map[string]any
	for _, r := range rs {
		out = append(out, map[string]any{
			"extractor": r.Name, "pages": r.Pages, "failed": r.Failed,
			"f1": round4(r.F1), "precision": round4(r.Precision), "recall": round4(r.Recall),
			"with_title": r.WithTitle, "with_author": r.WithAuthor, "with_date": r.WithDate,
			"median_ms": round4(msf(r.Median)),
		})
	}
	return out
}

func writeExtractText(w io.Writer, rs []extract.BenchResult) {
	if len(rs) > 0 {
		fmt.Fprintf(w, "article extraction on %d real pages (4-token shingles, per-page means)\n", rs[0].Pages)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "extractor\tF1\tprecision\trecall\tfailed\ttitle\tauthor\tdate\tmedian ms/page\t")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%d\t%d\t%d\t%d\t%.2f\t\n", r.Name, r.F1, r.Precision, r.Recall,
			r.Failed, r.WithTitle, r.WithAuthor, r.WithDate, msf(r.Median))
	}
	tw.Flush()
	if len(rs) == 2 && rs[1].F1 > 0 {
		fmt.Fprintf(w, "F1 ratio used/before: %s\n", ratio(rs[0].F1, rs[1].F1))
	}
}
