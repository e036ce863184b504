package commands

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"byline/retrieval"
	"byline/retrieval/prose"
)

// yearAnchor is a year a question names as part of a name or a noun
// phrase, and the key term next to it that it qualifies: "the 2007 Rugby
// World Cup" (rugby), "Euro 2020" (euro).
type yearAnchor struct {
	year  string
	terms []string
	words string // the anchor as asked ("Rugby World Cup")
}

// yearAnchors finds the years of q that qualify a key term (one of key):
// the key words after a year that follows a determiner, up to three and
// up to a name that follows words in lower case ("the 2011 Cricket World
// Cup", "the 2008 financial crisis", "his 1973 Christmas classic"), or the name written just before a
// year, or before "in" and a year ("Euro 2020", "Wimbledon in 2012"). A
// year after a word in lower case ("rates in 2009", "since 2005") dates
// the question rather than naming one thing, and has no anchor: it is
// left to yearShare.
func yearAnchors(q string, key map[string]float64) []yearAnchor {
	ws := wordsAt(q)
	var out []yearAnchor
	for i, w := range ws {
		if len(yearsIn(w.text)) == 0 {
			continue
		}
		if i > 0 && determiners[strings.ToLower(ws[i-1].text)] {
			var ts, as []string
			for j := i + 1; j < len(ws) && j <= i+anchorRun; j++ {
				t := keyTerm(ws[j].text, key)
				if t == "" || j > i+1 && capitalisedWord(ws[j].text) && !capitalisedWord(ws[j-1].text) {
					break // "his 1973 Christmas classic [Step Into Christmas]"
				}
				ts, as = append(ts, t), append(as, ws[j].text)
			}
			if len(ts) > 0 {
				out = append(out, yearAnchor{w.text, ts, strings.Join(as, " ")})
				continue
			}
		}
		k := i - 1
		if k > 0 && strings.EqualFold(ws[k].text, "in") {
			k--
		}
		if k >= 0 && !ws[k].sentenceStart && capitalisedWord(ws[k].text) {
			if t := keyTerm(ws[k].text, key); t != "" {
				out = append(out, yearAnchor{w.text, []string{t}, ws[k].text})
			}
		}
	}
	return out
}

// determiners open a noun phrase that a year may qualify.
var determiners = map[string]bool{"the": true, "a": true, "an": true, "its": true, "their": true,
	"his": true, "her": true, "this": true, "that": true}

// keyTerm is w's term when it is one of the key terms and not a year.
func keyTerm(w string, key map[string]float64) string {
	ts := prose.Terms(w)
	if len(ts) != 1 || key[ts[0]] == 0 || len(yearsIn(w)) > 0 {
		return ""
	}
	return ts[0]
}

func capitalisedWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// yearApart is the first of anchors whose year is not found, in any
// retrieved passage, with all the words of its anchor in its sentence or
// the ones next to it ("…won the Rugby World Cup in 2003." does not speak
// of the 2007 one, though the article names 2007 further on; "…an annual
// International Arts Fair. The 2009 event will be…" speaks of the 2009
// fair); nil when every one is found.
//
// The rule is for undated articles, where a year is a word like any
// other. A dated report does not repeat the year it is written in ("the
// Grammy Awards" on Sunday, published in February 2023, are the 2023
// ones), and the dates place a dated library's search in time already:
// there the rule stands aside. (RealTime QA, all 961 questions: the rule
// refused 11 more answerable questions; with a report's own year or the
// next taken as written, still 3 more, "his 1973 Christmas classic" among
// them.)
func yearApart(anchors []yearAnchor, hits []retrieval.Hit) *yearAnchor {
	if len(anchors) == 0 || dated(hits) {
		return nil
	}
	sents := make([][]map[string]bool, len(hits))
	for i, h := range hits {
		for _, s := range splitSentences(h.Text, 0) {
			sents[i] = append(sents[i], prose.Set(prose.Terms(s.Text)))
		}
	}
	for i, a := range anchors {
		found := false
		for j := range hits {
			found = found || anchorFound(a, sents[j])
		}
		if !found {
			return &anchors[i]
		}
	}
	return nil
}

// dated reports whether some hit has a publish date.
func dated(hits []retrieval.Hit) bool {
	for _, h := range hits {
		if !h.Date.IsZero() {
			return true
		}
	}
	return false
}

// anchorFound: in one passage (ps: its sentences' terms), a's year in
// one sentence and each of its terms in the same one or a neighbour.
func anchorFound(a yearAnchor, ps []map[string]bool) bool {
	for i, s := range ps {
		if !s[a.year] {
			continue
		}
		found := 0
		for _, t := range a.terms {
			for j := max(0, i-yearReach); j <= min(len(ps)-1, i+yearReach); j++ {
				if ps[j][t] {
					found++
					break
				}
			}
		}
		if found == len(a.terms) {
			return true
		}
	}
	return false
}

// yearReach is how many sentences apart an anchored year and its words
// may be.
const yearReach = 1

// anchorRun is how many key words after a year make its anchor.
const anchorRun = 3
