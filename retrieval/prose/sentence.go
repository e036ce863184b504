package prose

import (
	"unicode"
	"unicode/utf8"
)

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// IsSpace reports whether b is ASCII white space.
func IsSpace(b byte) bool {
	return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' || b == '\v'
}

// trim narrows [s, e) of text to leave out white space at both ends.
func trim(text string, s, e int) Span {
	for s < e && IsSpace(text[s]) {
		s++
	}
	for e > s && IsSpace(text[e-1]) {
		e--
	}
	return Span{s, e}
}

// appendTrimmed appends [s, e) of text, trimmed, unless it is empty.
func appendTrimmed(out []Span, text string, s, e int) []Span {
	if sp := trim(text, s, e); sp.End > sp.Start {
		out = append(out, sp)
	}
	return out
}

// Paragraphs returns the spans of the paragraphs of text: runs of text
// separated by a blank line, trimmed of surrounding white space.
func Paragraphs(text string) []Span {
	var out []Span
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '\n' {
			continue
		}
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
			j++
		}
		if j < len(text) && text[j] == '\n' {
			out = appendTrimmed(out, text, start, i)
			for j < len(text) && IsSpace(text[j]) {
				j++
			}
			start = j
			i = j - 1
		}
	}
	return appendTrimmed(out, text, start, len(text))
}

// Lines returns the spans of the non-blank lines of text, trimmed.
func Lines(text string) []Span {
	var out []Span
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			out = appendTrimmed(out, text, start, i)
			start = i + 1
		}
	}
	return appendTrimmed(out, text, start, len(text))
}

// isStop reports whether r may end a sentence.
func isStop(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

// Sentences splits text[within.Start:within.End] into sentence spans
// (offsets in text, trimmed). A sentence ends at '.', '!', '?' or '…'
// (with further stops and any closing quotes or brackets after it)
// followed by white space and a capital letter, digit or opening quote —
// except after abbreviations ("Mr.", "Dr."), initials ("J.") and dotted
// acronyms ("U.S.") that do not look like the end of a sentence (see
// [Abbreviation]). Decimals ("3.5") have no space after the point and
// never split. Line breaks are white space: split text into [Paragraphs]
// or [Lines] first where they should end a sentence.
func Sentences(text string, within Span) []Span {
	var out []Span
	start, end := within.Start, within.End
	for i := start; i < end; {
		c, size := utf8.DecodeRuneInString(text[i:])
		if !isStop(c) {
			i += size
			continue
		}
		j := i + size
		for j < end {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !isStop(r) && !IsClosing(r) {
				break
			}
			j += size
		}
		if j >= end {
			break
		}
		if !IsSpace(text[j]) {
			i = j
			continue
		}
		k := j
		for k < end && IsSpace(text[k]) {
			k++
		}
		if k >= end {
			break
		}
		next, _ := utf8.DecodeRuneInString(text[k:])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || IsOpening(next)) {
			i = k
			continue
		}
		if c == '.' && j == i+1 && !periodEndsSentence(text, within.Start, i, k, end) {
			i = k
			continue
		}
		out = appendTrimmed(out, text, start, j)
		start, i = k, k
	}
	return appendTrimmed(out, text, start, end)
}

// IsClosing reports whether r closes a quotation or a bracket.
func IsClosing(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', ')', ']', '›':
		return true
	}
	return false
}

// IsOpening reports whether r opens a quotation or a bracket (or a
// Spanish question or exclamation).
func IsOpening(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«', '(', '[', '‹', '¿', '¡':
		return true
	}
	return false
}

// SentencesAround widens [start, end) of text to the whole sentences that
// hold it, within its paragraph (a line break also ends a sentence).
func SentencesAround(text string, start, end int) Span {
	out := Span{start, end}
	for _, line := range Lines(text) {
		if line.End <= start || line.Start > start {
			continue
		}
		for _, s := range Sentences(text, line) {
			if s.Start <= start && start < s.End {
				out.Start = s.Start
			}
			if s.Start < end && end <= s.End {
				out.End = s.End
			}
		}
		out.End = max(out.End, min(end, line.End))
		break
	}
	return out
}
