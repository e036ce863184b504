package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

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
func (s *Service) Ask(ctx context.Context, question string, opt Options) (*Answer, error) {
	q, err := s.checkInput(question, "question", "Please type a question.")
	if err != nil {
		return nil, err
	}
	prev := previousQuestion(opt.History, s.cfg.MaxQuestionLength)
	query := strings.TrimSpace(q + " " + prev)

	hits, err := s.search.Search(ctx, query, askPassages)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	cov := s.coverage(query, hits)
	if prev != "" {
		// A follow-up that brings words of its own which no article knows
		// ("what about the economy?") is judged on them alone: borrowing
		// the previous question's words would answer it on the old subject.
		if own := s.coverage(q, hits); len(own.unknown) > 0 && !own.generic {
			cov = own
		}
	}
	if len(hits) == 0 || cov.refuse() {
		s.lg.DebugContext(ctx, "question refused", "known", cov.known, "unknown", cov.unknown,
			"unknown_name", cov.unknownName, "hits", len(hits))
		return s.refusal(cov, hits, ""), nil
	}

	ans, notice, err := s.viaModel(ctx, genRequest{
		Task:     "ask",
		Question: q,
		Passages: passagesOf(hits),
		History:  opt.History,
		OnDelta:  opt.OnDelta,
	})
	if ans != nil || err != nil {
		return ans, err
	}
	picks := s.pickSentences(newSentenceQuery(q, prev), hits, maxAnswerSentences)
	ans = s.compose("", picks)
	ans.Notice = notice
	return ans, nil
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
		for _, a := range s.lib.Articles() {
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
