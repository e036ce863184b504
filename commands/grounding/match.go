package grounding

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// segments normalises a quotation for look-up and splits it at
// ellipses ("..." or "…"), which stand for words left out.
func segments(quote string) []string {
	norm, _ := normalize(strings.ReplaceAll(quote, "…", "..."), false)
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
	norm, offs := normalize(text, true)
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

// normalize lower-cases s, maps curly quotes, apostrophes and dashes to
// plain ones and collapses whitespace. With withOffs, offs[i] is the byte
// offset in s of normalised byte i.
func normalize(s string, withOffs bool) (string, []int) {
	out := make([]byte, 0, len(s))
	var offs []int
	if withOffs {
		offs = make([]int, 0, len(s))
	}
	space := true // drop leading space
	for i := 0; i < len(s); {
		start := i
		var r rune
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII, nearly all of an English article: no decoding.
			r = rune(c)
			i++
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			i += size
			switch r {
			case '“', '”', '„', '‟', '«', '»', '″':
				r = '"'
			case '‘', '’', '‚', '‛', 'ʼ', '′':
				r = '\''
			case '–', '—', '‒', '―', '‐', '‑':
				r = '-'
			}
		}
		if r == '`' {
			r = '\''
		}
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || (r >= utf8.RuneSelf && unicode.IsSpace(r)) || r == '\v' || r == '\f' {
			if space {
				continue
			}
			space = true
			r = ' '
		} else {
			space = false
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			} else if r >= utf8.RuneSelf {
				r = unicode.ToLower(r)
			}
		}
		n := len(out)
		out = utf8.AppendRune(out, r)
		if withOffs {
			for range len(out) - n {
				offs = append(offs, start)
			}
		}
	}
	return string(out), offs
}

// Normalize is an article's text as quotation look-ups compare it; callers
// may cache it per article (Input.Normalized).
func Normalize(s string) string {
	norm, _ := normalize(s, false)
	return norm
}
