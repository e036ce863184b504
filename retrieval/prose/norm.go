package prose

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Word is a word of a text in the form quote look-ups compare: lower case,
// apostrophes dropped ("mexico’s" → "mexicos"), with its byte offsets in
// the text.
type Word struct {
	Norm       string
	Start, End int
}

// NormWords splits text into normalised words; base is added to every
// offset. Letters and digits make words; apostrophes inside a word are
// dropped, so curly and straight apostrophes compare equal; every other
// character (quotes, dashes, punctuation, white space) separates words.
func NormWords(text string, base int) []Word {
	var out []Word
	var b strings.Builder
	start := -1
	flush := func(end int) {
		if start >= 0 && b.Len() > 0 {
			out = append(out, Word{Norm: b.String(), Start: base + start, End: base + end})
		}
		b.Reset()
		start = -1
	}
	lastLetterEnd := 0
	for i, r := range text {
		switch {
		case inWord(r):
			if start < 0 {
				start = i
			}
			b.WriteRune(unicode.ToLower(r))
			lastLetterEnd = i + utf8.RuneLen(r)
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

// Norms is [NormWords] without offsets.
func Norms(s string) []string {
	ws := NormWords(s, 0)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Norm
	}
	return out
}
