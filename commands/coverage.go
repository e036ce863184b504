package commands

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"byline/retrieval"

	"byline/retrieval/prose"
)

// coverage is what the articles know of a question's key words: the words
// that carry its content (not stop words, not the words of how people ask).
type coverage struct {
	known   []string // key words that occur in some article
	unknown []string // key words that occur in no article, as written
	// unknownName is set when an unknown key word looks like a name or a
	// figure (capitalised inside a sentence, or a number of two digits or
	// more): the rarest, most specific words of a question, which an
	// answer cannot do without.
	unknownName bool
	// together is the largest share of the key words that one retrieved
	// article (its title and retrieved passages) contains, each word
	// weighted by its rarity (keyWeights).
	together float64
	// key weighs the terms of the key words by rarity (keyWeights);
	// total is the sum of the weights.
	key   map[string]float64
	total float64
	// years is the share of the key words that one retrieved passage
	// holding every year the question names holds (yearShare).
	years float64
	// apart is a year that names one thing in the question ("the 2007
	// Rugby World Cup") and is found with the rest of the question but
	// not next to that thing's words (yearApart); nil when none.
	apart *yearAnchor
	// otherYears are the years the passage nearest the question names
	// instead of the ones asked about (otherYears), for a refusal.
	otherYears []string
	// generic is set when the question has only words of how people ask
	// ("what did she say next?"), which then stand in for key words.
	generic bool
}

// refuse decides whether the articles do not cover the question. The rule:
//   - no key word occurs in any article: refuse;
//   - a name or figure occurs nowhere: refuse ("What did Sheinbaum say
//     about Trudeau?" must not be answered with what she said about the US);
//   - a question of one or two key words with one unknown: refuse ("what
//     did sheinbaum say about bitcoin");
//   - no retrieved article holds at least refuseTogether of the key
//     words (longTogether for a long question), weighted by rarity:
//     refuse. Words known here and there ("the
//     cricket world cup final": "world" in one article, "final" in
//     another) do not make a subject the articles cover, while a question
//     in other words than the article's still finds its rare words
//     together.
//
// (Session 1, unweighted: half of the key words refused 4.6% of the
// answerable SQuAD questions and 95% of 300 SciFact claims; 40% refused
// 2.4% and 86%. Weighted, 0.4 is calibrated with keyTogether.)
func (c coverage) refuse() bool {
	if len(c.known) == 0 || c.unknownName {
		return true
	}
	if len(c.known)+len(c.unknown) <= 2 {
		return len(c.unknown) > 0
	}
	if len(c.known)+len(c.unknown) >= longQuestion {
		return c.together < longTogether
	}
	return c.together < refuseTogether
}

// yearMissing reports whether a year the question names is not found
// with the rest of the question (yearShare), or not next to the words it
// qualifies (yearApart).
func (c coverage) yearMissing() bool {
	return c.years < yearTogether || c.apart != nil
}

// refuseTogether is the least weighted share of a question's key words
// (more than three) that one retrieved article must hold; see keyTogether.
const refuseTogether = 0.4

// longTogether is that share for a question of longQuestion key words or
// more: a long question ("Which harbour banned the jet skis after angry
// fishermen complained that noisy young riders scared the fish?") words
// much of itself otherwise than the article ("barred personal
// watercraft"), and its many words seldom all meet by chance. Measured in
// session 5 (BENCHMARKS.md): RealTime QA refused 139 → 128 of 961
// answerable questions, correct choice 0.415 → 0.419; SQuAD answerable
// refused 25 → 22 of 539; every off-topic set unchanged; SciFact claims
// refused 190 → 187 of 200. From six key words on, SciFact 185; 0.3 from
// six, 178.
const (
	longTogether = 0.35
	longQuestion = 7
)

// genericWords are words of how people ask rather than of what they ask
// about; they neither make a question covered nor uncovered.
var genericWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`tell told explain explained describe describes happen happened
	happens happening say says said saying think thinks thought know knows known mean means meant
	article articles news story stories text summarize summarise summary please give show list much
	many anything something everything thing things get got like make makes made go goes going went
	just also really way ways report reports reported write wrote written according kind sort next
	else latest recent recently mention mentions mentioned talk talks talked talking about regarding
	happen anyone someone whose whom`) {
		genericWords[w] = true
	}
}

// asksExpansion reports whether ws[i] is "stand" of "what does X stand
// for?": a question about what an abbreviation means, whose answer
// spells it out and need not say "stands for" (SQuAD's "What does AFC
// stand for?" over "…the American Football Conference (AFC)…").
func asksExpansion(ws []positionedWord, i int) bool {
	switch strings.ToLower(ws[i].text) {
	case "stand", "stands", "stood":
		return i+1 < len(ws) && strings.EqualFold(ws[i+1].text, "for")
	}
	return false
}

// abbreviationWords name what "what does X stand for?" asks about ("the
// acronym AAP"); in such a question they are how people ask, not key
// words.
var abbreviationWords = map[string]bool{"acronym": true, "abbreviation": true, "initials": true,
	"letters": true, "abbreviated": true}

// coverage looks up the question's key words in the index, and measures
// how many of them the best of the hits holds together. An index that
// cannot be read is an error, not a refusal.
func (s *Service) coverage(ctx context.Context, question string, hits []retrieval.Hit) (coverage, error) {
	var c coverage
	var generic []string
	hasLower := strings.IndexFunc(question, unicode.IsLower) >= 0
	seen := map[string]bool{}
	ws := wordsAt(question)
	expansion := false
	for i := range ws {
		expansion = expansion || asksExpansion(ws, i)
	}
	for i, w := range ws {
		lw := strings.ToLower(w.text)
		if seen[lw] || len(prose.Terms(w.text)) == 0 {
			continue
		}
		seen[lw] = true
		if genericWords[lw] || asksExpansion(ws, i) || expansion && abbreviationWords[lw] {
			generic = append(generic, w.text)
			continue
		}
		status, err := s.known(ctx, w.text)
		if err != nil {
			return c, err
		}
		switch status {
		case wordKnown:
			c.known = append(c.known, w.text)
		case wordUnknown:
			c.unknown = append(c.unknown, w.text)
			first, _ := utf8.DecodeRuneInString(w.text)
			if prose.IsDigits(w.text) && len(w.text) > 1 || hasLower && unicode.IsUpper(first) && !w.sentenceStart {
				c.unknownName = true
			}
		}
	}
	// A question made only of generic words ("What happened?") is judged by them.
	if len(c.known)+len(c.unknown) == 0 {
		c.generic = true
		for _, w := range generic {
			status, err := s.known(ctx, w)
			if err != nil {
				return c, err
			}
			switch status {
			case wordKnown:
				c.known = append(c.known, w)
			case wordUnknown:
				c.unknown = append(c.unknown, w)
			}
		}
	}

	key, err := s.keyWeights(ctx, append(append([]string(nil), c.known...), c.unknown...))
	if err != nil {
		return c, err
	}
	var total float64
	for _, w := range key {
		total += w
	}
	c.key, c.total = key, total
	for _, in := range articleTerms(hits) {
		found := 0.0
		for t, w := range key {
			if in[t] {
				found += w
			}
		}
		if total > 0 {
			c.together = max(c.together, found/total)
		}
	}
	asked := yearsIn(question)
	c.years = yearShare(key, total, asked, hits)
	if c.years >= yearTogether {
		c.apart = yearApart(yearAnchors(question, key), hits)
	}
	if c.yearMissing() {
		c.otherYears = otherYears(key, asked, hits)
	}
	return c, nil
}

// keyWeights weighs the terms of a question's key words by how rare the
// word is in the library (retrieval's Rarity), so that "together" counts
// a name or a rare word for more than a word most articles hold: a long
// question ("Which country declared a National State of Emergency this
// week for the third time in its history…") is covered by the article
// that holds its rare words, though it words the common ones otherwise.
// Measured with `byline eval qa` (BENCHMARKS.md), with the thresholds
// recalibrated (keyTogether): fewer answerable questions refused and
// more off-topic ones than with plain counts.
func (s *Service) keyWeights(ctx context.Context, words []string) (map[string]float64, error) {
	rarity, err := s.lib.Rarity(ctx, words...)
	if err != nil {
		return nil, err
	}
	key := map[string]float64{}
	for i, w := range words {
		r := max(rarity[i], minKeyWeight)
		for _, t := range prose.Terms(w) {
			key[t] = max(key[t], r)
		}
	}
	return key, nil
}

// minKeyWeight keeps a word the index analyser drops, or one every
// passage holds, from counting for nothing.
const minKeyWeight = 0.1

// articleTerms is the terms of each article among the hits: its title
// and all its retrieved passages, so that key words count as together
// when one article holds them, in one passage or in several retrieved
// ones (a news report tells its story over paragraphs; measured with
// `byline eval realtimeqa`, see BENCHMARKS.md).
func articleTerms(hits []retrieval.Hit) []map[string]bool {
	var out []map[string]bool
	at := map[string]int{}
	for _, h := range hits {
		i, ok := at[h.ArticleID]
		if !ok {
			i, at[h.ArticleID] = len(out), len(out)
			out = append(out, prose.Set(prose.Terms(h.Title)))
		}
		for _, t := range prose.Terms(h.Text) {
			out[i][t] = true
		}
	}
	return out
}

type wordStatus int

const (
	wordStop wordStatus = iota // the index analyser drops it
	wordKnown
	wordUnknown
)

// known asks the index whether a word occurs in any article. A hyphenated
// word is known when any of its parts is.
func (s *Service) known(ctx context.Context, w string) (wordStatus, error) {
	known, unknown, err := s.lib.Terms(ctx, w)
	switch {
	case err != nil:
		return wordStop, err
	case len(known) > 0:
		return wordKnown, nil
	case len(unknown) > 0:
		return wordUnknown, nil
	}
	return wordStop, nil
}

// positionedWord is a word and whether it starts a sentence (where a
// capital letter says nothing about names).
type positionedWord struct {
	text          string
	sentenceStart bool
}

// wordsAt returns the words of s, marking those that start a sentence.
func wordsAt(s string) []positionedWord {
	var out []positionedWord
	rest := s
	start := true
	for _, w := range prose.Words(s) {
		i := strings.Index(rest, w)
		if i < 0 {
			continue
		}
		if strings.ContainsAny(rest[:i], ".?!:;\"“") {
			start = true
		}
		out = append(out, positionedWord{text: w, sentenceStart: start})
		start = false
		rest = rest[i+len(w):]
	}
	return out
}

// quoteList is “a”, “b” or “c” (conj "or"), at most max words.
func quoteList(ws []string, max int, conj string) string {
	if len(ws) > max {
		ws = ws[:max]
	}
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = "“" + w + "”"
	}
	return joinList(q, conj)
}
