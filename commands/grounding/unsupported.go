package grounding

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// noAnswerRE recognises sentences that say the passages do not
// answer: they make no claim about the world and need no citation.
var noAnswerRE = regexp.MustCompile(`(?i)\b(passages?|articles?|sources?|texts?|context|provided information)\b.*\b(do(es)?\s*n[o']t|did\s*n[o']t|doesn’t|don’t|didn’t|not|no|nothing|neither|never)\b|` +
	`\bno (information|mention|details?)\b|\b(do|does|did)\s*(not|n't|n’t) (mention|say|state|specify|cover|give|provide|discuss|address|explain|answer)\b|\bnot (mentioned|stated|specified|say|said|clear|covered|given|provided)\b|` +
	`\b(i|we) (do not|don't|don’t|cannot|can't|can’t) (know|tell|say|answer|determine)\b|` +
	`\b(cannot|can't|can’t|unable to) (be )?(answer|determine|tell|say|confirm)`)

// unsupported returns the sentences of text that make a claim with
// no citation.
func unsupported(text string) []string {
	var out []string
	for _, s := range sentences(text) {
		if strings.Contains(s, "[") && citedRE.MatchString(s) {
			continue
		}
		plain := strings.TrimSpace(strings.TrimLeft(s, "-*•0123456789. \t"))
		if len(strings.Fields(plain)) < 4 || strings.HasSuffix(plain, "?") || strings.HasSuffix(plain, ":") {
			continue
		}
		if noAnswerRE.MatchString(plain) {
			continue
		}
		if !strings.ContainsFunc(plain, unicode.IsLetter) {
			continue
		}
		out = append(out, s)
	}
	return out
}

var citedRE = regexp.MustCompile(`\[\d+\]`)

// sentences splits text into sentences: at line breaks, and after
// '.', '!' or '?' (and any closing quote or bracket) followed by a space
// and a capital, digit or quote. Citations after a full stop ("... it. [2]")
// stay with the sentence they follow.
func sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		rs := []rune(line)
		start := 0
		for i := 0; i < len(rs); i++ {
			if !strings.ContainsRune(".!?", rs[i]) {
				continue
			}
			j := i + 1
			for j < len(rs) && strings.ContainsRune(`"”’')]`, rs[j]) {
				j++
			}
			// citations after the full stop belong to this sentence
			for {
				k := j
				for k < len(rs) && rs[k] == ' ' {
					k++
				}
				m := leadingCiteRE.FindString(string(rs[k:]))
				if m == "" {
					break
				}
				j = k + utf8.RuneCountInString(m)
			}
			if j >= len(rs) {
				break
			}
			if rs[j] != ' ' {
				continue
			}
			k := j
			for k < len(rs) && rs[k] == ' ' {
				k++
			}
			if k < len(rs) && (unicode.IsUpper(rs[k]) || unicode.IsDigit(rs[k]) || strings.ContainsRune(`"“‘'(*`, rs[k])) {
				if s := strings.TrimSpace(string(rs[start:j])); s != "" {
					out = append(out, s)
				}
				start = k
				i = k - 1
			}
		}
		if s := strings.TrimSpace(string(rs[start:])); s != "" {
			out = append(out, s)
		}
	}
	return out
}

var leadingCiteRE = regexp.MustCompile(`^\[\d+\]`)
