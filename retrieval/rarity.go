package retrieval

import (
	"context"
	"fmt"
	"math"
)

// Rarity is how specific each word is to the library: the inverse
// document frequency, log(1 + N/(1+n)), of the word's rarest analysed
// term among the N passages, n of which hold it in their text. A word no
// passage holds gets the largest value, log(1+N); a stop word 0. Commands
// weigh a question's key words by it, so that "Damar Hamlin" counts for
// more than "recently" when deciding whether retrieved passages cover a
// question. All the words are looked up with one index reader.
func (l *Library) Rarity(ctx context.Context, words ...string) ([]float64, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	out := make([]float64, len(words))
	r, err := l.reader()
	if err != nil {
		return nil, fmt.Errorf("rarity: open index reader: %w", err)
	}
	defer r.Close()
	total, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("rarity: count passages: %w", err)
	}
	n := float64(total)
	for i, word := range words {
		for _, qt := range l.analyze(cleanQuery(word)) {
			df, err := docFreq(ctx, r, fieldText, qt.term)
			if err != nil {
				return nil, fmt.Errorf("rarity: %w", err)
			}
			out[i] = max(out[i], math.Log(1+n/(1+float64(df))))
		}
	}
	return out, nil
}
