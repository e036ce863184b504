package commands

import (
	"context"
	"fmt"
	"slices"
	"time"

	"byline/retrieval"
	"byline/retrieval/timeframe"
)

// AsOf returns a Service that answers as of day: articles published after
// it are not used, and "this week" or "latest" mean the week and the news
// before it. It shares everything else with s. A zero day means today.
func (s *Service) AsOf(day time.Time) *Service {
	cp := *s
	cp.asOf = day
	if !day.IsZero() {
		cp.asOf = timeframe.Day(day)
	}
	return &cp
}

// Today is the day the Service answers as of: the AsOf day, or today by
// its clock.
func (s *Service) Today() time.Time {
	if !s.asOf.IsZero() {
		return s.asOf
	}
	return timeframe.Day(s.cfg.Now())
}

// published reports whether an article was published by the as-of day;
// undated articles count as published.
func (s *Service) published(a *retrieval.Article) bool {
	return a != nil && (s.cfg.Timeless || a.Date.IsZero() || !timeframe.Day(a.Date).After(s.Today()))
}

// publishedID is published for an article id; unknown ids are not.
func (s *Service) publishedID(id string) bool {
	a, ok := s.lib.Article(id)
	return ok && s.published(a)
}

// publishedArticles is the library's articles published by the as-of day,
// newest first.
func (s *Service) publishedArticles() []*retrieval.Article {
	all := s.lib.Articles()
	out := all[:0]
	for _, a := range all {
		if s.published(a) {
			out = append(out, a)
		}
	}
	return out
}

// TimeOf reads the time a question is about: its frame (window, recency
// and the words to leave out of the search) and the search's place in
// time. A question naming a period searches that period by relevance
// alone; one about the present prefers the latest articles strongly; any
// other prefers newer ones lightly.
func (s *Service) TimeOf(question string) (timeframe.Frame, retrieval.When) {
	if s.cfg.Timeless {
		return timeframe.Frame{}, retrieval.When{}
	}
	today := s.Today()
	f := timeframe.Parse(question, today)
	w := retrieval.When{AsOf: today, Since: f.Since, Until: f.Until, Recency: retrieval.PreferRecent, Tuning: s.cfg.Recency}
	switch {
	case f.HasWindow() && !f.Soft:
		w.Recency = retrieval.NoRecency
	case f.Recent:
		w.Recency = retrieval.PreferLatest
	}
	return f, w
}

// searchWhen searches for query (the question without its time
// expressions) as of the Service's day. When the question names a period
// in which nothing matches, missed is set and the hits are those of a
// search without the period: the nearest articles that a refusal lists
// (articles of other dates cannot say what happened in the period asked
// about). When those are all undated, the library cannot place them in
// time at all: plain (the question as asked, its dates as words) is
// searched instead, and used says so.
func (s *Service) searchWhen(ctx context.Context, query, plain string, k int, f timeframe.Frame, w retrieval.When) (hits []retrieval.Hit, used string, missed bool, err error) {
	if hits, err = s.search.SearchWhen(ctx, query, k, w); err != nil {
		return nil, "", false, fmt.Errorf("search: %w", err)
	}
	if f.Soft {
		// A soft window ("this week") says where the news most likely
		// is. When its passages do not hold the question's key words
		// together, the search goes on without it (the newest passages
		// still lead); when they are too few, the newest passages
		// outside it follow them.
		cov, err := s.coverage(ctx, query, hits)
		if err != nil {
			return nil, "", false, err
		}
		apart := cov.refuse() || cov.together < max(windowTogether, keyTogether(cov))
		if !apart && len(hits) >= k {
			return hits, query, false, nil
		}
		w.Since, w.Until = time.Time{}, time.Time{}
		more, err := s.search.SearchWhen(ctx, query, k, w)
		if err != nil {
			return nil, "", false, fmt.Errorf("search: %w", err)
		}
		if apart {
			return more, query, false, nil
		}
		return appendNew(hits, more, k), query, false, nil
	}
	if len(hits) > 0 || !f.HasWindow() {
		return hits, query, false, nil
	}
	w.Since, w.Until, w.Recency = time.Time{}, time.Time{}, retrieval.PreferRecent
	if hits, err = s.search.SearchWhen(ctx, query, k, w); err != nil {
		return nil, "", false, fmt.Errorf("search: %w", err)
	}
	if slices.ContainsFunc(hits, func(h retrieval.Hit) bool { return !h.Date.IsZero() }) {
		return hits, query, true, nil
	}
	if hits, err = s.search.SearchWhen(ctx, plain, k, w); err != nil {
		return nil, "", false, fmt.Errorf("search: %w", err)
	}
	return hits, plain, false, nil
}

// windowTogether is the share of the key words (weighted by rarity) that
// one article of a soft window must hold for the window to be kept:
// stricter than the refusal's (keyTogether), since the search without
// the window is still newest first. Measured with `byline eval
// realtimeqa` (every third question, 320; BENCHMARKS.md): the window
// kept down to the refusal's own share gave 2 fewer correct choices and 5
// more refusals than at 0.6; 0.5 and 0.6 were within one question.
const windowTogether = 0.5

// appendNew appends to hits those of more it does not hold yet, up to k
// in all.
func appendNew(hits, more []retrieval.Hit, k int) []retrieval.Hit {
	seen := make(map[string]bool, len(hits))
	for _, h := range hits {
		seen[h.ID] = true
	}
	for _, h := range more {
		if len(hits) >= k {
			break
		}
		if !seen[h.ID] {
			hits = append(hits, h)
		}
	}
	return hits
}

// periodRefusal is the answer to a question about a period no matching
// article was published in, listing the nearest articles of other dates.
func (s *Service) periodRefusal(f timeframe.Frame, hits []retrieval.Hit) *Answer {
	ans := s.refusal(coverage{}, hits, "")
	ans.Text = "The articles don't cover that: none" + publishedIn(f) + " matches; the nearest are from other dates."
	return ans
}

// periodNews answers a question that names a period and nothing else
// ("What happened last week?", "Any news this month?") with the list of
// articles published in it, newest first; nil for any other question.
// words is the question without its time expressions.
func (s *Service) periodNews(ctx context.Context, f timeframe.Frame, words string) (*Answer, error) {
	if !f.HasWindow() {
		return nil, nil
	}
	if c, err := s.coverage(ctx, words, nil); err != nil || !c.generic && len(c.known)+len(c.unknown) > 0 {
		return nil, err
	}
	filter := ArticleFilter{Since: f.Since, Until: f.Until, Page: 1, PerPage: periodNewsArticles}
	if !f.Until.IsZero() {
		filter.Until = f.Until.AddDate(0, 0, -1) // ArticleFilter.Until is inclusive
	}
	return s.ListArticles(ctx, filter)
}

// periodNewsArticles is how many articles periodNews lists.
const periodNewsArticles = 10
