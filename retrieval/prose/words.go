package prose

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// inWord reports whether r is part of a word: a letter, a digit or a
// combining mark.
func inWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Words returns the words of s as written: letters and digits, with inner
// apostrophes and hyphens kept ("Mexico's", "US-Mexico").
func Words(s string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			if w := strings.TrimRight(s[start:end], "'’-"); w != "" {
				out = append(out, w)
			}
			start = -1
		}
	}
	for i, r := range s {
		w := inWord(r)
		if !w && start >= 0 && (r == '\'' || r == '’' || r == '-') {
			continue // inside a word; trailing ones are trimmed in flush
		}
		switch {
		case w && start < 0:
			start = i
		case !w:
			flush(i)
		}
	}
	flush(len(s))
	return out
}

// Tokens lower-cases s and returns its runs of letters and digits: the
// words of ROUGE scores and of near-duplicate checks.
func Tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Set is the set of ws.
func Set(ws []string) map[string]bool {
	set := make(map[string]bool, len(ws))
	for _, w := range ws {
		set[w] = true
	}
	return set
}

// Jaccard is the overlap of two sets of words (0..1).
func Jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// OneSpace collapses runs of white space (including newlines) to one space.
func OneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// IsDigits reports whether s is a non-empty run of digits.
func IsDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// EndsLikeSentence reports whether s ends with sentence punctuation
// (possibly inside closing quotes): headlines and subheadings do not.
func EndsLikeSentence(s string) bool {
	s = strings.TrimRight(s, `"'”’)] `)
	r, _ := utf8.DecodeLastRuneInString(s)
	return isStop(r)
}

// ContainsWords reports whether phrase occurs in s on word boundaries
// ("Olof" in "a word with Olof.", not in "Olofsson").
func ContainsWords(s, phrase string) bool { return IndexWords(s, phrase) >= 0 }

// IndexWords is the byte index of the first occurrence of phrase in s on
// word boundaries, or -1.
func IndexWords(s, phrase string) int {
	for i := 0; ; {
		j := strings.Index(s[i:], phrase)
		if j < 0 {
			return -1
		}
		j += i
		k := j + len(phrase)
		before, _ := utf8.DecodeLastRuneInString(s[:j])
		after, _ := utf8.DecodeRuneInString(s[k:])
		if (j == 0 || !inWord(before)) && (k == len(s) || !inWord(after)) {
			return j
		}
		i = j + 1
	}
}
