package prose

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// FoldAccents is s without diacritics, as people type names on an English
// keyboard: "Hervé" → "Herve", "Céloron" → "Celoron", "Łódź" → "Lodz".
// Letters are otherwise kept as they are (case included).
func FoldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := unaccented[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// unaccented are letters with a stroke, which Unicode does not decompose
// into a letter and a mark.
var unaccented = map[rune]rune{'ø': 'o', 'Ø': 'O', 'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ħ': 'h', 'ı': 'i'}
