package commands

import (
	"context"
	"strings"

	"byline/retrieval/prose"
)

// spell corrects the words of q that no article contains but that are one
// or two edits from a word the articles do contain ("sheinbuam" →
// "sheinbaum"). It returns the corrected question and its key words
// (those that are neither stop words nor words of how people ask), or
// q and "" when nothing was corrected.
func (s *Service) spell(ctx context.Context, q string) (string, string) {
	_, unknown, err := s.lib.Terms(ctx, q)
	if err != nil {
		// Nothing to correct against; the coverage check that follows
		// reports the error.
		return q, ""
	}
	if len(unknown) == 0 {
		return q, ""
	}
	fixed := q
	changed := false
	for _, w := range prose.Words(q) {
		lw := strings.ToLower(w)
		// A capitalised word is a name the user typed on purpose ("OpenAI"):
		// turning it into a word of the articles would answer another question.
		if !containsString(unknown, lw) || genericWords[lw] || lw != w && len(w) < 7 {
			continue
		}
		if c, ok := s.lib.Correct(ctx, w); ok && (lw == w || editDistance(lw, c) == 1) {
			if lw != w {
				c = strings.ToUpper(c[:1]) + c[1:]
			}
			fixed = replaceWord(fixed, w, c)
			changed = true
		}
	}
	if !changed {
		return q, ""
	}
	var key []string
	for _, w := range prose.Words(fixed) {
		if lw := strings.ToLower(w); prose.Term(w) != "" && !genericWords[lw] {
			key = append(key, lw)
		}
	}
	return fixed, strings.Join(key, " ")
}

// replaceWord replaces the first whole-word w in s by c.
func replaceWord(s, w, c string) string {
	j := prose.IndexWords(s, w)
	if j < 0 {
		return s
	}
	return s[:j] + c + s[j+len(w):]
}

// editDistance is the Levenshtein distance of two words, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
