package commands

import (
	"context"
	"fmt"
	"strings"
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
	w := retrieval.When{AsOf: today, Since: f.Since, Until: f.Until, Recency: retrieval.PreferRecent}
	switch {
	case f.HasWindow():
		w.Recency = retrieval.NoRecency
	case f.Recent:
		w.Recency = retrieval.PreferLatest
	}
	return f, w
}

// searchWhen searches as of the Service's day. When the question names a
// period in which nothing matches, it searches again without the period,
// and says so in the returned notice.
func (s *Service) searchWhen(ctx context.Context, query string, k int, f timeframe.Frame, w retrieval.When) ([]retrieval.Hit, string, error) {
	hits, err := s.search.SearchWhen(ctx, query, k, w)
	if err != nil {
		return nil, "", fmt.Errorf("search: %w", err)
	}
	if len(hits) > 0 || !f.HasWindow() {
		return hits, "", nil
	}
	w.Since, w.Until, w.Recency = time.Time{}, time.Time{}, retrieval.PreferRecent
	if hits, err = s.search.SearchWhen(ctx, query, k, w); err != nil {
		return nil, "", fmt.Errorf("search: %w", err)
	}
	if len(hits) == 0 {
		return nil, "", nil
	}
	period := f.String()
	if !strings.HasPrefix(period, "since") && !strings.HasPrefix(period, "before") {
		period = "from " + period
	}
	return hits, fmt.Sprintf("No article %s matches; these are from other dates.", period), nil
}

// joinNotices puts notices on one line, leaving out empty ones.
func joinNotices(notices ...string) string {
	var out []string
	for _, n := range notices {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, " ")
}
