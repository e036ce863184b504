package retrieval

import (
	"context"
	"fmt"
	"math"
)

// Rarity is how specific a word is to the library: the inverse document
// frequency, log(1 + N/(1+n)), of its rarest analysed term among the N
// passages, n of which hold it in their text. A word no passage holds
// gets the largest value, log(1+N); a stop word 0. Commands weigh a
// question's key words by it, so that "Damar Hamlin" counts for more than
// "recently" when deciding whether retrieved passages cover a question.
func (l *Library) Rarity(ctx context.Context, word string) (float64, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	terms := l.analyze(cleanQuery(word))
	if len(terms) == 0 {
		return 0, nil
	}
	r, err := l.reader()
	if err != nil {
		return 0, fmt.Errorf("rarity: open index reader: %w", err)
	}
	defer r.Close()
	total, err := r.DocCount()
	if err != nil {
		return 0, fmt.Errorf("rarity: count passages: %w", err)
	}
	n := float64(total)
	best := 0.0
	for _, qt := range terms {
		df, err := docFreq(ctx, r, fieldText, qt.term)
		if err != nil {
			return 0, fmt.Errorf("rarity: %w", err)
		}
		best = max(best, math.Log(1+n/(1+float64(df))))
	}
	return best, nil
}
