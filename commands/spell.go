package commands

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

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
		if !containsString(unknown, lw) || genericWords[lw] {
			continue
		}
		c, ok := s.lib.Correct(ctx, w)
		if !ok {
			continue
		}
		// A capitalised word is a name the user typed on purpose ("OpenAI"):
		// turning it into a word of the articles would answer another
		// question, unless it is the same name without its accents
		// ("Herve" for "Hervé"), or a long one a letter away ("Celeron"
		// for "Céloron"). Accents are no edits.
		plain := prose.FoldAccents(c)
		if lw != w && plain != lw && (len(w) < 7 || prose.EditDistance(lw, plain) != 1) {
			continue
		}
		if lw != w {
			r, n := utf8.DecodeRuneInString(c)
			c = string(unicode.ToUpper(r)) + c[n:]
		}
		fixed = replaceWord(fixed, w, c)
		changed = true
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
