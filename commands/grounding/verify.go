// Package grounding checks an LLM answer against the passages and articles
// it was written from, after it is complete and before it is shown. The
// rules (also in the README, "Language model"):
//
//   - Citations: every [n] (also [1, 2], [1-3], [1][2], \[1\], ［1］) must
//     name a passage that was in the prompt; other numbers, whatever their
//     size, are removed and counted. The
//     cited passages become Result.Citations, renumbered 1..k in order of
//     first use.
//
//   - Quotations: text in double quotes (straight "…" or curly “…”) of
//     three words or more is looked up verbatim (case, whitespace, quote
//     marks, apostrophes and dashes normalised; "..." or "…" inside may
//     skip words) in the passages cited in its sentence, then in every
//     passage of the prompt, then in every article. Found: it stays a
//     quote, gets a citation to where it was found if its sentence had
//     none for that passage, and is listed in Result.Quotes as verified.
//     Not found: its quotation marks are removed and " *(not found in the
//     articles)*" follows it, so it can never pass for a quote; it is
//     listed as not verified. One or two quoted words are scare quotes or
//     terms, left as they are.
//
//   - Unsupported: a sentence with letters and no valid citation, however
//     short, is listed in Result.Unsupported, unless it asks a question,
//     introduces a list, or only says the passages do not answer (a
//     sentence that says so and goes on to claim something is listed).
//
//   - Sources and links: a sources block the model writes ("Sources:" and
//     its entries, "[1] Title — https://…" lines) is removed; sources come
//     only from Result.Citations. A link is kept only when it points to a
//     cited article's own URL; otherwise the link text stays and the
//     address goes.
//
// Mentions (@everyone, <@id>) are left as written: keeping them from
// pinging is Discord's business, done by the bot (allowed_mentions).
package grounding

import (
	"regexp"
	"strings"
	"unicode"

	"byline/retrieval"
)

// Input is what verification needs: the answer, the passages that
// were in its prompt ([n] is passages[n-1]), and the library's articles for
// quotes the passages do not hold. The library functions may be nil.
type Input struct {
	Text     string
	Passages []retrieval.Passage
	Articles []*retrieval.Article
	// Candidates, when set, replaces Articles: the articles (with their
	// text) where a quotation of these words can be, as the library's
	// index narrows them, so that a large library is not read whole.
	Candidates func(quote string) []*retrieval.Article
	// PassagesOf returns an article's passages (to cite a quote found
	// outside the prompt).
	PassagesOf func(articleID string) []retrieval.Passage
	// Article returns an article by id (for URLs and quote sentences).
	Article func(id string) (*retrieval.Article, bool)
	// SpeakerAt returns the speaker of quoted speech at an article's bytes
	// [start, end), or "".
	SpeakerAt func(articleID string, start, end int) string
	// Normalized returns an article's text as [Normalize] makes it; the
	// Service caches it across answers. Nil: made once per answer.
	Normalized func(a *retrieval.Article) string
}

// Marks used while verifying: a citation is held as markOpen + key +
// markClose, key indexing the cited passages, until the final numbering.
// They are private-use runes, removed from the model's text first.
const (
	markOpen  = '\uE000'
	markClose = '\uE001'
)

// NotFoundMark follows a quotation that was not found in the articles, in
// place of its quotation marks.
const NotFoundMark = " *(not found in the articles)*"

// minQuoteWords: shorter quotations are scare quotes, not checked.
const minQuoteWords = 3

var (
	// citeRE matches [1], [1, 2], [1;2], [1-3], [1 and 2], [ 4 ], with
	// numbers of any length, markdown-escaped brackets (\[1\]) and
	// full-width ones (［1］): anything a reader takes for a citation.
	citeRE  = regexp.MustCompile(`\\?[\[［]\s*(\d+(?:\s*(?:,|;|-|–|and|&)\s*\d+)*)\s*\\?[\]］]`)
	numRE   = regexp.MustCompile(`\d+|-|–`)
	markRE  = regexp.MustCompile("\uE000(\\d+)\uE001")
	quoteRE = regexp.MustCompile(`“([^“”\n]*)”|"([^"\n]*)"`)
)

// verifier holds the state of one verification.
type verifier struct {
	in      Input
	cited   []retrieval.Passage // by citation key
	keyOf   map[string]int      // passage id -> key
	removed int
	quotes  []Quote

	articleLookups int               // quotations looked up in the articles
	articleNorm    map[string]string // article id -> normalised text
}

// maxArticleLookups bounds the quotations of one answer looked up in
// the articles (those not found in the prompt's passages); any beyond are
// treated as not found.
const maxArticleLookups = 20

// Result is a verified answer.
type Result struct {
	// Text is the answer with citations renumbered [1]..[k], unfound
	// quotations marked.
	Text        string
	Citations   []Citation // never nil
	Quotes      []Quote    // never nil
	Unsupported []string   // sentences that make a claim with no citation
	// Removed counts [n] markers that pointed to no passage of the prompt.
	Removed int
}

// Verify checks an LLM answer.
func Verify(in Input) Result {
	v := &verifier{in: in, keyOf: make(map[string]int)}
	text := DropSources(Clean(in.Text))
	text = v.citations(text)
	text = v.checkQuotes(text)
	text = keepLinks(text, v.citedURLs())
	text, cites := v.renumber(text)
	text = strings.TrimSpace(text)
	r := Result{
		Text:        text,
		Citations:   cites,
		Quotes:      v.quotes,
		Removed:     v.removed,
		Unsupported: unsupported(text),
	}
	if r.Citations == nil {
		r.Citations = []Citation{}
	}
	if r.Quotes == nil {
		r.Quotes = []Quote{}
	}
	return r
}

// Clean makes the model's text safe to process: valid UTF-8, no
// control characters but newlines and tabs, no private-use marks.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == markOpen || r == markClose:
			return -1
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return -1
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}
