package retrieval

import "strings"

// This file is who chose words that describe someone or something:
// “he described Arabs as “…”” and “the plan was labelled a “…” by the
// Greens”. Such words are the describer's, but they are a phrase, not a
// speech that goes on into the next quote.

// describer is the speaker of a quote that ends "X described Y as (a)":
// the subject of "described", a name or a pronoun standing for one. It
// is not found for the passive ("is described as", "described by … as").
func describer(people, spoken []mention, quoted, before string, pos, from int) string {
	toks := personTokens(before)
	end := len(toks) - 1
	if end >= 0 && articles[strings.ToLower(toks[end].w)] {
		end--
	}
	if end < 2 || toks[end].w != "as" {
		return ""
	}
	d := -1
	for i := end - 1; i >= 0 && end-i <= 10; i-- {
		if toks[i].next == 0 && !numberGap(before[toks[i].end:toks[i+1].start]) {
			return ""
		}
		lw := strings.ToLower(toks[i].w)
		if lw == "by" || speechVerbs[lw] {
			return ""
		}
		if lw == "described" || lw == "describes" {
			d = i
			break
		}
	}
	if d < 1 || d == end-1 {
		return "" // no object: "is described as"
	}
	name, anaphor, ok := subjectBefore(toks[:d])
	switch {
	case !ok || beVerbs[strings.ToLower(toks[beforeAuxiliaries(toks[:d])].w)]:
		return ""
	case anaphor:
		return antecedent(people, spoken, quoted, pos, from)
	}
	return resolveFull(people, name, pos)
}

var (
	articles = map[string]bool{"a": true, "an": true, "the": true}
	beVerbs  = map[string]bool{"is": true, "was": true, "are": true, "were": true, "be": true, "been": true, "being": true}
)

// passiveAgent is the speaker of a describing quote followed by "by" and
// a name, after at most a few words of role: “… labelled a “big
// misjudgement” by the Conservatives”, “described as a “consummate
// professional” by his friend and fellow broadcaster Michael Pointon”.
// “by her staff” names nobody.
func passiveAgent(after string) string {
	toks := personTokens(after)
	if len(toks) < 2 || toks[0].w != "by" || strings.TrimSpace(after[:toks[0].start]) != "" {
		return ""
	}
	i := 1
	for i < len(toks) && i <= 6 && startsLower(toks[i].w) && isRoleWord(toks[i].w) || i < len(toks) && articles[toks[i].w] {
		if toks[i-1].next != 1 {
			return ""
		}
		i++
	}
	j := i
	for j < len(toks) && j-i < 3 && isNameWord(toks[j].w) && toks[j-1].next == 1 {
		j++
	}
	if j == i || j < len(toks) && toks[j-1].next == 1 && toks[j].w != "who" {
		return ""
	}
	return stripTitles(joinToks(toks[i:j]))
}
