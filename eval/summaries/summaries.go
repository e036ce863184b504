// Package summaries runs Byline's summarize command over a news collection
// and scores each summary with ROUGE against the reference summary, beside
// the Lead-3 baseline, so "our summaries beat the first three sentences"
// is a measured claim (`byline eval summaries`, [Command]).
package summaries

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	"byline/commands"
	"byline/eval"
	"byline/eval/data"
	"byline/eval/rouge"
	"byline/retrieval"
)

// Options configure [Run].
type Options struct {
	Limit  int             // score the first Limit pairs; 0 for all
	Length commands.Length // summary length asked of Summarize; "" is Brief
	LeadN  int             // sentences of the lead baseline; default 3
	// Model, when not nil, also scores LLM-written summaries, on the first
	// LLMLimit pairs (default 20) as each costs a model call.
	Model     commands.ChatModel
	ModelName string
	LLMLimit  int
	Logger    *slog.Logger
}

// System is one summarizer's mean scores.
type System struct {
	Name  string
	Mean  rouge.Scores
	N     int     // summaries scored
	Words float64 // mean summary length in tokens
	// Failed counts articles the summarizer returned an error for (scored 0);
	// Fallback counts LLM summaries that came back extractive.
	Failed, Fallback int
}

// Result is a summaries evaluation.
type Result struct {
	Pairs   int
	Systems []System
	// WrongArticle counts summaries that cited none of the target article's
	// passages (Summarize matched another title) and whose cited article
	// has different text.
	WrongArticle int
}

var citation = regexp.MustCompile(`\s*\[\d+(?:\s*[,;]\s*\d+)*\]`)

// Clean removes citation markers ("[2]", "[1, 3]") from an answer text.
func Clean(s string) string { return strings.TrimSpace(citation.ReplaceAllString(s, "")) }

type tally struct {
	System
	scores []rouge.Scores
	words  int
}

func (t *tally) add(candidate, reference string) {
	t.scores = append(t.scores, rouge.Compare(candidate, reference))
	t.words += len(rouge.Tokens(candidate))
}

func (t *tally) done() System {
	t.Mean = rouge.Mean(t.scores)
	t.N = len(t.scores)
	if t.N > 0 {
		t.Words = float64(t.words) / float64(t.N)
	}
	return t.System
}

// Run builds one in-memory library of every article (as the bot would
// hold them), asks Summarize for each article by its title, and scores
// the summary, and the Lead baseline, against the reference.
func Run(ctx context.Context, pairs []data.Pair, opt Options) (*Result, error) {
	if opt.Limit > 0 && opt.Limit < len(pairs) {
		pairs = pairs[:opt.Limit]
	}
	if opt.LeadN <= 0 {
		opt.LeadN = 3
	}
	if opt.LLMLimit <= 0 {
		opt.LLMLimit = 20
	}
	if opt.Length == "" {
		opt.Length = commands.Brief
	}
	lg := opt.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	arts := make([]*retrieval.Article, len(pairs))
	for i, p := range pairs {
		arts[i] = p.Article
	}
	lib, _, err := eval.OpenLibrary(ctx, arts, nil, lg)
	if err != nil {
		return nil, err
	}
	defer lib.Close()
	res := &Result{Pairs: len(pairs)}

	lead := &tally{System: System{Name: fmt.Sprintf("lead-%d", opt.LeadN)}}
	ext := &tally{System: System{Name: "byline-extractive-" + string(opt.Length)}}
	svc := commands.New(lg, lib, nil, commands.Config{})
	err = scoreSummaries(ctx, lg, svc, pairs, opt, lead, ext, func(p data.Pair, ans *commands.Answer) {
		if wrongArticle(lib, p.Article, ans) {
			res.WrongArticle++
		}
	})
	if err != nil {
		return nil, err
	}
	res.Systems = append(res.Systems, lead.done(), ext.done())

	if opt.Model != nil {
		n := min(opt.LLMLimit, len(pairs))
		llm := &tally{System: System{Name: "byline-llm-" + string(opt.Length)}}
		leadSub := &tally{System: System{Name: fmt.Sprintf("lead-%d (same %d articles)", opt.LeadN, n)}}
		svcLLM := commands.New(lg, lib, opt.Model, commands.Config{ModelName: opt.ModelName})
		err = scoreSummaries(ctx, lg, svcLLM, pairs[:n], opt, leadSub, llm, func(_ data.Pair, ans *commands.Answer) {
			if ans.Mode != commands.ModeLLM {
				llm.Fallback++
			}
		})
		if err != nil {
			return nil, err
		}
		res.Systems = append(res.Systems, leadSub.done(), llm.done())
	}
	return res, nil
}

// scoreSummaries scores, for each pair, Lead-n into lead and svc's summary
// of the article (by its title) into sys; seen is called with each summary
// given. A failed summary counts as empty and is tallied as failed.
func scoreSummaries(ctx context.Context, lg *slog.Logger, svc *commands.Service, pairs []data.Pair, opt Options, lead, sys *tally, seen func(data.Pair, *commands.Answer)) error {
	for _, p := range pairs {
		if err := ctx.Err(); err != nil {
			return err
		}
		lead.add(rouge.Lead(p.Article.Text, opt.LeadN), p.Reference)
		ans, err := svc.Summarize(ctx, p.Article.Title, commands.Options{Length: opt.Length})
		if err != nil {
			lg.WarnContext(ctx, "summarize failed", "system", sys.Name, "article", p.Article.ID, "err", err)
			sys.Failed++
			sys.add("", p.Reference)
			continue
		}
		seen(p, ans)
		sys.add(Clean(ans.Text), p.Reference)
	}
	return nil
}

// wrongArticle reports whether a summary of a cites none of a's passages
// and no article with the same text (the BBC set has duplicate articles).
func wrongArticle(lib *retrieval.Library, a *retrieval.Article, ans *commands.Answer) bool {
	if len(ans.Citations) == 0 {
		return false
	}
	for _, c := range ans.Citations {
		if c.ArticleID == a.ID {
			return false
		}
		if o, ok := lib.Article(c.ArticleID); ok && o.Text == a.Text {
			return false
		}
	}
	return true
}
