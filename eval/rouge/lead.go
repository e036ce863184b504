package rouge

import (
	"strings"

	"byline/retrieval/prose"
)

// Lead returns the first n sentences of an article body: the Lead-n
// baseline (Lead-3 is the classic one for news).
func Lead(text string, n int) string {
	var out []string
	for _, s := range Sentences(text) {
		if len(out) == n {
			break
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// Sentences splits text into sentences (prose.Sentences within each
// blank-line separated paragraph), each on one line.
func Sentences(text string) []string {
	var out []string
	for _, para := range prose.Paragraphs(text) {
		for _, sp := range prose.Sentences(text, para) {
			out = append(out, prose.OneSpace(text[sp.Start:sp.End]))
		}
	}
	return out
}
