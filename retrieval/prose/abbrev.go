package prose

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a period that does not end a sentence, whatever
// follows ("Dr. Smith", "Aug. 8", "Acme Inc. The").
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "messrs": true, "dr": true, "prof": true, "st": true, "jr": true, "sr": true,
	"gen": true, "sen": true, "rep": true, "gov": true, "lt": true, "col": true, "capt": true, "sgt": true,
	"maj": true, "cmdr": true, "adm": true, "insp": true, "supt": true, "det": true, "rev": true, "hon": true,
	"pres": true, "mt": true, "ft": true, "inc": true, "ltd": true, "co": true, "corp": true, "bros": true,
	"vs": true, "v": true, "approx": true, "dept": true, "est": true, "fig": true, "al": true, "cf": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// sentenceStarters are words that begin a new sentence after an initial, a
// dotted acronym or "etc." ("... in the U.S. The ..."); before other words
// such a period is taken to be inside the sentence ("U.S. officials").
var sentenceStarters = map[string]bool{
	"The": true, "A": true, "An": true, "In": true, "It": true, "He": true, "She": true, "They": true,
	"We": true, "I": true, "But": true, "This": true, "That": true, "These": true, "Those": true,
	"There": true, "His": true, "Her": true, "Their": true, "Its": true, "And": true, "However": true,
	"Meanwhile": true, "Mr": true, "Mrs": true, "Ms": true, "Dr": true, "On": true, "At": true, "As": true,
	"If": true, "When": true, "While": true, "After": true, "Before": true, "Some": true, "Many": true,
}

// Abbreviation reports whether a period after word may leave the sentence
// open: a listed abbreviation ("Dr", "Aug"), "No", "etc", an initial ("J")
// or a dotted acronym ("U.S", "e.g"). Use it where what follows is not
// known; [Sentences] also looks at the next word.
func Abbreviation(word string) bool {
	word = strings.TrimLeftFunc(word, func(r rune) bool { return IsOpening(r) })
	if word == "" {
		return false
	}
	low := strings.ToLower(word)
	return abbreviations[low] || low == "no" || low == "nos" || low == "etc" || initialOrAcronym(word)
}

// periodEndsSentence decides for a single '.' at i, with the next word
// starting at k, whether it ends a sentence; from and end bound the text
// being split.
func periodEndsSentence(text string, from, i, k, end int) bool {
	w := i
	for w > from && !IsSpace(text[w-1]) {
		w--
	}
	word := strings.TrimLeftFunc(text[w:i], IsOpening)
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
	// An initial ("J."), a dotted acronym ("U.S", "a.m") or "etc.": inside
	// the sentence unless a usual sentence opener follows.
	if low == "etc" || initialOrAcronym(word) {
		e := k
		for e < end && !IsSpace(text[e]) {
			e++
		}
		return sentenceStarters[strings.TrimRight(text[k:e], ",;:")]
	}
	return true
}

// initialOrAcronym reports whether w is one character ("J") or single
// characters joined by periods ("U.S", "e.g").
func initialOrAcronym(w string) bool {
	if utf8.RuneCountInString(w) == 1 {
		return true
	}
	if !strings.Contains(w, ".") {
		return false
	}
	for _, part := range strings.Split(w, ".") {
		if utf8.RuneCountInString(part) > 1 {
			return false
		}
	}
	return true
}
