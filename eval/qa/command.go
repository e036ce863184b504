package qa

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"byline/commands"
	"byline/eval"
)

// Command is `byline eval qa`.
var Command = eval.Command{
	Name: "qa",
	Usage: `  qa        [--data DIR] [--squad-step N] [--json]
            answer quality on SQuAD and BBC questions (answer contains a
            reference, median length, answerable and off-topic refused) and
            speaker precision/recall on hand-labelled BBC quotes, today's
            answers beside those before question analysis; "first sentence":
            the answer's first sentence holds a reference
`,
	Run: run,
}

func run(ctx context.Context, env eval.Env, args []string) error {
	fs := flag.NewFlagSet("qa", flag.ContinueOnError)
	dir := fs.String("data", "../shared/data", "the shared data folder")
	step := fs.Int("squad-step", 10, "ask every N-th SQuAD tuning question")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := eval.ParseFlags(fs, args); err != nil {
		return err
	}
	if *step < 1 {
		return eval.Usagef("eval qa: --squad-step must be at least 1")
	}
	squad, err := LoadSQuAD(ctx, filepath.Join(*dir, "squad-v1.1-dev", "derived"), *step, 0, env.Logger)
	if err != nil {
		return err
	}
	defer squad.Library.Close()
	bbc, err := LoadBBC(ctx, filepath.Join(*dir, "bbc-news", "bbc-fulltext.tar.gz"), env.Logger)
	if err != nil {
		return err
	}
	defer bbc.Library.Close()
	labels, err := LoadSpeakerLabels()
	if err != nil {
		return err
	}
	speakers, err := ScoreSpeakers(labels, bbc.Library.Article, Attributions())
	if err != nil {
		return err
	}
	scores, err := Run(ctx, []Part{squad, bbc}, Methods(commands.Config{}))
	if err != nil {
		return err
	}
	if *asJSON {
		return eval.WriteJSON(env.Stdout, struct {
			Scores   []Score        `json:"scores"`
			Speakers []SpeakerScore `json:"speakers"`
		}{scores, speakers})
	}
	WriteText(env.Stdout, scores)
	fmt.Fprintln(env.Stdout)
	WriteSpeakers(env.Stdout, speakers)
	return nil
}

// WriteSpeakers prints the speaker scores, one row per set and method.
func WriteSpeakers(w io.Writer, scores []SpeakerScore) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "speakers (BBC)\tmethod\tquotes\twith a speaker\tspeaker given\tright\tnot found\tprecision\trecall\t")
	for _, s := range scores {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%.1f%%\t%.1f%%\t\n", s.Set, s.Method, s.Quotes, s.Labelled, s.Named,
			s.Correct, s.Missing, s.Precision(), s.Recall())
	}
	tw.Flush()
}

// WriteText prints the scores as a table, one row per part and method.
func WriteText(w io.Writer, scores []Score) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "part\tmethod\tanswerable\tanswer contains ref.\tfirst sentence\tmedian chars\tanswerable refused\tunanswerable\tunanswerable refused\tseconds\t")
	for _, s := range scores {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.1f%%\t%.1f%%\t%d\t%.1f%%\t%d\t%.1f%%\t%.1f\t\n", s.Part, s.Method, s.Answerable,
			Pct(s.Contains, s.Answerable), Pct(s.First, s.Answerable), s.MedianChars, Pct(s.RefusedAnswerable, s.Answerable),
			s.Unanswerable, Pct(s.RefusedOff, s.Unanswerable), s.Elapsed.Seconds())
	}
	tw.Flush()
}
