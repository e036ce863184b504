package commands

import (
	"sort"
	"strconv"
	"strings"

	"byline/commands/question"
	"byline/retrieval"

	"byline/retrieval/prose"
)

// maxAnswerSentences is the longest extractive answer, in sentences.
const maxAnswerSentences = 4

// typedBoost favours a sentence that carries the kind of answer the
// question asks for (a date for "when", a figure for "how much").
var typedBoost = map[question.Type]float64{
	question.When: 2.5, question.Quantity: 2.5, question.Said: 2,
	question.Who: 1.2, question.Where: 1.2,
}

// pick is a sentence chosen for an extractive answer.
type pick struct {
	sent    sentence // offsets in the article text
	passage retrieval.Passage
	rank    int // of the passage in the search results
	score   float64
	terms   map[string]bool
	// by names the speaker of quoted words in the sentence, when the
	// sentence itself may not ("…,” she stated).
	by string
	// earlier, set by datedPicks on the sentences of an article older
	// than the answer's newest ("Earlier, 2 April 2019: "), opens the
	// paragraph of that article's first sentence.
	earlier string
}

// sentenceQuery is what extractive answers look for in sentences.
type sentenceQuery struct {
	// weights of the question's terms: 1, and 0.5 for those a follow-up
	// borrows from the previous question.
	weights map[string]float64
	// cues are words of an explanation, favoured when the question asks why.
	cues map[string]bool
	// want is the kind of answer the question expects (question
	// analysis); sentences that carry one are favoured. "" in plain
	// answers and summaries.
	want question.Type
	// qwords are the question's words in lower case, which an answer's
	// date, figure or name must differ from.
	qwords map[string]bool
	// context weighs the query terms that a sentence lacks but its
	// neighbours in the same passage hold (0: not counted).
	context float64
	// names: the names in the sentences are answer candidates (a
	// "which …" question; see candidates.go).
	names bool
}

// whyCues are the terms of sentences that give reasons or a stance.
var whyCues = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range prose.Terms("because since due reason reasons cause citing asserting arguing insisting stated said says saying explained sovereignty right rights concern concerns fear fears") {
		m[t] = true
	}
	return m
}()

// newSentenceQuery builds the sentence query of a question (and of the
// previous question of a follow-up).
func newSentenceQuery(q, prev string) sentenceQuery {
	sq := sentenceQuery{weights: map[string]float64{}}
	for _, t := range prose.Terms(prev) {
		sq.weights[t] = 0.5
	}
	for _, t := range prose.Terms(q) {
		sq.weights[t] = 1
	}
	for _, w := range prose.Words(q) {
		if strings.EqualFold(w, "why") {
			sq.cues = whyCues
		}
	}
	return sq
}

// pickSentences chooses up to max sentences of the hits' passages that
// best answer a query. A sentence scores by the query terms it contains,
// each weighted by how rare it is among the candidate sentences (so that
// the word every passage shares counts less), times a prior for its
// passage's rank, and less when it is a fragment or a headline, more when
// it gives a reason and the question asks why. Sentences
// that repeat an already chosen one (by term overlap) are dropped. The
// result is best first.
//
// Measured on SQuAD v1.1 (539 tuning questions, see coverage.go), the
// answer's text holds the reference answer for 81.4% of the questions
// (about 100 words per answer). Adding the terms the top passages share
// (pseudo-relevance feedback) lowered that to 79.6%, so it is not done.
func (s *Service) pickSentences(sq sentenceQuery, hits []retrieval.Hit, max int) []pick {
	cands := candidates(hits)
	if len(cands) == 0 {
		return nil
	}
	scoreSentences(sq, cands)
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	return choose(cands, max)
}

// scoreSentences sets the score of each candidate sentence (see
// pickSentences); 0 for a sentence that shares no query term.
func scoreSentences(sq sentenceQuery, cands []pick) {
	weights := sq.weights
	weight, total := termWeights(weights, cands)
	for i := range cands {
		c := &cands[i]
		var got float64
		for t := range c.terms {
			if weights[t] > 0 {
				got += weight(t)
			}
		}
		if total == 0 || got == 0 {
			continue
		}
		if sq.context > 0 {
			got += sq.context * contextWeight(cands, i, weights, weight)
		}
		f := 1 / (1 + rankPrior*float64(c.rank))
		switch nw := len(prose.Words(c.sent.Text)); {
		case nw < 6:
			f *= 0.5
		case nw > 60:
			f *= 0.8
		}
		if !prose.EndsLikeSentence(c.sent.Text) {
			f *= 0.5 // a headline or subheading, not a statement
		}
		for t := range c.terms {
			if sq.cues[t] {
				f *= 1.3
				break
			}
		}
		if sq.want != "" && carries(sq.want, c.sent.Text, sq.qwords) {
			f *= typedBoost[sq.want]
		}
		if sq.want != "" && sq.want != question.Said && asks(c.sent.Text) {
			// A question in an article (a quiz, a rhetorical one)
			// shares the asker's words but answers nothing.
			continue
		}
		c.score = got / total * f
	}
}

// candidates are the sentences of the hits, each once, with their terms.
func candidates(hits []retrieval.Hit) []pick {
	var cands []pick
	seen := map[string]map[int]bool{}
	for rank, h := range hits {
		if seen[h.ArticleID] == nil {
			seen[h.ArticleID] = map[int]bool{}
		}
		for _, st := range splitSentences(h.Text, h.Start) {
			if seen[h.ArticleID][st.Start] {
				continue
			}
			seen[h.ArticleID][st.Start] = true
			cands = append(cands, pick{sent: st, passage: h.Passage, rank: rank, terms: prose.Set(prose.Terms(st.Text))})
		}
	}
	return cands
}

// choose takes up to max of the scored candidates (best first) that say
// something new.
func choose(cands []pick, max int) []pick {
	var chosen []pick
	for _, c := range cands {
		if len(chosen) == max || c.score <= 0 {
			break
		}
		// The first three are taken if they say anything new; more only
		// when they are nearly as good as the best.
		if len(chosen) >= 3 && c.score < 0.5*chosen[0].score {
			break
		}
		if redundant(c, chosen) {
			continue
		}
		chosen = append(chosen, c)
	}
	if len(chosen) == 0 {
		// Retrieval matched (titles, say) but no sentence shares a term:
		// show the top passage's opening sentence rather than nothing.
		for _, c := range cands {
			if c.rank == 0 {
				return []pick{c}
			}
		}
	}
	return chosen
}

// redundant reports whether c says nearly what a chosen sentence says.
func redundant(c pick, chosen []pick) bool {
	for _, o := range chosen {
		if prose.Jaccard(c.terms, o.terms) >= 0.5 || strings.Contains(o.sent.Text, c.sent.Text) {
			return true
		}
	}
	return false
}

// compose writes an extractive answer: the picked sentences, each
// followed by its citation, grouped by article (articles in order of their
// best sentence, sentences in article order, one paragraph per article),
// after an optional header line. Quotations in the chosen sentences are
// listed in Quotes, verified by construction.
func (s *Service) compose(header string, picks []pick) *Answer {
	order := map[string]int{}
	for _, p := range picks {
		if _, ok := order[p.passage.ArticleID]; !ok {
			order[p.passage.ArticleID] = len(order)
		}
	}
	sorted := append([]pick(nil), picks...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if order[a.passage.ArticleID] != order[b.passage.ArticleID] {
			return order[a.passage.ArticleID] < order[b.passage.ArticleID]
		}
		return a.sent.Start < b.sent.Start
	})
	return s.write(header, sorted, false)
}

// write renders picks in the order given, each sentence followed by its
// citation, a new paragraph where the article changes (or, with
// oneParagraph, never). Quotations in the sentences are listed in Quotes,
// verified by construction.
func (s *Service) write(header string, sorted []pick, oneParagraph bool) *Answer {
	c := newCiter(s.lib)
	var b strings.Builder
	if header != "" {
		b.WriteString(header + "\n\n")
	}
	var quotes []Quote
	marked := map[string]bool{}
	for i, p := range sorted {
		mark := p.earlier != "" && !marked[p.passage.ArticleID]
		if i > 0 {
			if mark || !oneParagraph && p.passage.ArticleID != sorted[i-1].passage.ArticleID {
				b.WriteString("\n\n")
			} else {
				b.WriteString(" ")
			}
		}
		if mark {
			marked[p.passage.ArticleID] = true
			b.WriteString(p.earlier)
		}
		n := c.cite(p.passage)
		b.WriteString(prose.OneSpace(p.sent.Text))
		if p.by != "" && !strings.Contains(p.sent.Text, lastWord(p.by)) {
			b.WriteString(" — " + p.by)
		}
		b.WriteString(" [" + strconv.Itoa(n) + "]")

		if strings.ContainsAny(p.sent.Text, "\"“”") {
			for _, q := range s.lib.QuotesIn(p.passage.ArticleID) {
				if q.Start >= p.sent.Start && q.End <= p.sent.End {
					quotes = append(quotes, s.quoteOf(q, "cited passage"))
				}
			}
		}
	}
	if quotes == nil {
		quotes = []Quote{}
	}
	return &Answer{
		Text:      b.String(),
		Mode:      ModeExtractive,
		Citations: c.citations,
		Quotes:    quotes,
	}
}

// quoteOf turns quoted speech found by retrieval into a verified Quote.
func (s *Service) quoteOf(q retrieval.Quote, foundIn string) Quote {
	out := Quote{
		Text:       q.Text,
		Speaker:    q.Speaker,
		ArticleID:  q.ArticleID,
		Sentence:   prose.OneSpace(q.Sentence),
		Exact:      true,
		Similarity: 1,
		Verified:   true,
		FoundIn:    foundIn,
		Start:      q.Start,
		End:        q.End,
	}
	if a, ok := s.lib.Article(q.ArticleID); ok {
		out.Title, out.Date = a.Title, formatDate(a.Date)
	}
	return out
}

// asks reports whether a sentence is a question: it ends with a question
// mark, before any closing quotation mark or bracket.
func asks(sentence string) bool {
	return strings.HasSuffix(strings.TrimRight(sentence, " \"'”’)]"), "?")
}

// rankPrior lowers the score of a sentence by its passage's search rank.
const rankPrior = 0.15

func lastWord(s string) string {
	ws := strings.Fields(s)
	if len(ws) == 0 {
		return ""
	}
	return ws[len(ws)-1]
}
