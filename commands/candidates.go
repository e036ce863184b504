package commands

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"byline/commands/question"
	"byline/retrieval/prose"
)

// Answer candidates, the classic TREC QA way of finding the sentence that
// answers: for a question that wants a date ("when") or a figure ("how
// much", "how many"), every date or figure in the retrieved sentences is
// a candidate, scored by the question's words near it (each by its
// rarity, less the farther it is, counted across the neighbouring
// sentences of the same passage), so that "The footbridge reopened on 14
// May 2024." gets credit from the sentence before it that names the
// repairs. A candidate found in several articles gains support. The
// sentence whose own score plus its candidate's is best leads the answer
// (leadSentence).
//
// Names are candidates only for a "which …" question of no other type
// ("Which actor voices Mario?", "Which company …"): capitalised runs that
// are not words of the question (nameWord). For "who" and "where" they
// are not: there SQuAD's answers are often not names ("the public",
// "garrisons"), and with them fewer SQuAD answers held the reference (see
// BENCHMARKS.md, sessions 4 and 5).

const (
	// candidateWindow is how far, in words, a question word may be from
	// a candidate to count.
	candidateWindow = 30
	// proximityDecay: a question word this many words farther from the
	// candidate counts half as much.
	proximityDecay = 8.0
	// crossSentence weighs a question word found in a neighbouring
	// sentence rather than in the candidate's own.
	crossSentence = 0.5
	// candidateSupport weighs, in a candidate's score, its best scores
	// in other articles.
	candidateSupport = 0.3
	// candidateLead weighs a sentence's answer candidate against the
	// sentence's own score in choosing the sentence that leads.
	candidateLead = 0.5
	// nameLead and nameSupport are candidateLead and candidateSupport
	// for names: a name is worth more than the sentence's own words, and
	// a name that several recent articles give near the question's words
	// is most likely the one asked for. Measured with `byline eval
	// realtimeqa` (all 961; BENCHMARKS.md, session 5): lead 0.5 / 1 / 2 /
	// 4 with support 1, support 0.3 / 0.5 / 1 / 3.
	nameLead    = 2.0
	nameSupport = 1.0
)

// word is a word of a passage's text as the candidate finder reads it.
type word struct {
	text  string
	terms []string
	sent  int // index of its sentence in the candidates
}

// span is an answer candidate: words [from, to) of a passage's words.
type span struct {
	key      string // its words in lower case, compared across articles
	from, to int
}

// leadSentence is the index in cands (scored sentences) of the sentence
// to lead an answer with: the best by its own score plus candidateLead
// times the score of the answer candidate it holds, each relative to the
// best of its kind; false when no sentence holds a candidate.
func leadSentence(sq sentenceQuery, cands []pick) (int, bool) {
	as := answerScores(sq, cands)
	var topA, topS float64
	for i, a := range as {
		topA, topS = max(topA, a), max(topS, cands[i].score)
	}
	if topA == 0 || topS == 0 {
		return 0, false
	}
	lead := candidateLead
	if isName(sq.want) {
		lead = nameLead
	}
	at, best := 0, -1.0
	for i, a := range as {
		if sc := cands[i].score/topS + lead*a/topA; sc > best {
			at, best = i, sc
		}
	}
	return at, true
}

// answerScores is, for each sentence of cands, the score of the best
// answer candidate it holds of the kind sq.want asks for (0 for none),
// with the support of the same candidate in other articles; nil when the
// question wants no such kind.
func answerScores(sq sentenceQuery, cands []pick) []float64 {
	if !candidateKind(sq) || len(cands) == 0 {
		return nil
	}
	weight, total := termWeights(sq.weights, cands)
	if total == 0 {
		return nil
	}
	type found struct {
		key   string
		sent  int
		score float64
	}
	var all []found
	byKey := map[string]map[string]float64{} // key → article → best score
	caps := midCaps(cands)
	for from := 0; from < len(cands); {
		to := from + 1
		for to < len(cands) && cands[to].rank == cands[from].rank {
			to++
		}
		ws := passageWords(cands, from, to)
		near := termPositions(ws, sq.weights)
		terms := slices.Sorted(maps.Keys(near)) // a fixed order of summing
		prior := 1 / (1 + rankPrior*float64(cands[from].rank))
		for _, sp := range answerSpans(sq.want, ws, sq.qwords, caps) {
			i := ws[sp.from].sent
			if asks(cands[i].sent.Text) {
				continue
			}
			sc := proximity(sp, ws, terms, near, weight) / total * prior
			all = append(all, found{sp.key, i, sc})
			art := cands[i].passage.ArticleID
			if byKey[sp.key] == nil {
				byKey[sp.key] = map[string]float64{}
			}
			byKey[sp.key][art] = max(byKey[sp.key][art], sc)
		}
		from = to
	}
	support := candidateSupport
	if isName(sq.want) {
		support = nameSupport
	}
	out := make([]float64, len(cands))
	for _, f := range all {
		out[f.sent] = max(out[f.sent], f.score+support*elsewhere(byKey[f.key], cands[f.sent].passage.ArticleID))
	}
	return out
}

// candidateKind reports whether sq asks for a kind of answer that has
// candidates: a date, a figure, or a name when sq.names.
func candidateKind(sq sentenceQuery) bool {
	return sq.want == question.When || sq.want == question.Quantity || sq.names && isName(sq.want)
}

// isName reports whether want is answered by a name (sq.names decides
// whether names are candidates).
func isName(want question.Type) bool { return want == question.Who }

// midCaps is the set of capitalised words that the sentences of cands
// write inside a sentence: a capitalised word that opens a sentence is
// taken for a name only when it is also written so inside one ("Brazil",
// not "However" or "Families").
func midCaps(cands []pick) map[string]bool {
	m := map[string]bool{}
	for _, c := range cands {
		for i, w := range prose.Words(c.sent.Text) {
			if i > 0 && capitalised(w) {
				m[w] = true
			}
		}
	}
	return m
}

// elsewhere sums a candidate's best scores in articles other than art.
func elsewhere(byArticle map[string]float64, art string) float64 {
	var sum float64
	for _, a := range slices.Sorted(maps.Keys(byArticle)) {
		if a != art {
			sum += byArticle[a]
		}
	}
	return sum
}

// termWeights weighs each query term by how rare it is among the
// sentences (inverse sentence frequency, times its weight in the query),
// and returns the sum of the weights of all the query's terms.
func termWeights(weights map[string]float64, cands []pick) (func(string) float64, float64) {
	df := map[string]int{}
	for _, c := range cands {
		for t := range c.terms {
			if weights[t] > 0 {
				df[t]++
			}
		}
	}
	n := float64(len(cands))
	weight := func(t string) float64 { return weights[t] * math.Log(1+n/float64(1+df[t])) }
	var total float64
	for t := range weights {
		total += weight(t)
	}
	return weight, total
}

// contextWeight is the weight of the query terms that cands[i] lacks
// and the sentences next to it in the same passage hold.
func contextWeight(cands []pick, i int, weights map[string]float64, weight func(string) float64) float64 {
	seen := map[string]bool{}
	var sum float64
	for _, j := range []int{i - 1, i + 1} {
		if j < 0 || j >= len(cands) || cands[j].rank != cands[i].rank {
			continue
		}
		for _, t := range slices.Sorted(maps.Keys(cands[j].terms)) {
			if weights[t] > 0 && !cands[i].terms[t] && !seen[t] {
				seen[t] = true
				sum += weight(t)
			}
		}
	}
	return sum
}

// passageWords are the words of cands[from:to], the sentences of one
// passage, in order.
func passageWords(cands []pick, from, to int) []word {
	var ws []word
	for i := from; i < to; i++ {
		for _, w := range prose.Words(cands[i].sent.Text) {
			ws = append(ws, word{text: w, terms: prose.Terms(w), sent: i})
		}
	}
	return ws
}

// termPositions lists where each query term occurs among ws.
func termPositions(ws []word, weights map[string]float64) map[string][]int {
	at := map[string][]int{}
	for i, w := range ws {
		for _, t := range w.terms {
			if weights[t] > 0 {
				at[t] = append(at[t], i)
			}
		}
	}
	return at
}

// proximity sums, over the query terms (the keys of near, in the order
// of terms), each term's weight times a kernel of its distance (in words)
// to the span, at its nearest occurrence within candidateWindow.
func proximity(sp span, ws []word, terms []string, near map[string][]int, weight func(string) float64) float64 {
	var sum float64
	for _, t := range terms {
		var k float64
		for _, i := range near[t] {
			d := sp.from - i
			if i >= sp.to {
				d = i - sp.to + 1
			}
			if d < 1 || d > candidateWindow {
				continue
			}
			f := math.Pow(0.5, float64(d-1)/proximityDecay)
			if ws[i].sent != ws[sp.from].sent {
				f *= crossSentence
			}
			k = max(k, f)
		}
		sum += weight(t) * k
	}
	return sum
}

// answerSpans are the runs of words of the wanted kind in ws, each
// within one sentence, that repeat no word of the question ("14 May
// 2024", "2.4 million").
func answerSpans(want question.Type, ws []word, qwords, caps map[string]bool) []span {
	var out []span
	start, core := -1, false
	flush := func(end int) {
		for start >= 0 && end > start && !isCore(want, ws, end-1, caps) {
			end-- // a run ends with what it is about, not with glue
		}
		if start >= 0 && core {
			out = append(out, span{key: spanKey(ws[start:end]), from: start, to: end})
		}
		start, core = -1, false
	}
	for i, w := range ws {
		if start >= 0 && w.sent != ws[start].sent {
			flush(i)
		}
		inQ := qwords[strings.ToLower(w.text)]
		switch {
		case !inQ && isCore(want, ws, i, caps):
			if start < 0 {
				start = i
				// A day before its month: "14 May 2024".
				if want == question.When && i > 0 && ws[i-1].sent == w.sent && dayRe.MatchString(ws[i-1].text) && monthRe.MatchString(w.text) {
					start = i - 1
				}
			}
			core = true
		case !inQ && start >= 0 && isGlue(want, w.text):
		default:
			flush(i)
		}
	}
	flush(len(ws))
	return out
}

// isCore reports whether ws[i] is of the wanted kind on its own: a year
// or a date word for "when" (a month with a capital: "may" is a verb), a
// figure that is not a year for "how much", a name word for "who"
// (nameWord).
func isCore(want question.Type, ws []word, i int, caps map[string]bool) bool {
	w := ws[i].text
	switch want {
	case question.Who:
		return nameWord(ws, i, caps)
	case question.When:
		return yearRe.MatchString(w) || anyYearRe.MatchString(w) ||
			dateRe.MatchString(w) && (capitalised(w) || !monthRe.MatchString(w))
	case question.Quantity:
		// A figure starts with a digit ("30-second", not "LC-34").
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsDigit(r) && !isYear(w) || countRe.MatchString(w)
	}
	return false
}

// isGlue reports whether w may join the words of one candidate ("8" in
// "August 8, 2025", "cent" in "5 per cent").
func isGlue(want question.Type, w string) bool {
	switch want {
	case question.When:
		return prose.IsDigits(w) || w == "of"
	case question.Quantity:
		return w == "per" || w == "cent" || w == "a"
	case question.Who:
		return w == "of" || w == "de"
	}
	return false
}

// nameWord reports whether ws[i] may be (part of) a name: a capitalised
// word that is not a stop word, a month or a weekday, and that opens its
// sentence only if the sentences also write it so inside one (caps).
func nameWord(ws []word, i int, caps map[string]bool) bool {
	w := ws[i].text
	if !capitalised(w) || len(ws[i].terms) == 0 || monthRe.MatchString(w) || weekdayRe.MatchString(w) {
		return false
	}
	opens := i == 0 || ws[i-1].sent != ws[i].sent
	return !opens || caps[w]
}

// weekdayRe matches the names of the days of the week.
var weekdayRe = regexp.MustCompile(`(?i)^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?$`)

// isYear reports whether a word is a year from 1500 to 2099 ("since
// 2019"), which answers "when", not "how much".
func isYear(w string) bool { return prose.IsDigits(w) && yearRe.MatchString(w) }

// anyYearRe is a year of three or four digits, or a decade ("1331",
// "1330s"): any such figure may answer "when".
var anyYearRe = regexp.MustCompile(`^\d{3,4}s?$`)

// dayRe is a day of the month.
var dayRe = regexp.MustCompile(`^(0?[1-9]|[12]\d|3[01])$`)

// monthRe matches the names of months, dates only when capitalised.
var monthRe = regexp.MustCompile(`(?i)^(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)$`)

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// spanKey is a candidate's words as compared across passages.
func spanKey(ws []word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = strings.ToLower(w.text)
	}
	return strings.Join(parts, " ")
}
