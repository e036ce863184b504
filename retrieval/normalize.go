package retrieval

import (
	"strings"
	"unicode"
)

// normWord is a word of an article's text in the form quote look-ups
// compare: lower case, apostrophes dropped ("mexico’s" → "mexicos"), with
// the byte offsets of the word in the text.
type normWord struct {
	w          string
	start, end int
}

// wordsOf splits text into normalised words. Letters and digits make
// words; apostrophes inside a word are dropped, so curly and straight
// apostrophes compare equal; every other character (quotes, dashes,
// punctuation, white space) separates words.
func wordsOf(text string, base int) []normWord {
	var out []normWord
	var b strings.Builder
	start := -1
	flush := func(end int) {
		if start >= 0 && b.Len() > 0 {
			out = append(out, normWord{w: b.String(), start: base + start, end: base + end})
		}
		b.Reset()
		start = -1
	}
	lastLetterEnd := 0
	for i, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if start < 0 {
				start = i
			}
			b.WriteRune(unicode.ToLower(r))
			lastLetterEnd = i + len(string(r))
		case isApostrophe(r) && start >= 0:
			// Inside a word: dropped. At the end it is closed by the next separator.
		default:
			flush(lastLetterEnd)
		}
	}
	flush(lastLetterEnd)
	return out
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`' || r == '´'
}

// normWords is wordsOf without offsets.
func normWords(s string) []string {
	ws := wordsOf(s, 0)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.w
	}
	return out
}
