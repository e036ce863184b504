package commands

import (
	"sort"
	"strings"

	"byline/commands/question"
	"byline/retrieval"
	"byline/retrieval/prose"
)

// leadBudget is the length an extractive answer stays within, in
// characters (sentences and citations): the sentence that answers, then
// what supports it. A single longer sentence is still given whole.
const leadBudget = 470

// leadAnswer is the extractive answer to an analysed question: the
// sentence that best carries what the question asks for comes first
// (a date for "when", a figure for "how much", a name for "who"), then
// the next best sentences, while they say something new and fit in
// leadBudget. Section labels glued to a sentence are left out.
func (s *Service) leadAnswer(a question.Analysis, q, prev string, hits []retrieval.Hit) *Answer {
	sq := newSentenceQuery(q, prev)
	sq.want = wanted(a)
	sq.qwords = lowerWords(q)
	sq.names = asksWhich(a)
	if !a.Time.Recent || sq.want != question.Other && sq.want != question.YesNo && sq.want != question.List {
		sq.context = neighbourContext
	}
	picks := leadPicks(sq, hits)
	if a.Type == question.Said {
		if qp, ok := s.spokenBy(a.Speaker, sq, hits); ok {
			picks = append([]pick{qp}, dropSame(picks, qp)...)
		}
	}
	var kept []pick
	used := 0
	for i, p := range picks {
		text, cut := withoutLabel(p.sent.Text)
		p.sent.Text, p.sent.Start = text, p.sent.Start+cut
		n := len([]rune(prose.OneSpace(text))) + len(" [1]")
		if i > 0 && (used+1+n > leadBudget || p.score < leadKeep*picks[0].score || !prose.EndsLikeSentence(text)) {
			continue
		}
		used += n + 1
		kept = append(kept, p)
	}
	header, kept := datedPicks(kept)
	return s.write(header, kept, true)
}

// leadKeep is how good, relative to the first, a further sentence must
// be to be added.
const leadKeep = 0

// spokenBy is the sentence, among the hits' articles, that holds quoted
// words of speaker (as attributed by retrieval: surnames and full names
// match) and shares most of the question's terms; false when the
// articles quote no such speaker there.
func (s *Service) spokenBy(speaker string, sq sentenceQuery, hits []retrieval.Hit) (pick, bool) {
	rank := map[string]int{}
	for i, h := range hits {
		if _, ok := rank[h.ArticleID]; !ok {
			rank[h.ArticleID] = i
		}
	}
	var best pick
	found := false
	for _, name := range speakerNames(speaker) {
		for _, q := range s.lib.Quotes(name) {
			r, ok := rank[q.ArticleID]
			if !ok {
				continue
			}
			p, ok := passageAt(s.lib, q.ArticleID, q.Start)
			if !ok {
				continue
			}
			st := sentence{Text: q.Sentence, Start: q.Start, End: q.End}
			if i := strings.Index(p.Text, q.Sentence); i >= 0 {
				st.Start, st.End = p.Start+i, p.Start+i+len(q.Sentence)
			}
			c := pick{sent: st, passage: p, rank: r, terms: prose.Set(prose.Terms(q.Sentence)), by: q.Speaker}
			for t := range c.terms {
				c.score += sq.weights[t]
			}
			c.score /= 1 + rankPrior*float64(r)
			if !found || c.score > best.score {
				best, found = c, true
			}
		}
		if found {
			return best, true
		}
	}
	return best, false
}

// speakerNames are the names to look a speaker up by: as asked, then
// without titles ("President Claudia Sheinbaum" → "Claudia Sheinbaum"),
// then the last word.
func speakerNames(speaker string) []string {
	ws := strings.Fields(speaker)
	if len(ws) == 0 {
		return nil
	}
	out := []string{speaker}
	if len(ws) > 2 {
		out = append(out, strings.Join(ws[len(ws)-2:], " "))
	}
	if len(ws) > 1 {
		out = append(out, ws[len(ws)-1])
	}
	return out
}

// dropSame removes from picks the sentence that overlaps p.
func dropSame(picks []pick, p pick) []pick {
	var out []pick
	for _, o := range picks {
		if o.passage.ArticleID == p.passage.ArticleID && o.sent.Start < p.sent.End && p.sent.Start < o.sent.End {
			continue
		}
		out = append(out, o)
	}
	return out
}

// wanted is the kind of answer a sentence should carry to answer a:
// its type, except that a "which …" question of no other type ("Which
// actor voices Mario?", "Which home goods chain …") asks for a name, as
// "who" does. Measured with `byline eval realtimeqa` (every third
// question): 3 more of 320 answers held the correct choice; SQuAD's
// answers did not change.
func wanted(a question.Analysis) question.Type {
	if asksWhich(a) {
		return question.Who
	}
	return a.Type
}

// asksWhich reports whether a is a "which …" question of no other type,
// which asks for a name.
func asksWhich(a question.Analysis) bool {
	return (a.Type == question.Other || a.Type == question.List) && prose.ContainsWords(strings.ToLower(a.Text), "which")
}

// leadPicks are the sentences of an analysed question's answer, best
// first: as pickSentences chooses them, except that for "when" and "how
// much" the sentence holding the best date or figure near the question's
// words leads (leadSentence).
func leadPicks(sq sentenceQuery, hits []retrieval.Hit) []pick {
	cands := candidates(hits)
	if len(cands) == 0 {
		return nil
	}
	scoreSentences(sq, cands)
	i, ok := leadSentence(sq, cands)
	var lead pick
	if ok {
		lead = cands[i]
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	picks := choose(cands, maxAnswerSentences)
	if ok {
		picks = leadWith(lead, picks)
	}
	return picks
}

// neighbourContext weighs, in a sentence's score, the question's terms
// that the sentences next to it in the same passage hold and it lacks:
// an answer is often one sentence on from the words of the question.
// Not for a question about the present that wants no particular kind of
// answer ("What is the latest on …?"): there it let an older article's
// well-connected sentences crowd out the newest report. Measured in
// BENCHMARKS.md ("Answer candidates and neighbour context").
const neighbourContext = 0.2

// leadWith puts p first, before the picks that do not repeat it.
func leadWith(p pick, picks []pick) []pick {
	out := []pick{p}
	for _, o := range dropSame(picks, p) {
		if len(out) < maxAnswerSentences && !redundant(o, out) {
			out = append(out, o)
		}
	}
	return out
}
