package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"byline/commands/question"

	"byline/retrieval"
)

// askPassages is how many passages a question retrieves.
const askPassages = 8

// noticeModelFailed is the Notice of an extractive answer given because the
// language model failed.
const noticeModelFailed = "The language model did not answer; here is what the articles say."

// Ask answers a question from the articles, citing each claim. A question
// the articles do not cover is refused (Answer.Refused) with the nearest
// articles, before any language model is asked. opt.History, when set,
// holds the previous question and answer of a follow-up: the previous
// question's words join the follow-up's for retrieval ("what did she say
// next?").
func (s *Service) Ask(ctx context.Context, asked string, opt Options) (*Answer, error) {
	q, err := s.checkInput(asked, "question", "Please type a question.")
	if err != nil {
		return nil, err
	}
	var a question.Analysis
	searched := ""
	if !s.cfg.PlainAnswers {
		a = question.Analyze(q, s.Today())
		if a.Meta != question.NotMeta {
			if ans := s.aboutArticles(ctx, a, opt); ans != nil {
				return ans, nil
			}
		}
		if ans := s.authorAnswer(a); ans != nil {
			return ans, nil
		}
		if fixed, words := s.spell(ctx, q); words != "" {
			q, searched = fixed, words
			a = question.Analyze(q, s.Today())
		}
	}
	prev := previousQuestion(opt.History, s.cfg.MaxQuestionLength)
	// Dates and periods in the question place the search in time and are
	// not searched for as words.
	frame, when := s.TimeOf(q)
	words := frame.Strip(q)
	if ans, err := s.periodNews(ctx, frame, words+" "+prev); ans != nil || err != nil {
		return withSearched(ans, searched), err
	}
	query := strings.TrimSpace(words + " " + prev)

	hits, used, missed, err := s.searchWhen(ctx, query, strings.TrimSpace(q+" "+prev), askPassages, frame, when)
	if err != nil {
		return nil, err
	}
	if used != query { // an undated library: the dates are words after all
		query, words = used, q
	}
	if missed {
		return withSearched(s.periodRefusal(frame, hits), searched), nil
	}
	var undated string // a period relative to today, which undated articles cannot place
	if !s.cfg.PlainAnswers {
		period, future := undatedPeriod(frame, hits)
		if future {
			return withSearched(s.undatedRefusal(period, hits), searched), nil
		}
		undated = period
	}
	if ans, err := s.askRefusal(ctx, a, query, words, prev, hits); ans != nil || err != nil {
		return withSearched(ans, searched), err
	}

	ans, notice, err := s.viaModel(ctx, genRequest{
		Task:     "ask",
		Question: q,
		Kind:     string(a.Type),
		Passages: passagesOf(hits),
		History:  opt.History,
		OnDelta:  opt.OnDelta,
	})
	if ans != nil || err != nil {
		return withSearched(undatedNote(ans, undated), searched), err
	}
	if s.cfg.PlainAnswers {
		ans = s.compose(datedPicks(s.pickSentences(newSentenceQuery(words, prev), hits, maxAnswerSentences)))
	} else {
		ans = s.leadAnswer(a, words, prev, hits)
	}
	ans.Notice = notice
	return withSearched(undatedNote(ans, undated), searched), nil
}

// askRefusal refuses a question the hits do not cover: key words no article
// knows, or names and figures not found together. It returns nil when the
// question can be answered. query is what was searched, words the
// question's own words (without its time expressions), prev the previous
// question of a follow-up.
func (s *Service) askRefusal(ctx context.Context, a question.Analysis, query, words, prev string, hits []retrieval.Hit) (*Answer, error) {
	cov, err := s.coverage(ctx, query, hits)
	if err != nil {
		return nil, err
	}
	if prev != "" {
		// A follow-up that brings words of its own which no article knows
		// ("what about the economy?") is judged on them alone: borrowing
		// the previous question's words would answer it on the old subject.
		own, err := s.coverage(ctx, words, hits)
		if err != nil {
			return nil, err
		}
		if len(own.unknown) > 0 && !own.generic {
			cov = own
		}
	}
	if len(hits) == 0 || cov.refuse() {
		s.lg.DebugContext(ctx, "question refused", "known", cov.known, "unknown", cov.unknown,
			"unknown_name", cov.unknownName, "hits", len(hits))
		return s.refusal(cov, hits, ""), nil
	}
	if !s.cfg.PlainAnswers && prev == "" {
		// Names, figures and years must be found together, not merely
		// somewhere in a large library ("the 2022 World Cup" is not "the
		// 1998 World Cup").
		sp := specificCoverage(a, hits)
		unknown, err := sp.unknownIn(ctx, s)
		if err != nil {
			return nil, err
		}
		if sp.refuse() && !sp.writtenOtherwise(cov) || unknown || cov.together < keyTogether(cov) || cov.yearMissing() {
			s.lg.DebugContext(ctx, "question refused: key words apart", "words", sp.words, "missing", sp.missing,
				"together", cov.together)
			ans := s.refusal(cov, hits, "")
			why := sp.partial()
			if sp.writtenOtherwise(cov) {
				why = "" // the name missing is not the reason
			}
			if why != "" {
				ans.Text = "The articles don't cover that: " + why
			} else if cov.years < yearTogether {
				ans.Text = fmt.Sprintf("The articles don't cover that: no passage found speaks of %s with the rest of the question.",
					quoteList(yearsIn(query), 3, "and"))
			} else if cov.apart != nil {
				ans.Text = fmt.Sprintf("The articles don't cover that: no passage found speaks of “%s” with “%s”.", cov.apart.year, cov.apart.words)
			} else if cov.together < 1 && len(cov.unknown) == 0 {
				ans.Text = fmt.Sprintf("The articles don't cover that: no passage speaks of %s together.", quoteList(cov.known, 6, "and"))
			}
			if len(cov.otherYears) > 0 && strings.HasSuffix(ans.Text, ".") {
				// Say what they do cover: "…2011…; the nearest speak of 2003."
				ans.Text = strings.TrimSuffix(ans.Text, ".") + "; the nearest passages speak of " + joinList(cov.otherYears, "and") + "."
			}
			return ans, nil
		}
	}
	return nil, nil
}

// keyTogether is the share of a question's key words, each weighted by
// its rarity (coverage.together), that one retrieved article must hold
// together: 0.6 for up to three key words, 0.35 for longQuestion or
// more, else 0.4 (refuseTogether, longTogether). Calibrated with
// `byline eval qa` and TestRefusalOnData (BENCHMARKS.md): against the
// unweighted two-of-three-else-half, answerable SQuAD questions refused
// fell from 6.1% to 5.8% while more off-topic ones were refused (SQuAD 27
// of 30 instead of 26, BBC 25 instead of 22, SciFact claims 190 of 200
// instead of 189); 0.45 refused more answerable questions than before
// (6.5%), 0.35 fewer off-topic claims (182 of 200). Requiring all of
// three (unweighted) had refused 12.8% of the answerable ones.
func keyTogether(c coverage) float64 {
	n := len(c.known) + len(c.unknown)
	if n <= 3 {
		return 0.6
	}
	if n >= longQuestion {
		return longTogether
	}
	return refuseTogether
}

// withSearched records on ans what was searched for after spelling
// correction ("" when nothing was corrected).
func withSearched(ans *Answer, searched string) *Answer {
	if ans != nil {
		ans.Searched = searched
	}
	return ans
}

// viaModel asks the language model when one is configured. It returns the
// model's answer; or nil and the notice to show above the extractive
// answer when there is no model (no notice) or it failed (logged); or the
// error when the caller's ctx ended.
func (s *Service) viaModel(ctx context.Context, req genRequest) (*Answer, string, error) {
	if s.model == nil {
		return nil, "", nil
	}
	ans, err := s.generate(ctx, req)
	switch {
	case err == nil && ans != nil:
		return ans, "", nil
	case err == nil, errors.Is(err, ErrNoModel):
		return nil, "", nil
	case ctx.Err() != nil:
		return nil, "", fmt.Errorf("%s: %w", req.Task, ctx.Err())
	}
	s.lg.ErrorContext(ctx, "language model failed; answering extractively", "task", req.Task, "err", err)
	return nil, noticeModelFailed, nil
}

// previousQuestion is the last user turn of a follow-up's history, cleaned
// and bounded like a question.
func previousQuestion(history []Message, max int) string {
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].Role == "user" {
			return shorten(cleanText(history[i].Content), max)
		}
	}
	return ""
}

// passagesOf returns the hits' passages, in rank order.
func passagesOf(hits []retrieval.Hit) []retrieval.Passage {
	ps := make([]retrieval.Passage, len(hits))
	for i, h := range hits {
		ps[i] = h.Passage
	}
	return ps
}

// refusal is the answer to a question the articles do not cover: Text
// says why, and Articles holds the nearest articles (those of the hits,
// else the newest), which each renderer lists in its own way. subject,
// when set, replaces the default opening.
func (s *Service) refusal(cov coverage, hits []retrieval.Hit, subject string) *Answer {
	var b strings.Builder
	if subject == "" {
		subject = "The articles don't cover that"
	}
	b.WriteString(subject)
	switch {
	case len(cov.known)+len(cov.unknown) == 0:
		b.WriteString(": your question has no words to look up. Ask about a person, place or event in the articles.")
	case len(cov.unknown) > 0:
		fmt.Fprintf(&b, ": none of them mentions %s.", quoteList(cov.unknown, 6, "or"))
	case len(hits) > 0:
		fmt.Fprintf(&b, ": no passage speaks of %s together.", quoteList(cov.known, 6, "and"))
	default:
		b.WriteString(": nothing in them matches.")
	}

	var nearest []ArticleInfo
	seen := map[string]bool{}
	for _, h := range hits {
		if a, ok := s.lib.Article(h.ArticleID); ok && !seen[a.ID] {
			seen[a.ID] = true
			nearest = append(nearest, articleInfo(s.lib, a))
		}
	}
	if len(nearest) == 0 {
		for _, a := range s.publishedArticles() {
			nearest = append(nearest, articleInfo(s.lib, a))
		}
	}
	if len(nearest) > maxNearest {
		nearest = nearest[:maxNearest]
	}
	return &Answer{
		Text:      b.String(),
		Refused:   true,
		Mode:      ModeExtractive,
		Citations: []Citation{},
		Quotes:    []Quote{},
		Articles:  nearest,
	}
}

// maxNearest is how many nearest articles a refusal lists.
const maxNearest = 5
