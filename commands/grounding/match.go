package grounding

import (
	"strings"
	"unicode"

	"byline/retrieval/prose"
)

// segments normalises a quotation for look-up and splits it at
// ellipses ("..." or "…"), which stand for words left out.
func segments(quote string) []string {
	norm := prose.Fold(strings.ReplaceAll(quote, "…", "..."))
	var segs []string
	for _, s := range strings.Split(norm, "...") {
		s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
		if s != "" {
			segs = append(segs, s)
		}
	}
	return segs
}

// find finds segs, in order and as whole words, in text (normalised
// the same way), and returns the byte range of text they span.
func find(text string, segs []string) (int, int, bool) {
	norm, offs := prose.FoldOffsets(text)
	from, first, lastEnd := 0, -1, -1
	for _, seg := range segs {
		j := indexWord(norm, seg, from)
		if j < 0 {
			return 0, 0, false
		}
		if first < 0 {
			first = j
		}
		lastEnd = j + len(seg)
		from = lastEnd
	}
	if first < 0 {
		return 0, 0, false
	}
	start, end := offs[first], len(text)
	if lastEnd < len(offs) {
		end = offs[lastEnd]
	}
	for end > start && (text[end-1] == ' ' || text[end-1] == '\n') {
		end--
	}
	return start, end, true
}

// indexWord is strings.Index from from, at word boundaries only:
// "ate" must not match inside "state".
func indexWord(s, sub string, from int) int {
	for from <= len(s) {
		j := strings.Index(s[from:], sub)
		if j < 0 {
			return -1
		}
		j += from
		left := j == 0 || !wordByte(s[j-1]) || !wordByte(sub[0])
		right := j+len(sub) == len(s) || !wordByte(s[j+len(sub)]) || !wordByte(sub[len(sub)-1])
		if left && right {
			return j
		}
		from = j + 1
	}
	return -1
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// Normalize is an article's text as quotation look-ups compare it; callers
// may cache it per article (Input.Normalized).
func Normalize(s string) string { return prose.Fold(s) }
