package realtimeqa

import (
	"context"
	"slices"

	"byline/commands"
	"byline/retrieval"
)

// recorder is a commands.Searcher that keeps the passages its searches
// returned since the last reset, so that --log can tell a question whose
// answer missed the correct choice because no retrieved passage held it
// from one whose answer picked the wrong sentence.
type recorder struct {
	sr   commands.Searcher
	hits []retrieval.Hit
}

// SearchWhen searches r.sr and records the hits.
func (r *recorder) SearchWhen(ctx context.Context, q string, k int, w retrieval.When) ([]retrieval.Hit, error) {
	hits, err := r.sr.SearchWhen(ctx, q, k, w)
	r.hits = append(r.hits, hits...)
	return hits, err
}

// reset forgets the recorded hits and returns them.
func (r *recorder) reset() []retrieval.Hit {
	h := r.hits
	r.hits = nil
	return h
}

// Retrieved is a passage that a question's searches returned (the --log
// field "retrieved"), in the order found; a passage found by two searches
// is listed once.
type Retrieved struct {
	ArticleID string `json:"article"`
	// Support: the article is one of the question's supporting articles.
	Support bool `json:"support,omitempty"`
	// Choice: the passage's text holds a correct choice as whole words.
	Choice bool `json:"choice,omitempty"`
	// Cited: the answer cites the article.
	Cited bool `json:"cited,omitempty"`
}

// retrieved describes hits for q's log line; cited holds the articles the
// answer cites.
func retrieved(q Question, hits []retrieval.Hit, cited map[string]bool) []Retrieved {
	seen := map[string]bool{}
	var out []Retrieved
	for _, h := range hits {
		if seen[h.ID] {
			continue
		}
		seen[h.ID] = true
		text := normalize(h.Text)
		choice := slices.ContainsFunc(q.Answers, func(c string) bool { return containsPhrase(text, normalize(c)) })
		out = append(out, Retrieved{ArticleID: h.ArticleID, Support: slices.Contains(q.Support, h.ArticleID), Choice: choice, Cited: cited[h.ArticleID]})
	}
	return out
}
