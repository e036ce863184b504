package question

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"byline/retrieval/prose"
	"byline/retrieval/timeframe"
)

// Type is the kind of answer a question expects.
type Type string

const (
	Other    Type = "other"    // what, how, and anything else
	Who      Type = "who"      // a person or organisation
	When     Type = "when"     // a date, a year, a time
	Where    Type = "where"    // a place
	Quantity Type = "quantity" // how many, how much: a figure
	Why      Type = "why"      // a reason
	Said     Type = "said"     // what did X say: X's own quoted words
	YesNo    Type = "yesno"    // is, did, will …
	List     Type = "list"     // which ones, list, name the …
)

// Meta is what a question asks about the articles themselves, rather
// than about what they report.
type Meta string

const (
	NotMeta       Meta = ""
	MetaAuthor    Meta = "author"   // who wrote the article?
	MetaDate      Meta = "date"     // when was it published?
	MetaSource    Meta = "source"   // where is it from, which site?
	MetaAbout     Meta = "about"    // what is this article about?
	MetaMentionOf Meta = "mentions" // which articles mention X?
)

// Analysis is what a question asks.
type Analysis struct {
	Text string // the question as asked, cleaned
	Type Type
	Meta Meta
	// Entities are the names in the question (runs of capitalised words
	// not at the start of a sentence, or anywhere when the question is in
	// lower case only: "what did sheinbaum say" has none) and quoted phrases.
	Entities []string
	// Numbers are the figures and years written in the question.
	Numbers []string
	// Speaker is X in "what did X say / how did X react", as written.
	Speaker string
	// Subject is the rest of a meta question after its fixed words
	// ("which articles mention Yukos" → "Yukos"); "" otherwise.
	Subject string
	// Time is what the question says about time: the window of publish
	// dates it names ("in 2024", "last week"), whether it asks about the
	// present ("latest", "this week"), and the words that say so, which
	// are not searched for.
	Time timeframe.Frame
}

// Analyze reads a question asked at now (the time a relative date such
// as "this week" is counted from).
func Analyze(q string, now time.Time) Analysis {
	q = strings.Join(strings.Fields(q), " ")
	a := Analysis{Text: q}
	lower := strings.ToLower(q)
	toks := tokens(q)
	a.Meta, a.Subject = metaOf(lower, q)
	a.Type = typeOf(lower, toks)
	if a.Type == Said {
		a.Speaker = speakerOf(toks)
	}
	a.Time = timeframe.Parse(q, now)
	// Month and day names of a time expression ("between February and
	// March") are not names to find in the articles.
	a.Entities = entitiesOf(q, outsideSpans(toks, a.Time.Spans))
	a.Numbers = numbersOf(toks, a.Time.Spans)
	return a
}

// token is a word of the question with its byte offset.
type token struct {
	w     string
	lower string
	start int
	// sentenceStart: the first word of the question or of a sentence in it.
	sentenceStart bool
}

// tokens splits q into words: letters, digits and the marks inside names
// and figures (' ’ - . , $ % £ €) when between word characters.
func tokens(q string) []token {
	var out []token
	start := -1
	atStart := true
	flush := func(end int) {
		if start < 0 {
			return
		}
		raw := q[start:end]
		w := strings.TrimRight(raw, ".,'’-")
		if w != "" {
			out = append(out, token{w: w, lower: strings.ToLower(w), start: start, sentenceStart: atStart})
			atStart = false
		}
		// A full stop after a word in lower case or a figure ends a
		// sentence ("… for $1.65 million. Which state …"); after a
		// capital it may be an abbreviation ("Gen. Gordon Granger",
		// "U.S.").
		if w != "" && strings.HasSuffix(strings.TrimRight(raw, ",'’-"), ".") && !startsUpper(w) {
			atStart = true
		}
		start = -1
	}
	for i, r := range q {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("$£€%", r)
		inner := strings.ContainsRune(".,'’-", r)
		switch {
		case word && start < 0:
			start = i
		case word, inner && start >= 0:
		default:
			flush(i)
			if strings.ContainsRune(".?!:;\"“”", r) {
				atStart = true
			}
		}
	}
	flush(len(q))
	return out
}

// questionWords open a question and are never names.
var questionWords = map[string]bool{
	"who": true, "whom": true, "whose": true, "what": true, "when": true, "where": true, "which": true,
	"why": true, "how": true, "is": true, "are": true, "was": true, "were": true, "do": true, "does": true,
	"did": true, "has": true, "have": true, "had": true, "can": true, "could": true, "will": true,
	"would": true, "should": true, "tell": true, "list": true, "name": true, "give": true, "show": true,
	"i": true, "in": true, "on": true, "the": true, "a": true, "an": true, "according": true,
}

func typeOf(lower string, toks []token) Type {
	if len(toks) == 0 {
		return Other
	}
	has := func(phrases ...string) bool {
		for _, p := range phrases {
			if prose.ContainsWords(lower, p) {
				return true
			}
		}
		return false
	}
	switch {
	case isSaid(toks):
		return Said
	case has("how many", "how much", "what percentage", "what percent", "the percentage", "what fraction", "what proportion", "what share",
		"what number", "how old", "how long", "how far", "how big", "how large", "how tall", "how high",
		"how fast", "what amount", "what price", "what was the cost", "how expensive"):
		return Quantity
	case has("what year", "which year", "what date", "which date", "what day", "which day", "what time",
		"what month", "which month", "what decade", "what century", "what season") || toks[0].lower == "when":
		return When
	case has("what country", "which country", "what city", "which city", "what state", "which state",
		"what town", "which town", "what region", "which region", "what continent", "what place",
		"what location") || toks[0].lower == "where" || has("where"):
		return Where
	case toks[0].lower == "why" || has("why", "what caused", "what reason", "for what reason", "how come", "what led to"):
		return Why
	case toks[0].lower == "who" || toks[0].lower == "whom" || toks[0].lower == "whose" || has("who", "whom",
		"which person", "what person", "which company", "what company", "which team", "what team",
		"which organization", "which organisation", "which group", "what group"):
		return Who
	case has("list", "name the", "which articles", "what articles", "what are the", "which are the"):
		return List
	}
	switch toks[0].lower {
	case "is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "can", "could", "will",
		"would", "should", "may", "might", "must", "shall":
		return YesNo
	}
	return Other
}

// sayVerbs end a "what did X say" question.
var sayVerbs = map[string]bool{
	"say": true, "said": true, "says": true, "tell": true, "told": true, "claim": true, "argue": true,
	"state": true, "announce": true, "think": true, "write": true, "warn": true, "add": true,
	"react": true, "respond": true, "reply": true, "comment": true,
}

// isSaid recognises "what did/does/has X say (about …)", "how did X
// react/respond", "what was X's reaction/response/comment", "what are X's
// words", "quote X".
func isSaid(toks []token) bool {
	if len(toks) < 3 {
		return false
	}
	first := toks[0].lower
	if first != "what" && first != "how" {
		return toks[0].lower == "quote" || toks[0].lower == "quotes"
	}
	aux := toks[1].lower
	if aux == "did" || aux == "does" || aux == "do" || aux == "has" || aux == "have" || aux == "had" {
		for _, t := range toks[2:] {
			if sayVerbs[t.lower] {
				return true
			}
		}
	}
	if first == "what" && (aux == "was" || aux == "is" || aux == "were" || aux == "are") {
		for _, t := range toks[2:] {
			switch t.lower {
			case "reaction", "response", "comment", "comments", "words", "statement", "reply", "message":
				return true
			}
		}
	}
	return false
}

// speakerOf is the words between the auxiliary and the speech verb ("what
// did President Sheinbaum say" → "President Sheinbaum"), or before the
// possessive ("what was Blair's reaction" → "Blair").
func speakerOf(toks []token) string {
	var ws []string
	for _, t := range toks[2:] {
		if sayVerbs[t.lower] || t.lower == "reaction" || t.lower == "response" || t.lower == "comment" ||
			t.lower == "comments" || t.lower == "words" || t.lower == "statement" {
			break
		}
		w := strings.TrimSuffix(strings.TrimSuffix(t.w, "'s"), "’s")
		ws = append(ws, w)
		if w != t.w {
			break
		}
	}
	if len(ws) > 0 && (ws[0] == "the" || ws[0] == "The") {
		ws = ws[1:]
	}
	return strings.Join(ws, " ")
}

// entitiesOf lists names (capitalised runs not opening a sentence) and
// quoted phrases. A capitalised word opening the question counts when
// it is no question word ("Sheinbaum said what?").
func entitiesOf(q string, toks []token) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			out = append(out, s)
		}
	}
	for _, phrase := range quoted(q) {
		add(phrase)
	}
	var run []string
	end := func() {
		add(strings.Join(run, " "))
		run = nil
	}
	for i, t := range toks {
		r, _ := utf8.DecodeRuneInString(t.w)
		// A stop word opening a sentence ("At A-level, what …") is no name.
		capital := unicode.IsUpper(r) && !(t.sentenceStart && (questionWords[t.lower] || prose.Term(t.lower) == "")) ||
			strings.IndexFunc(t.w, unicode.IsUpper) > 0 // iPhone, eBay
		// A capital at the start of a sentence says nothing, unless the
		// next word is capitalised too ("Josh Norman scored …").
		if capital && t.sentenceStart && !(i+1 < len(toks) && startsUpper(toks[i+1].w)) {
			capital = false
		}
		if capital {
			w := strings.TrimSuffix(strings.TrimSuffix(t.w, "'s"), "’s")
			if len(run) > 0 && i > 0 && q[toks[i-1].start+len(toks[i-1].w):t.start] != " " {
				end()
			}
			run = append(run, w)
			if w != t.w {
				end()
			}
			continue
		}
		if len(run) > 0 && (t.lower == "of" || t.lower == "de") && i+1 < len(toks) && startsUpper(toks[i+1].w) {
			run = append(run, t.w) // "Bank of England"
			continue
		}
		end()
	}
	end()
	return out
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// quoted returns the phrases of q inside quotation marks.
func quoted(q string) []string {
	var out []string
	open := -1
	for i, r := range q {
		switch {
		case r == '"' && open >= 0, r == '”' && open >= 0:
			out = append(out, strings.TrimSpace(q[open:i]))
			open = -1
		case r == '"' || r == '“':
			open = i + utf8.RuneLen(r)
		}
	}
	return out
}

// numbersOf lists the figures of the question, except those of its time
// expressions ("in 2024" asks about a period, not about the word 2024).
func numbersOf(toks []token, times []timeframe.Span) []string {
	var out []string
	for _, t := range toks {
		if inSpans(t.start, times) {
			continue
		}
		for _, r := range t.w {
			if unicode.IsDigit(r) {
				out = append(out, t.w)
				break
			}
		}
	}
	return out
}

// outsideSpans is the tokens that are not in a time expression.
func outsideSpans(toks []token, spans []timeframe.Span) []token {
	out := make([]token, 0, len(toks))
	for _, t := range toks {
		if !inSpans(t.start, spans) {
			out = append(out, t)
		}
	}
	return out
}

func inSpans(off int, spans []timeframe.Span) bool {
	for _, s := range spans {
		if off >= s.Start && off < s.End {
			return true
		}
	}
	return false
}
