package retrieval

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"byline/retrieval/timeframe"
)

// Recency says how much a search prefers newer articles.
type Recency int

const (
	// NoRecency ranks by relevance alone (a question about a past period).
	NoRecency Recency = iota
	// PreferRecent lifts newer articles by Tuning.Recency.Weight (a
	// question that names no period).
	PreferRecent
	// PreferLatest lifts them by Tuning.Recency.Latest (a question about the
	// present: "latest", "this week", "still").
	PreferLatest
)

// When places a search in time.
type When struct {
	// AsOf is the day the search is made on: articles published after it
	// are never returned, and ages are counted from it. Zero: no limit,
	// ages counted from the newest article.
	AsOf time.Time
	// Since and Until keep to articles published in [Since, Until), by
	// day; zero bounds are open. Undated articles are outside any window
	// but not outside AsOf.
	Since, Until time.Time
	Recency      Recency
	// Tuning replaces the library's Tuning.Recency when set (evaluation
	// grids try values without re-indexing).
	Tuning *RecencyTuning
}

// recencyTuning is the recency knobs a search uses.
func (l *Library) recencyTuning(w When) RecencyTuning {
	if w.Tuning != nil {
		return *w.Tuning
	}
	return l.tuning.Recency
}

// dateFilter narrows q to what w allows, in the index: a date range
// that must match for a window, and one that must not for articles
// published after AsOf (so undated articles stay in).
func dateFilter(q query.Query, w When) query.Query {
	var must, mustNot []query.Query
	yes, no := true, false
	if !w.Since.IsZero() || !w.Until.IsZero() {
		r := query.NewDateRangeInclusiveQuery(timeframe.Day(w.Since), timeframe.Day(w.Until), &yes, &no)
		if w.Since.IsZero() {
			r.Start.Time = time.Time{}
		}
		if w.Until.IsZero() {
			r.End.Time = time.Time{}
		}
		r.SetField(fieldDate)
		must = append(must, r)
	}
	if !w.AsOf.IsZero() {
		r := query.NewDateRangeInclusiveQuery(timeframe.Day(w.AsOf).AddDate(0, 0, 1), time.Time{}, &yes, &no)
		r.SetField(fieldDate)
		mustNot = append(mustNot, r)
	}
	if len(must) == 0 && len(mustNot) == 0 {
		return q
	}
	// The date clauses only filter: a boolean query's score is the sum of
	// its must clauses, so the range's constant score is zeroed.
	for _, m := range must {
		m.(*query.DateRangeQuery).SetBoost(0)
	}
	return query.NewBooleanQuery(append([]query.Query{q}, must...), nil, mustNot)
}

// recencyPool is how many hits a search that prefers recent articles
// re-ranks: the k asked for come from the best recencyPool by relevance.
func recencyPool(k int, t RecencyTuning) int { return max(k, t.Pool) }

// rerankByAge re-ranks hits by age as of w.AsOf (the newest article's
// day when zero); see RankByAge.
func (l *Library) rerankByAge(hits []Hit, w When) {
	asOf := w.AsOf
	if asOf.IsZero() && len(l.newest) > 0 {
		asOf = l.newest[0].Date
	}
	RankByAge(hits, asOf, w.Recency, l.recencyTuning(w))
}

// RankByAge multiplies each hit's score by 1 + weight × 2^(−age/half-life),
// age in days from asOf, weight being t.Weight (PreferRecent) or t.Latest
// (PreferLatest): a passage published on asOf gains the whole weight, one
// a half-life old half of it; undated passages gain nothing. The hits are
// re-sorted, best first (ties keep their order). SearchWhen does this to
// its best t.Pool hits; evaluation calls it to try settings on one
// search's hits.
func RankByAge(hits []Hit, asOf time.Time, r Recency, t RecencyTuning) {
	weight := t.Weight
	if r == PreferLatest {
		weight = t.Latest
	}
	if r == NoRecency || weight <= 0 || t.HalfLifeDays <= 0 {
		return
	}
	asOf = timeframe.Day(asOf)
	for i := range hits {
		d := hits[i].Date
		if d.IsZero() {
			continue
		}
		age := max(0, asOf.Sub(timeframe.Day(d)).Hours()/24)
		hits[i].Score *= 1 + weight*math.Exp2(-age/t.HalfLifeDays)
	}
	slices.SortStableFunc(hits, func(a, b Hit) int { return cmp.Compare(b.Score, a.Score) })
}
