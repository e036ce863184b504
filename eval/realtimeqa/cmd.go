package realtimeqa

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"byline/commands"
	"byline/eval"
	"byline/retrieval"
)

// Command is `byline eval realtimeqa`.
var Command = eval.Command{
	Name: "realtimeqa",
	Usage: `  realtimeqa [--data FILE] [--limit N] [--grid "weight=0,1 halflife=7,30"] [--also "weight=8 pool=400"] [--log FILE] [--json]
            RealTime QA: each question asked as of its date, against no date handling
`,
	Run: run,
}

// DefaultData is where the shared data keeps the archive.
var DefaultData = filepath.Join("..", "shared", "data", "realtimeqa-news", "news-2023-2024.tar.gz")

// Report is the --json output.
type Report struct {
	Articles  int     `json:"articles"`
	Questions int     `json:"questions"`
	IndexS    float64 `json:"index_s"`
	// Reachable is the share of questions with a supporting article that
	// shares their rare words (Set.ShareRareWords).
	Reachable float64   `json:"support_sharing_rare_words"`
	Rows      []Row     `json:"rows,omitempty"`
	Grid      []GridRow `json:"grid,omitempty"`
}

func run(ctx context.Context, env eval.Env, args []string) error {
	fs := flag.NewFlagSet("realtimeqa", flag.ContinueOnError)
	dataPath := fs.String("data", DefaultData, "RealTime QA archive (.tar.gz) or folder")
	limit := fs.Int("limit", 0, "ask only every n-th question so that about this many are asked (0: all)")
	grid := fs.String("grid", "", `instead of answers, measure retrieval for these recency settings ("weight=1,3 latest=2 halflife=7,30"; "both=" sets weight and latest)`)
	k := fs.Int("k", 8, "passages per question for --grid (as many as an answer draws on)")
	pool := fs.Int("pool", retrieval.DefaultTuning.Recency.Pool, "passages re-ranked by age for --grid")
	asJSON := fs.Bool("json", false, "print JSON")
	also := fs.String("also", "", `answer also with these recency settings, one row each ("weight=8 pool=400"; knobs as --grid)`)
	logPath := fs.String("log", "", "write each question's outcome (JSON lines) to this file")
	if err := eval.ParseFlags(fs, args); err != nil {
		return err
	}
	if *limit < 0 || *k <= 0 || *pool <= 0 {
		return eval.Usagef("eval realtimeqa: --limit must be >= 0, --k and --pool > 0")
	}
	var settings, extra []retrieval.RecencyTuning
	if *also != "" {
		var err error
		if extra, err = ParseGrid(*also, retrieval.DefaultTuning.Recency); err != nil {
			return eval.Usagef("eval realtimeqa: %v", err)
		}
	}
	if *grid != "" {
		var err error
		if settings, err = ParseGrid(*grid, retrieval.DefaultTuning.Recency); err != nil {
			return eval.Usagef("eval realtimeqa: %v", err)
		}
	}
	set, lib, rep, err := open(ctx, env, *dataPath, *limit)
	if err != nil {
		return err
	}
	defer lib.Close()
	if settings != nil {
		svc := commands.New(env.Logger, lib, nil, commands.Config{})
		if rep.Grid, err = Grid(ctx, svc, lib, set, settings, *k, *pool); err != nil {
			return err
		}
	} else {
		model, name, err := env.Model()
		if err != nil {
			return err
		}
		var log io.Writer
		if *logPath != "" {
			f, err := os.Create(*logPath)
			if err != nil {
				return fmt.Errorf("eval realtimeqa: %w", err)
			}
			defer f.Close()
			log = f
		}
		if rep.Rows, err = Measure(ctx, set, Systems(env.Logger, lib, model, name, extra...), log); err != nil {
			return err
		}
	}
	if *asJSON {
		return eval.WriteJSON(env.Stdout, rep)
	}
	return writeText(env, rep)
}

// open loads the archive at path, keeps about limit of its questions
// (see Every) and indexes its articles in memory.
func open(ctx context.Context, env eval.Env, path string, limit int) (*Set, *retrieval.Library, Report, error) {
	set, err := Load(ctx, path)
	if err != nil {
		return nil, nil, Report{}, err
	}
	set.Questions = Every(set.Questions, limit)
	start := time.Now()
	lib, _, err := eval.OpenLibrary(ctx, set.Articles, nil, env.Logger)
	if err != nil {
		return nil, nil, Report{}, err
	}
	indexS := time.Since(start).Seconds()
	if err := set.ShareRareWords(ctx, lib); err != nil {
		lib.Close()
		return nil, nil, Report{}, err
	}
	return set, lib, Report{Articles: len(set.Articles), Questions: len(set.Questions), IndexS: indexS, Reachable: set.reachable()}, nil
}

// Answers measures the answers to about limit questions of the archive
// at path (0: all), as `byline eval realtimeqa` does without flags: the
// rows of Systems, with the configured language model if any.
func Answers(ctx context.Context, env eval.Env, path string, limit int) (*Report, error) {
	set, lib, rep, err := open(ctx, env, path, limit)
	if err != nil {
		return nil, err
	}
	defer lib.Close()
	model, name, err := env.Model()
	if err != nil {
		return nil, err
	}
	if rep.Rows, err = Measure(ctx, set, Systems(env.Logger, lib, model, name), nil); err != nil {
		return nil, err
	}
	return &rep, nil
}

// Every keeps about n of qs, evenly spread (all when n is 0 or more than
// there are).
func Every(qs []Question, n int) []Question {
	if n <= 0 || n >= len(qs) {
		return qs
	}
	step := float64(len(qs)) / float64(n)
	out := make([]Question, 0, n)
	for i := range n {
		out = append(out, qs[int(float64(i)*step)])
	}
	return out
}

func writeText(env eval.Env, rep Report) error {
	fmt.Fprintf(env.Stdout, "RealTime QA: %d articles (indexed in %.1f s), %d questions\n", rep.Articles, rep.IndexS, rep.Questions)
	fmt.Fprintf(env.Stdout, "questions with a supporting article that shares their %d rarest words (%d of them): %.3f\n\n", rareWords, rareShared, rep.Reachable)
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	if rep.Grid != nil {
		fmt.Fprintln(tw, "weight\tlatest\thalf-life d\tpool\tsupport in top k\tabout the present\tother\tsharing rare words\t")
		for _, g := range rep.Grid {
			fmt.Fprintf(tw, "%.2f\t%.2f\t%.0f\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t\n", g.Tuning.Weight, g.Tuning.Latest, g.Tuning.HalfLifeDays, g.Tuning.Pool, g.Support, g.Latest, g.Other, g.SupportRare)
		}
		return tw.Flush()
	}
	fmt.Fprintln(tw, "system\tcorrect choice in answer\tonly correct choice\tsupporting article cited\tsharing rare words\tquestions citing later articles\trefused\tp50 ms\t")
	for _, r := range rep.Rows {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d\t%.1f\t\n", r.System, r.Choice, r.OnlyCorrect, r.Support, r.SupportRare, r.Later, r.Refused, r.P50MS)
	}
	return tw.Flush()
}
