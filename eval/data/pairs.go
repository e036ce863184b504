package data

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"byline/retrieval"
)

// Pair is a news article and its reference summary.
type Pair struct {
	Article   *retrieval.Article
	Reference string
}

// LoadPairs reads articles and reference summaries (each a folder or a
// .tar.gz archive) and pairs them by category and file name
// ("business/001"). Articles are parsed by Byline's own parser; files it
// rejects, and articles without a summary, are returned in skipped.
func LoadPairs(ctx context.Context, articles, summaries string, lg *slog.Logger) ([]Pair, []retrieval.Skipped, error) {
	arts, skipped, err := LoadBBC(ctx, articles, lg)
	if err != nil {
		return nil, nil, fmt.Errorf("load articles: %w", err)
	}
	files, err := ReadFiles(ctx, summaries)
	if err != nil {
		return nil, nil, fmt.Errorf("load summaries: %w", err)
	}
	refs := map[string]string{}
	for _, f := range files {
		if k := NewsKey(f.Name); k != "" {
			refs[k] = decodeText(f.Data)
		}
	}
	var pairs []Pair
	for _, a := range arts {
		ref, ok := refs[a.ID]
		if !ok || strings.TrimSpace(ref) == "" {
			skipped = append(skipped, retrieval.Skipped{Path: a.ID, Reason: "no reference summary"})
			continue
		}
		pairs = append(pairs, Pair{Article: a, Reference: ref})
	}
	if len(pairs) == 0 {
		return nil, skipped, errors.New("no article has a reference summary: are both paths from the same data set?")
	}
	return pairs, skipped, nil
}

// decodeText returns b as UTF-8, reading it as Windows-1252 (a superset of
// Latin-1) when it is not valid UTF-8, as in a few BBC files.
func decodeText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(s)
}
