package retrieval

import (
	"bytes"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Reasons a file is not read as an article. They are errors so Parse can
// return them and Load can log them with the file's path.
var (
	errEmpty    = errors.New("empty file")
	errBinary   = errors.New("binary file (NUL bytes or mostly control characters)")
	errTooLarge = errors.New("file larger than the article size limit")
	errNotText  = errors.New("not UTF-8 text and not repairable as Windows-1252")
	errNoBody   = errors.New("no article text found")
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeText turns raw file bytes into clean UTF-8 text: UTF-16 decoded,
// BOM stripped,
// CRLF and lone CR turned into LF, and bytes that are not UTF-8 decoded as
// Windows-1252. Scraped and older news files are often Latin-1 with a stray
// '£' or 'é'; repairing byte by byte keeps the valid UTF-8 around them
// intact instead of re-decoding the whole file.
func decodeText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		return "", errEmpty
	}
	if enc := utf16Of(data); enc != nil {
		out, err := enc.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(out) {
			return "", errNotText
		}
		data = bytes.TrimPrefix(out, utf8BOM)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", errBinary
	}
	var s string
	if utf8.Valid(data) {
		s = string(data)
	} else {
		s = repairWindows1252(data)
	}
	if controlRatio(s) > 0.02 {
		if utf8.Valid(data) {
			return "", errBinary
		}
		return "", errNotText
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return s, nil
}

// utf16Of recognises UTF-16 text: by its byte-order mark, or, without
// one, by its zero bytes: text in a Latin script has a zero in nearly
// every other byte, all on the same side (odd offsets little-endian, even
// big-endian), which no UTF-8 or binary file has. It returns nil for
// anything else.
func utf16Of(data []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM)
	case len(data) < 8 || len(data)%2 != 0:
		return nil
	}
	var zeros [2]int
	for i, b := range data {
		if b == 0 {
			zeros[i%2]++
		}
	}
	half := len(data) / 2
	switch {
	case zeros[1] > half*3/5 && zeros[0] == 0:
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM)
	case zeros[0] > half*3/5 && zeros[1] == 0:
		return xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM)
	}
	return nil
}

// repairWindows1252 keeps valid UTF-8 sequences and decodes every other
// byte as Windows-1252.
func repairWindows1252(data []byte) string {
	dec := charmap.Windows1252.DecodeByte
	var b strings.Builder
	b.Grow(len(data) + 16)
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			b.WriteRune(dec(data[0]))
			data = data[1:]
			continue
		}
		b.Write(data[:size])
		data = data[size:]
	}
	return b.String()
}

// controlRatio is the share of runes that no text file contains: control
// characters other than tab, newline, carriage return and form feed, and
// replacement characters.
func controlRatio(s string) float64 {
	n, bad := 0, 0
	for _, r := range s {
		n++
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\f':
		case r == utf8.RuneError || unicode.IsControl(r):
			bad++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(bad) / float64(n)
}

// cleanLine collapses runs of white space (including no-break spaces and
// tabs) into single spaces and trims the ends.
func cleanLine(s string) string {
	if !needsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			space = true
			continue
		}
		if unicode.IsControl(r) {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func needsClean(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	prevSpace := false
	for _, r := range s {
		sp := r == ' '
		if sp && prevSpace {
			return true
		}
		if !sp && (unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\ufeff') {
			return true
		}
		prevSpace = sp
	}
	return false
}

// joinParagraphs builds an Article.Text from paragraphs: each cleaned,
// empty ones dropped, separated by a blank line.
func joinParagraphs(paras []string) string {
	var b strings.Builder
	for _, p := range paras {
		p = cleanLine(p)
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p)
	}
	return b.String()
}
