package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a byte range [start, end) of an article's text.
type span struct{ start, end int }

// paragraphs returns the spans of the paragraphs of text: runs of text
// separated by a blank line, trimmed of surrounding white space.
func paragraphs(text string) []span {
	var out []span
	start := 0
	add := func(s, e int) {
		for s < e && isSpaceByte(text[s]) {
			s++
		}
		for e > s && isSpaceByte(text[e-1]) {
			e--
		}
		if e > s {
			out = append(out, span{s, e})
		}
	}
	for i := 0; i < len(text); i++ {
		if text[i] != '\n' {
			continue
		}
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
			j++
		}
		if j < len(text) && text[j] == '\n' {
			add(start, i)
			for j < len(text) && isSpaceByte(text[j]) {
				j++
			}
			start = j
			i = j - 1
		}
	}
	add(start, len(text))
	return out
}

func isSpaceByte(b byte) bool {
	return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' || b == '\v'
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "messrs": true, "dr": true, "prof": true, "st": true, "jr": true, "sr": true,
	"gen": true, "sen": true, "rep": true, "gov": true, "lt": true, "col": true, "capt": true, "sgt": true,
	"maj": true, "cmdr": true, "adm": true, "insp": true, "supt": true, "det": true, "rev": true, "hon": true,
	"pres": true, "mt": true, "ft": true, "inc": true, "ltd": true, "corp": true, "bros": true,
	"vs": true, "v": true, "approx": true, "dept": true, "est": true, "fig": true, "al": true, "cf": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// sentenceStarters are words that begin a new sentence after a dotted
// abbreviation ("... in the U.S. The ..."); after other words such an
// abbreviation is taken to be inside the sentence ("U.S. officials").
var sentenceStarters = map[string]bool{
	"The": true, "A": true, "An": true, "In": true, "It": true, "He": true, "She": true, "They": true,
	"We": true, "I": true, "But": true, "This": true, "That": true, "These": true, "Those": true,
	"There": true, "His": true, "Her": true, "Their": true, "Its": true, "And": true, "However": true,
	"Meanwhile": true, "Mr": true, "Mrs": true, "Ms": true, "Dr": true, "On": true, "At": true, "As": true,
	"If": true, "When": true, "While": true, "After": true, "Before": true, "Some": true, "Many": true,
}

// sentences splits text[sp.start:sp.end] into sentence spans (absolute
// offsets, trimmed). A sentence ends at '.', '!' or '?' (with any closing
// quotes or brackets after it) followed by white space and a capital
// letter, digit or opening quote — except after abbreviations ("Mr.",
// "Dr."), initials ("J.") and dotted acronyms ("U.S.") that do not look
// like the end of a sentence. Decimals ("3.5") have no space after the
// point and never split.
func sentences(text string, sp span) []span {
	var out []span
	start := sp.start
	add := func(s, e int) {
		for s < e && isSpaceByte(text[s]) {
			s++
		}
		for e > s && isSpaceByte(text[e-1]) {
			e--
		}
		if e > s {
			out = append(out, span{s, e})
		}
	}
	for i := sp.start; i < sp.end; i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < sp.end && (text[j] == '.' || text[j] == '!' || text[j] == '?') {
			j++
		}
		for j < sp.end {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !isClosing(r) {
				break
			}
			j += size
		}
		if j >= sp.end {
			break
		}
		if !isSpaceByte(text[j]) {
			continue
		}
		k := j
		for k < sp.end && isSpaceByte(text[k]) {
			k++
		}
		if k >= sp.end {
			break
		}
		next, _ := utf8.DecodeRuneInString(text[k:])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || isOpening(next)) {
			continue
		}
		if c == '.' && j == i+1 && !periodEndsSentence(text, sp.start, i, k, sp.end) {
			continue
		}
		add(start, j)
		start = k
		i = k - 1
	}
	add(start, sp.end)
	return out
}

// periodEndsSentence decides for a single '.' at i, with the next word
// starting at k, whether it ends a sentence.
func periodEndsSentence(text string, from, i, k, end int) bool {
	w := i
	for w > from && !isSpaceByte(text[w-1]) {
		w--
	}
	word := strings.TrimLeftFunc(text[w:i], func(r rune) bool { return isOpening(r) || r == '(' || r == '[' })
	if word == "" {
		return true
	}
	low := strings.ToLower(word)
	if abbreviations[low] {
		return false
	}
	if low == "no" || low == "nos" {
		r, _ := utf8.DecodeRuneInString(text[k:])
		return !unicode.IsDigit(r)
	}
	// An initial ("J.") or a dotted acronym ("U.S", "a.m"): inside the
	// sentence unless a usual sentence opener follows.
	if utf8.RuneCountInString(word) == 1 || strings.Contains(word, ".") && isDottedAcronym(word) {
		e := k
		for e < end && !isSpaceByte(text[e]) {
			e++
		}
		nextWord := strings.TrimRight(text[k:e], ",;:")
		return sentenceStarters[nextWord]
	}
	return true
}

func isDottedAcronym(w string) bool {
	for _, part := range strings.Split(w, ".") {
		if utf8.RuneCountInString(part) > 1 {
			return false
		}
	}
	return true
}

func isClosing(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', ')', ']', '›':
		return true
	}
	return false
}

func isOpening(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«', '(', '[', '‹', '¿', '¡':
		return true
	}
	return false
}
