package qa

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"byline/commands"
	"byline/eval"
)

// Command is `byline eval qa`.
var Command = eval.Command{
	Name: "qa",
	Usage: `  qa        [--data DIR] [--squad-step N] [--json] [--failures]
            answer quality on SQuAD and BBC questions (answer contains a
            reference, median length, answerable and off-topic refused) and
            speaker precision/recall on hand-labelled BBC quotes, today's
            answers beside those before question analysis; "first sentence":
            the answer's first sentence holds a reference; --failures
            lists the questions refused wrongly and off-topic ones answered
`,
	Run: run,
}

func run(ctx context.Context, env eval.Env, args []string) error {
	fs := flag.NewFlagSet("qa", flag.ContinueOnError)
	dir := fs.String("data", "../shared/data", "the shared data folder")
	step := fs.Int("squad-step", 10, "ask every N-th SQuAD tuning question")
	asJSON := fs.Bool("json", false, "print one JSON object")
	failures := fs.Bool("failures", false, "also list the refusal's mistakes: answerable questions refused, off-topic ones answered")
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
	WriteOffTopic(env.Stdout, scores)
	fmt.Fprintln(env.Stdout)
	WriteSpeakers(env.Stdout, speakers)
	if *failures {
		fmt.Fprintln(env.Stdout)
		WriteFailures(env.Stdout, scores)
	}
	return nil
}

// WriteOffTopic prints, for each part and method, how many questions of
// each off-topic set were refused.
func WriteOffTopic(w io.Writer, scores []Score) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "part\tmethod\toff-topic set\tasked\trefused\t\t")
	for _, s := range scores {
		for _, o := range s.OffTopic {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%.1f%%\t\n", s.Part, s.Method, o.Set, o.Asked, o.Refused, Pct(o.Refused, o.Asked))
		}
	}
	tw.Flush()
}

// WriteFailures lists, for each part and method, the answerable questions
// refused and the off-topic questions answered (with the answer's first
// sentence).
func WriteFailures(w io.Writer, scores []Score) {
	for _, s := range scores {
		fmt.Fprintf(w, "== %s, %s: %d answerable refused, %d off-topic answered\n", s.Part, s.Method,
			s.RefusedAnswerable, s.Unanswerable-s.RefusedOff)
		for _, f := range s.Failures {
			if f.Refused {
				fmt.Fprintf(w, "refused   %s\n          %.160s\n", f.Question, strings.ReplaceAll(f.Answer, "\n", " "))
			} else {
				fmt.Fprintf(w, "answered  %s\n          %.160s\n", f.Question, strings.ReplaceAll(f.Answer, "\n", " "))
			}
		}
	}
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
