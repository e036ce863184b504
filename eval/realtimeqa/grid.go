package realtimeqa

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"byline/commands"
	"byline/retrieval"
)

// GridRow is one recency setting's retrieval figure.
type GridRow struct {
	Tuning retrieval.RecencyTuning `json:"tuning"`
	// Support is the share of questions with a supporting article among
	// the passages an answer is built from (the top K).
	Support float64 `json:"support_in_top_k"`
	// Latest and Other split Support between the questions about the
	// present ("this week", "latest": Tuning.Latest applies) and the
	// others (Tuning.Weight applies, or none for a named period).
	Latest float64 `json:"support_about_present"`
	Other  float64 `json:"support_other"`
	// SupportRare is the share with a supporting article that shares the
	// question's rare words (Set.ShareRareWords) in the top K.
	SupportRare float64 `json:"support_sharing_rare_words_in_top_k"`
	K           int     `json:"k"`
}

// Grid measures, for each recency setting, how often a supporting
// article is among the top k passages of a search made as Ask makes it
// (as of the question's day, periods read from the question). Each
// question is searched once, for the best pool passages by relevance,
// and every setting re-ranks those (as SearchWhen does with its pool), so
// trying many settings costs little more than one.
func Grid(ctx context.Context, svc *commands.Service, lib *retrieval.Library, set *Set, settings []retrieval.RecencyTuning, k, pool int) ([]GridRow, error) {
	found := make([]int, len(settings))
	latest := make([]int, len(settings))
	rare := make([]int, len(settings))
	nLatest := 0
	for _, q := range set.Questions {
		frame, when := svc.AsOf(q.Date).TimeOf(q.Question)
		isLatest := when.Recency == retrieval.PreferLatest
		nLatest += b2i(isLatest)
		base := when
		base.Recency = retrieval.NoRecency
		hits, err := lib.SearchWhen(ctx, frame.Strip(q.Question), max(k, pool), base)
		if err != nil {
			return nil, fmt.Errorf("question %s: %w", q.ID, err)
		}
		for i, rt := range settings {
			ranked := slices.Clone(hits)
			retrieval.RankByAge(ranked, when.AsOf, when.Recency, rt)
			ranked = ranked[:min(k, len(ranked))]
			if slices.ContainsFunc(ranked, func(h retrieval.Hit) bool { return slices.Contains(q.Support, h.ArticleID) }) {
				found[i]++
				latest[i] += b2i(isLatest)
			}
			if slices.ContainsFunc(ranked, func(h retrieval.Hit) bool { return set.Sharing[q.ID][h.ArticleID] }) {
				rare[i]++
			}
		}
	}
	n := len(set.Questions)
	rows := make([]GridRow, len(settings))
	for i, rt := range settings {
		rt.Pool = pool
		rows[i] = GridRow{Tuning: rt, K: k, Support: ratio(found[i], n),
			Latest: ratio(latest[i], nLatest), Other: ratio(found[i]-latest[i], n-nLatest), SupportRare: ratio(rare[i], n)}
	}
	return rows, nil
}

// ParseGrid reads "weight=0,1,2 latest=2,4 halflife=7,30": every
// combination of the listed values, the others from base.
func ParseGrid(s string, base retrieval.RecencyTuning) ([]retrieval.RecencyTuning, error) {
	out := []retrieval.RecencyTuning{base}
	for _, part := range strings.Fields(s) {
		name, vals, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("grid %q: want name=v1,v2", part)
		}
		var next []retrieval.RecencyTuning
		for _, v := range strings.Split(vals, ",") {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || x < 0 {
				return nil, fmt.Errorf("grid %s: %q is not a number >= 0", name, v)
			}
			for _, t := range out {
				switch name {
				case "weight":
					t.Weight = x
				case "latest":
					t.Latest = x
				case "both":
					t.Weight, t.Latest = x, x
				case "halflife":
					t.HalfLifeDays = x
				case "pool":
					t.Pool = int(x)
				default:
					return nil, fmt.Errorf("grid: unknown knob %q (weight, latest, both, halflife, pool)", name)
				}
				next = append(next, t)
			}
		}
		out = next
	}
	return out, nil
}

func ratio(a, b int) float64 { return float64(a) / float64(max(1, b)) }
