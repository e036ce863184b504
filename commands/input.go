package commands

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"byline/retrieval/prose"
)

// terminalEscape matches ANSI escape sequences (CSI such as "\x1b[31m", and
// OSC ending in BEL or ST), dropped whole so that no "[31m" is left behind.
var terminalEscape = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?`)

// cleanText makes untrusted user text safe to search and to echo: invalid
// UTF-8 is repaired, control characters and bidirectional overrides are
// dropped (line breaks and tabs become spaces) and white space is
// collapsed. Search syntax (title:x, /.*/, quotes) and emoji are left as
// they are: retrieval treats all of it as plain text.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = terminalEscape.ReplaceAllString(s, "")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, s)
	return prose.OneSpace(s)
}

// checkInput cleans one piece of user input and checks it is not empty
// (empty names what to ask for) and not longer than the limit.
func (s *Service) checkInput(text, what, empty string) (string, error) {
	text = cleanText(text)
	if text == "" {
		return "", &InputError{Msg: empty}
	}
	if n := utf8.RuneCountInString(text); n > s.cfg.MaxQuestionLength {
		return "", &InputError{Msg: fmt.Sprintf("Your %s is %d characters long; the limit is %d. Please shorten it.",
			what, n, s.cfg.MaxQuestionLength)}
	}
	return text, nil
}

// shorten cuts s to about max characters, at a word boundary, for echoing
// user text back.
func shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > max/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
