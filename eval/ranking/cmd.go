package ranking

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"byline/eval"
	"byline/eval/data"
	"byline/retrieval"
)

// RetrievalCommand is `byline eval retrieval`.
var RetrievalCommand = eval.Command{
	Name: "retrieval",
	Usage: `  retrieval --corpus C --queries Q --qrels R [--split all|even|odd] [--json]
            index a BEIR data set through Byline and through plain Bleve, run
            every judged query, print nDCG@10, Recall@1/5/10/100, MRR@10,
            index time and MB/s, search latency; side by side with ratios
`,
	Run: retrievalCmd,
}

// GridCommand is `byline eval grid`.
var GridCommand = eval.Command{
	Name: "grid",
	Usage: `  grid      --corpus C --queries Q --qrels R --grid "Knob=v1,v2;Knob2=v1,v2"
            the retrieval metrics for every combination of tuning values
`,
	Notes: `Tuning knobs (retrieval, grid): --set "TitleBoost=1,PhraseBoost=0.5" overrides
fields of retrieval.DefaultTuning for the Byline side only; --k1 and --b set
Bleve's BM25 parameters for the run (restored after it); --sample N runs
about N of the judged queries; --index-runs N keeps the fastest of N builds.
`,
	Run: gridCmd,
}

// flags are the flags shared by retrieval and grid.
type flags struct {
	corpus, queries, qrels, split, name, set *string
	depth, sample, indexRuns                 *int
	k1, b                                    *float64
}

func addFlags(fs *flag.FlagSet) flags {
	return flags{
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

// load checks the flags and reads the data set they name.
func (f flags) load() (*data.Dataset, retrieval.Tuning, error) {
	t, err := ParseTuning(retrieval.DefaultTuning, *f.set)
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
		return nil, t, eval.Usagef("eval: missing %s", strings.Join(missing, ", "))
	}
	name := *f.name
	if name == "" {
		name = filepath.Base(filepath.Dir(*f.corpus))
	}
	ds, err := data.LoadDataset(name, *f.corpus, *f.queries, *f.qrels, *f.split)
	if errors.Is(err, data.ErrSplit) {
		return nil, t, eval.Usagef("eval: %v", err)
	}
	if err != nil {
		return nil, t, err
	}
	ds.Sample(*f.sample)
	if *f.k1 < 0 || *f.b < 0 || *f.b > 1 {
		return nil, t, eval.Usagef("eval: --k1 must be >= 0 and --b in [0, 1]")
	}
	return ds, t, nil
}

func (f flags) options(env eval.Env) Options {
	return Options{Depth: *f.depth, IndexRuns: *f.indexRuns, K1: *f.k1, B: *f.b, Logger: env.Logger}
}

// Run is one data set measured on both systems.
type Run struct {
	Data      *data.Dataset
	Tuning    retrieval.Tuning
	Byline    *Result
	Reference *Result // nil when the reference was not run
}

// Measure runs ds through Byline with tuning t and, when reference is
// set, through plain Bleve, with the same options.
func Measure(ctx context.Context, ds *data.Dataset, t retrieval.Tuning, opt Options, reference bool) (*Run, error) {
	opt.Tuning = &t
	run := &Run{Data: ds, Tuning: t}
	var err error
	if run.Byline, err = RunByline(ctx, ds, opt); err != nil {
		return nil, fmt.Errorf("byline on %s: %w", ds.Name, err)
	}
	if reference {
		if run.Reference, err = RunReference(ctx, ds, opt); err != nil {
			return nil, fmt.Errorf("reference on %s: %w", ds.Name, err)
		}
	}
	return run, nil
}

func retrievalCmd(ctx context.Context, env eval.Env, args []string) error {
	fs := flag.NewFlagSet("retrieval", flag.ContinueOnError)
	f := addFlags(fs)
	asJSON := fs.Bool("json", false, "print one JSON object")
	noRef := fs.Bool("no-reference", false, "skip the plain-Bleve reference")
	if err := eval.ParseFlags(fs, args); err != nil {
		return err
	}
	ds, t, err := f.load()
	if err != nil {
		return err
	}
	run, err := Measure(ctx, ds, t, f.options(env), !*noRef)
	if err != nil {
		return err
	}
	if *asJSON {
		return eval.WriteJSON(env.Stdout, run.JSON())
	}
	run.WriteText(env.Stdout)
	return nil
}

func gridCmd(ctx context.Context, env eval.Env, args []string) error {
	fs := flag.NewFlagSet("grid", flag.ContinueOnError)
	f := addFlags(fs)
	spec := fs.String("grid", "", `knob values to combine, e.g. "TitleBoost=0,0.5,1;PhraseBoost=0,1"`)
	if err := eval.ParseFlags(fs, args); err != nil {
		return err
	}
	ds, base, err := f.load()
	if err != nil {
		return err
	}
	combos, err := GridCombos(base, *spec)
	if err != nil {
		return err
	}
	opt := f.options(env)
	opt.IndexRuns, opt.SkipLatency = 1, true
	return writeGrid(ctx, env.Stdout, ds, base, combos, opt)
}
