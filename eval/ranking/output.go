package ranking

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"byline/eval"
	"byline/eval/data"
	"byline/retrieval"
)

// ResultJSON is a [Result] as `byline eval retrieval --json` prints it.
// Fields are in alphabetical order of their keys, the order the output
// has always had; Data, Split, Tuning and Reference are set on the
// top-level object only.
type ResultJSON struct {
	AllocMB        float64     `json:"alloc_mb"`
	CorpusMB       float64     `json:"corpus_mb"`
	Data           string      `json:"data,omitempty"`
	DeepK          int         `json:"deep_k"`
	DeepP50MS      float64     `json:"deep_p50_ms"`
	DeepP99MS      float64     `json:"deep_p99_ms"`
	Docs           int         `json:"docs"`
	HeapMB         float64     `json:"heap_mb"`
	IndexMBPerS    float64     `json:"index_mb_per_s"`
	IndexSeconds   float64     `json:"index_seconds"`
	LatencyMaxMS   float64     `json:"latency_max_ms"`
	LatencySamples int         `json:"latency_samples"`
	MRR10          float64     `json:"mrr@10"`
	NDCG10         float64     `json:"ndcg@10"`
	P50MS          float64     `json:"p50_ms"`
	P95MS          float64     `json:"p95_ms"`
	P99MS          float64     `json:"p99_ms"`
	Queries        int         `json:"queries"`
	Recall1        float64     `json:"recall@1"`
	Recall10       float64     `json:"recall@10"`
	Recall100      float64     `json:"recall@100"`
	Recall5        float64     `json:"recall@5"`
	Reference      *ResultJSON `json:"reference,omitempty"`
	SearchK        int         `json:"search_k"`
	Split          string      `json:"split,omitempty"`
	System         string      `json:"system"`
	Tuning         string      `json:"tuning,omitempty"`
	Units          int         `json:"units"`
}

// JSON returns r's figures, rounded to four decimals.
func (r *Result) JSON() *ResultJSON {
	return &ResultJSON{
		NDCG10: eval.Round4(r.NDCG10), Recall1: eval.Round4(r.Recall1), Recall5: eval.Round4(r.Recall5),
		Recall10: eval.Round4(r.Recall10), Recall100: eval.Round4(r.Recall100), MRR10: eval.Round4(r.MRR10),
		IndexSeconds: eval.Round4(r.IndexTime.Seconds()), IndexMBPerS: eval.Round4(r.MBPerS()),
		P50MS: eval.Round4(eval.MS(r.Latency.P50)), P95MS: eval.Round4(eval.MS(r.Latency.P95)),
		P99MS: eval.Round4(eval.MS(r.Latency.P99)), Queries: r.Queries, System: r.System, Docs: r.Docs,
		Units: r.Units, CorpusMB: eval.Round4(r.MB), HeapMB: eval.Round4(eval.MB(r.HeapBytes)),
		AllocMB: eval.Round4(eval.MB(r.AllocBytes)), SearchK: r.SearchK, DeepK: r.Depth,
		DeepP50MS: eval.Round4(eval.MS(r.DeepLatency.P50)), DeepP99MS: eval.Round4(eval.MS(r.DeepLatency.P99)),
		LatencyMaxMS: eval.Round4(eval.MS(r.Latency.Max)), LatencySamples: r.Latency.N,
	}
}

// JSON returns the run as one object: Byline's figures, with the
// reference's under "reference".
func (run *Run) JSON() *ResultJSON {
	out := run.Byline.JSON()
	out.Data, out.Split, out.Tuning = run.Data.Name, run.Data.Split, TuningString(run.Tuning)
	if run.Reference != nil {
		out.Reference = run.Reference.JSON()
	}
	return out
}

// Row is one line of the side-by-side table of Byline and the reference.
type Row struct {
	Name              string
	Byline, Reference float64
	Format            string // of one figure, e.g. "%.4f"
}

// Rows are the side-by-side figures of b and r (r may be nil).
func Rows(b, r *Result) []Row {
	if r == nil {
		r = &Result{}
	}
	ms, mb := eval.MS, eval.MB
	return []Row{
		{"nDCG@10", b.NDCG10, r.NDCG10, "%.4f"},
		{"Recall@1", b.Recall1, r.Recall1, "%.4f"},
		{"Recall@5", b.Recall5, r.Recall5, "%.4f"},
		{"Recall@10", b.Recall10, r.Recall10, "%.4f"},
		{"Recall@100", b.Recall100, r.Recall100, "%.4f"},
		{"MRR@10", b.MRR10, r.MRR10, "%.4f"},
		{"index seconds", b.IndexTime.Seconds(), r.IndexTime.Seconds(), "%.2f"},
		{"index MB/s", b.MBPerS(), r.MBPerS(), "%.2f"},
		{"heap after build (MB)", mb(b.HeapBytes), mb(r.HeapBytes), "%.1f"},
		{"allocated during build (MB)", mb(b.AllocBytes), mb(r.AllocBytes), "%.0f"},
		{fmt.Sprintf("search p50 ms (k=%d)", b.SearchK), ms(b.Latency.P50), ms(r.Latency.P50), "%.2f"},
		{fmt.Sprintf("search p95 ms (k=%d)", b.SearchK), ms(b.Latency.P95), ms(r.Latency.P95), "%.2f"},
		{fmt.Sprintf("search p99 ms (k=%d)", b.SearchK), ms(b.Latency.P99), ms(r.Latency.P99), "%.2f"},
		{fmt.Sprintf("ranking pass p50 ms (k≥%d)", b.Depth), ms(b.DeepLatency.P50), ms(r.DeepLatency.P50), "%.2f"},
		{fmt.Sprintf("ranking pass p99 ms (k≥%d)", b.Depth), ms(b.DeepLatency.P99), ms(r.DeepLatency.P99), "%.2f"},
	}
}

// WriteText prints the run as `byline eval retrieval` does: a header, then
// the side-by-side table with ratios.
func (run *Run) WriteText(w io.Writer) {
	b, r := run.Byline, run.Reference
	fmt.Fprintf(w, "%s: %d judged queries (split %s), %d documents, %.2f MB; Byline indexed %d passages\n",
		run.Data.Name, b.Queries, run.Data.Split, b.Docs, b.MB, b.Units)
	fmt.Fprintf(w, "tuning: %s\n\n", TuningString(run.Tuning))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if r == nil {
		fmt.Fprintln(tw, "metric\tbyline\t")
		for _, row := range Rows(b, nil) {
			fmt.Fprintf(tw, "%s\t"+row.Format+"\t\n", row.Name, row.Byline)
		}
	} else {
		fmt.Fprintln(tw, "metric\tbyline\treference\tratio\t")
		for _, row := range Rows(b, r) {
			fmt.Fprintf(tw, "%s\t"+row.Format+"\t"+row.Format+"\t%s\t\n", row.Name, row.Byline, row.Reference, eval.Ratio(row.Byline, row.Reference))
		}
	}
	tw.Flush()
	if r != nil {
		fmt.Fprintf(w, "\nreference: plain Bleve, default mapping (standard analyzer, tf-idf), title and text match queries, batches of %d documents\n", DefaultReferenceBatch)
	}
}

// writeGrid runs every combo on ds (Byline only) and prints one line each
// as soon as it is measured.
func writeGrid(ctx context.Context, w io.Writer, ds *data.Dataset, base retrieval.Tuning, combos []Combo, opt Options) error {
	fmt.Fprintf(w, "%s: %d judged queries (split %s); base tuning %s\n", ds.Name, len(ds.Queries), ds.Split, TuningString(base))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "setting\tnDCG@10\tR@1\tR@5\tR@10\tR@100\tMRR@10\tpassages\tindex s\tranking p50 ms")
	for _, c := range combos {
		run, err := Measure(ctx, ds, c.Tuning, opt, false)
		if err != nil {
			return err
		}
		b := run.Byline
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%.1f\t%.2f\n", c.Label, b.NDCG10, b.Recall1, b.Recall5,
			b.Recall10, b.Recall100, b.MRR10, b.Units, b.IndexTime.Seconds(), eval.MS(b.DeepLatency.P50))
		tw.Flush()
	}
	return nil
}
