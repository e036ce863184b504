package retrieval

import (
	"context"
	"errors"
)

// FindQuote finds the verbatim sentences containing fragment: exact matches
// first (whitespace, punctuation and quote marks normalised), else the
// closest near matches with Exact=false. speaker, when not "", keeps only
// quotes attributed to that speaker (case-insensitive, partial names match).
func (l *Library) FindQuote(ctx context.Context, fragment, speaker string, k int) ([]QuoteMatch, error) {
	return nil, errors.New("not implemented")
}

// Quotes returns the quoted speech of every article, or of one speaker
// when speaker is not "" (case-insensitive, partial names match).
func (l *Library) Quotes(speaker string) []Quote { return nil }
