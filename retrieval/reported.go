package retrieval

import "strings"

// This file is the speakers of quotes inside reported speech, named away
// from the quote: at the end of the sentence ("Voters' “pent up passion”
// could confound predictions, Charles Kennedy has said.").

// endSpeaker is the speaker named at the end of a quote's sentence after
// a comma: “…” could lift sales, retail analyst Marta Kowal has said. The
// whole sentence is then that speaker's reported speech, so the quote is
// theirs, unless the words before the quote have a subject of their own
// (“He called it “a disgrace”, a colleague said.”: the quote is his) or
// a verb of speech stands between.
func endSpeaker(people []mention, before, after string, pos int) (string, bool) {
	comma := strings.LastIndexByte(after, ',')
	if comma < 0 || strings.ContainsAny(after[:comma], "\"“”") || hasSpeechVerb(after[:comma]) || hasSpeechVerb(before) {
		return "", false
	}
	for _, w := range strings.Fields(strings.ToLower(before)) {
		if w == "he" || w == "she" || w == "they" || w == "we" || w == "i" {
			return "", false
		}
	}
	for _, m := range people {
		if m.pos >= pos-len(before) && m.pos < pos && !m.possessive {
			return "", false
		}
	}
	toks := personTokens(after[comma+1:])
	if len(toks) < 2 || !speechVerbs[strings.TrimRight(toks[len(toks)-1].w, ".")] {
		return "", false
	}
	v := len(toks) - 1
	if w := toks[v-1].w; w == "has" || w == "had" {
		v--
	}
	n := v
	for n > 0 && v-n < 3 && isNameWord(toks[n-1].w) {
		n--
	}
	if n == v || !isRolePhrase(toks[:n]) {
		return "", false
	}
	return stripTitles(joinToks(toks[n:v])), true
}

// isRolePhrase: the words before a name are a role ("retail analyst",
// "Halden Bank economist") or nothing.
func isRolePhrase(toks []ptok) bool {
	if len(toks) == 0 {
		return true
	}
	titled := false
	for _, t := range toks {
		lw := strings.ToLower(t.w)
		switch {
		case startsUpper(t.w):
		case titleWords[lw] || anaphorRoles[lw]:
			titled = true
		case !isRoleWord(lw) || auxiliaries[lw]:
			return false
		}
	}
	return titled
}

func hasSpeechVerb(s string) bool {
	for _, t := range personTokens(s) {
		if speechVerbs[strings.ToLower(strings.TrimRight(t.w, "."))] {
			return true
		}
	}
	return false
}
