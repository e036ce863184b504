package retrieval

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"byline/retrieval/prose"
)

// articleSpeech is what quote look-ups need of one article: its sentences,
// its normalised words (each with the sentence it belongs to) and its
// quoted speech.
type articleSpeech struct {
	sentences []span
	sentPara  []int // paragraph index of each sentence
	words     []prose.Word
	wordSent  []int // sentence index of each word
	quotes    []Quote
}

// safeAnalyzeSpeech keeps a bug met on one odd article from taking the
// whole program down: that article then has no quotes, and the log says so.
func (l *Library) safeAnalyzeSpeech(a *Article) (s *articleSpeech) {
	defer func() {
		if r := recover(); r != nil {
			l.lg.Error("quote extraction failed; the article will have no quotes", "article", a.ID, "panic", r)
			s = &articleSpeech{}
		}
	}()
	return analyzeSpeech(a)
}

func analyzeSpeech(a *Article) *articleSpeech {
	s := &articleSpeech{}
	paras := paragraphs(a.Text)
	for pi, p := range paras {
		for _, sent := range sentences(a.Text, p) {
			si := len(s.sentences)
			s.sentences = append(s.sentences, sent)
			s.sentPara = append(s.sentPara, pi)
			for _, w := range prose.NormWords(a.Text[sent.start:sent.end], sent.start) {
				s.words = append(s.words, w)
				s.wordSent = append(s.wordSent, si)
			}
		}
	}
	s.quotes = extractQuotes(a, paras, s, false)
	return s
}

// sentenceAt is the index of the sentence holding byte offset off (the
// last sentence starting at or before it).
func (s *articleSpeech) sentenceAt(off int) int {
	i := sort.Search(len(s.sentences), func(i int) bool { return s.sentences[i].start > off })
	return max(0, i-1)
}

// speakerAt is the speaker of the quote overlapping [start, end), or "".
func (s *articleSpeech) speakerAt(start, end int) string {
	for _, q := range s.quotes {
		if q.Start < end && start < q.End {
			return q.Speaker
		}
	}
	return ""
}

// speechVerbs introduce or follow quoted speech.
var speechVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "stated": true, "states": true, "told": true, "tells": true,
	"added": true, "adds": true, "asked": true, "asks": true, "explained": true, "explains": true,
	"noted": true, "notes": true, "insisted": true, "insists": true, "warned": true, "warns": true,
	"declared": true, "argued": true, "argues": true, "claimed": true, "claims": true, "replied": true,
	"wrote": true, "writes": true, "recalled": true, "remarked": true, "continued": true,
	"announced": true, "acknowledged": true, "admitted": true, "confirmed": true, "commented": true,
	"observed": true, "suggested": true, "urged": true, "stressed": true, "emphasised": true,
	"emphasized": true, "conceded": true, "concluded": true, "tweeted": true, "posted": true,
	"shouted": true, "whispered": true, "joked": true, "predicted": true, "promised": true,
	"responded": true, "answered": true, "believes": true, "believed": true, "thinks": true,
	"indicated": true, "vowed": true, "vows": true, "pledged": true, "pledges": true,
}

// titleWords precede a name without being part of it ("President Claudia
// Sheinbaum", "council leader Ana Lima"). Compared in lower case.
var titleWords = map[string]bool{
	"president": true, "minister": true, "prime": true, "mr": true, "mrs": true, "ms": true, "miss": true,
	"dr": true, "prof": true, "professor": true, "sir": true, "dame": true, "lord": true, "lady": true,
	"senator": true, "sen": true, "governor": true, "gov": true, "mayor": true, "chancellor": true,
	"secretary": true, "judge": true, "justice": true, "general": true, "gen": true, "captain": true,
	"capt": true, "coach": true, "rep": true, "representative": true, "king": true, "queen": true,
	"prince": true, "princess": true, "pope": true, "sheikh": true, "chief": true, "director": true,
	"chairman": true, "chairwoman": true, "chair": true, "councillor": true, "councilor": true,
	"commissioner": true, "inspector": true, "detective": true, "sergeant": true, "officer": true,
	"spokesman": true, "spokeswoman": true, "spokesperson": true, "leader": true, "executive": true,
	"analyst": true, "economist": true, "scientist": true, "researcher": true, "champion": true,
	"manager": true, "owner": true, "founder": true, "challenger": true, "official": true,
	"expert": true, "author": true, "librarian": true, "volcanologist": true, "chef": true,
	"striker": true, "midfielder": true, "defender": true, "goalkeeper": true, "boss": true,
	"vice": true, "deputy": true, "ambassador": true, "envoy": true, "rev": true, "father": true,
	"sister": true, "brother": true, "colonel": true, "lieutenant": true, "major": true,
	"admiral": true, "commander": true, "ceo": true, "cfo": true, "md": true, "head": true,
	"candidate": true, "lawyer": true, "attorney": true, "prosecutor": true, "adviser": true,
	"advisor": true, "editor": true, "correspondent": true, "treasurer": true, "premier": true,
	"mep": true, "mp": true, "scrum-half": true, "fly-half": true, "wing": true, "winger": true,
	"full-back": true, "flanker": true, "prop": true, "hooker": true, "skipper": true, "forward": true,
	"agent": true, "host": true, "presenter": true, "daughter": true, "son": true, "wife": true, "husband": true, "mother": true, "widow": true,
}

// notNames are capitalised words that start no person's name.
var notNames = map[string]bool{
	"The": true, "A": true, "An": true, "In": true, "On": true, "At": true, "But": true, "And": true,
	"It": true, "This": true, "That": true, "He": true, "She": true, "They": true, "We": true, "I": true,
	"His": true, "Her": true, "Their": true, "However": true, "Monday": true, "Tuesday": true,
	"Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true,
	"January": true, "February": true, "March": true, "April": true, "May": true, "June": true,
	"July": true, "August": true, "September": true, "October": true, "November": true, "December": true,
	"According": true, "If": true, "When": true, "As": true, "For": true, "After": true, "Before": true,
}

var pronouns = map[string]bool{"he": true, "she": true}

// mention is a person named at an offset of the article text.
type mention struct {
	pos, end int
	name     string
	// subject: the first person named in its sentence, outside quotes,
	// not as a possessive; the one a later "he" or "she" most likely
	// stands for.
	subject, possessive bool
}

var (
	// capSeq is a run of capitalised words (a possessive 's is allowed
	// and stripped later); wordRe is a word with the marks names carry.
	capSeq = regexp.MustCompile(`\p{Lu}[\p{L}\p{Mn}'’.-]*(?:\s+\p{Lu}[\p{L}\p{Mn}'’.-]*)*`)
	wordRe = regexp.MustCompile(`[\p{L}\p{Mn}'’.-]+`)
)

// extractQuotes finds the text between quotation marks in each paragraph
// and attributes it: "…," she stated / said X / X said / according to X /
// X said: "…"; a pronoun is resolved to the person it most likely stands
// for; an unattributed quote takes the speaker of the quote just before
// it in the same paragraph (or, when it opens its paragraph, in the
// previous one). Quotes of one or two words with no attribution (scare
// quotes, titles) are left out. plain is the attribution of the first
// version, kept as the reference `byline eval qa` measures against.
func extractQuotes(a *Article, paras []span, s *articleSpeech, plain bool) []Quote {
	text := a.Text
	var people []mention
	if plain {
		people = findMentions(text)
	} else {
		people = findPeople(text, paras, s)
	}
	var out []Quote
	var spoken []mention // attributed quotes so far, as candidates for a pronoun
	prevPara, prevSpeaker := -1, ""
	for pi, p := range paras {
		for qi, qs := range quoteSpans(text, p, opensWithQuote(text, paras, pi+1), plain) {
			inner := trimQuote(text, qs.inner)
			if inner.end <= inner.start {
				continue
			}
			si, ei := s.sentenceAt(qs.open.start), s.sentenceAt(qs.open.end-1)
			if qs.close.end > qs.close.start {
				ei = s.sentenceAt(qs.close.start)
			}
			after := ""
			if qs.close.end > qs.close.start && qs.close.end <= s.sentences[ei].end {
				after = text[qs.close.end:s.sentences[ei].end]
			}
			before := text[s.sentences[si].start:qs.open.start]
			var speaker string
			attributed := false
			// A pronoun stands for someone named since the paragraph before.
			from := paras[max(0, pi-1)].start
			if plain {
				speaker = plainSpeaker(people, before, after, qs.open.start)
			} else {
				speaker, attributed = speakerOf(people, spoken, text[inner.start:inner.end], before, after, qs.open.start, from)
			}
			words := countWords(text[inner.start:inner.end])
			// A quote that names or describes someone ("He is described
			// as “a proud grandfather”", "labelled a “big misjudgement”")
			// is words about them, not the previous speech going on.
			about := !plain && describing.MatchString(before)
			described := false
			if speaker == "" && !attributed && !plain {
				if about {
					speaker = passiveAgent(after)
				} else {
					speaker = describer(people, spoken, text[inner.start:inner.end], before, qs.open.start, from)
				}
				described = speaker != ""
			}
			if speaker == "" && !attributed && !about && prevSpeaker != "" && words >= 3 && (prevPara == pi || prevPara == pi-1 && qi == 0 && qs.open.start == p.start) {
				speaker = prevSpeaker
			}
			if speaker == "" && words < 3 {
				continue
			}
			sentEnd := s.sentences[ei].end
			if inner.end > sentEnd {
				sentEnd = inner.end
			}
			out = append(out, Quote{
				Text:      text[inner.start:inner.end],
				Speaker:   speaker,
				ArticleID: a.ID,
				Start:     inner.start,
				End:       inner.end,
				Sentence:  text[s.sentences[si].start:sentEnd],
			})
			// Words that describe are a phrase, not a speech that goes on
			// into the next quote.
			if speaker != "" && !described {
				prevPara, prevSpeaker = pi, speaker
				spoken = append(spoken, mention{pos: qs.open.start, end: inner.end, name: speaker, subject: true})
			}
		}
	}
	return out
}

// describing ends the words before a quote that is what someone or
// something is called rather than what a speaker says.
var describing = regexp.MustCompile(`(?i)\b(?:(?:described|known|billed|hailed|seen|regarded|touted|portrayed|referred to) as|dubbed|called|labelled|labeled|branded|nicknamed|termed)(?:\s+(?:a|an|the))?\s*$`)

// opensWithQuote says whether paragraph i of paras starts with a quote
// mark (false past the last one).
func opensWithQuote(text string, paras []span, i int) bool {
	if i >= len(paras) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[paras[i].start:paras[i].end])
	return r == '"' || r == '“' || r == '„' || r == '«'
}

// plainSpeaker is the first version's attribution: a pronoun is the
// person named last before the quote.
func plainSpeaker(people []mention, before, after string, pos int) string {
	speaker, pronoun := attribute(before, after)
	if pronoun {
		return lastMentioned(people, pos)
	}
	if speaker != "" {
		return resolveName(people, speaker, pos)
	}
	return ""
}

// quoteSpan is one quotation: the opening mark, the text inside and the
// closing mark (empty when the quote runs on to the next paragraph).
type quoteSpan struct{ open, inner, close span }

// quoteSpans pairs the quotation marks of a paragraph: “ with ”, and
// straight " marks alternately. A quote still open at the end of its
// paragraph counts only if it opened the paragraph (a speech running over
// several paragraphs); otherwise the stray mark is ignored.
//
// Unless plain, a mark that plainly opens while a quote is open ends that
// quote there: BBC texts join the paragraphs of one speech with a space
// and start each with a new opening mark (“…game. “We had…”).
func quoteSpans(text string, p span, nextOpens, plain bool) []quoteSpan {
	var out []quoteSpan
	open := -1
	openLen := 0
	for i := p.start; i < p.end; {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '“' || r == '„' || r == '«':
			if open >= 0 && !plain {
				// A new opening mark: the open quote ended before it.
				if endsSpeech(text[open:i]) {
					out = append(out, quoteSpan{span{open, open + openLen}, span{open + openLen, i}, span{i, i}})
				}
				open = -1
			}
			if open < 0 {
				open, openLen = i, size
			}
		case r == '”' || r == '»':
			if open >= 0 {
				out = append(out, quoteSpan{span{open, open + openLen}, span{open + openLen, i}, span{i, i + size}})
				open = -1
			}
		case r == '"':
			// Straight marks alternate, but a mark that plainly opens (space
			// before, word after) while one is open means the earlier one
			// was never closed, and a mark that plainly closes while none is
			// open is a stray (5" of rain).
			before, _ := utf8.DecodeLastRuneInString(text[p.start:i])
			after, _ := utf8.DecodeRuneInString(text[i+size : p.end])
			opener := (i == p.start || unicode.IsSpace(before) || prose.IsOpening(before)) && i+size < p.end && !unicode.IsSpace(after)
			closer := i > p.start && !unicode.IsSpace(before) && (i+size == p.end || unicode.IsSpace(after) || unicode.IsPunct(after))
			switch {
			case open < 0 && closer && !opener:
			case open < 0 || opener && !closer:
				if open >= 0 && !plain && endsSpeech(text[open:i]) {
					out = append(out, quoteSpan{span{open, open + openLen}, span{open + openLen, i}, span{i, i}})
				}
				open, openLen = i, size
			default:
				out = append(out, quoteSpan{span{open, open + openLen}, span{open + openLen, i}, span{i, i + size}})
				open = -1
			}
		}
		i += size
	}
	// A quote open at the end of its paragraph runs on when it opened the
	// paragraph, or when it ends a sentence and the next paragraph opens
	// with a quote mark (“…he said. “This has been brought about by
	// eating the right foods.¶“I am still keeping up my weights…”).
	if open >= 0 && (open == p.start || !plain && nextOpens && endsSpeech(text[open:p.end])) {
		out = append(out, quoteSpan{span{open, open + openLen}, span{open + openLen, p.end}, span{p.end, p.end}})
	}
	return out
}

// endsSpeech: the words of an open quote end a sentence before the next
// opening mark (“…before the game. “We had…”): one speech going on, not
// a stray mark.
func endsSpeech(s string) bool {
	s = strings.TrimRight(s, " \t")
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?'
}

// trimQuote drops white space around the quoted words and the comma that
// English puts inside the closing mark (“…nation,” she said).
func trimQuote(text string, s span) span {
	s = trimSpan(text, s)
	for s.end > s.start && (text[s.end-1] == ',' || text[s.end-1] == ' ') {
		s.end--
	}
	return s
}

var (
	// "X said", "he said", "X, the chairman, said" at the start of the text after a quote.
	afterNameVerb = regexp.MustCompile(`^[\s,–—-]*((?:\p{Lu}[\p{L}\p{Mn}'’.-]*\s+){0,3}\p{Lu}[\p{L}\p{Mn}'’.-]*|[Hh]e|[Ss]he)(?:,[^,.]{1,60},)?\s+(?:\p{Ll}+ly\s+)?(\p{Ll}+)\b`)
	// "said X", "said council leader X", "said he".
	afterVerbName = regexp.MustCompile(`^[\s,–—-]*(\p{Ll}+)\s+(.{0,80})`)
	// "according to X".
	accordingTo = regexp.MustCompile(`(?i:according to)\s+((?:\p{L}[\p{L}\p{Mn}'’.-]*\s+){0,4}\p{Lu}[\p{L}\p{Mn}'’.-]*)`)
	// "X said:" / "he told parliament:" just before a quote.
	beforeNameVerb = regexp.MustCompile(`((?:\p{Lu}[\p{L}\p{Mn}'’.-]*\s+){0,4}\p{Lu}[\p{L}\p{Mn}'’.-]*|\b[Hh]e|\b[Ss]he)\s+(?:\p{Ll}+ly\s+)?(\p{Ll}+)(?:\s+[\p{L}\s'’]{0,40})?[:,]?\s*$`)
)

// attribute finds who speaks a quote from the words after it (up to the
// end of its sentence) and before it (from the start of its sentence).
// pronoun is true when the speaker is "he" or "she", to be resolved.
func attribute(before, after string) (speaker string, pronoun bool) {
	if m := afterNameVerb.FindStringSubmatch(after); m != nil && speechVerbs[m[2]] {
		return nameOrPronoun(m[1])
	}
	if m := afterVerbName.FindStringSubmatch(after); m != nil && speechVerbs[m[1]] {
		if name, pro := nameAfterVerb(m[2]); name != "" || pro {
			return name, pro
		}
	}
	if m := accordingTo.FindStringSubmatch(after); m != nil {
		if name := stripTitles(m[1]); name != "" {
			return name, false
		}
	}
	if m := beforeNameVerb.FindStringSubmatch(before); m != nil && speechVerbs[m[2]] {
		return nameOrPronoun(m[1])
	}
	if m := accordingTo.FindStringSubmatch(before); m != nil {
		if name := stripTitles(m[1]); name != "" {
			return name, false
		}
	}
	return "", false
}

func nameOrPronoun(s string) (string, bool) {
	if pronouns[strings.ToLower(s)] {
		return "", true
	}
	return stripTitles(s), false
}

// nameAfterVerb reads the speaker in "said [the] [role words] Name" or
// "said he".
func nameAfterVerb(s string) (string, bool) {
	words := wordRe.FindAllString(s, 8)
	for i, w := range words {
		lw := strings.TrimRight(strings.ToLower(w), ".")
		switch {
		case i == 0 && pronouns[lw]:
			return "", true
		case startsUpper(w) && !notNames[w] && !titleWords[lw]:
			// The capitalised run from here is the name.
			rest := strings.Join(words[i:], " ")
			if m := capSeq.FindString(rest); m != "" {
				return stripTitles(m), false
			}
			return "", false
		case lw == "the" || lw == "a" || lw == "an" || titleWords[lw] || strings.HasSuffix(lw, "'s") || strings.HasSuffix(lw, "’s") || isRoleWord(lw):
			continue
		default:
			return "", false
		}
	}
	return "", false
}

// isRoleWord accepts lower-case words that make up a role before a name
// ("transport chief", "head librarian"): short common nouns. It is lax on
// purpose; a capitalised name must still follow.
func isRoleWord(w string) bool {
	return len(w) > 2 && len(w) < 16 && !speechVerbs[w] && w != "that" && w != "on" && w != "in" && w != "at" && w != "to" && w != "it"
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// stripTitles keeps the name in "Transport Minister Elena Rossi": the
// capitalised words after the last title word, without a possessive 's,
// at most three words.
func stripTitles(s string) string {
	words := strings.Fields(s)
	start := 0
	for i, w := range words {
		if titleWords[strings.ToLower(strings.TrimRight(w, ".,"))] || notNames[w] ||
			i < len(words)-1 && (strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")) {
			// "ABN Amro's Paul Mackel": the name follows the possessive.
			start = i + 1
		}
	}
	words = words[start:]
	if len(words) > 3 {
		words = words[len(words)-3:]
	}
	for i, w := range words {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		words[i] = strings.TrimRight(w, ".,;:")
	}
	return strings.Join(words, " ")
}

// ptok is a word of the text for finding people: letters with the
// apostrophes, dots and hyphens names carry, and what separates it from
// the next word.
type ptok struct {
	w          string
	start, end int
	// next is how the word joins the next one: 0 not at all (punctuation
	// or a paragraph between), 1 by spaces, 2 by a comma.
	next int
}

func personTokens(text string) []ptok {
	var out []ptok
	start := -1
	for i, r := range text {
		isWord := unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || r == '\'' || r == '’' || r == '.' || r == '-'
		if isWord && start < 0 && unicode.IsLetter(r) {
			start = i
		} else if !isWord && start >= 0 {
			out = append(out, ptok{w: text[start:i], start: start, end: i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, ptok{w: text[start:], start: start, end: len(text)})
	}
	for i := 0; i+1 < len(out); i++ {
		sep := text[out[i].end:out[i+1].start]
		switch {
		case strings.ContainsRune(sep, '\n'):
		case strings.TrimSpace(sep) == "" && !strings.HasSuffix(out[i].w, "."):
			out[i].next = 1
		case strings.TrimSpace(sep) == ",":
			out[i].next = 2
		}
	}
	return out
}

// isNameWord: a capitalised word that can be part of a person's name.
func isNameWord(w string) bool {
	return startsUpper(w) && !notNames[w] && !titleWords[strings.ToLower(strings.TrimRight(w, "."))]
}

// findMentions lists the people named in text, in order: names after a
// title or role ("President Claudia Sheinbaum", "The owner, Pierre
// Martin") and two- or three-word names before an apposition or a speech
// verb ("Jane Doe, a teacher," / "Jane Doe said"). A surname alone is
// resolved to the full name used before it ("Sheinbaum" → "Claudia
// Sheinbaum").
func findMentions(text string) []mention {
	toks := personTokens(text)
	var ms []mention
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		// Title + name.
		if titleWords[strings.ToLower(strings.TrimRight(t.w, "."))] && t.next > 0 && i+1 < len(toks) && isNameWord(toks[i+1].w) {
			j := i + 1
			for j+1 < len(toks) && j-i < 3 && toks[j].next == 1 && isNameWord(toks[j+1].w) {
				j++
			}
			ms = append(ms, mention{pos: toks[i+1].start, end: toks[j].end, name: nameOf(toks[i+1 : j+1])})
			i = j
			continue
		}
		// Name + apposition or speech verb.
		if isNameWord(t.w) && t.next == 1 && i+1 < len(toks) && isNameWord(toks[i+1].w) {
			j := i + 1
			for j+1 < len(toks) && j-i < 2 && toks[j].next == 1 && isNameWord(toks[j+1].w) {
				j++
			}
			if j+1 < len(toks) {
				nw := strings.ToLower(toks[j+1].w)
				if toks[j].next == 2 && (nw == "a" || nw == "an" || nw == "the" || nw == "who" || nw == "whose") ||
					toks[j].next == 1 && (nw == "said" || nw == "says" || nw == "told" || nw == "added" || nw == "stated") {
					ms = append(ms, mention{pos: t.start, end: toks[j].end, name: nameOf(toks[i : j+1])})
				}
			}
			i = j
		}
	}
	out := ms[:0]
	for _, m := range ms {
		if m.name == "" {
			continue
		}
		m.name = resolveName(out, m.name, m.pos)
		out = append(out, m)
	}
	return out
}

func nameOf(toks []ptok) string {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.w
	}
	return stripTitles(strings.Join(words, " "))
}

// resolveName turns a surname into the full name mentioned before pos
// whose last word it is; other names are returned as they are.
func resolveName(ms []mention, name string, pos int) string {
	if strings.Contains(name, " ") {
		return name
	}
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].pos >= pos {
			continue
		}
		full := ms[i].name
		if j := strings.LastIndexByte(full, ' '); j >= 0 && full[j+1:] == name {
			return full
		}
	}
	return name
}

// lastMentioned is the person named last before pos, or "". Names that
// end like an organisation ("Charts Company") are not people a "he" or
// "she" can stand for.
func lastMentioned(ms []mention, pos int) string {
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].pos < pos && !isOrganisation(ms[i].name) {
			return ms[i].name
		}
	}
	return ""
}

var orgWords = map[string]bool{
	"company": true, "association": true, "ltd": true, "plc": true, "inc": true, "group": true,
	"party": true, "council": true, "ministry": true, "department": true, "university": true,
	"club": true, "bank": true, "corporation": true, "federation": true, "union": true,
	"institute": true, "agency": true, "commission": true, "office": true, "foundation": true,
	"committee": true, "service": true, "court": true, "league": true, "board": true, "news": true,
	"fc": true, "united": true, "city": true, "government": true, "authority": true, "trust": true,
	"society": true, "organisation": true, "organization": true, "industry": true, "records": true,
}

func isOrganisation(name string) bool {
	words := strings.Fields(name)
	return len(words) > 0 && orgWords[strings.ToLower(words[len(words)-1])]
}

// speakerMatches says whether the speaker of a quote is the one asked for:
// case-insensitive, and a part of the name is enough ("sheinbaum" matches
// "Claudia Sheinbaum"). An empty filter matches everyone.
func speakerMatches(filter, speaker string) bool {
	filter = strings.ToLower(strings.Join(strings.Fields(filter), " "))
	if filter == "" {
		return true
	}
	speaker = strings.ToLower(speaker)
	if speaker == "" {
		return false
	}
	if strings.Contains(speaker, filter) {
		return true
	}
	sw := prose.Norms(speaker)
	for _, w := range prose.Norms(filter) {
		found := false
		for _, s := range sw {
			found = found || s == w
		}
		if !found {
			return false
		}
	}
	return true
}
