package retrieval

import (
	"slices"
	"strings"

	"byline/retrieval/prose"
)

// FindArticles returns the articles whose title matches s, best first:
// exact title (or id), then titles containing s, then titles sharing most
// of s's words (compared after English analysis, so "rejecting mexico"
// finds "Mexico Rejects ..."; at least half of the words must match).
// Empty when none match.
func (l *Library) FindArticles(s string) []*Article {
	found := l.FindTitles(s)
	out := make([]*Article, len(found))
	for i, f := range found {
		out[i] = f.Article
	}
	return out
}

// TitleMatch is an article whose title matches a query, and how.
type TitleMatch struct {
	Article *Article
	// Exact: the title (or the id) is the query. Whole: the title
	// contains the query's words in order. Otherwise Share is the part of
	// the query's terms the title holds (at least half).
	Exact, Whole bool
	Share        float64
}

// FindTitles is FindArticles with how each title matches.
func (l *Library) FindTitles(s string) []TitleMatch {
	l.mu.RLock()
	defer l.mu.RUnlock()
	s = cleanQuery(s)
	if s == "" {
		return nil
	}
	norm := normalizeTitle(s)
	qterms := l.termSet(s)
	type scored struct {
		m     TitleMatch
		score float64
	}
	var found []scored
	for _, a := range l.newest {
		nt := normalizeTitle(a.Title)
		m := TitleMatch{Article: a}
		var score float64
		switch {
		case nt == norm || a.ID == s:
			score, m.Exact, m.Whole, m.Share = 3, true, true, 1
		case norm != "" && strings.Contains(" "+nt+" ", " "+norm+" "):
			score, m.Whole, m.Share = 2+float64(len(norm))/float64(len(nt)+1), true, 1
		case len(qterms) > 0:
			tterms := l.termSet(a.Title)
			n := 0
			for term := range qterms {
				if tterms[term] {
					n++
				}
			}
			ratio := float64(n) / float64(len(qterms))
			if ratio >= 0.5 {
				score, m.Share = ratio, ratio
			}
		}
		if score > 0 {
			found = append(found, scored{m, score})
		}
	}
	slices.SortStableFunc(found, func(x, y scored) int {
		switch {
		case x.score > y.score:
			return -1
		case x.score < y.score:
			return 1
		}
		return 0
	})
	out := make([]TitleMatch, len(found))
	for i, f := range found {
		out[i] = f.m
	}
	return out
}

func (l *Library) termSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, qt := range l.analyze(s) {
		out[qt.term] = true
	}
	return out
}

// normalizeTitle lower-cases s and keeps only its words, single-spaced.
func normalizeTitle(s string) string {
	return strings.Join(prose.Norms(s), " ")
}
