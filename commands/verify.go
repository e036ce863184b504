package commands

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"byline/retrieval"
)

// Verification of an LLM answer, after it is complete and before it is
// shown. The rules (also in the README, "Language model"):
//
//   - Citations: every [n] (also [1, 2], [1-3], [1][2]) must name a passage
//     that was in the prompt; other numbers are removed and counted. The
//     cited passages become Answer.Citations, renumbered 1..k in order of
//     first use.
//   - Quotations: text in double quotes (straight "…" or curly “…”) of
//     three words or more is looked up verbatim (case, whitespace, quote
//     marks, apostrophes and dashes normalised; "..." or "…" inside may
//     skip words) in the passages cited in its sentence, then in every
//     passage of the prompt, then in every article. Found: it stays a
//     quote, gets a citation to where it was found if its sentence had
//     none for that passage, and is listed in Answer.Quotes as verified.
//     Not found: its quotation marks are removed and " *(not found in the
//     articles)*" follows it, so it can never pass for a quote; it is
//     listed as not verified. One or two quoted words are scare quotes or
//     terms, left as they are.
//   - Unsupported: a sentence of four words or more with no valid citation
//     is listed in Answer.Unsupported, unless it says the passages do not
//     answer, asks a question, or introduces a list.
//   - Mentions: @everyone, @here, <@id>, <@!id> and <@&id> get a zero-width
//     space after the '@', so the text can ping nobody wherever it is shown.

// verifyInput is what verification needs: the answer, the passages that
// were in its prompt ([n] is passages[n-1]), and the library's articles for
// quotes the passages do not hold. The library functions may be nil.
type verifyInput struct {
	Text     string
	Passages []retrieval.Passage
	Articles []*retrieval.Article
	// PassagesOf returns an article's passages (to cite a quote found
	// outside the prompt).
	PassagesOf func(articleID string) []retrieval.Passage
	// Article returns an article by id (for URLs and quote sentences).
	Article func(id string) (*retrieval.Article, bool)
	// Quotes returns the quoted speech of the articles (for speakers).
	Quotes func(speaker string) []retrieval.Quote
	// Normalized returns an article's text as verifyNorm makes it; the
	// Service caches it across answers. Nil: made once per answer.
	Normalized func(a *retrieval.Article) string
}

// Marks used while verifying: a citation is held as verifyOpen + key +
// verifyClose, key indexing the cited passages, until the final numbering.
// They are private-use runes, removed from the model's text first.
const (
	verifyOpen  = '\uE000'
	verifyClose = '\uE001'
)

// NotFoundMark follows a quotation that was not found in the articles, in
// place of its quotation marks.
const NotFoundMark = " *(not found in the articles)*"

// verifyMinQuoteWords: shorter quotations are scare quotes, not checked.
const verifyMinQuoteWords = 3

var (
	// verifyCiteRE matches [1], [1, 2], [1;2], [1-3], [1 and 2], [ 4 ].
	verifyCiteRE  = regexp.MustCompile(`\[\s*(\d{1,6}(?:\s*(?:,|;|-|–|and|&)\s*\d{1,6})*)\s*\]`)
	verifyNumRE   = regexp.MustCompile(`\d{1,6}|-|–`)
	verifyMarkRE  = regexp.MustCompile("\uE000(\\d+)\uE001")
	verifyQuoteRE = regexp.MustCompile(`“([^“”\n]*)”|"([^"\n]*)"`)
	// verifyMentionRE finds what Discord would turn into a ping.
	verifyMentionRE = regexp.MustCompile(`@(everyone|here)|<@[!&]?\d+>`)
)

// verifier holds the state of one verification.
type verifier struct {
	in      verifyInput
	cited   []retrieval.Passage // by citation key
	keyOf   map[string]int      // passage id -> key
	removed int
	quotes  []Quote

	articleLookups int               // quotations looked up in the articles
	articleNorm    map[string]string // article id -> normalised text
}

// verifyMaxArticleLookups bounds the quotations of one answer looked up in
// the articles (those not found in the prompt's passages); any beyond are
// treated as not found.
const verifyMaxArticleLookups = 20

// verifyAnswer checks an LLM answer and returns it as an Answer (without
// Mode, Model and PromptTokens, which the caller knows).
func verifyAnswer(in verifyInput) *Answer {
	v := &verifier{in: in, keyOf: make(map[string]int)}
	text := verifyClean(in.Text)
	text = v.citations(text)
	text = v.checkQuotes(text)
	text, cites := v.renumber(text)
	text = NeutralizeMentions(strings.TrimSpace(text))
	for i := range v.quotes {
		v.quotes[i].Text = NeutralizeMentions(v.quotes[i].Text)
	}
	ans := &Answer{
		Text:             text,
		Mode:             ModeLLM,
		Citations:        cites,
		Quotes:           v.quotes,
		RemovedCitations: v.removed,
	}
	ans.Unsupported = verifyUnsupported(text)
	if ans.Citations == nil {
		ans.Citations = []Citation{}
	}
	if ans.Quotes == nil {
		ans.Quotes = []Quote{}
	}
	return ans
}

// verifyClean makes the model's text safe to process: valid UTF-8, no
// control characters but newlines and tabs, no private-use marks.
func verifyClean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == verifyOpen || r == verifyClose:
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

// cite returns the key of passage p among the cited, adding it.
func (v *verifier) cite(p retrieval.Passage) int {
	if k, ok := v.keyOf[p.ID]; ok {
		return k
	}
	v.cited = append(v.cited, p)
	v.keyOf[p.ID] = len(v.cited) - 1
	return len(v.cited) - 1
}

func verifyMark(key int) string { return string(verifyOpen) + strconv.Itoa(key) + string(verifyClose) }

// citations replaces each valid [n] by a mark and drops invalid numbers.
func (v *verifier) citations(text string) string {
	return verifyCiteRE.ReplaceAllStringFunc(text, func(m string) string {
		nums := verifyNumbers(verifyCiteRE.FindStringSubmatch(m)[1])
		var b strings.Builder
		done := make(map[int]bool)
		for _, n := range nums {
			if n < 1 || n > len(v.in.Passages) {
				v.removed++
				continue
			}
			if done[n] {
				continue
			}
			done[n] = true
			b.WriteString(verifyMark(v.cite(v.in.Passages[n-1])))
		}
		return b.String()
	})
}

// verifyNumbers expands "1, 3-5" into 1 3 4 5 (ranges capped at 20 numbers).
func verifyNumbers(s string) []int {
	toks := verifyNumRE.FindAllString(s, -1)
	var out []int
	for i := 0; i < len(toks); i++ {
		n, err := strconv.Atoi(toks[i])
		if err != nil {
			continue
		}
		if i+2 < len(toks) && (toks[i+1] == "-" || toks[i+1] == "–") {
			if m, err := strconv.Atoi(toks[i+2]); err == nil && m >= n && m-n < 20 {
				for k := n; k <= m; k++ {
					out = append(out, k)
				}
				i += 2
				continue
			}
		}
		out = append(out, n)
	}
	return out
}

// renumber turns marks into [1]..[k] in order of first use, drops a mark
// repeated right after itself, and builds the citations.
func (v *verifier) renumber(text string) (string, []Citation) {
	newN := make(map[int]int)
	var cites []Citation
	out := verifyMarkRE.ReplaceAllStringFunc(text, func(m string) string {
		key, _ := strconv.Atoi(verifyMarkRE.FindStringSubmatch(m)[1])
		n, ok := newN[key]
		if !ok {
			n = len(cites) + 1
			newN[key] = n
			cites = append(cites, v.citation(n, v.cited[key]))
		}
		return "[" + strconv.Itoa(n) + "]"
	})
	// "[1][1]" -> "[1]"; also tidy " ." left by removed citations.
	out = verifyRunRE.ReplaceAllStringFunc(out, func(run string) string {
		var b strings.Builder
		seen := make(map[string]bool)
		for _, m := range verifyCitedRE.FindAllString(run, -1) {
			if !seen[m] {
				seen[m] = true
				b.WriteString(m)
			}
		}
		return b.String()
	})
	out = verifySpaceRE.ReplaceAllString(out, "$1")
	return out, cites
}

var (
	verifyRunRE   = regexp.MustCompile(`\[\d+\](?:[ \t]*\[\d+\])+`)
	verifySpaceRE = regexp.MustCompile(`[ \t]+([.,;:!?])`)
)

// citation builds the Citation numbered n for p.
func (v *verifier) citation(n int, p retrieval.Passage) Citation {
	c := Citation{N: n, ArticleID: p.ArticleID, Title: p.Title, Author: p.Author,
		PassageID: p.ID, Start: p.Start, End: p.End, Text: p.Text}
	if !p.Date.IsZero() {
		c.Date = p.Date.Format("2006-01-02")
	}
	if v.in.Article != nil {
		if a, ok := v.in.Article(p.ArticleID); ok && a != nil {
			c.URL = a.URL
		}
	}
	return c
}

// NeutralizeMentions puts a zero-width space after the '@' of anything
// Discord would turn into a ping (@everyone, @here, <@id>, <@!id>, <@&id>).
func NeutralizeMentions(s string) string {
	return verifyMentionRE.ReplaceAllStringFunc(s, func(m string) string {
		i := strings.IndexByte(m, '@')
		return m[:i+1] + "\u200b" + m[i+1:]
	})
}

// checkQuotes verifies every quotation in text.
func (v *verifier) checkQuotes(text string) string {
	locs := verifyQuoteRE.FindAllStringSubmatchIndex(text, -1)
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
		plain := verifyMarkRE.ReplaceAllString(inner, "")
		b.WriteString(text[last:start])
		last = end
		if len(strings.Fields(plain)) < verifyMinQuoteWords {
			b.WriteString(text[start:end])
			continue
		}
		sentStart, sentEnd := verifySentenceAround(text, start, end)
		keys := verifyKeys(text[sentStart:sentEnd])
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
			b.WriteString(" " + verifyMark(key))
		}
		v.quotes = append(v.quotes, q)
	}
	b.WriteString(text[last:])
	return b.String()
}

// verifyKeys lists the citation keys marked in s.
func verifyKeys(s string) []int {
	var keys []int
	for _, m := range verifyMarkRE.FindAllStringSubmatch(s, -1) {
		k, _ := strconv.Atoi(m[1])
		keys = append(keys, k)
	}
	return keys
}

// verifySentenceAround returns the bounds of the sentence holding
// text[start:end]: back to the previous end of sentence or line, forward
// to the next one (citations right after it included).
func verifySentenceAround(text string, start, end int) (int, int) {
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
				if !strings.HasPrefix(rest, string(verifyOpen)) {
					break
				}
				i := strings.IndexRune(rest, verifyClose)
				if i < 0 {
					break
				}
				e = len(text) - len(rest) + i + utf8.RuneLen(verifyClose)
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
	segs := verifySegments(quote)
	if len(segs) == 0 {
		return Quote{}, retrieval.Passage{}, false
	}
	try := func(p retrieval.Passage, where string) (Quote, bool) {
		s, e, ok := verifyFind(p.Text, segs)
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
	if v.articleLookups >= verifyMaxArticleLookups {
		return Quote{}, retrieval.Passage{}, false
	}
	v.articleLookups++
	if v.articleNorm == nil {
		v.articleNorm = make(map[string]string, len(v.in.Articles))
	}
	for _, a := range v.in.Articles {
		norm, ok := v.articleNorm[a.ID]
		if !ok {
			if v.in.Normalized != nil {
				norm = v.in.Normalized(a)
			} else {
				norm, _ = verifyNorm(a.Text, false)
			}
			v.articleNorm[a.ID] = norm
		}
		if verifyIndexWord(norm, segs[0], 0) < 0 {
			continue
		}
		s, e, ok := verifyFind(a.Text, segs)
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
			q.Sentence = verifyArticleSentence(a.Text, start, end)
		}
	}
	if v.in.Quotes != nil {
		for _, rq := range v.in.Quotes("") {
			if rq.ArticleID == articleID && rq.Start < end && start < rq.End && rq.Speaker != "" {
				q.Speaker = rq.Speaker
				break
			}
		}
	}
	return q
}

// verifyArticleSentence widens [start, end) of an article's text to whole
// sentences.
func verifyArticleSentence(text string, start, end int) string {
	s := start
	for s > 0 {
		if text[s-1] == '\n' || (s >= 2 && strings.ContainsRune(".!?", rune(text[s-2])) && text[s-1] == ' ') {
			break
		}
		s--
	}
	e := end
	for e < len(text) && text[e] != '\n' {
		e++
		if strings.ContainsRune(".!?", rune(text[e-1])) && (e == len(text) || text[e] == ' ' || text[e] == '\n') {
			break
		}
	}
	return strings.TrimSpace(text[s:e])
}

// verifySegments normalises a quotation for look-up and splits it at
// ellipses ("..." or "…"), which stand for words left out.
func verifySegments(quote string) []string {
	norm, _ := verifyNorm(strings.ReplaceAll(quote, "…", "..."), false)
	var segs []string
	for _, s := range strings.Split(norm, "...") {
		s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
		if s != "" {
			segs = append(segs, s)
		}
	}
	return segs
}

// verifyFind finds segs, in order and as whole words, in text (normalised
// the same way), and returns the byte range of text they span.
func verifyFind(text string, segs []string) (int, int, bool) {
	norm, offs := verifyNorm(text, true)
	from, first, lastEnd := 0, -1, -1
	for _, seg := range segs {
		j := verifyIndexWord(norm, seg, from)
		if j < 0 {
			return 0, 0, false
		}
		if first < 0 {
			first = j
		}
		lastEnd = j + len(seg)
		from = lastEnd
	}
	if first < 0 {
		return 0, 0, false
	}
	start, end := offs[first], len(text)
	if lastEnd < len(offs) {
		end = offs[lastEnd]
	}
	for end > start && (text[end-1] == ' ' || text[end-1] == '\n') {
		end--
	}
	return start, end, true
}

// verifyIndexWord is strings.Index from from, at word boundaries only:
// "ate" must not match inside "state".
func verifyIndexWord(s, sub string, from int) int {
	for from <= len(s) {
		j := strings.Index(s[from:], sub)
		if j < 0 {
			return -1
		}
		j += from
		left := j == 0 || !verifyWordByte(s[j-1]) || !verifyWordByte(sub[0])
		right := j+len(sub) == len(s) || !verifyWordByte(s[j+len(sub)]) || !verifyWordByte(sub[len(sub)-1])
		if left && right {
			return j
		}
		from = j + 1
	}
	return -1
}

func verifyWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// verifyNorm lower-cases s, maps curly quotes, apostrophes and dashes to
// plain ones and collapses whitespace. With withOffs, offs[i] is the byte
// offset in s of normalised byte i.
func verifyNorm(s string, withOffs bool) (string, []int) {
	out := make([]byte, 0, len(s))
	var offs []int
	if withOffs {
		offs = make([]int, 0, len(s))
	}
	space := true // drop leading space
	for i := 0; i < len(s); {
		start := i
		var r rune
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII, nearly all of an English article: no decoding.
			r = rune(c)
			i++
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			i += size
			switch r {
			case '“', '”', '„', '‟', '«', '»', '″':
				r = '"'
			case '‘', '’', '‚', '‛', 'ʼ', '′':
				r = '\''
			case '–', '—', '‒', '―', '‐', '‑':
				r = '-'
			}
		}
		if r == '`' {
			r = '\''
		}
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || (r >= utf8.RuneSelf && unicode.IsSpace(r)) || r == '\v' || r == '\f' {
			if space {
				continue
			}
			space = true
			r = ' '
		} else {
			space = false
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			} else if r >= utf8.RuneSelf {
				r = unicode.ToLower(r)
			}
		}
		n := len(out)
		out = utf8.AppendRune(out, r)
		if withOffs {
			for range len(out) - n {
				offs = append(offs, start)
			}
		}
	}
	return string(out), offs
}

// verifyNoAnswerRE recognises sentences that say the passages do not
// answer: they make no claim about the world and need no citation.
var verifyNoAnswerRE = regexp.MustCompile(`(?i)\b(passages?|articles?|sources?|texts?|context|provided information)\b.*\b(do(es)?\s*n[o']t|did\s*n[o']t|doesn’t|don’t|didn’t|not|no|nothing|neither|never)\b|` +
	`\bno (information|mention|details?)\b|\b(do|does|did)\s*(not|n't|n’t) (mention|say|state|specify|cover|give|provide|discuss|address|explain|answer)\b|\bnot (mentioned|stated|specified|say|said|clear|covered|given|provided)\b|` +
	`\b(i|we) (do not|don't|don’t|cannot|can't|can’t) (know|tell|say|answer|determine)\b|` +
	`\b(cannot|can't|can’t|unable to) (be )?(answer|determine|tell|say|confirm)`)

// verifyUnsupported returns the sentences of text that make a claim with
// no citation.
func verifyUnsupported(text string) []string {
	var out []string
	for _, s := range verifySentences(text) {
		if strings.Contains(s, "[") && verifyCitedRE.MatchString(s) {
			continue
		}
		plain := strings.TrimSpace(strings.TrimLeft(s, "-*•0123456789. \t"))
		if len(strings.Fields(plain)) < 4 || strings.HasSuffix(plain, "?") || strings.HasSuffix(plain, ":") {
			continue
		}
		if verifyNoAnswerRE.MatchString(plain) {
			continue
		}
		if !strings.ContainsFunc(plain, unicode.IsLetter) {
			continue
		}
		out = append(out, s)
	}
	return out
}

var verifyCitedRE = regexp.MustCompile(`\[\d+\]`)

// verifySentences splits text into sentences: at line breaks, and after
// '.', '!' or '?' (and any closing quote or bracket) followed by a space
// and a capital, digit or quote. Citations after a full stop ("... it. [2]")
// stay with the sentence they follow.
func verifySentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		rs := []rune(line)
		start := 0
		for i := 0; i < len(rs); i++ {
			if !strings.ContainsRune(".!?", rs[i]) {
				continue
			}
			j := i + 1
			for j < len(rs) && strings.ContainsRune(`"”’')]`, rs[j]) {
				j++
			}
			// citations after the full stop belong to this sentence
			for {
				k := j
				for k < len(rs) && rs[k] == ' ' {
					k++
				}
				m := verifyLeadingCiteRE.FindString(string(rs[k:]))
				if m == "" {
					break
				}
				j = k + utf8.RuneCountInString(m)
			}
			if j >= len(rs) {
				break
			}
			if rs[j] != ' ' {
				continue
			}
			k := j
			for k < len(rs) && rs[k] == ' ' {
				k++
			}
			if k < len(rs) && (unicode.IsUpper(rs[k]) || unicode.IsDigit(rs[k]) || strings.ContainsRune(`"“‘'(*`, rs[k])) {
				if s := strings.TrimSpace(string(rs[start:j])); s != "" {
					out = append(out, s)
				}
				start = k
				i = k - 1
			}
		}
		if s := strings.TrimSpace(string(rs[start:])); s != "" {
			out = append(out, s)
		}
	}
	return out
}

var verifyLeadingCiteRE = regexp.MustCompile(`^\[\d+\]`)

// String makes a verifier readable in test failures.
func (v *verifier) String() string {
	return fmt.Sprintf("verifier{cited: %d, removed: %d, quotes: %d}", len(v.cited), v.removed, len(v.quotes))
}
