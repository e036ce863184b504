package summaries

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"byline/commands"
	"byline/eval"
	"byline/eval/data"
	"byline/retrieval"
)

// Command is `byline eval summaries`.
var Command = eval.Command{
	Name: "summaries",
	Usage: `  summaries --articles DIR|TAR.GZ --summaries DIR|TAR.GZ [--limit N] [--json]
            ROUGE-1/2/L F1 of Byline's summaries against reference summaries,
            beside Lead-3 (and LLM summaries when a model is configured)
`,
	Run: run,
}

func run(ctx context.Context, env eval.Env, args []string) error {
	fs := flag.NewFlagSet("summaries", flag.ContinueOnError)
	articles := fs.String("articles", "", "articles: a folder or .tar.gz (BBC layout: category/nnn.txt)")
	sums := fs.String("summaries", "", "reference summaries: a folder or .tar.gz, same layout")
	limit := fs.Int("limit", 0, "score only the first N articles (0: all)")
	llmLimit := fs.Int("llm-limit", 20, "articles summarized by the language model, when one is configured")
	detailed := fs.Bool("detailed", false, "ask for detailed summaries (and compare with Lead-6)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := eval.ParseFlags(fs, args); err != nil {
		return err
	}
	if *articles == "" || *sums == "" {
		return eval.Usagef("eval summaries: --articles and --summaries are required")
	}
	res, err := Measure(ctx, env, *articles, *sums, *limit, *llmLimit, *detailed)
	if err != nil {
		return err
	}
	if *asJSON {
		return eval.WriteJSON(env.Stdout, res.JSON())
	}
	res.WriteText(env.Stdout)
	return nil
}

// Report is a summaries evaluation with what was left out and the model used.
type Report struct {
	*Result
	Skipped []retrieval.Skipped
	Model   string // "" when no language model is configured
}

// Measure loads the article and summary pairs and scores them ([Run]),
// with env's language model when one is configured.
func Measure(ctx context.Context, env eval.Env, articles, sums string, limit, llmLimit int, detailed bool) (*Report, error) {
	pairs, skipped, err := data.LoadPairs(ctx, articles, sums, env.Logger)
	if err != nil {
		return nil, err
	}
	opt := Options{Limit: limit, LLMLimit: llmLimit, Length: commands.Brief, LeadN: 3, Logger: env.Logger}
	if detailed {
		opt.Length, opt.LeadN = commands.Detailed, 6
	}
	model, name, err := env.Model()
	if err != nil {
		return nil, fmt.Errorf("language model: %w", err)
	}
	rep := &Report{Skipped: skipped}
	if model != nil {
		opt.Model, opt.ModelName = model, name
		rep.Model = name
	}
	if rep.Result, err = Run(ctx, pairs, opt); err != nil {
		return nil, err
	}
	return rep, nil
}

// ReportJSON is a [Report] as `byline eval summaries --json` prints it.
type ReportJSON struct {
	Articles     int          `json:"articles"`
	Model        string       `json:"model"`
	Skipped      []string     `json:"skipped"`
	Systems      []SystemJSON `json:"systems"`
	WrongArticle int          `json:"wrong_article"`
}

// SystemJSON is one [System] in a [ReportJSON] (keys in alphabetical order,
// as the output has always had them).
type SystemJSON struct {
	Failed   int     `json:"failed"`
	Fallback int     `json:"fallback"`
	N        int     `json:"n"`
	Rouge1F  float64 `json:"rouge1_f"`
	Rouge1P  float64 `json:"rouge1_p"`
	Rouge1R  float64 `json:"rouge1_r"`
	Rouge2F  float64 `json:"rouge2_f"`
	RougeLF  float64 `json:"rougeL_f"`
	System   string  `json:"system"`
	Words    float64 `json:"words"`
}

// JSON returns r's figures, rounded to four decimals.
func (r *Report) JSON() ReportJSON {
	r4 := eval.Round4
	out := ReportJSON{Articles: r.Pairs, WrongArticle: r.WrongArticle, Model: r.Model}
	for _, s := range r.Systems {
		out.Systems = append(out.Systems, SystemJSON{
			System: s.Name, N: s.N, Words: r4(s.Words), Failed: s.Failed, Fallback: s.Fallback,
			Rouge1F: r4(s.Mean.R1.F), Rouge2F: r4(s.Mean.R2.F), RougeLF: r4(s.Mean.RL.F),
			Rouge1R: r4(s.Mean.R1.R), Rouge1P: r4(s.Mean.R1.P),
		})
	}
	for _, s := range r.Skipped {
		out.Skipped = append(out.Skipped, s.Path+": "+s.Reason)
	}
	return out
}

// WriteText prints r as `byline eval summaries` does.
func (r *Report) WriteText(w io.Writer) {
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
