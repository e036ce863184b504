package realtimeqa

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"byline/retrieval"
	"byline/retrieval/prose"
)

// rareWords is how many of a question's rarest words a supporting
// article is checked for, and rareShared how many of them it must hold.
const (
	rareWords  = 3
	rareShared = 2
)

// ShareRareWords sets set.Sharing: for each question, its supporting
// articles that also hold its rare words, at least rareShared of the
// rareWords rarest key words of the question (all of them when it has
// fewer), rarity being the library's (retrieval.Library.Rarity). The data
// counts as support any article of the last 14 days that holds a correct
// choice as a word, often one about something else (a daylight-saving
// op-ed that mentions Finland, for "the world's happiest country");
// these are the supporting articles a search for the question can be
// expected to find.
func (set *Set) ShareRareWords(ctx context.Context, lib *retrieval.Library) error {
	byID := make(map[string]*retrieval.Article, len(set.Articles))
	for _, a := range set.Articles {
		byID[a.ID] = a
	}
	terms := map[string]map[string]bool{} // of supporting articles, read once
	set.Sharing = make(map[string]map[string]bool, len(set.Questions))
	for _, q := range set.Questions {
		rare, err := rarest(ctx, lib, q.Question)
		if err != nil {
			return fmt.Errorf("question %s: %w", q.ID, err)
		}
		need := min(rareShared, len(rare))
		for _, id := range q.Support {
			a := byID[id]
			if a == nil || need == 0 {
				continue
			}
			if terms[id] == nil {
				terms[id] = prose.Set(prose.Terms(a.Title + "\n\n" + a.Text))
			}
			n := 0
			for _, t := range rare {
				n += b2i(terms[id][t])
			}
			if n >= need {
				if set.Sharing[q.ID] == nil {
					set.Sharing[q.ID] = map[string]bool{}
				}
				set.Sharing[q.ID][id] = true
			}
		}
	}
	return nil
}

// rarest is the terms (prose.Term) of the rareWords rarest key words of
// question, rarest first.
func rarest(ctx context.Context, lib *retrieval.Library, question string) ([]string, error) {
	var words, terms []string
	seen := map[string]bool{}
	for _, w := range prose.Words(question) {
		for _, part := range strings.Split(w, "-") {
			if t := prose.Term(part); t != "" && !seen[t] {
				seen[t] = true
				words, terms = append(words, part), append(terms, t)
			}
		}
	}
	rarity, err := lib.Rarity(ctx, words...)
	if err != nil {
		return nil, err
	}
	idx := make([]int, len(terms))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(rarity[b], rarity[a]) })
	out := make([]string, 0, rareWords)
	for _, i := range idx[:min(rareWords, len(idx))] {
		out = append(out, terms[i])
	}
	return out, nil
}

// reachable is the share of the questions with a supporting article
// that shares their rare words (see ShareRareWords).
func (set *Set) reachable() float64 {
	n := 0
	for _, q := range set.Questions {
		n += b2i(len(set.Sharing[q.ID]) > 0)
	}
	return ratio(n, len(set.Questions))
}
