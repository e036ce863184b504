package commands

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// sentence is one sentence of an article, with its byte offsets in the
// article's text: article.Text[Start:End] == Text.
type sentence struct {
	Text       string
	Start, End int
}

// splitSentences cuts text into sentences; base is the offset of text in
// the article, added to every sentence's offsets. Paragraphs (and lines)
// always end a sentence; inside a line a sentence ends at . ! or ?
// (followed by closing quotes or brackets) when the next word starts like
// a sentence, except after common abbreviations and initials.
func splitSentences(text string, base int) []sentence {
	var out []sentence
	emit := func(start, end int) {
		for start < end && isSpaceByte(text[start]) {
			start++
		}
		for end > start && isSpaceByte(text[end-1]) {
			end--
		}
		if start < end {
			out = append(out, sentence{Text: text[start:end], Start: base + start, End: base + end})
		}
	}
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			emit(start, i)
			start = i + size
		case r == '.' || r == '!' || r == '?' || r == '…':
			end := i + size
			// Take the closing quotes and brackets, and further stops ("?!", "...").
			for end < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[end:])
				if !strings.ContainsRune(`.!?…"'”’)]`, r2) {
					break
				}
				end += s2
			}
			if end < len(text) && text[end] == ' ' && sentenceStartsAt(text, end) && !(r == '.' && abbreviationBefore(text, i)) {
				emit(start, end)
				start = end
			}
			i = end
			continue
		}
		i += size
	}
	emit(start, len(text))
	return out
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// sentenceStartsAt reports whether the text after the spaces at i starts
// like a sentence: an upper-case letter, a digit or an opening quote.
func sentenceStartsAt(text string, i int) bool {
	for i < len(text) && text[i] == ' ' {
		i++
	}
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'“‘(`, r)
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "jr": true, "sr": true,
	"gen": true, "gov": true, "sen": true, "rep": true, "lt": true, "col": true, "sgt": true, "capt": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "vs": true, "etc": true, "no": true, "fig": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "mt": true, "ft": true, "approx": true, "est": true,
}

// abbreviationBefore reports whether the full stop at i ends an
// abbreviation ("Dr.", "U.S.", an initial "J.").
func abbreviationBefore(text string, i int) bool {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		j -= size
	}
	word := text[j:i]
	if word == "" {
		return false
	}
	if strings.Contains(word, ".") { // U.S, e.g, i.e
		return true
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(word)]
}

// words returns the words of s as written: letters and digits, with inner
// apostrophes and hyphens kept ("Mexico's", "US-Mexico").
func words(s string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			w := strings.TrimRight(s[start:end], "'’-")
			if w != "" {
				out = append(out, w)
			}
			start = -1
		}
	}
	for i, r := range s {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if !inWord && start >= 0 && (r == '\'' || r == '’' || r == '-') {
			continue // inside a word; trailing ones are trimmed in flush
		}
		switch {
		case inWord && start < 0:
			start = i
		case !inWord:
			flush(i)
		}
	}
	flush(len(s))
	return out
}

// terms analyses text roughly as the index does: lower case, possessives
// and stop words dropped, English (Snowball) stems. Hyphenated words give
// each part.
func terms(text string) []string {
	var out []string
	for _, w := range words(text) {
		for _, part := range strings.Split(w, "-") {
			if t := term(part); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// term analyses one word; "" for stop words and one-letter words.
func term(w string) string {
	w = strings.ToLower(w)
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	w = strings.ReplaceAll(w, "’", "'")
	if stopWords[w] || utf8.RuneCountInString(w) < 2 && !isDigits(w) {
		return ""
	}
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

func isDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// termSet is the set of terms of text.
func termSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, t := range terms(text) {
		set[t] = true
	}
	return set
}

// jaccard is the overlap of two term sets (0..1).
func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for t := range a {
		if b[t] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// oneSpace collapses runs of white space (including newlines) to one space.
func oneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// endsLikeSentence reports whether s ends with sentence punctuation
// (possibly inside closing quotes): headlines and subheadings do not.
func endsLikeSentence(s string) bool {
	s = strings.TrimRight(s, `"'”’)] `)
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// stopWords is the Snowball English stop list (as in Bleve's "en"
// analyzer, which also keeps "us": it is usually the United States in news).
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`i me my myself we our ours ourselves you your yours yourself
	yourselves he him his himself she her hers herself it its itself they them their theirs themselves
	what which who whom this that these those am is are was were be been being have has had having do
	does did doing would should could ought i'm you're he's she's it's we're they're i've you've we've
	they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't
	weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot
	couldn't mustn't let's that's who's what's here's there's when's where's why's how's a an the and
	but if or because as until while of at by for with about against between into through during
	before after above below to from up down in out on off over under again further then once here
	there when where why how all any both each few more most other some such no nor not only own same
	so than too very`) {
		m[w] = true
	}
	return m
}()
