package grounding

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"byline/retrieval"

	"byline/retrieval/prose"
)

// checkQuotes verifies every quotation in text.
func (v *verifier) checkQuotes(text string) string {
	locs := quoteRE.FindAllStringSubmatchIndex(text, -1)
	if len(locs) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, loc := range locs {
		start, end := loc[0], loc[1]
		cs, ce := loc[2], loc[3]
		if cs < 0 {
			cs, ce = loc[4], loc[5]
		}
		inner := text[cs:ce]
		plain := markRE.ReplaceAllString(inner, "")
		b.WriteString(text[last:start])
		last = end
		if len(strings.Fields(plain)) < minQuoteWords {
			b.WriteString(text[start:end])
			continue
		}
		sentStart, sentEnd := sentenceAround(text, start, end)
		keys := keysIn(text[sentStart:sentEnd])
		q, p, found := v.findQuote(plain, keys)
		if !found {
			v.quotes = append(v.quotes, Quote{Text: strings.TrimSpace(plain)})
			b.WriteString(strings.TrimSpace(inner))
			b.WriteString(NotFoundMark)
			continue
		}
		b.WriteString(text[start:end])
		key := v.cite(p)
		if !slices.Contains(keys, key) {
			b.WriteString(" " + mark(key))
		}
		v.quotes = append(v.quotes, q)
	}
	b.WriteString(text[last:])
	return b.String()
}

// keysIn lists the citation keys marked in s.
func keysIn(s string) []int {
	var keys []int
	for _, m := range markRE.FindAllStringSubmatch(s, -1) {
		k, _ := strconv.Atoi(m[1])
		keys = append(keys, k)
	}
	return keys
}

// sentenceAround returns the bounds of the sentence holding
// text[start:end]: back to the previous end of sentence or line, forward
// to the next one (citations right after it included).
func sentenceAround(text string, start, end int) (int, int) {
	s := start
	for s > 0 {
		c := text[s-1]
		if c == '\n' || ((c == '.' || c == '!' || c == '?') && s < len(text) && text[s] == ' ') {
			break
		}
		s--
	}
	e := end
	for e < len(text) {
		c := text[e]
		if c == '\n' {
			break
		}
		e++
		if c == '.' || c == '!' || c == '?' {
			// take citation marks that follow the full stop
			for {
				rest := strings.TrimLeft(text[e:], " ")
				if !strings.HasPrefix(rest, string(markOpen)) {
					break
				}
				i := strings.IndexRune(rest, markClose)
				if i < 0 {
					break
				}
				e = len(text) - len(rest) + i + utf8.RuneLen(markClose)
			}
			if e >= len(text) || text[e] == ' ' || text[e] == '\n' {
				break
			}
		}
	}
	return s, e
}

// findQuote looks for quote in the passages cited by keys, then in the
// prompt's passages, then in every article. It returns the quote as found
// and the passage to cite for it.
func (v *verifier) findQuote(quote string, keys []int) (Quote, retrieval.Passage, bool) {
	segs := segments(quote)
	if len(segs) == 0 {
		return Quote{}, retrieval.Passage{}, false
	}
	try := func(p retrieval.Passage, where string) (Quote, bool) {
		s, e, ok := find(p.Text, segs)
		if !ok {
			return Quote{}, false
		}
		return v.quoteAt(p.ArticleID, p.Title, p.Date.Format("2006-01-02"), p.Date.IsZero(),
			p.Start+s, p.Start+e, p.Text[s:e], where), true
	}
	for _, k := range keys {
		if k >= 0 && k < len(v.cited) {
			if q, ok := try(v.cited[k], "cited passage"); ok {
				return q, v.cited[k], true
			}
		}
	}
	for _, p := range v.in.Passages {
		if q, ok := try(p, "passage"); ok {
			return q, p, true
		}
	}
	// The articles are the costly last resort: their normalised text is
	// made once (per Service, or per answer without one), and only so many quotations are looked up
	// there (an answer of hundreds of invented quotations must not cost
	// hundreds of passes over the corpus).
	if v.articleLookups >= maxArticleLookups {
		return Quote{}, retrieval.Passage{}, false
	}
	v.articleLookups++
	if v.articleNorm == nil {
		v.articleNorm = map[string]string{}
	}
	articles := v.in.Articles
	if v.in.Candidates != nil {
		articles = v.in.Candidates(quote)
	}
	for _, a := range articles {
		norm, ok := v.articleNorm[a.ID]
		if !ok {
			if v.in.Normalized != nil {
				norm = v.in.Normalized(a)
			} else {
				norm = prose.Fold(a.Text)
			}
			v.articleNorm[a.ID] = norm
		}
		if indexWord(norm, segs[0], 0) < 0 {
			continue
		}
		s, e, ok := find(a.Text, segs)
		if !ok {
			continue
		}
		p, ok := v.passageAt(a, s)
		if !ok {
			continue
		}
		return v.quoteAt(a.ID, a.Title, a.Date.Format("2006-01-02"), a.Date.IsZero(), s, e, a.Text[s:e], "article"), p, true
	}
	return Quote{}, retrieval.Passage{}, false
}

// passageAt finds the passage of a that holds byte offset off.
func (v *verifier) passageAt(a *retrieval.Article, off int) (retrieval.Passage, bool) {
	if v.in.PassagesOf == nil {
		return retrieval.Passage{}, false
	}
	for _, p := range v.in.PassagesOf(a.ID) {
		if p.Start <= off && off < p.End {
			return p, true
		}
	}
	return retrieval.Passage{}, false
}

// quoteAt builds a verified Quote of the article text at [start, end).
func (v *verifier) quoteAt(articleID, title, date string, undated bool, start, end int, text, where string) Quote {
	if undated {
		date = ""
	}
	q := Quote{Text: text, ArticleID: articleID, Title: title, Date: date, Exact: true, Similarity: 1,
		Verified: true, FoundIn: where, Start: start, End: end}
	if v.in.Article != nil {
		if a, ok := v.in.Article(articleID); ok && a != nil && end <= len(a.Text) {
			sp := prose.SentencesAround(a.Text, start, end)
			q.Sentence = a.Text[sp.Start:sp.End]
		}
	}
	if v.in.SpeakerAt != nil {
		q.Speaker = v.in.SpeakerAt(articleID, start, end)
	}
	return q
}
