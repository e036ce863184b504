package commands

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"byline/retrieval"

	"byline/retrieval/prose"
)

const (
	quoteMatches     = 5  // matches asked of retrieval
	maxExactQuotes   = 3  // exact matches shown
	maxSpeakerQuotes = 10 // quotes shown for a speaker
	// minSimilarity is the weakest near match still shown as "the closest
	// match"; below it the fragment is reported as not found.
	minSimilarity = 0.3
)

// Quote finds the verbatim quote containing fragment, optionally said by
// speaker; either may be empty but not both. An exact match shows the
// quote, its speaker, article, date and sentence; otherwise the closest
// match is shown and marked as not exact, with its similarity; with only a
// speaker, that speaker's quotes. Nothing found: Refused, "No quote found …".
func (s *Service) Quote(ctx context.Context, fragment, speaker string) (*Answer, error) {
	f := trimQuoteMarks(cleanText(fragment))
	sp := trimQuoteMarks(cleanText(speaker))
	if f == "" && sp == "" {
		return nil, &InputError{Msg: "Give a fragment of the quote, a speaker, or both."}
	}
	var err error
	if f != "" {
		if f, err = s.checkInput(f, "quote fragment", ""); err != nil {
			return nil, err
		}
	}
	if sp != "" {
		if sp, err = s.checkInput(sp, "speaker name", ""); err != nil {
			return nil, err
		}
	}
	if f == "" {
		return s.quotesBy(sp), nil
	}

	matches, err := s.lib.FindQuote(ctx, f, sp, quoteMatches)
	if err != nil {
		return nil, fmt.Errorf("find quote: %w", err)
	}
	matches = slices.DeleteFunc(matches, func(m retrieval.QuoteMatch) bool { return !s.publishedID(m.ArticleID) })
	if len(matches) == 0 || !matches[0].Exact && matches[0].Similarity < minSimilarity {
		return s.noQuote(f, sp), nil
	}

	c := newCiter(s.lib)
	var b strings.Builder
	var quotes []Quote
	if matches[0].Exact {
		for _, m := range matches {
			if !m.Exact || len(quotes) == maxExactQuotes {
				break
			}
			q := s.quoteFromMatch(m, f)
			if len(quotes) > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(s.quoteBlock(q, c))
			quotes = append(quotes, q)
		}
	} else {
		q := s.quoteFromMatch(matches[0], f)
		fmt.Fprintf(&b, "No exact match for “%s”%s. The closest match (similarity %d%%), which is not an exact quote:\n\n",
			shorten(f, 120), bySpeaker(sp), int(math.Round(q.Similarity*100)))
		b.WriteString(s.quoteBlock(q, c))
		quotes = append(quotes, q)
	}
	return &Answer{
		Text:      b.String(),
		Mode:      ModeExtractive,
		Citations: c.citations,
		Quotes:    quotes,
	}, nil
}

// quotesBy lists a speaker's quotes.
func (s *Service) quotesBy(speaker string) *Answer {
	found := slices.DeleteFunc(s.lib.Quotes(speaker), func(q retrieval.Quote) bool { return !s.publishedID(q.ArticleID) })
	if len(found) == 0 {
		return s.noQuote("", speaker)
	}
	c := newCiter(s.lib)
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s%s:", len(found), plural(len(found), "quote", "quotes"), bySpeaker(speaker))
	// Every quote is in Quotes (--json); the text shows the first ones.
	quotes := make([]Quote, 0, len(found))
	for i, rq := range found {
		q := s.quoteOf(rq, "article")
		quotes = append(quotes, q)
		switch {
		case i < maxSpeakerQuotes:
			b.WriteString("\n\n" + s.quoteBlock(q, c))
		case i == maxSpeakerQuotes:
			fmt.Fprintf(&b, "\n\n(and %d more; --json lists them all)", len(found)-i)
		}
	}
	return &Answer{Text: b.String(), Mode: ModeExtractive, Citations: c.citations, Quotes: quotes}
}

// noQuote is the plain "not found" answer.
func (s *Service) noQuote(fragment, speaker string) *Answer {
	text := "No quote found"
	if fragment != "" {
		text += fmt.Sprintf(" containing “%s”", shorten(fragment, 120))
	}
	text += bySpeaker(speaker) + " in the articles."
	return &Answer{Text: text, Refused: true, Mode: ModeExtractive, Citations: []Citation{}, Quotes: []Quote{}}
}

func bySpeaker(speaker string) string {
	if speaker == "" {
		return ""
	}
	return fmt.Sprintf(" by “%s”", shorten(speaker, 80))
}

// quoteFromMatch turns a quote look-up match into a Quote: the quoted
// speech inside the matched sentence when retrieval found one there (the
// one containing the fragment, if any), else the sentence itself.
func (s *Service) quoteFromMatch(m retrieval.QuoteMatch, fragment string) Quote {
	q := Quote{
		Text:       prose.OneSpace(m.Sentence),
		Speaker:    m.Speaker,
		ArticleID:  m.ArticleID,
		Sentence:   prose.OneSpace(m.Sentence),
		Exact:      m.Exact,
		Similarity: m.Similarity,
		Verified:   true, // the sentence is verbatim from the article
		FoundIn:    "article",
		Start:      m.Start,
		End:        m.End,
	}
	if m.Exact {
		q.Similarity = 1
	}
	if a, ok := s.lib.Article(m.ArticleID); ok {
		q.Title, q.Date = a.Title, formatDate(a.Date)
	}
	var inside []retrieval.Quote
	for _, rq := range s.lib.QuotesIn(m.ArticleID) {
		if retrieval.SpeakerMatches(m.Speaker, rq.Speaker) && rq.Start < m.End && rq.End > m.Start {
			inside = append(inside, rq)
		}
	}
	for i, rq := range inside {
		if i == 0 || strings.Contains(normQuote(rq.Text), normQuote(fragment)) {
			q.Text, q.Start, q.End = prose.OneSpace(rq.Text), rq.Start, rq.End
			if q.Speaker == "" {
				q.Speaker = rq.Speaker
			}
		}
	}
	return q
}

// quoteBlock renders a quote with its sentence and article, citing the
// passage that holds it.
func (s *Service) quoteBlock(q Quote, c *citer) string {
	var b strings.Builder
	if q.Text == q.Sentence {
		b.WriteString(q.Text) // a sentence of narrative, or no quoted span found in it
	} else {
		fmt.Fprintf(&b, "“%s”", strings.TrimSpace(trimQuoteMarks(q.Text)))
	}
	if q.Speaker != "" {
		b.WriteString(" — " + q.Speaker)
	}
	if p, ok := passageAt(s.lib, q.ArticleID, q.Start); ok {
		fmt.Fprintf(&b, " [%d]", c.cite(p))
	}
	if q.Sentence != "" && normQuote(q.Sentence) != normQuote(q.Text) { // the sentence adds something
		b.WriteString("\n  Sentence: " + q.Sentence)
	}
	author := ""
	if a, ok := s.lib.Article(q.ArticleID); ok {
		author = a.Author
	}
	b.WriteString("\n  Article: " + describe(q.Title, author, q.Date))
	return b.String()
}

// trimQuoteMarks removes quotation marks around s (users often type them).
func trimQuoteMarks(s string) string {
	return strings.TrimSpace(strings.Trim(s, `"'“”‘’«»„`))
}

// normQuote is s in lower case with only letters, digits and single spaces,
// to compare a remembered fragment with the article's text.
func normQuote(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
