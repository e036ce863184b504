package prose

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// Terms analyses text for comparing sentences and questions: lower case,
// possessives and stop words dropped, English (Snowball) stems.
// Hyphenated words give each part. It is close to the index's analyzer
// but not the same (that one stems with Porter: "uses" → "us").
func Terms(text string) []string {
	var out []string
	if strings.Contains(text, ".") {
		text = dottedAcronym.ReplaceAllStringFunc(text, func(m string) string { return strings.ReplaceAll(m, ".", "") })
	}
	for _, w := range Words(text) {
		for _, part := range strings.Split(w, "-") {
			if t := Term(part); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// dottedAcronym is an abbreviation of capital letters and full stops
// ("U.S.", "U.K.", "D.C."), which Terms reads as the letters alone ("US"),
// so that a question's "US" finds an article's "U.S." (single letters
// would otherwise be dropped).
var dottedAcronym = regexp.MustCompile(`\b(?:[A-Z]\.){2,}`)

// Term analyses one word; "" for stop words and one-letter words.
func Term(w string) string {
	w = strings.ToLower(w)
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	w = strings.ReplaceAll(w, "’", "'")
	if stopWords[w] || utf8.RuneCountInString(w) < 2 && !IsDigits(w) {
		return ""
	}
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
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
