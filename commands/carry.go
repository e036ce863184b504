package commands

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"byline/commands/question"
	"byline/retrieval/prose"
)

// What a sentence must hold to carry the answer a question type expects.
var (
	yearRe  = regexp.MustCompile(`\b(1[5-9]\d\d|20\d\d)s?\b`)
	dateRe  = regexp.MustCompile(`(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|century|decade|\d{1,2}(st|nd|rd|th)|[ap]\.m|o'clock|noon|midnight)\b`)
	digitRe = regexp.MustCompile(`\d`)
	countRe = regexp.MustCompile(`(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|dozen|dozens|half|quarter|third|double|twice|per cent|percent)\b|[$£€%]`)
	whyRe   = regexp.MustCompile(`(?i)\b(because|due to|as a result|owing to|since|so that|in order to|reason|reasons|caused|cause|after|led to|blamed|citing|amid|fears?|concerns?)\b`)
	quoteRe = regexp.MustCompile(`["“”]`)
)

// carries reports whether sentence holds something of the kind a
// question of type t asks for, other than what the question itself says:
// a date for "when", a figure for "how many", a name for "who" and
// "where", a reason for "why", quoted words for "what did X say".
// qwords are the question's words in lower case.
func carries(t question.Type, sentence string, qwords map[string]bool) bool {
	switch t {
	case question.When:
		return newMatch(yearRe, sentence, qwords) || newMatch(dateRe, sentence, qwords)
	case question.Quantity:
		return newMatch(countRe, sentence, qwords) || hasNewNumber(sentence, qwords)
	case question.Who, question.Where:
		return hasNewName(sentence, qwords)
	case question.Why:
		return whyRe.MatchString(sentence)
	case question.Said:
		return quoteRe.MatchString(sentence)
	}
	return false
}

// newMatch: re matches something in s that the question does not contain.
func newMatch(re *regexp.Regexp, s string, qwords map[string]bool) bool {
	for _, m := range re.FindAllString(s, -1) {
		if !qwords[strings.ToLower(m)] {
			return true
		}
	}
	return false
}

func hasNewNumber(s string, qwords map[string]bool) bool {
	for _, w := range prose.Words(s) {
		if digitRe.MatchString(w) && !qwords[strings.ToLower(w)] && !isYear(w) {
			return true
		}
	}
	return false
}

// hasNewName: a capitalised word inside the sentence (not its first
// word) that the question does not contain.
func hasNewName(s string, qwords map[string]bool) bool {
	for i, w := range prose.Words(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if i > 0 && unicode.IsUpper(r) && !qwords[strings.ToLower(w)] && prose.Term(w) != "" {
			return true
		}
	}
	return false
}

// lowerWords is the set of s's words in lower case.
func lowerWords(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range prose.Words(s) {
		m[strings.ToLower(w)] = true
	}
	return m
}

// sectionLabel matches a heading glued to the start of a paragraph
// ("Looking Ahead: The rejection …"): up to five capitalised words and a
// colon, then a capital letter.
var sectionLabel = regexp.MustCompile(`^(?:[A-Z][\w'’-]*\s+){0,4}[A-Z][\w'’-]*:\s+(?:[A-Z"“])`)

// withoutLabel drops a glued section label from the start of a sentence
// and returns how many bytes it dropped.
func withoutLabel(s string) (string, int) {
	m := sectionLabel.FindStringIndex(s)
	if m == nil {
		return s, 0
	}
	cut := m[1] - 1
	if r, size := utf8.DecodeLastRuneInString(s[:m[1]]); r == '“' {
		cut = m[1] - size
	}
	return s[cut:], cut
}
