package grounding

import (
	"regexp"
	"strings"
	"unicode"

	"byline/retrieval/prose"
)

// noAnswerRE recognises sentences that say the passages do not answer:
// they make no claim about the world and need no citation. Only phrases
// saying so count ("the articles do not mention …", "no information",
// "I cannot tell"), not any sentence naming the articles with a "not" in
// it; and a sentence that goes on with a claim of its own (butRE) is
// not exempt.
var noAnswerRE = regexp.MustCompile(`(?i)\bno (information|mention|details?|answer)\b|` +
	`\b(do|does|did)\s*(not|n't|n’t) (mention|say|state|specify|cover|give|provide|discuss|address|explain|answer|contain|include|report)\b|` +
	`\bnot (mentioned|stated|specified|said|covered|given|provided|reported|answered)\b|` +
	`\b(i|we) (do not|don't|don’t|cannot|can't|can’t) (know|tell|say|answer|determine)\b|` +
	`\b(cannot|can't|can’t|unable to) (be )?(answer|determine|tell|say|confirm)`)

// butRE: a clause after the "no answer" that may claim something.
var butRE = regexp.MustCompile(`(?i)\b(but|however|although|though|yet|while|whereas|instead|except|only that|other than|apart from)\b|[;:—–]| - `)

// unsupported returns the sentences of text that make a claim with
// no citation, short ones included ("HACKED @everyone.").
func unsupported(text string) []string {
	var out []string
	for _, s := range sentences(text) {
		if strings.Contains(s, "[") && citedRE.MatchString(s) {
			continue
		}
		plain := strings.TrimSpace(strings.TrimLeft(s, "-*•0123456789. \t"))
		if strings.HasSuffix(plain, "?") || strings.HasSuffix(plain, ":") {
			continue
		}
		if noAnswerRE.MatchString(plain) && !butRE.MatchString(plain) {
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
