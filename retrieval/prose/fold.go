package prose

import (
	"unicode"
	"unicode/utf8"
)

// Fold is s as quotations are compared: lower case, curly quotes,
// apostrophes and dashes made plain, white space collapsed to one space.
func Fold(s string) string {
	out, _ := fold(s, false)
	return out
}

// FoldOffsets is [Fold] with offs[i], the byte offset in s of byte i of
// the folded text.
func FoldOffsets(s string) (string, []int) { return fold(s, true) }

// fold lower-cases s, maps curly quotes, apostrophes and dashes to
// plain ones and collapses whitespace. With withOffs, offs[i] is the byte
// offset in s of normalised byte i.
func fold(s string, withOffs bool) (string, []int) {
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
