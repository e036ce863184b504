package scale

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"byline/eval"
	"byline/eval/data"
	"byline/retrieval"
)

// Command is `byline eval scale`.
var Command = eval.Command{
	Name: "scale",
	Usage: `  scale     [--data DIR] [--sizes 1000,10000,100000] [--json]
            search latency, build time, MB/s and memory as the collection grows
  scale     --files DIR [--data DIR] [--articles 1000,10000,50000,200000] [--json]
            the same through article files and the byline binary: first index, index
            size, no-change start, ask, first quotation (time, CPU, peak RSS), search
`,
	Run: run,
}

func run(ctx context.Context, env eval.Env, args []string) error {
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	dir := fs.String("data", filepath.Join("..", "shared", "data"), "the shared data folder (bbc-news/, ag-news-test/)")
	sizes := fs.String("sizes", "1000,10000,100000", "collection sizes, in passages")
	nq := fs.Int("queries", 200, "queries timed at each size")
	asJSON := fs.Bool("json", false, "print JSON")
	files := fs.String("files", "", "measure through files: the folder where generated libraries and indexes go (reused)")
	articles := fs.String("articles", "1000,10000,50000,200000", "with --files: library sizes, in articles")
	if err := eval.ParseFlags(fs, args); err != nil {
		return err
	}
	if *files != "" {
		ns, err := ParseSizes(*articles)
		if err != nil {
			return err
		}
		return runFiles(ctx, env, *dir, *files, ns, *nq, *asJSON)
	}
	ns, err := ParseSizes(*sizes)
	if err != nil {
		return err
	}
	pts, err := MeasureNews(ctx, *dir, ns, *nq, env.Logger)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]PointJSON, len(pts))
		for i, p := range pts {
			out[i] = p.JSON()
		}
		return eval.WriteJSON(env.Stdout, out)
	}
	return writeText(env.Stdout, pts)
}

func writeText(w io.Writer, pts []Point) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "passages\tarticles\tMB\tindex s\tMB/s\theap MB\talloc MB\tp50 ms\tp95 ms\tp99 ms\t")
	for _, p := range pts {
		fmt.Fprintf(tw, "%d\t%d\t%.1f\t%.2f\t%.2f\t%.0f\t%.0f\t%.2f\t%.2f\t%.2f\t\n", p.Passages, p.Articles, p.MB,
			p.IndexTime.Seconds(), p.MBPerS(), eval.MB(p.HeapBytes), eval.MB(p.AllocBytes),
			eval.MS(p.Latency.P50), eval.MS(p.Latency.P95), eval.MS(p.Latency.P99))
	}
	return tw.Flush()
}

// ParseSizes reads a comma-separated list of passage counts.
func ParseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 || n > 10_000_000 {
			return nil, eval.Usagef("eval scale: size %q: want a positive passage count", eval.Printable(f))
		}
		out = append(out, n)
	}
	return out, nil
}

// MeasureNews runs [Measure] over BBC News and AG News from the shared data
// folder dir, interleaved, with nq article titles as queries and k=10.
func MeasureNews(ctx context.Context, dir string, sizes []int, nq int, lg *slog.Logger) ([]Point, error) {
	pool, err := NewsPool(ctx, dir, lg)
	if err != nil {
		return nil, err
	}
	return Measure(ctx, pool, sizes, Titles(pool, nq), 10, lg)
}

// NewsPool is BBC News and AG News from the shared data folder dir,
// interleaved.
func NewsPool(ctx context.Context, dir string, lg *slog.Logger) ([]*retrieval.Article, error) {
	bbc, _, err := data.LoadBBC(ctx, filepath.Join(dir, "bbc-news", "bbc-fulltext.tar.gz"), lg)
	if err != nil {
		return nil, err
	}
	ag, err := data.LoadAGNews(filepath.Join(dir, "ag-news-test", "test.csv.gz"))
	if err != nil {
		return nil, err
	}
	return Mix(bbc, ag), nil
}

// PointJSON is a [Point] as `byline eval scale --json` prints it (keys in
// alphabetical order, as the output has always had them).
type PointJSON struct {
	AllocMB      float64 `json:"alloc_mb"`
	Articles     int     `json:"articles"`
	CorpusMB     float64 `json:"corpus_mb"`
	HeapMB       float64 `json:"heap_mb"`
	IndexMBPerS  float64 `json:"index_mb_per_s"`
	IndexSeconds float64 `json:"index_seconds"`
	K            int     `json:"k"`
	P50MS        float64 `json:"p50_ms"`
	P95MS        float64 `json:"p95_ms"`
	P99MS        float64 `json:"p99_ms"`
	Passages     int     `json:"passages"`
	Queries      int     `json:"queries"`
}

// JSON returns p's figures, rounded to four decimals.
func (p Point) JSON() PointJSON {
	r := eval.Round4
	return PointJSON{
		Passages: p.Passages, Articles: p.Articles, CorpusMB: r(p.MB),
		IndexSeconds: r(p.IndexTime.Seconds()), IndexMBPerS: r(p.MBPerS()),
		HeapMB: r(eval.MB(p.HeapBytes)), AllocMB: r(eval.MB(p.AllocBytes)),
		P50MS: r(eval.MS(p.Latency.P50)), P95MS: r(eval.MS(p.Latency.P95)), P99MS: r(eval.MS(p.Latency.P99)),
		Queries: p.Latency.N, K: p.SearchK,
	}
}

func runFiles(ctx context.Context, env eval.Env, data, dir string, sizes []int, nq int, asJSON bool) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("eval scale: find the byline binary: %w", err)
	}
	pool, err := NewsPool(ctx, data, env.Logger)
	if err != nil {
		return err
	}
	pts, err := MeasureFiles(ctx, pool, sizes, FileOptions{Dir: dir, Exe: exe, Queries: nq, Logger: env.Logger})
	if err != nil {
		return err
	}
	if asJSON {
		return eval.WriteJSON(env.Stdout, pts)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "articles\tpassages\tMB\tindex s\tMB/s\tindex RSS MB\tindex MB\tstart s\tstart CPU s\tstart RSS MB\told start s\task s\task RSS MB\tquote s\tquote RSS MB\tfirst quote ms\tp50 ms\tp99 ms\t")
	for _, p := range pts {
		fmt.Fprintf(tw, "%d\t%d\t%.1f\t%.1f\t%.2f\t%.0f\t%.1f\t%.2f\t%.2f\t%.0f\t%.2f\t%.2f\t%.0f\t%.2f\t%.0f\t%.1f\t%.2f\t%.2f\t\n",
			p.Articles, p.Passages, p.MB, p.FirstIndex.Wall.Seconds(), p.MBPerS(), eval.MB(p.FirstIndex.RSSBytes), eval.MB(p.IndexBytes),
			p.Start.Wall.Seconds(), p.Start.CPU.Seconds(), eval.MB(p.Start.RSSBytes), p.OldStart.Seconds(),
			p.Ask.Wall.Seconds(), eval.MB(p.Ask.RSSBytes), p.Quote.Wall.Seconds(), eval.MB(p.Quote.RSSBytes),
			eval.MS(p.FirstQuote), eval.MS(p.Search.P50), eval.MS(p.Search.P99))
	}
	return tw.Flush()
}
