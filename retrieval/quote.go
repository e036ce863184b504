package retrieval

import (
	"context"
	"fmt"
	"slices"

	"byline/retrieval/prose"
)

const (
	// nearThreshold is the least similarity a near match needs to be
	// reported: below it, the fragment is "not found".
	nearThreshold = 0.6
	// maxFragmentWords caps how much of a remembered fragment is compared.
	maxFragmentWords = 80
)

// FindQuote finds the verbatim sentences containing fragment: exact matches
// first (whitespace, punctuation and quote marks normalised), else the
// closest near matches with Exact=false. speaker, when not "", keeps only
// quotes attributed to that speaker (case-insensitive, partial names match).
//
// The comparison is over normalised words (lower case; curly and straight
// quotes, apostrophes, dashes and other punctuation ignored), so a
// fragment typed with straight quotes finds the article's curly ones. A
// fragment may span sentences; the match is then those sentences. A near
// match's Similarity is the share of the fragment's words found, in
// order, in one sentence or two neighbouring ones (a longest common
// subsequence, where a word differing only in its ending counts 0.8);
// below 0.6 nothing is returned. An empty fragment finds nothing.
func (l *Library) FindQuote(ctx context.Context, fragment, speaker string, k int) ([]QuoteMatch, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if k <= 0 {
		return nil, nil
	}
	k = min(k, maxHits)
	fw := prose.Norms(cleanQuery(fragment))
	if len(fw) == 0 {
		return nil, nil
	}
	if len(fw) > maxFragmentWords {
		fw = fw[:maxFragmentWords]
	}
	speaker = cleanQuery(speaker)
	cands, err := l.quoteCandidates(ctx, fragment)
	if err != nil {
		return nil, err
	}

	exact, err := l.exactQuotes(ctx, cands, fw, speaker, k)
	if err != nil || len(exact) > 0 {
		return exact, err
	}
	if len(fw) < 2 {
		return nil, nil
	}
	near, err := l.nearQuotes(ctx, fragment, fw, speaker)
	if err != nil {
		return nil, err
	}
	return near[:min(k, len(near))], nil
}

// exactQuotes returns the first k sentences (of the candidate articles,
// newest first, then in text order) containing the words fw. It stops at
// k: a common word matches hundreds of thousands of times, and only k are
// shown. Matches come in text order, so one spanning the same sentences
// as another is always the one just before it.
func (l *Library) exactQuotes(ctx context.Context, cands []*Article, fw []string, speaker string, k int) ([]QuoteMatch, error) {
	var exact []QuoteMatch
	err := l.eachSpeech(ctx, cands, func(a *Article, s *articleSpeech) bool {
		for i := 0; i+len(fw) <= len(s.words) && len(exact) < k; i++ {
			if s.words[i].Norm != fw[0] || !wordsEqual(s.words[i:i+len(fw)], fw) {
				continue
			}
			first, last := s.wordSent[i], s.wordSent[i+len(fw)-1]
			m := QuoteMatch{
				ArticleID:  a.ID,
				Start:      s.sentences[first].start,
				End:        s.sentences[last].end,
				Exact:      true,
				Similarity: 1,
			}
			if n := len(exact); n > 0 && exact[n-1].ArticleID == m.ArticleID && exact[n-1].Start == m.Start && exact[n-1].End == m.End {
				continue
			}
			m.Sentence = a.Text[m.Start:m.End]
			m.Speaker = s.speakerAt(s.words[i].Start, s.words[i+len(fw)-1].End)
			if speakerMatches(speaker, m.Speaker) {
				exact = append(exact, m)
			}
		}
		return len(exact) < k
	})
	if err != nil {
		return nil, fmt.Errorf("find quote: %w", err)
	}
	return exact, nil
}

func wordsEqual(ws []prose.Word, fw []string) bool {
	for j, w := range fw {
		if ws[j].Norm != w {
			return false
		}
	}
	return true
}

// unit is a candidate for a near match: one sentence, or two neighbouring
// sentences of a paragraph, of one article.
type unit struct {
	article     *Article
	first, last int // sentence indexes
}

// nearQuotes finds the sentences (or pairs of them) whose words are at
// least nearThreshold similar to fw, by speaker when speaker is set: best
// first, none overlapping a better one in its article.
func (l *Library) nearQuotes(ctx context.Context, fragment string, fw []string, speaker string) ([]QuoteMatch, error) {
	units, speech, err := l.nearUnits(ctx, fragment)
	if err != nil {
		return nil, err
	}
	var out []QuoteMatch
	for n, u := range units {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("find quote: %w", err)
			}
		}
		s := speech[u.article.ID]
		start, end := s.sentences[u.first].start, s.sentences[u.last].end
		lo, hi := wordRange(s, u.first, u.last)
		sim := similarity(fw, s.words[lo:hi])
		if sim < nearThreshold {
			continue
		}
		m := QuoteMatch{
			ArticleID:  u.article.ID,
			Sentence:   u.article.Text[start:end],
			Start:      start,
			End:        end,
			Similarity: sim,
			Speaker:    s.speakerAt(start, end),
		}
		if speakerMatches(speaker, m.Speaker) {
			out = append(out, m)
		}
	}
	return bestApart(out), nil
}

// nearUnits are the candidates of a near match, with their articles'
// speech by article id: every sentence and pair of neighbours of a small
// library; in a larger one, those of the passages a search for fragment
// finds.
func (l *Library) nearUnits(ctx context.Context, fragment string) ([]unit, map[string]*articleSpeech, error) {
	var units []unit
	speech := map[string]*articleSpeech{}
	addSentences := func(a *Article, s *articleSpeech, from, to int) {
		speech[a.ID] = s
		for i := from; i <= to && i < len(s.sentences); i++ {
			units = append(units, unit{a, i, i})
			if i+1 < len(s.sentences) && s.sentPara[i+1] == s.sentPara[i] {
				units = append(units, unit{a, i, i + 1})
			}
		}
	}
	if l.small() {
		err := l.eachSpeech(ctx, l.newest, func(a *Article, s *articleSpeech) bool {
			addSentences(a, s, 0, len(s.sentences)-1)
			return true
		})
		if err != nil {
			return nil, nil, fmt.Errorf("find quote: %w", err)
		}
		return units, speech, nil
	}
	hits, err := l.search(ctx, fragment, 50, When{})
	if err != nil {
		return nil, nil, err
	}
	for _, h := range hits {
		a, ok := l.article(h.ArticleID)
		if !ok {
			continue
		}
		s := l.speechOf(a)
		addSentences(a, s, s.sentenceAt(h.Start), s.sentenceAt(h.End-1))
	}
	return units, speech, nil
}

// bestApart orders matches best first (of equal ones the shorter: a
// sentence before a pair) and drops those overlapping a better one in the
// same article.
func bestApart(out []QuoteMatch) []QuoteMatch {
	slices.SortStableFunc(out, func(a, b QuoteMatch) int {
		switch {
		case a.Similarity != b.Similarity:
			if a.Similarity > b.Similarity {
				return -1
			}
			return 1
		default:
			return (a.End - a.Start) - (b.End - b.Start)
		}
	})
	kept := out[:0]
	for _, m := range out {
		if !slices.ContainsFunc(kept, func(k QuoteMatch) bool {
			return k.ArticleID == m.ArticleID && k.Start < m.End && m.Start < k.End
		}) {
			kept = append(kept, m)
		}
	}
	return kept
}

// wordRange is the range of word indexes of sentences first..last.
func wordRange(s *articleSpeech, first, last int) (int, int) {
	lo, _ := slices.BinarySearch(s.wordSent, first)
	hi, _ := slices.BinarySearch(s.wordSent, last+1)
	return lo, hi
}

// similarity is the weighted longest common subsequence of the fragment's
// words and a sentence's, over the fragment's length.
func similarity(fw []string, ws []prose.Word) float64 {
	if len(fw) == 0 || len(ws) == 0 {
		return 0
	}
	prev := make([]float64, len(ws)+1)
	cur := make([]float64, len(ws)+1)
	for i := range fw {
		for j := range ws {
			best := max(prev[j+1], cur[j])
			if w := wordMatch(fw[i], ws[j].Norm); w > 0 {
				best = max(best, prev[j]+w)
			}
			cur[j+1] = best
		}
		prev, cur = cur, prev
	}
	return prev[len(ws)] / float64(len(fw))
}

// wordMatch scores two normalised words: 1 when equal, 0.8 when they
// differ only in their endings ("nation"/"nations", "rejected"/"rejects")
// or by one typo in a longer word, else 0.
func wordMatch(a, b string) float64 {
	if a == b {
		return 1
	}
	if len(a) < 4 || len(b) < 4 {
		return 0
	}
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	if p >= max(4, min(len(a), len(b))-2) {
		return 0.8
	}
	if editDistanceAtMostOne(a, b) {
		return 0.8
	}
	return 0
}

func editDistanceAtMostOne(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:] || i == len(a)
	}
	return a[i:] == b[i+1:]
}

// quoteCandidates are the articles a quote look-up compares the fragment
// with: those with a passage holding all of the fragment's searchable
// words, found by the index; every article only for a fragment of stop
// words alone on a small library (on a large one such a fragment finds
// no exact match; the near-match search still runs). A quotation that
// runs across two passages is then found only as a near match.
func (l *Library) quoteCandidates(ctx context.Context, fragment string) ([]*Article, error) {
	if l.small() && len(l.analyze(cleanQuery(fragment))) == 0 {
		return l.newest, nil
	}
	return l.articlesWithWords(ctx, fragment)
}

// Quotes returns the quoted speech of every article, or of one speaker
// when speaker is not "" (case-insensitive, partial names match).
// Articles come newest first, quotes in the order of their text. On a
// large library a speaker's quotes are looked for in the articles that
// name them; every quote of the library ("") costs a pass over all of it:
// an answer wants [Library.QuotesIn] of the articles it cites.
func (l *Library) Quotes(speaker string) []Quote {
	l.mu.RLock()
	defer l.mu.RUnlock()
	speaker = cleanQuery(speaker)
	ctx := context.Background()
	arts := l.newest
	if speaker != "" && !l.small() {
		var err error
		if arts, err = l.articlesWithWords(ctx, speaker); err != nil {
			l.lg.Warn("quotes: find the speaker's articles", "speaker", speaker, "err", err)
			return nil
		}
	}
	var out []Quote
	l.eachSpeech(ctx, arts, func(_ *Article, s *articleSpeech) bool {
		for _, q := range s.quotes {
			if speakerMatches(speaker, q.Speaker) {
				out = append(out, q)
			}
		}
		return true
	})
	return out
}
