package bot

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"byline/retrieval/prose"
)

// Discord counts message length in characters as its clients do (UTF-16
// code units: an emoji outside the BMP counts twice). Counting that way is
// never less than counting runes, so a part that fits here fits there.

// unitLen is the length of s in UTF-16 code units.
func unitLen(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// fitEnd returns the largest byte index e >= from, on a rune boundary,
// such that s[from:e] is at most limit units long.
func fitEnd(s string, from, limit int) int {
	units := 0
	for i, r := range s[from:] {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > limit {
			return from + i
		}
		units += w
	}
	return len(s)
}

// truncate shortens s to at most limit units, ending with "…" when it cut.
func truncate(s string, limit int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if unitLen(s) <= limit {
		return s
	}
	if limit < 1 {
		return ""
	}
	return strings.TrimRightFunc(s[:fitEnd(s, 0, limit-1)], unicode.IsSpace) + "…"
}

// span is a byte range [start, end) of the text that a split should not cut.
type span struct{ start, end int }

// spans is sorted by start and non-overlapping.
type spans []span

// covers reports whether a cut at byte p falls strictly inside a span.
func (ss spans) covers(p int) (span, bool) {
	i := sort.Search(len(ss), func(i int) bool { return ss[i].end > p })
	if i < len(ss) && ss[i].start < p && p < ss[i].end {
		return ss[i], true
	}
	return span{}, false
}

// citationRE matches citation markers such as [3], [1, 2] or [1-3].
var citationRE = regexp.MustCompile(`\[\d{1,3}(?:\s*[,–-]\s*\d{1,3}){0,8}\]`)

// citationSpans are the citation markers of text.
func citationSpans(text string) spans {
	var out spans
	for _, m := range citationRE.FindAllStringIndex(text, -1) {
		out = append(out, span{m[0], m[1]})
	}
	return out
}

// quoteSpans are the code blocks, code spans and quotations of text, found
// left to right. Code spans, “curly” and "straight" quotes must close
// before the paragraph ends, so a stray mark does not protect the rest of
// the text; an unclosed code block protects nothing for the same reason.
func quoteSpans(text string) spans {
	// next finds the first sep at or after from (len(text) when none). It
	// caches the last answer, which stays right for every later from up to
	// it, so the whole scan stays linear however many marks are unclosed.
	next := func(cache *int, from int, sep string) int {
		if *cache >= from {
			return *cache
		}
		if j := strings.Index(text[from:], sep); j >= 0 {
			*cache = from + j
		} else {
			*cache = len(text)
		}
		return *cache
	}
	para := -1
	closes := [4]int{-1, -1, -1, -1}
	var out spans
	for i := 0; i < len(text); {
		var open, close string
		kind := 0
		switch {
		case strings.HasPrefix(text[i:], "```"):
			open, close, kind = "```", "```", 0
		case text[i] == '`':
			open, close, kind = "`", "`", 1
		case strings.HasPrefix(text[i:], "“"):
			open, close, kind = "“", "”", 2
		case text[i] == '"':
			open, close, kind = `"`, `"`, 3
		default:
			i++
			continue
		}
		from := i + len(open)
		c := next(&closes[kind], from, close)
		if c == len(text) || (kind != 0 && next(&para, from, "\n\n") < c) {
			i = from
			continue
		}
		out = append(out, span{i, c + len(close)})
		i = c + len(close)
	}
	return out
}

// endsSentence reports whether s ends a sentence: terminal punctuation,
// possibly followed by closing quotes or brackets and citation markers.
func endsSentence(s string) bool {
	for range 4 {
		t := strings.TrimRight(s, `)]}”’"'*_`)
		if loc := citationRE.FindAllStringIndex(t, -1); len(loc) > 0 && loc[len(loc)-1][1] == len(t) {
			t = strings.TrimRightFunc(t[:loc[len(loc)-1][0]], unicode.IsSpace)
		}
		if t == s {
			break
		}
		s = t
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '!', '?', '…', '。':
		return true
	case '.':
		word := s[:len(s)-1]
		if k := strings.LastIndexFunc(word, unicode.IsSpace); k >= 0 {
			word = word[k+1:]
		}
		return !prose.Abbreviation(word)
	}
	return false
}

// Boundary kinds, best first.
const (
	cutParagraph = iota
	cutLine
	cutSentence
	cutWord
	cutKinds
)

// isCut reports whether a part may end at byte p (text[p] is whitespace)
// with a boundary of the given kind.
func isCut(text string, p, kind int) bool {
	r, _ := utf8.DecodeRuneInString(text[p:])
	if !unicode.IsSpace(r) {
		return false
	}
	switch kind {
	case cutParagraph:
		if r != '\n' {
			return false
		}
		rest := strings.TrimLeft(text[p+1:], " \t\r")
		return strings.HasPrefix(rest, "\n")
	case cutLine:
		return r == '\n'
	case cutSentence:
		// Only the end of the text before p matters; a bounded tail keeps
		// the scan linear.
		return endsSentence(text[max(0, p-80):p])
	default:
		return true
	}
}

// splitMessage cuts text into parts of at most limit units (Discord's
// message limit), preferring to end a part at a paragraph, then a line,
// then a sentence, then a word boundary, and never inside a citation
// marker, a quotation or code. Only when no such boundary exists does it
// cut inside a quotation or code, and as a last resort anywhere (on a rune
// boundary, outside citation markers). Whitespace at the cuts and around
// the text is dropped; nothing else is. Invalid UTF-8 is replaced first.
func splitMessage(text string, limit int) []string {
	if limit < 2 {
		limit = 2 // one astral rune needs two units
	}
	text = strings.TrimSpace(strings.ToValidUTF8(text, "\uFFFD"))
	if text == "" {
		return nil
	}
	cites := citationSpans(text)
	quotes := quoteSpans(text)
	var parts []string
	for start := 0; start < len(text); {
		end := fitEnd(text, start, limit)
		if end == start { // limit is smaller than this rune: take it anyway
			_, size := utf8.DecodeRuneInString(text[start:])
			end += size
		}
		if end == len(text) {
			parts = append(parts, text[start:])
			break
		}
		cut := chooseCut(text, start, end, limit, cites, quotes)
		parts = append(parts, strings.TrimRightFunc(text[start:cut], unicode.IsSpace))
		start = cut
		for start < len(text) {
			r, size := utf8.DecodeRuneInString(text[start:])
			if !unicode.IsSpace(r) {
				break
			}
			start += size
		}
	}
	return parts
}

// chooseCut picks where the part starting at start (a non-space) ends;
// text[start:end] is the longest prefix that fits.
func chooseCut(text string, start, end, limit int, cites, quotes spans) int {
	// A part much shorter than the limit wastes a message: look for a
	// boundary in the last two thirds of the window first.
	minEnd := fitEnd(text, start, limit/3)
	allowed := func(p int, strict bool) bool {
		if _, in := cites.covers(p); in {
			return false
		}
		if _, in := quotes.covers(p); in && strict {
			return false
		}
		return true
	}
	passes := []struct {
		from   int
		strict bool
	}{{minEnd, true}, {start + 1, true}, {minEnd, false}, {start + 1, false}}
	for _, pass := range passes {
		for kind := 0; kind < cutKinds; kind++ {
			// The cut is at a whitespace rune at p, which is dropped, so p
			// may equal end.
			for p := end; p >= pass.from && p > start; p-- {
				if p < len(text) && !utf8.RuneStart(text[p]) {
					continue
				}
				if p < len(text) && isCut(text, p, kind) && allowed(p, pass.strict) {
					return p
				}
			}
		}
	}
	// No boundary at all: cut at the limit, but not inside a citation.
	if sp, in := cites.covers(end); in && sp.start > start {
		return sp.start
	}
	return end
}
