package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"byline/commands"
	"byline/commands/rouge"
	"byline/retrieval"
	"byline/retrieval/eval"
)

const evalUsage = `Usage: byline eval COMMAND [flags]

Commands:
  retrieval --corpus C --queries Q --qrels R [--split all|even|odd] [--json]
            index a BEIR data set through Byline and through plain Bleve, run
            every judged query, print nDCG@10, Recall@1/5/10/100, MRR@10,
            index time and MB/s, search latency; side by side with ratios
  grid      --corpus C --queries Q --qrels R --grid "Knob=v1,v2;Knob2=v1,v2"
            the retrieval metrics for every combination of tuning values
  summaries --articles DIR|TAR.GZ --summaries DIR|TAR.GZ [--limit N] [--json]
            ROUGE-1/2/L F1 of Byline's summaries against reference summaries,
            beside Lead-3 (and LLM summaries when a model is configured)
  scale     [--data DIR] [--sizes 1000,10000,100000] [--json]
            search latency, build time, MB/s and memory as the collection grows
  extract   [--data DIR] [--json]
            article extraction from real pages (DIR/article-extraction): F1,
            precision, recall of go-readability and of the structural extractor
  report    [--data DIR] [--out FILE|-] [--update BENCHMARKS.md]
            run all of the above on the shared data and write the Markdown tables

Tuning knobs (retrieval, grid): --set "TitleBoost=1,PhraseBoost=0.5" overrides
fields of retrieval.DefaultTuning for the Byline side only; --k1 and --b set
Bleve's BM25 parameters (process-wide globals) for the run; --sample N runs
about N of the judged queries; --index-runs N keeps the fastest of N builds.
`

// runEval runs `byline eval ...`; args are the words after "eval".
func runEval(ctx context.Context, lg *slog.Logger, cfg Config, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, evalUsage)
		return usagef("eval needs a command: retrieval, grid, summaries, scale, extract or report")
	}
	e := &evaluator{lg: lg, cfg: cfg, stdout: stdout}
	switch args[0] {
	case "retrieval":
		return e.retrieval(ctx, args[1:])
	case "grid":
		return e.grid(ctx, args[1:])
	case "summaries":
		return e.summaries(ctx, args[1:])
	case "scale":
		return e.scale(ctx, args[1:])
	case "report":
		return e.report(ctx, args[1:])
	case "extract":
		return e.extract(ctx, args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, evalUsage)
		return nil
	}
	return usagef("eval: unknown command %q: want retrieval, grid, summaries, scale, extract or report", printableArg(args[0]))
}

func printableArg(s string) string {
	s = strings.ToValidUTF8(s, "?")
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}

type evaluator struct {
	lg     *slog.Logger
	cfg    Config
	stdout io.Writer
}

// flags parses an eval command's flags, printing its usage on -h.
func (e *evaluator) flags(fs *flag.FlagSet, args []string) error {
	pos, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(e.stdout, evalUsage)
		return err
	}
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("eval %s: unexpected argument %q", fs.Name(), printableArg(pos[0]))
	}
	return nil
}

// parseTuning applies "Knob=value,Knob=value" overrides to base, by the
// field names of retrieval.Tuning (case-insensitive).
func parseTuning(base retrieval.Tuning, set string) (retrieval.Tuning, error) {
	t := base
	for _, kv := range strings.Split(set, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return t, usagef("tuning %q: want Knob=value", kv)
		}
		if err := setKnob(&t, strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
			return t, err
		}
	}
	return t, nil
}

func setKnob(t *retrieval.Tuning, name, value string) error {
	rv := reflect.ValueOf(t).Elem()
	f := rv.FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, name) })
	if !f.IsValid() || !f.CanSet() {
		return usagef("tuning: no knob %q (knobs: %s)", printableArg(name), strings.Join(knobNames(), ", "))
	}
	switch f.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, err := strconv.Atoi(value)
		if err != nil {
			return usagef("tuning %s=%q: want an integer", name, printableArg(value))
		}
		f.SetInt(int64(n))
	case reflect.Float64, reflect.Float32:
		x, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return usagef("tuning %s=%q: want a number", name, printableArg(value))
		}
		f.SetFloat(x)
	case reflect.Bool:
		b, err := strconv.ParseBool(value)
		if err != nil {
			return usagef("tuning %s=%q: want true or false", name, printableArg(value))
		}
		f.SetBool(b)
	case reflect.String:
		f.SetString(value)
	default:
		return usagef("tuning: knob %s cannot be set from the command line", name)
	}
	return nil
}

func knobNames() []string {
	rt := reflect.TypeOf(retrieval.Tuning{})
	var names []string
	for i := range rt.NumField() {
		if rt.Field(i).IsExported() {
			names = append(names, rt.Field(i).Name)
		}
	}
	return names
}

// tuningString prints a Tuning as Knob=value pairs, as --set takes them.
func tuningString(t retrieval.Tuning) string {
	rv := reflect.ValueOf(t)
	var parts []string
	for i := range rv.NumField() {
		if rv.Type().Field(i).IsExported() {
			parts = append(parts, fmt.Sprintf("%s=%v", rv.Type().Field(i).Name, rv.Field(i).Interface()))
		}
	}
	return strings.Join(parts, ",")
}

// retrievalFlags are the flags shared by retrieval and grid.
type retrievalFlags struct {
	corpus, queries, qrels, split, name, set *string
	depth, sample, indexRuns                 *int
	k1, b                                    *float64
}

func addRetrievalFlags(fs *flag.FlagSet) retrievalFlags {
	return retrievalFlags{
		corpus:    fs.String("corpus", "", "BEIR corpus.jsonl[.gz]"),
		queries:   fs.String("queries", "", "BEIR queries.jsonl[.gz]"),
		qrels:     fs.String("qrels", "", "qrels TSV (query-id, corpus-id, score)"),
		split:     fs.String("split", "all", "judged queries to run: all, even or odd"),
		name:      fs.String("name", "", "data set name for the report (default: the corpus folder)"),
		set:       fs.String("set", "", "tuning overrides, e.g. TitleBoost=1,PhraseBoost=0"),
		depth:     fs.Int("depth", 200, "passages asked for in the ranking pass"),
		sample:    fs.Int("sample", 0, "run only about N of the judged queries, evenly spaced (0: all)"),
		indexRuns: fs.Int("index-runs", 3, "build each index this many times and report the fastest"),
		k1:        fs.Float64("k1", 0, "Bleve's BM25 k1 for this run (0: Bleve's default 1.2)"),
		b:         fs.Float64("b", 0, "Bleve's BM25 b for this run (0: Bleve's default 0.75)"),
	}
}

func (f retrievalFlags) load() (*eval.Dataset, retrieval.Tuning, error) {
	t, err := parseTuning(retrieval.DefaultTuning, *f.set)
	if err != nil {
		return nil, t, err
	}
	var missing []string
	for _, m := range []struct{ flag, v string }{{"--corpus", *f.corpus}, {"--queries", *f.queries}, {"--qrels", *f.qrels}} {
		if m.v == "" {
			missing = append(missing, m.flag)
		}
	}
	if len(missing) > 0 {
		return nil, t, usagef("eval: missing %s", strings.Join(missing, ", "))
	}
	name := *f.name
	if name == "" {
		name = filepath.Base(filepath.Dir(*f.corpus))
	}
	ds, err := eval.LoadDataset(name, *f.corpus, *f.queries, *f.qrels, *f.split)
	if err != nil {
		if strings.Contains(err.Error(), "want all, even or odd") {
			return nil, t, usagef("eval: %v", err)
		}
		return nil, t, err
	}
	ds.Sample(*f.sample)
	if *f.k1 < 0 || *f.b < 0 || *f.b > 1 {
		return nil, t, usagef("eval: --k1 must be >= 0 and --b in [0, 1]")
	}
	eval.SetBM25(*f.k1, *f.b) // for the whole process: one run per process
	return ds, t, nil
}

// retrievalRun is one data set measured on both systems.
type retrievalRun struct {
	Data      *eval.Dataset
	Tuning    retrieval.Tuning
	Byline    *eval.Result
	Reference *eval.Result
}

func (e *evaluator) runRetrieval(ctx context.Context, ds *eval.Dataset, t retrieval.Tuning, depth, indexRuns int, reference, latency bool) (*retrievalRun, error) {
	opt := eval.Options{Tuning: &t, Depth: depth, Logger: e.lg, SkipLatency: !latency, IndexRuns: indexRuns}
	run := &retrievalRun{Data: ds, Tuning: t}
	var err error
	if run.Byline, err = eval.RunByline(ctx, ds, opt); err != nil {
		return nil, fmt.Errorf("byline on %s: %w", ds.Name, err)
	}
	if reference {
		if run.Reference, err = eval.RunReference(ctx, ds, opt); err != nil {
			return nil, fmt.Errorf("reference on %s: %w", ds.Name, err)
		}
	}
	return run, nil
}

func (e *evaluator) retrieval(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("retrieval", flag.ContinueOnError)
	rf := addRetrievalFlags(fs)
	asJSON := fs.Bool("json", false, "print one JSON object")
	noRef := fs.Bool("no-reference", false, "skip the plain-Bleve reference")
	if err := e.flags(fs, args); err != nil {
		return err
	}
	ds, t, err := rf.load()
	if err != nil {
		return err
	}
	run, err := e.runRetrieval(ctx, ds, t, *rf.depth, *rf.indexRuns, !*noRef, true)
	if err != nil {
		return err
	}
	if *asJSON {
		out := resultJSON(run.Byline)
		out["data"] = ds.Name
		out["split"] = ds.Split
		out["tuning"] = tuningString(t)
		if run.Reference != nil {
			out["reference"] = resultJSON(run.Reference)
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	writeRetrievalText(e.stdout, run)
	return nil
}

// resultJSON holds the keys the issue fixes, then extras.
func resultJSON(r *eval.Result) map[string]any {
	return map[string]any{
		"ndcg@10":         round4(r.NDCG10),
		"recall@1":        round4(r.Recall1),
		"recall@5":        round4(r.Recall5),
		"recall@10":       round4(r.Recall10),
		"recall@100":      round4(r.Recall100),
		"mrr@10":          round4(r.MRR10),
		"index_seconds":   round4(r.IndexTime.Seconds()),
		"index_mb_per_s":  round4(r.MBPerS()),
		"p50_ms":          round4(msf(r.Latency.P50)),
		"p95_ms":          round4(msf(r.Latency.P95)),
		"p99_ms":          round4(msf(r.Latency.P99)),
		"queries":         r.Queries,
		"system":          r.System,
		"docs":            r.Docs,
		"units":           r.Units,
		"corpus_mb":       round4(r.MB),
		"heap_mb":         round4(float64(r.HeapBytes) / 1e6),
		"alloc_mb":        round4(float64(r.AllocBytes) / 1e6),
		"search_k":        r.SearchK,
		"deep_k":          r.Depth,
		"deep_p50_ms":     round4(msf(r.DeepLatency.P50)),
		"deep_p99_ms":     round4(msf(r.DeepLatency.P99)),
		"latency_max_ms":  round4(msf(r.Latency.Max)),
		"latency_samples": r.Latency.N,
	}
}

func round4(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 4, 64), 64)
	return v
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// metricRow is one line of the side-by-side table.
type metricRow struct {
	name         string
	byline, ref  float64
	format       string
	higherBetter bool
}

func retrievalRows(b, r *eval.Result) []metricRow {
	if r == nil {
		r = &eval.Result{}
	}
	return []metricRow{
		{"nDCG@10", b.NDCG10, r.NDCG10, "%.4f", true},
		{"Recall@1", b.Recall1, r.Recall1, "%.4f", true},
		{"Recall@5", b.Recall5, r.Recall5, "%.4f", true},
		{"Recall@10", b.Recall10, r.Recall10, "%.4f", true},
		{"Recall@100", b.Recall100, r.Recall100, "%.4f", true},
		{"MRR@10", b.MRR10, r.MRR10, "%.4f", true},
		{"index seconds", b.IndexTime.Seconds(), r.IndexTime.Seconds(), "%.2f", false},
		{"index MB/s", b.MBPerS(), r.MBPerS(), "%.2f", true},
		{"heap after build (MB)", float64(b.HeapBytes) / 1e6, float64(r.HeapBytes) / 1e6, "%.1f", false},
		{"allocated during build (MB)", float64(b.AllocBytes) / 1e6, float64(r.AllocBytes) / 1e6, "%.0f", false},
		{fmt.Sprintf("search p50 ms (k=%d)", b.SearchK), msf(b.Latency.P50), msf(r.Latency.P50), "%.2f", false},
		{fmt.Sprintf("search p95 ms (k=%d)", b.SearchK), msf(b.Latency.P95), msf(r.Latency.P95), "%.2f", false},
		{fmt.Sprintf("search p99 ms (k=%d)", b.SearchK), msf(b.Latency.P99), msf(r.Latency.P99), "%.2f", false},
		{fmt.Sprintf("ranking pass p50 ms (k≥%d)", b.Depth), msf(b.DeepLatency.P50), msf(r.DeepLatency.P50), "%.2f", false},
		{fmt.Sprintf("ranking pass p99 ms (k≥%d)", b.Depth), msf(b.DeepLatency.P99), msf(r.DeepLatency.P99), "%.2f", false},
	}
}

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func writeRetrievalText(w io.Writer, run *retrievalRun) {
	b, r := run.Byline, run.Reference
	fmt.Fprintf(w, "%s: %d judged queries (split %s), %d documents, %.2f MB; Byline indexed %d passages\n",
		run.Data.Name, b.Queries, run.Data.Split, b.Docs, b.MB, b.Units)
	fmt.Fprintf(w, "tuning: %s\n\n", tuningString(run.Tuning))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if r == nil {
		fmt.Fprintln(tw, "metric\tbyline\t")
		for _, row := range retrievalRows(b, nil) {
			fmt.Fprintf(tw, "%s\t"+row.format+"\t\n", row.name, row.byline)
		}
	} else {
		fmt.Fprintln(tw, "metric\tbyline\treference\tratio\t")
		for _, row := range retrievalRows(b, r) {
			fmt.Fprintf(tw, "%s\t"+row.format+"\t"+row.format+"\t%s\t\n", row.name, row.byline, row.ref, ratio(row.byline, row.ref))
		}
	}
	tw.Flush()
	if r != nil {
		fmt.Fprintf(w, "\nreference: plain Bleve, default mapping (standard analyzer, tf-idf), title and text match queries, batches of %d documents\n", eval.DefaultReferenceBatch)
	}
}

func (e *evaluator) grid(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("grid", flag.ContinueOnError)
	rf := addRetrievalFlags(fs)
	gridSpec := fs.String("grid", "", `knob values to combine, e.g. "TitleBoost=0,0.5,1;PhraseBoost=0,1"`)
	if err := e.flags(fs, args); err != nil {
		return err
	}
	ds, base, err := rf.load()
	if err != nil {
		return err
	}
	combos, err := gridCombos(base, *gridSpec)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d judged queries (split %s); base tuning %s\n", ds.Name, len(ds.Queries), ds.Split, tuningString(base))
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "setting\tnDCG@10\tR@1\tR@5\tR@10\tR@100\tMRR@10\tpassages\tindex s\tranking p50 ms")
	for _, c := range combos {
		run, err := e.runRetrieval(ctx, ds, c.t, *rf.depth, 1, false, false)
		if err != nil {
			return err
		}
		b := run.Byline
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%.1f\t%.2f\n", c.label, b.NDCG10, b.Recall1, b.Recall5,
			b.Recall10, b.Recall100, b.MRR10, b.Units, b.IndexTime.Seconds(), msf(b.DeepLatency.P50))
		tw.Flush()
	}
	return nil
}

type combo struct {
	label string
	t     retrieval.Tuning
}

// gridCombos expands "A=1,2;B=3,4" into every combination over base.
func gridCombos(base retrieval.Tuning, spec string) ([]combo, error) {
	combos := []combo{{"", base}}
	for _, part := range strings.Split(spec, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, vs, ok := strings.Cut(part, "=")
		if !ok {
			return nil, usagef("grid %q: want Knob=v1,v2", part)
		}
		var next []combo
		for _, c := range combos {
			for _, v := range strings.Split(vs, ",") {
				t := c.t
				if err := setKnob(&t, strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
					return nil, err
				}
				label := strings.TrimSpace(k) + "=" + strings.TrimSpace(v)
				if c.label != "" {
					label = c.label + " " + label
				}
				next = append(next, combo{label, t})
			}
		}
		combos = next
	}
	if len(combos) == 1 && combos[0].label == "" {
		combos[0].label = "base"
	}
	return combos, nil
}

func (e *evaluator) summaries(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("summaries", flag.ContinueOnError)
	articles := fs.String("articles", "", "articles: a folder or .tar.gz (BBC layout: category/nnn.txt)")
	sums := fs.String("summaries", "", "reference summaries: a folder or .tar.gz, same layout")
	limit := fs.Int("limit", 0, "score only the first N articles (0: all)")
	llmLimit := fs.Int("llm-limit", 20, "articles summarized by the language model, when one is configured")
	detailed := fs.Bool("detailed", false, "ask for detailed summaries (and compare with Lead-6)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := e.flags(fs, args); err != nil {
		return err
	}
	if *articles == "" || *sums == "" {
		return usagef("eval summaries: --articles and --summaries are required")
	}
	res, err := e.runSummaries(ctx, *articles, *sums, *limit, *llmLimit, *detailed)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(summariesJSON(res))
	}
	writeSummariesText(e.stdout, res)
	return nil
}

type summariesRun struct {
	*rouge.Result
	Skipped []retrieval.Skipped
	Model   string
}

func (e *evaluator) runSummaries(ctx context.Context, articles, sums string, limit, llmLimit int, detailed bool) (*summariesRun, error) {
	pairs, skipped, err := rouge.LoadPairs(ctx, articles, sums, e.lg)
	if err != nil {
		return nil, err
	}
	opt := rouge.Options{Limit: limit, LLMLimit: llmLimit, Length: commands.Brief, LeadN: 3, Logger: e.lg}
	if detailed {
		opt.Length, opt.LeadN = commands.Detailed, 6
	}
	model, err := newChatModel(e.lg, e.cfg)
	if err != nil {
		return nil, fmt.Errorf("language model: %w", err)
	}
	run := &summariesRun{Skipped: skipped}
	if model != nil {
		opt.Model, opt.ModelName = model, e.cfg.OpenAIModel
		run.Model = e.cfg.OpenAIModel
	}
	if run.Result, err = rouge.Run(ctx, pairs, opt); err != nil {
		return nil, err
	}
	return run, nil
}

func summariesJSON(r *summariesRun) map[string]any {
	var systems []map[string]any
	for _, s := range r.Systems {
		systems = append(systems, map[string]any{
			"system": s.Name, "n": s.N, "words": round4(s.Words), "failed": s.Failed, "fallback": s.Fallback,
			"rouge1_f": round4(s.Mean.R1.F), "rouge2_f": round4(s.Mean.R2.F), "rougeL_f": round4(s.Mean.RL.F),
			"rouge1_r": round4(s.Mean.R1.R), "rouge1_p": round4(s.Mean.R1.P),
		})
	}
	var skipped []string
	for _, s := range r.Skipped {
		skipped = append(skipped, s.Path+": "+s.Reason)
	}
	return map[string]any{
		"articles": r.Pairs, "systems": systems, "wrong_article": r.WrongArticle,
		"skipped": skipped, "model": r.Model,
	}
}

func writeSummariesText(w io.Writer, r *summariesRun) {
	fmt.Fprintf(w, "%d articles with reference summaries (%d files skipped)", r.Pairs, len(r.Skipped))
	if r.Model == "" {
		fmt.Fprint(w, "; no language model configured, so no LLM row")
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "system\tarticles\tROUGE-1 F1\tROUGE-2 F1\tROUGE-L F1\tmean tokens\tfailed\t")
	for _, s := range r.Systems {
		fmt.Fprintf(tw, "%s\t%d\t%.4f\t%.4f\t%.4f\t%.1f\t%d\t\n", s.Name, s.N, s.Mean.R1.F, s.Mean.R2.F, s.Mean.RL.F, s.Words, s.Failed+s.Fallback)
	}
	tw.Flush()
	if r.WrongArticle > 0 {
		fmt.Fprintf(w, "%d summaries cited another article than the one asked for (title matching)\n", r.WrongArticle)
	}
}

func (e *evaluator) scale(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	data := fs.String("data", filepath.Join("..", "shared", "data"), "the shared data folder (bbc-news/, ag-news-test/)")
	sizes := fs.String("sizes", "1000,10000,100000", "collection sizes, in passages")
	nq := fs.Int("queries", 200, "queries timed at each size")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := e.flags(fs, args); err != nil {
		return err
	}
	ns, err := parseSizes(*sizes)
	if err != nil {
		return err
	}
	pts, err := e.runScale(ctx, *data, ns, *nq)
	if err != nil {
		return err
	}
	if *asJSON {
		var out []map[string]any
		for _, p := range pts {
			out = append(out, scaleJSON(p))
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "passages\tarticles\tMB\tindex s\tMB/s\theap MB\talloc MB\tp50 ms\tp95 ms\tp99 ms\t")
	for _, p := range pts {
		fmt.Fprintf(tw, "%d\t%d\t%.1f\t%.2f\t%.2f\t%.0f\t%.0f\t%.2f\t%.2f\t%.2f\t\n", p.Passages, p.Articles, p.MB,
			p.IndexTime.Seconds(), p.MBPerS(), float64(p.HeapBytes)/1e6, float64(p.AllocBytes)/1e6,
			msf(p.Latency.P50), msf(p.Latency.P95), msf(p.Latency.P99))
	}
	return tw.Flush()
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 || n > 10_000_000 {
			return nil, usagef("eval scale: size %q: want a positive passage count", printableArg(f))
		}
		out = append(out, n)
	}
	return out, nil
}

func scaleJSON(p eval.ScalePoint) map[string]any {
	return map[string]any{
		"passages": p.Passages, "articles": p.Articles, "corpus_mb": round4(p.MB),
		"index_seconds": round4(p.IndexTime.Seconds()), "index_mb_per_s": round4(p.MBPerS()),
		"heap_mb": round4(float64(p.HeapBytes) / 1e6), "alloc_mb": round4(float64(p.AllocBytes) / 1e6),
		"p50_ms": round4(msf(p.Latency.P50)), "p95_ms": round4(msf(p.Latency.P95)), "p99_ms": round4(msf(p.Latency.P99)),
		"queries": p.Latency.N, "k": p.SearchK,
	}
}

func (e *evaluator) runScale(ctx context.Context, data string, sizes []int, nq int) ([]eval.ScalePoint, error) {
	bbc, _, err := eval.LoadBBC(ctx, filepath.Join(data, "bbc-news", "bbc-fulltext.tar.gz"), e.lg)
	if err != nil {
		return nil, err
	}
	ag, err := eval.LoadAGNews(filepath.Join(data, "ag-news-test", "test.csv.gz"))
	if err != nil {
		return nil, err
	}
	pool := eval.Mix(bbc, ag)
	return eval.Scale(ctx, pool, sizes, eval.Titles(pool, nq), 10, e.lg)
}

// Report markers: `byline eval report --update BENCHMARKS.md` rewrites
// what lies between them and nothing else.
const (
	reportBegin = "<!-- eval:begin -->"
	reportEnd   = "<!-- eval:end -->"
)

func (e *evaluator) report(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	data := fs.String("data", filepath.Join("..", "shared", "data"), "the shared data folder")
	out := fs.String("out", "-", "write the Markdown here (- for stdout)")
	update := fs.String("update", "", "rewrite the part of this file between "+reportBegin+" and "+reportEnd)
	sizes := fs.String("sizes", "1000,10000,100000", "scale sizes, in passages")
	limit := fs.Int("limit", 0, "summaries: only the first N articles (0: all)")
	if err := e.flags(fs, args); err != nil {
		return err
	}
	ns, err := parseSizes(*sizes)
	if err != nil {
		return err
	}
	md, err := e.buildReport(ctx, *data, ns, *limit, args)
	if err != nil {
		return err
	}
	if *update != "" {
		return replaceSection(*update, md)
	}
	if *out == "-" || *out == "" {
		_, err = io.WriteString(e.stdout, md)
		return err
	}
	return os.WriteFile(*out, []byte(md), 0o644)
}

// replaceSection writes md between the report markers of path.
func replaceSection(path, md string) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("update %s: %w", path, err)
	}
	s := string(old)
	i, j := strings.Index(s, reportBegin), strings.Index(s, reportEnd)
	if i < 0 || j < i {
		return fmt.Errorf("update %s: no %s … %s markers", path, reportBegin, reportEnd)
	}
	s = s[:i+len(reportBegin)] + "\n" + md + s[j:]
	return os.WriteFile(path, []byte(s), 0o644)
}

// target is one goal of issue 5.
type target struct {
	what, goal string
	got        string
	met        bool
}

func (e *evaluator) buildReport(ctx context.Context, data string, sizes []int, limit int, args []string) (string, error) {
	var b bytes.Buffer
	started := time.Now().UTC()
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	var targets []target

	sci := filepath.Join(data, "beir-scifact")
	squad := filepath.Join(data, "squad-v1.1-dev", "derived")
	sets := []struct {
		name, corpus, queries, qrels, cmd string
	}{
		{"SciFact (train qrels)", filepath.Join(sci, "corpus.jsonl.gz"), filepath.Join(sci, "queries.jsonl"), filepath.Join(sci, "qrels", "train.tsv"), ""},
		{"SQuAD v1.1 dev paragraphs (tuning questions)", filepath.Join(squad, "corpus.jsonl.gz"), filepath.Join(squad, "queries-tune.jsonl.gz"), filepath.Join(squad, "qrels-tune.tsv"), ""},
	}
	var runs []*retrievalRun
	for i, s := range sets {
		ds, err := eval.LoadDataset(s.name, s.corpus, s.queries, s.qrels, eval.SplitAll)
		if err != nil {
			return "", err
		}
		run, err := e.runRetrieval(ctx, ds, retrieval.DefaultTuning, 200, 3, true, true)
		if err != nil {
			return "", err
		}
		runs = append(runs, run)
		sets[i].cmd = fmt.Sprintf("go run . eval retrieval --corpus %s --queries %s --qrels %s", s.corpus, s.queries, s.qrels)
	}
	grids := make([][]gridRow, len(runs))
	for i, r := range runs {
		g, err := e.tuningGrid(ctx, r.Data)
		if err != nil {
			return "", err
		}
		grids[i] = g
	}
	variants, err := e.indexVariants(ctx, runs[0])
	if err != nil {
		return "", err
	}
	sum, err := e.runSummaries(ctx, filepath.Join(data, "bbc-news", "bbc-fulltext.tar.gz"),
		filepath.Join(data, "bbc-news", "bbc-news-summary-summaries.tar.gz"), limit, 20, false)
	if err != nil {
		return "", err
	}
	pts, err := e.runScale(ctx, data, sizes, 200)
	if err != nil {
		return "", err
	}

	sciB := runs[0].Byline
	sqB := runs[1].Byline
	targets = append(targets,
		target{"SciFact nDCG@10 (train)", "≥ 0.70", fmt.Sprintf("%.4f", sciB.NDCG10), sciB.NDCG10 >= 0.70},
		target{"SQuAD paragraphs Recall@1 (tuning questions)", "≥ 0.85", fmt.Sprintf("%.4f", sqB.Recall1), sqB.Recall1 >= 0.85},
		target{"SQuAD paragraphs Recall@5 (tuning questions)", "≥ 0.97", fmt.Sprintf("%.4f", sqB.Recall5), sqB.Recall5 >= 0.97},
		target{"search p99 on SciFact (k=10)", "< 5 ms", fmt.Sprintf("%.2f ms", msf(sciB.Latency.P99)), sciB.Latency.P99 < 5*time.Millisecond},
	)
	for _, r := range runs {
		x := r.Byline.MBPerS() / r.Reference.MBPerS()
		targets = append(targets, target{"indexing MB/s vs reference, " + r.Data.Name, "≥ 3×", fmt.Sprintf("%.2f×", x), x >= 3})
	}
	if len(sum.Systems) >= 2 {
		lead, ext := sum.Systems[0], sum.Systems[1]
		beats := ext.Mean.R1.F > lead.Mean.R1.F && ext.Mean.R2.F > lead.Mean.R2.F && ext.Mean.RL.F > lead.Mean.RL.F
		targets = append(targets, target{"extractive summary ROUGE-1/2/L F1 vs Lead-3 (BBC)", "all three higher",
			fmt.Sprintf("%+.4f / %+.4f / %+.4f", ext.Mean.R1.F-lead.Mean.R1.F, ext.Mean.R2.F-lead.Mean.R2.F, ext.Mean.RL.F-lead.Mean.RL.F), beats})
	}

	p("_Generated by `go run . eval report %s` on %s (took %s). Do not edit by hand: rerun it._\n\n",
		strings.Join(args, " "), started.Format("2006-01-02 15:04 UTC"), time.Since(started).Round(time.Second))
	p("**Machine:** %s; %s, %d cores (GOMAXPROCS %d), %s/%s.  \n", runtime.Version(), cpuModel(), runtime.NumCPU(),
		runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH)
	p("**Byline tuning (retrieval.DefaultTuning):** `%s`\n\n", tuningString(retrieval.DefaultTuning))
	p("Figures are on the tuning data only: SciFact's test judgments and the SQuAD questions of odd-indexed articles are kept aside by the data owners and are not in `../shared/data`. ")
	p("The **reference** is plain Bleve as a user would set it up: `bleve.NewIndexMapping()` (standard analyzer, tf-idf, every field stored), one document per corpus document with `title` and `text`, indexed in batches of 100 (as in Bleve's beer-search example; one `Index` call per document on an in-memory index grew past 13 GB on SciFact), and a disjunction of match queries on both fields; it runs in the same process on the same data. Both indexes are in memory. ")
	p("A document's rank is its best passage's rank. MB = 10^6 bytes of title + text. Latency is wall time of one search call after a warm-up pass, k=10 hits (what the bot asks for); the ranking pass asks for ≥200 passages.\n\n")

	p("### Targets\n\n| target | goal | measured | met |\n|---|---|---|---|\n")
	for _, t := range targets {
		met := "no"
		if t.met {
			met = "**yes**"
		}
		p("| %s | %s | %s | %s |\n", t.what, t.goal, t.got, met)
	}
	p("\n")

	for i, r := range runs {
		bb, rr := r.Byline, r.Reference
		p("### %s\n\n%d judged queries, %d documents (%.2f MB); Byline indexed %d passages.\n\n", r.Data.Name, bb.Queries, bb.Docs, bb.MB, bb.Units)
		p("```\n%s\n```\n\n", sets[i].cmd)
		p("| metric | Byline | reference | ratio |\n|---|---:|---:|---:|\n")
		for _, row := range retrievalRows(bb, rr) {
			p("| %s | "+row.format+" | "+row.format+" | %s |\n", row.name, row.byline, row.ref, ratio(row.byline, row.ref))
		}
		p("\n")
	}

	p("### Tuning: one knob at a time from DefaultTuning\n\n")
	p("The same runs as above (Byline only, all judged queries, no latency pass) with one knob changed; this is how DefaultTuning was chosen, on these tuning sets only. `go run . eval grid --corpus … --queries … --qrels … --grid \"Knob=v1,v2\"` runs any such grid.\n\n")
	for i, r := range runs {
		p("**%s**\n\n| change from DefaultTuning | passages | nDCG@10 | Recall@1 | Recall@5 | Recall@100 | MRR@10 | ranking pass p50 ms |\n|---|---:|---:|---:|---:|---:|---:|---:|\n", r.Data.Name)
		for _, g := range grids[i] {
			b := g.res
			p("| %s | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.2f |\n", g.label, b.Units, b.NDCG10, b.Recall1, b.Recall5, b.Recall100, b.MRR10, msf(b.DeepLatency.P50))
		}
		p("\n")
	}

	p("### Indexing: what the build time depends on (%s)\n\n", runs[0].Data.Name)
	p("Each build run 3 times, fastest kept; the first two rows are the runs above. Byline batches 2,000 passages, splits articles in parallel and stores no field in Bleve (passages are kept in memory); the reference stores every field and indexes `_all`.\n\n")
	p("| variant | indexed units | index s | MB/s | heap MB | alloc MB |\n|---|---:|---:|---:|---:|---:|\n")
	for _, v := range variants {
		p("| %s | %d | %.2f | %.2f | %.1f | %.0f |\n", v.System, v.Units, v.IndexTime.Seconds(), v.MBPerS(), float64(v.HeapBytes)/1e6, float64(v.AllocBytes)/1e6)
	}
	p("\n")

	p("### Summaries (BBC News, ROUGE F1)\n\n```\ngo run . eval summaries --articles %s --summaries %s\n```\n\n",
		filepath.Join(data, "bbc-news", "bbc-fulltext.tar.gz"), filepath.Join(data, "bbc-news", "bbc-news-summary-summaries.tar.gz"))
	p("%d articles with a reference summary", sum.Pairs)
	if len(sum.Skipped) > 0 {
		p(" (%d files skipped)", len(sum.Skipped))
	}
	if sum.Model == "" {
		p("; no language model configured here, so no LLM row (set OPENAI_API_KEY and rerun)")
	}
	p(". Tokens: lower-cased letters and digits; ROUGE-L over whole sequences. The reference summaries are extractive (about 40%% of each article), so a 3-sentence summary is recall-bound.\n\n")
	p("| system | articles | ROUGE-1 F1 | ROUGE-2 F1 | ROUGE-L F1 | ROUGE-1 recall | mean tokens | failed |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range sum.Systems {
		p("| %s | %d | %.4f | %.4f | %.4f | %.4f | %.1f | %d |\n", s.Name, s.N, s.Mean.R1.F, s.Mean.R2.F, s.Mean.RL.F, s.Mean.R1.R, s.Words, s.Failed+s.Fallback)
	}
	if sum.WrongArticle > 0 {
		p("\n%d summaries cited a different article than the one whose title was asked for (the BBC set has near-duplicate articles under the same headline).\n", sum.WrongArticle)
	}
	p("\n")

	p("### Scale: search latency as the collection grows\n\n```\ngo run . eval scale --data %s --sizes %s\n```\n\n", data, joinInts(sizes))
	p("Collections of BBC articles and AG News items, interleaved, repeated with distinct ids when the data runs out; 200 article titles as queries, k=10, timed after a warm-up pass. Heap is the live heap the library added (after GC); alloc is everything allocated while building.\n\n")
	p("| passages | articles | MB | index s | MB/s | heap MB | alloc MB | p50 ms | p95 ms | p99 ms |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, pt := range pts {
		p("| %d | %d | %.1f | %.2f | %.2f | %.0f | %.0f | %.2f | %.2f | %.2f |\n", pt.Passages, pt.Articles, pt.MB,
			pt.IndexTime.Seconds(), pt.MBPerS(), float64(pt.HeapBytes)/1e6, float64(pt.AllocBytes)/1e6,
			msf(pt.Latency.P50), msf(pt.Latency.P95), msf(pt.Latency.P99))
	}
	p("\n")
	return b.String(), nil
}

type gridRow struct {
	label string
	res   *eval.Result
}

// tuningGrid reruns ds with one knob of DefaultTuning changed at a time.
func (e *evaluator) tuningGrid(ctx context.Context, ds *eval.Dataset) ([]gridRow, error) {
	var rows []gridRow
	for _, change := range []string{
		"",
		"TargetWords=90,MaxWords=140,MinWords=25",
		"TargetWords=300,MaxWords=450,MinWords=80",
		"TitleBoost=0", "TitleBoost=0.3", "TitleBoost=0.6",
		"PhraseBoost=0.5,PhraseSlop=0", "PhraseBoost=0.5,PhraseSlop=2",
		"FeedbackDocs=5,FeedbackTerms=10,FeedbackWeight=0.2",
	} {
		t, err := parseTuning(retrieval.DefaultTuning, change)
		if err != nil {
			return nil, err
		}
		run, err := e.runRetrieval(ctx, ds, t, 200, 1, false, false)
		if err != nil {
			return nil, err
		}
		label := "`" + change + "`"
		if change == "" {
			label = "none (DefaultTuning)"
		}
		rows = append(rows, gridRow{label, run.Byline})
	}
	return rows, nil
}

// indexVariants measures index builds that show what helps indexing speed.
func (e *evaluator) indexVariants(ctx context.Context, run *retrievalRun) ([]*eval.Result, error) {
	b, r := *run.Byline, *run.Reference
	b.System = "Byline, DefaultTuning"
	r.System = fmt.Sprintf("reference, batches of %d", eval.DefaultReferenceBatch)
	out := []*eval.Result{&b, &r}
	small := retrieval.DefaultTuning
	small.TargetWords, small.MaxWords, small.MinWords = 90, 140, 25
	for _, v := range []struct {
		name  string
		opt   eval.Options
		isRef bool
	}{
		{"Byline, 90-word passages (the first default)", eval.Options{Tuning: &small}, false},
		{"reference, batches of 10", eval.Options{ReferenceBatch: 10}, true},
		{"reference, batches of 2000", eval.Options{ReferenceBatch: 2000}, true},
	} {
		v.opt.IndexRuns, v.opt.Logger = 3, e.lg
		res, err := eval.MeasureIndex(ctx, run.Data, v.opt, v.isRef)
		if err != nil {
			return nil, err
		}
		res.System = v.name
		out = append(out, res)
	}
	return out, nil
}

func joinInts(ns []int) string {
	var s []string
	for _, n := range ns {
		s = append(s, strconv.Itoa(n))
	}
	return strings.Join(s, ",")
}

// cpuModel reads the CPU model name from /proc/cpuinfo.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
