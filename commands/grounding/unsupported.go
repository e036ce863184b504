package grounding

import (
	"regexp"
	"strings"
	"unicode"

	"byline/retrieval/prose"
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

// sentences splits an answer into sentences (prose.Sentences, each line
// apart). Citations after a full stop ("... it. [2]") stay with the
// sentence they follow.
func sentences(text string) []string {
	var out []string
	for _, line := range prose.Lines(text) {
		for _, sp := range prose.Sentences(text, line) {
			s := text[sp.Start:sp.End]
			if m := leadingCitesRE.FindString(s); m != "" && len(out) > 0 && sp.Start > line.Start {
				out[len(out)-1] += " " + strings.TrimSpace(m)
				s = strings.TrimSpace(s[len(m):])
			}
			if s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// leadingCitesRE matches the citations that open a sentence.
var leadingCitesRE = regexp.MustCompile(`^(?:\[\d+\]\s*)+`)
