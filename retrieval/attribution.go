package retrieval

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"byline/retrieval/prose"
)

// This file is who said a quotation: the people an article names (with
// which of them is the subject of its sentence), the speaker named next
// to a quote, and what a "he", "she" or "the Dutchman" stands for. When
// unsure it gives no speaker rather than a wrong one.

// findPeople lists the people an article names, in order: those
// findMentions finds (after a title, before an apposition or a speech
// verb), two- or three-word names opening a sentence ("Steven Gerrard has
// admitted"), and later mentions by surname ("Gerrard's view"), each
// resolved to the full name. Each sentence's first person outside quotes,
// unless possessive, is its subject.
func findPeople(text string, paras []span, s *articleSpeech) []mention {
	ms := findMentions(text)
	toks := personTokens(text)
	ms = append(ms, sentenceOpeners(text, toks, s)...)
	sortMentions(ms)
	ms = append(ms, surnames(toks, ms)...)
	sortMentions(ms)
	quoted := quotedSpans(text, paras)
	lastSent := -1
	for i := range ms {
		m := &ms[i]
		m.possessive = isPossessive(m.name) || possessiveAt(text, m.end)
		m.name = strings.TrimSuffix(strings.TrimSuffix(m.name, "'s"), "’s")
		if inSpans(quoted, m.pos) {
			continue
		}
		si := s.sentenceAt(m.pos)
		if si != lastSent && !m.possessive {
			m.subject = opensSentence(text[s.sentences[si].start:m.pos])
			lastSent = si
		}
	}
	return ms
}

// opensSentence: the words before a name in its sentence leave it the
// subject ("And Blues boss Jose Mourinho backed…", "…, said the city's
// transport chief, Tom Reyes"), unlike "the defender believes Mourinho…".
func opensSentence(before string) bool {
	for _, sep := range []string{", but ", ", and ", ", while ", "; ", " - "} {
		if i := strings.LastIndex(before, sep); i >= 0 {
			before = before[i+len(sep):]
		}
	}
	words := strings.Fields(before)
	for i, w := range words {
		if speechVerbs[strings.ToLower(strings.Trim(w, ",;:"))] {
			return i > 0 && strings.HasSuffix(words[i-1], ",")
		}
	}
	return len(words) <= 6
}

func sortMentions(ms []mention) {
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].pos < ms[j].pos })
}

func isPossessive(w string) bool { return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") }

func possessiveAt(text string, end int) bool {
	rest := text[end:]
	return strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’s")
}

// notPeople are words that make a capitalised run a team, a competition
// or a place rather than a person.
var notPeople = map[string]bool{
	"league": true, "cup": true, "premiership": true, "championship": true, "radio": true, "live": true,
	"street": true, "road": true, "house": true, "hall": true, "park": true, "square": true, "stadium": true,
	"airport": true, "station": true, "school": true, "college": true, "hospital": true, "centre": true,
	"center": true, "bbc": true, "itv": true, "uk": true, "us": true, "eu": true, "un": true, "nato": true,
	"open": true, "games": true, "olympics": true, "awards": true, "festival": true, "show": true,
	"kingdom": true, "states": true, "republic": true, "island": true, "islands": true, "county": true,
}

// sentenceOpeners are two- or three-word names that open a sentence and
// are followed by a lower-case word: "Steven Gerrard has admitted".
func sentenceOpeners(text string, toks []ptok, s *articleSpeech) []mention {
	var out []mention
	ti := 0
	for _, sent := range s.sentences {
		for ti < len(toks) && toks[ti].start < sent.start {
			ti++
		}
		i := ti
		for i < len(toks) && toks[i].start < sent.end && (notNames[toks[i].w] || toks[i].w == "Meanwhile") {
			i++ // "But", "And", "However"
		}
		for k := i; k < len(toks) && k-i < 3 && startsUpper(toks[k].w) && toks[k].next == 1; k++ {
			if isPossessive(toks[k].w) {
				i = k + 1 // "Manchester City's Paul Bosvelt"
				break
			}
		}
		j := i
		for j < len(toks) && j-i < 3 && isPersonWord(toks[j].w) && (j == i || toks[j-1].next == 1) {
			j++
		}
		if j-i == 1 && j < len(toks) && toks[i].next == 1 && speechVerbs[toks[j].w] && toks[j].start < sent.end {
			// "Shearer said he was unsure"
			out = append(out, mention{pos: toks[i].start, end: toks[i].end, name: nameOf(toks[i:j])})
			continue
		}
		// Followed by a verb or an apposition: "Robbie Keane, skipper for
		// the night, echoed…".
		// Not "Aston Villa boss David O'Leary".
		if j-i < 2 || j >= len(toks) || toks[j].start >= sent.end || toks[j-1].next == 1 && titleWords[toks[j].w] ||
			!(toks[j-1].next == 1 && startsLower(toks[j].w) || toks[j-1].next == 2) {
			continue
		}
		out = append(out, mention{pos: toks[i].start, end: toks[j-1].end, name: nameOf(toks[i:j])})
	}
	return out
}

func isPersonWord(w string) bool {
	lw := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
	return isNameWord(w) && !notPeople[lw] && !orgWords[lw] && !isAllCaps(w)
}

func isAllCaps(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return letters > 1
}

func startsLower(w string) bool {
	for _, r := range w {
		return unicode.IsLower(r)
	}
	return false
}

// surnames are later mentions of a person by the last word of a full name
// met before ("Gerrard" after "Steven Gerrard"), or by a one-word name
// given after a title ("midfielder Deco").
func surnames(toks []ptok, ms []mention) []mention {
	var out []mention
	known := map[string]string{}
	mi := 0
	for _, t := range toks {
		for mi < len(ms) && ms[mi].pos <= t.start {
			full := ms[mi].name
			if k := strings.LastIndexByte(full, ' '); k >= 0 {
				known[full[k+1:]] = full
			} else if full != "" {
				known[full] = full
			}
			mi++
		}
		if mi > 0 && t.start < ms[mi-1].end {
			continue // part of the name just mentioned
		}
		w := strings.TrimSuffix(strings.TrimSuffix(t.w, "'s"), "’s")
		if full, ok := known[w]; ok && startsUpper(w) {
			out = append(out, mention{pos: t.start, end: t.start + len(w), name: full})
		}
	}
	return out
}

// quotedSpans are the quotations of the text: names inside them are not
// the subject of the sentence around them.
func quotedSpans(text string, paras []span) []span {
	var out []span
	for i, p := range paras {
		for _, q := range quoteSpans(text, p, opensWithQuote(text, paras, i+1), false) {
			out = append(out, q.inner)
		}
	}
	return out
}

func inSpans(ss []span, pos int) bool {
	for _, s := range ss {
		if s.start <= pos && pos < s.end {
			return true
		}
	}
	return false
}

// speakerOf attributes one quote: a name next to a speech verb, a role
// ("a BBC spokesman"), or a pronoun or "the Dutchman" standing for the
// latest of the sentence subjects and earlier speakers since from.
// attributed is true when a speech verb is found next to the quote, even
// if its subject is nobody named ("the man shouted:"): such a quote does
// not take the previous speaker.
func speakerOf(people, spoken []mention, quoted, before, after string, pos, from int) (speaker string, attributed bool) {
	name, anaphor, ok := afterSpeaker(after)
	clause := false
	if !ok {
		name, anaphor, clause, ok = beforeSpeaker(before)
	}
	switch {
	case !ok:
		if name, ok := endSpeaker(people, before, after, pos); ok {
			return resolveFull(people, name, pos), true
		}
		return "", false
	case clause:
		if subject := sentenceSubject(people, pos-len(before), pos); subject != "" || !pronounOpens(before) {
			return subject, true
		}
		return antecedent(people, spoken, quoted, pos, from), true
	case anaphor:
		return antecedent(people, spoken, quoted, pos, from), true
	case name == "" || isRole(name):
		return name, true
	}
	return resolveFull(people, name, pos), true
}

// antecedent is the person a pronoun before pos most likely stands for:
// the latest sentence subject or speaker since from whom the quote does
// not name (people rarely name themselves: "I've had a word with Olof").
func antecedent(people, spoken []mention, quoted string, pos, from int) string {
	best := mention{pos: -1}
	for _, list := range [][]mention{people, spoken} {
		for _, m := range list {
			if m.subject && m.pos < pos && m.pos >= from && m.pos > best.pos && !isOrganisation(m.name) && !names(quoted, m.name) {
				best = m
			}
		}
	}
	return best.name
}

// names says whether text names the person, by any word of the name.
func names(text, name string) bool {
	for _, w := range strings.Fields(name) {
		if len(w) > 2 && prose.ContainsWords(text, w) {
			return true
		}
	}
	return false
}

// resolveFull turns a surname or the end of a name ("Ten Cate") into the
// full name mentioned before pos that ends with it.
func resolveFull(ms []mention, name string, pos int) string {
	for i := len(ms) - 1; i >= 0; i-- {
		full := ms[i].name
		if ms[i].pos < pos && len(full) > len(name) && strings.HasSuffix(full, " "+name) {
			return full
		}
	}
	return name
}

var (
	// "…," the Dutchman said / the 24-year-old added.
	afterAnaphor = regexp.MustCompile(`^[\s,–—-]*[Tt]he\s+([\p{L}\d-]+)\s+(?:\p{Ll}+ly\s+)?(\p{Ll}+)\b`)
	// "…," a BBC spokesman said / a spokeswoman for the club said.
	afterRole = regexp.MustCompile(`^[\s,–—-]*(?:[Aa]n?|[Tt]he)\s+((?:[\p{L}][\p{L}&'’.-]*\s+){0,3}spokes(?:man|woman|person)(?:\s+for\s+(?:the\s+)?(?:[\p{Lu}][\p{L}&'’.-]*\s*){1,4})?)\s*,?\s+(\p{Ll}+)\b`)
	// "…," said a BBC spokesman.
	afterVerbRole = regexp.MustCompile(`^[\s,–—-]*(\p{Ll}+)\s+(?:an?|the)\s+((?:[\p{Lu}][\p{L}&'’.-]*\s+){0,3}spokes(?:man|woman|person)(?:\s+for\s+(?:the\s+)?(?:[\p{Lu}][\p{L}&'’.-]*\s*){1,4})?)`)
)

// afterSpeaker reads the speaker from the words after a quote. anaphor is
// true for "he", "she" or "the Dutchman", to be resolved.
func afterSpeaker(after string) (name string, anaphor, ok bool) {
	if m := afterRole.FindStringSubmatch(after); m != nil && speechVerbs[m[2]] {
		return roleName(m[1]), false, true
	}
	if m := afterVerbRole.FindStringSubmatch(after); m != nil && speechVerbs[m[1]] {
		return roleName(m[2]), false, true
	}
	if m := afterAnaphor.FindStringSubmatch(after); m != nil && speechVerbs[m[2]] {
		return "", true, isAnaphor(m[1])
	}
	name, pronoun := attribute("", after)
	if name == "" && !pronoun {
		name = roleThenName(after)
	}
	return name, pronoun, name != "" || pronoun
}

// roleThenName reads the speaker of “…,” Halden Bank economist Rosa Ferri
// said / CML director general Michael Coogan said: a role, one to three
// capitalised words of a name, then a verb of speech, with nothing
// between them but spaces. The role must hold a title word in lower case
// ("economist", "director") and nothing that could be a verb of its own.
func roleThenName(after string) string {
	toks := personTokens(strings.TrimLeft(after, " ,–—-"))
	v := -1
	for i := 0; i < len(toks) && i < 9; i++ {
		if speechVerbs[strings.TrimRight(toks[i].w, ".")] {
			v = i
			break
		}
		if toks[i].next != 1 {
			return ""
		}
	}
	n := v
	for n > 0 && v-n < 3 && isNameWord(toks[n-1].w) {
		n--
	}
	if v < 0 || n == v || n == 0 {
		return ""
	}
	if !isRolePhrase(toks[:n]) {
		return ""
	}
	return stripTitles(joinToks(toks[n:v]))
}

// beforeSpeaker reads the speaker of `X said: "…"` from the words before
// a quote: the subject of the speech verb nearest the quote. clause is
// true when that subject is the sentence's own, away from the verb: a
// participle after a comma ("Mr Haji-Ioannou, who …, vowed to fight
// back, saying:") or a name set off by a comma before an apposition or a
// relative clause ("Brent Bozell, PTC president and conservative activist
// said:"). When the subject is no name, pronoun or role ("the man
// shouted:"), nobody.
func beforeSpeaker(before string) (name string, anaphor, clause, ok bool) {
	toks := personTokens(before)
	v := -1
	participle := false
	// The verb must be in the clause that leads to the quote: no more
	// than 30 words before it, and no dash or full stop between.
	for i := len(toks) - 1; i >= 0 && len(toks)-i <= 30; i-- {
		if i < len(toks)-1 && toks[i].next == 0 && !numberGap(before[toks[i].end:toks[i+1].start]) {
			break
		}
		lw := strings.ToLower(toks[i].w)
		if lw == "described" || lw == "describes" {
			break // the nearest verb governs: describer's
		}
		if participles[lw] && i > 0 && toks[i-1].next == 2 {
			participle = true // "he said, adding that": the verb before it may name the subject
		}
		if speechVerbs[lw] || (lw == "called" || lw == "calls") && i+1 < len(toks) && toks[i+1].w == "for" && toks[i].next == 1 {
			v = i // "X called for “…”" as "X urged"
			break
		}
	}
	if v < 0 && participle {
		return "", false, true, true
	}
	if v < 0 {
		if m := accordingTo.FindStringSubmatch(before); m != nil {
			if name := stripTitles(m[1]); name != "" {
				return name, false, false, true
			}
		}
		return "", false, false, false
	}
	if nounClaims(toks[:v+1]) {
		return "", false, false, true
	}
	if name, anaphor, ok := subjectBefore(toks[:v]); ok {
		return name, anaphor, false, true
	}
	return "", false, participle || coordinated(toks[:v]) || setOffName(toks[:v]), true // said by somebody not named, unless set off
}

// beforeAuxiliaries is the index of the last word of toks that is no
// auxiliary, adverb or time ("has", "also", "strongly", "last week"), -1
// if none.
func beforeAuxiliaries(toks []ptok) int {
	i := len(toks) - 1
	for i >= 0 && toks[i].next == 1 {
		switch w := strings.ToLower(toks[i].w); {
		case auxiliaries[w] || strings.HasSuffix(w, "ly") && startsLower(toks[i].w):
			i--
		case timeNouns[w] && i > 0 && toks[i-1].next == 1 && (toks[i-1].w == "last" || toks[i-1].w == "this"):
			i -= 2 // "Smith last week said"
		default:
			return i
		}
	}
	return i
}

var timeNouns = map[string]bool{"year": true, "week": true, "month": true, "season": true, "night": true, "summer": true, "winter": true}

// coordinated says whether a verb of speech after toks shares the
// sentence's subject: "X said she understood, but insisted that “…”".
func coordinated(toks []ptok) bool {
	i := beforeAuxiliaries(toks)
	if i < 0 || toks[i].next != 1 {
		return false
	}
	w := toks[i].w
	return w == "and" || w == "but"
}

// nounClaims says whether toks end with "claims" used as a noun after a
// capitalised word: "amid Labour claims", "the BBC's claims". The word
// before it is then no speaker but what the claims are by.
func nounClaims(toks []ptok) bool {
	v := len(toks) - 1
	if toks[v].w != "claims" {
		return false
	}
	j := v
	for j > 0 && v-j < 3 && toks[j-1].next == 1 && startsUpper(toks[j-1].w) {
		j--
	}
	if j == v || j == 0 || toks[j-1].next != 1 {
		return false
	}
	return nounMarkers[strings.ToLower(toks[j-1].w)]
}

// nounMarkers are words after which "X claims" is a noun phrase.
var nounMarkers = map[string]bool{
	"amid": true, "of": true, "over": true, "despite": true, "after": true, "following": true,
	"by": true, "with": true, "against": true, "to": true, "the": true, "these": true, "those": true,
	"his": true, "her": true, "their": true, "its": true, "rejected": true, "denied": true,
	"dismissed": true, "rejects": true, "denies": true, "dismisses": true,
}

// numberGap: words are apart only by a number ("BBC Radio 4's Today
// programme", "in 2004 he"), which does not end a clause.
func numberGap(sep string) bool {
	digits := false
	for _, r := range sep {
		switch {
		case unicode.IsDigit(r):
			digits = true
		case r != ' ' && r != '\'' && r != '’':
			return false
		}
	}
	return digits
}

// participles of speech verbs that, after a comma, carry on the sentence's
// main clause: its subject speaks.
var participles = map[string]bool{
	"saying": true, "adding": true, "telling": true, "explaining": true, "insisting": true,
	"warning": true, "arguing": true, "stating": true, "declaring": true,
}

// setOffName says whether the words before a speech verb whose subject is
// not next to it hold a name followed by a comma, with no other speech
// verb between: the subject set off by an apposition or a relative
// clause. The name itself is taken from the sentence's subject.
func setOffName(toks []ptok) bool {
	for k := len(toks) - 1; k >= 0 && len(toks)-k <= 16; k-- {
		if k < len(toks)-1 && toks[k].next == 0 || speechVerbs[strings.ToLower(toks[k].w)] {
			return false
		}
		if toks[k].next == 2 && isNameWord(toks[k].w) {
			return true
		}
	}
	return false
}

// pronounOpens says whether a sentence's subject is "he" or "she": its
// first word, after "But", "And" or "However".
func pronounOpens(sentence string) bool {
	for _, w := range strings.Fields(sentence) {
		w = strings.ToLower(strings.TrimRight(w, ","))
		if w != "but" && w != "and" && w != "however" && w != "yet" {
			return pronouns[w]
		}
	}
	return false
}

// sentenceSubject is the person who is the subject of the sentence that
// runs from start to the quote at pos, or "".
func sentenceSubject(people []mention, start, pos int) string {
	for _, m := range people {
		if m.subject && m.pos >= start && m.pos < pos && !isOrganisation(m.name) {
			return m.name
		}
	}
	return ""
}

// auxiliaries may stand between a subject and its speech verb.
var auxiliaries = map[string]bool{
	"has": true, "had": true, "have": true, "also": true, "later": true, "then": true, "has also": true,
	"once": true, "previously": true, "earlier": true, "again": true, "today": true, "yesterday": true,
}

// subjectBefore is the subject ending toks: "he", "the Dutchman", a
// capitalised name, or a spokesman.
func subjectBefore(toks []ptok) (name string, anaphor, ok bool) {
	i := beforeAuxiliaries(toks)
	if i < 0 || toks[i].next != 1 {
		return "", false, false
	}
	w := toks[i].w
	lw := strings.ToLower(w)
	switch {
	case pronouns[lw]:
		return "", true, true
	case isAnaphor(w) && theBefore(toks[:i]):
		return "", true, true
	case lw == "who" && i > 0 && toks[i-1].next == 1 && isNameWord(toks[i-1].w):
		// "the Greens who said", "councillor Amy Lind who said"
		return subjectBefore(toks[:i])
	case strings.HasPrefix(lw, "spokes"):
		j := i
		for j > 0 && toks[j-1].next == 1 && startsUpper(toks[j-1].w) && !notNames[toks[j-1].w] {
			j--
		}
		return roleName(joinToks(toks[j : i+1])), false, true
	case isNameWord(w):
		j := i
		for j > 0 && i-j < 3 && toks[j-1].next == 1 && isNameWord(toks[j-1].w) {
			j--
		}
		// "a spokesman for UKIP said"
		if j >= 2 && strings.ToLower(toks[j-1].w) == "for" && strings.HasPrefix(strings.ToLower(toks[j-2].w), "spokes") {
			return roleName(toks[j-2].w + " for " + joinToks(toks[j:i+1])), false, true
		}
		return stripTitles(joinToks(toks[j : i+1])), false, true
	}
	return "", false, false
}

// theBefore: toks end with "the" and at most two capitalised words ("the
// Chester chairman").
func theBefore(toks []ptok) bool {
	for i := len(toks) - 1; i >= 0 && len(toks)-i <= 3; i-- {
		switch {
		case strings.EqualFold(toks[i].w, "the"):
			return true
		case !startsUpper(toks[i].w):
			return false
		}
	}
	return false
}

func joinToks(toks []ptok) string {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.w
	}
	return strings.Join(words, " ")
}

// roleName writes a spokesman's role the one way: "a spokesman for UKIP"
// and "UKIP spokesman" are both "UKIP spokesman".
func roleName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if role, org, ok := strings.Cut(s, " for "); ok {
		org = strings.TrimPrefix(strings.TrimPrefix(org, "the "), "The ")
		return strings.TrimSpace(org) + " " + role
	}
	return s
}

func isRole(name string) bool {
	return strings.HasSuffix(name, "spokesman") || strings.HasSuffix(name, "spokeswoman") || strings.HasSuffix(name, "spokesperson")
}

// isAnaphor says whether "the W" most likely stands for a person named
// before: a nationality ("the Dutchman", "the Portuguese"), an age ("the
// 24-year-old") or a role ("the manager"), but not "the man".
func isAnaphor(w string) bool {
	lw := strings.ToLower(w)
	switch {
	case lw == "man" || lw == "woman" || strings.HasPrefix(lw, "spokes"):
		return false
	case strings.HasSuffix(lw, "-year-old"):
		return true
	case startsUpper(w) && (strings.HasSuffix(lw, "man") || strings.HasSuffix(lw, "ese") || strings.HasSuffix(lw, "ian") || strings.HasSuffix(lw, "ard") || strings.HasSuffix(lw, "an")):
		return true
	}
	return titleWords[lw] || anaphorRoles[lw]
}

var anaphorRoles = map[string]bool{
	"player": true, "skipper": true, "star": true, "veteran": true, "winger": true, "forward": true,
	"singer": true, "actor": true, "actress": true, "star's": true, "rocker": true, "politician": true,
	"tory": true, "mp": true, "mep": true, "chancellor": true,
}

// QuotesOf is every quotation of one article with its speaker, as the
// library finds them.
func QuotesOf(a *Article) []Quote { return quotesOf(a, false) }

// PlainQuotesOf is QuotesOf with the first version's attribution, the
// reference `byline eval qa` measures speakers against.
func PlainQuotesOf(a *Article) []Quote { return quotesOf(a, true) }

func quotesOf(a *Article, plain bool) []Quote {
	s := analyzeSpeech(a)
	if plain {
		s.quotes = extractQuotes(a, paragraphs(a.Text), s, true)
	}
	return s.quotes
}
