package rouge

import (
	"strings"
	"unicode"
	"unicode/utf8"
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

// abbreviations end with a period without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "jr": true, "sr": true,
	"gen": true, "gov": true, "sen": true, "rep": true, "lt": true, "col": true, "capt": true, "sgt": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "vs": true, "no": true, "mt": true, "rev": true,
	"jan": true, "feb": true, "aug": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// Sentences splits text into sentences: paragraphs (blank-line separated)
// first, then at ., ! or ? followed by closing quotes or brackets, a space
// and an upper-case letter, digit or opening quote — except after common
// abbreviations and initials ("Mr.", "U.S.").
func Sentences(text string) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		para = strings.Join(strings.Fields(para), " ")
		start := 0
		for i := 0; i < len(para); i++ {
			c := para[i]
			if c != '.' && c != '!' && c != '?' {
				continue
			}
			j := i + 1
			for j < len(para) && strings.ContainsRune(`"')]`, rune(para[j])) {
				j++
			}
			for j < len(para) { // closing curly quotes
				r, size := utf8.DecodeRuneInString(para[j:])
				if r != '”' && r != '’' {
					break
				}
				j += size
			}
			if j >= len(para) || para[j] != ' ' {
				continue
			}
			next, _ := utf8.DecodeRuneInString(para[j+1:])
			if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`"'“‘(`, next) {
				continue
			}
			if c == '.' && isAbbreviation(para[start:i]) {
				continue
			}
			if s := strings.TrimSpace(para[start:j]); s != "" {
				out = append(out, s)
			}
			start = j + 1
		}
		if s := strings.TrimSpace(para[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// isAbbreviation reports whether the text before a period ends in an
// abbreviation or an initial.
func isAbbreviation(before string) bool {
	w := before[strings.LastIndexAny(before, " (\"“")+1:]
	if w == "" {
		return false
	}
	if abbreviations[strings.ToLower(w)] {
		return true
	}
	// A single letter ("J. Smith") or dotted initials ("U.S").
	r, size := utf8.DecodeRuneInString(w)
	if size == len(w) && unicode.IsUpper(r) {
		return true
	}
	return strings.Contains(w, ".") && unicode.IsUpper(r)
}
