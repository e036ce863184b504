package commands

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"byline/retrieval"
	"byline/retrieval/prose"
)

// yearsIn is the years a question names as words: four digits from 1000
// to 2099. (In a dated library the question's dates place the search in
// time and are taken out of the words first.)
func yearsIn(q string) []string {
	var out []string
	for _, w := range prose.Words(q) {
		if len(w) == 4 && prose.IsDigits(w) && (w[0] == '1' || w[0] == '2' && w[1] == '0') {
			out = append(out, w)
		}
	}
	return out
}

// yearShare is the largest weighted share of the key terms (key, summing
// to total) held by one retrieved passage, with its title, that also
// holds every year the question names; 1 when it names none. A question
// about "the 2007 Rugby World Cup" is not answered by a report of the
// 2003 one: the year must be found with the rest of the question, not
// only somewhere in the library.
func yearShare(key map[string]float64, total float64, years []string, hits []retrieval.Hit) float64 {
	if len(years) == 0 || total == 0 {
		return 1
	}
	best := 0.0
	for _, h := range hits {
		in := prose.Set(prose.Terms(h.Title + "\n" + h.Text))
		all := true
		for _, y := range years {
			all = all && in[y]
		}
		if !all {
			continue
		}
		found := 0.0
		for t, w := range key {
			if in[t] {
				found += w
			}
		}
		best = max(best, found/total)
	}
	return best
}

// yearTogether is the least yearShare a question naming a year must
// reach. Calibrated with `byline eval qa` on the tuning data, all
// off-topic sets watched (BENCHMARKS.md): 0.25 refused 15 more of the
// BBC's off-topic questions and no more answerable ones; 0.5 and 0.6
// refused 4 more answerable SQuAD questions ("How many touchdowns did
// Newton have in 2015?", whose paragraph speaks of the season without its
// year) for 3-6 more off-topic ones.
const yearTogether = 0.25

// otherYears is what the articles do cover when a year asked about is
// not found with the question: the other years named in the retrieved
// passage that holds most of the question's key words (the asked years
// left out), at most three, in order.
func otherYears(key map[string]float64, asked []string, hits []retrieval.Hit) []string {
	best := 0.0
	var out []string
	for _, h := range hits {
		text := h.Title + "\n" + h.Text
		var ys []string
		for _, y := range yearsNamed(text) {
			if !slices.Contains(asked, y) && !slices.Contains(ys, y) {
				ys = append(ys, y)
			}
		}
		if len(ys) == 0 {
			continue
		}
		in := prose.Set(prose.Terms(text))
		found := 0.0
		for t, w := range key {
			if in[t] && !slices.Contains(asked, t) {
				found += w
			}
		}
		if found > best {
			best, out = found, ys
		}
	}
	slices.Sort(out)
	return out[:min(len(out), 3)]
}

// joinList is "a", "a and b" or "a, b and c" (conj "and").
func joinList(ws []string, conj string) string {
	if len(ws) < 2 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " " + conj + " " + ws[len(ws)-1]
}

// yearWord finds what may be a year in an article's text; yearsNamed keeps
// those that are not a sum ("£1230") or a time of day ("1400 GMT").
var (
	yearWord  = regexp.MustCompile(`\b(?:1\d{3}|20\d{2})\b`)
	clockWord = regexp.MustCompile(`^\s*(?:GMT|BST|UTC|CET|EST|EDT|ET|PT|local|hours|hrs|h\b)`)
)

func yearsNamed(text string) []string {
	var out []string
	for _, m := range yearWord.FindAllStringIndex(text, -1) {
		if r, _ := utf8.DecodeLastRuneInString(text[:m[0]]); strings.ContainsRune("£$€.,:", r) || clockWord.MatchString(text[m[1]:]) {
			continue
		}
		out = append(out, text[m[0]:m[1]])
	}
	return out
}
