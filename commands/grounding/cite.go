package grounding

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"byline/retrieval"
)

// cite returns the key of passage p among the cited, adding it.
func (v *verifier) cite(p retrieval.Passage) int {
	if k, ok := v.keyOf[p.ID]; ok {
		return k
	}
	v.cited = append(v.cited, p)
	v.keyOf[p.ID] = len(v.cited) - 1
	return len(v.cited) - 1
}

func mark(key int) string { return string(markOpen) + strconv.Itoa(key) + string(markClose) }

// citations replaces each valid [n] by a mark and drops invalid numbers.
func (v *verifier) citations(text string) string {
	return citeRE.ReplaceAllStringFunc(text, func(m string) string {
		nums := numbers(citeRE.FindStringSubmatch(m)[1])
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
			b.WriteString(mark(v.cite(v.in.Passages[n-1])))
		}
		return b.String()
	})
}

// numbers expands "1, 3-5" into 1 3 4 5 (ranges capped at 20 numbers).
// A number too big for an int comes out as -1: named, but no passage.
func numbers(s string) []int {
	toks := numRE.FindAllString(s, -1)
	var out []int
	for i := 0; i < len(toks); i++ {
		if toks[i] == "-" || toks[i] == "–" {
			continue
		}
		n, err := strconv.Atoi(toks[i])
		if err != nil {
			n = -1
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
	out := markRE.ReplaceAllStringFunc(text, func(m string) string {
		key, _ := strconv.Atoi(markRE.FindStringSubmatch(m)[1])
		n, ok := newN[key]
		if !ok {
			n = len(cites) + 1
			newN[key] = n
			cites = append(cites, v.citation(n, v.cited[key]))
		}
		return "[" + strconv.Itoa(n) + "]"
	})
	// "[1][1]" -> "[1]"; also tidy " ." left by removed citations.
	out = runRE.ReplaceAllStringFunc(out, func(run string) string {
		var b strings.Builder
		seen := make(map[string]bool)
		for _, m := range citedRE.FindAllString(run, -1) {
			if !seen[m] {
				seen[m] = true
				b.WriteString(m)
			}
		}
		return b.String()
	})
	out = spaceRE.ReplaceAllString(out, "$1")
	return out, cites
}

var (
	runRE   = regexp.MustCompile(`\[\d+\](?:[ \t]*\[\d+\])+`)
	spaceRE = regexp.MustCompile(`[ \t]+([.,;:!?])`)
)

// citedURLs are the addresses of the articles cited so far.
func (v *verifier) citedURLs() map[string]bool {
	urls := make(map[string]bool)
	if v.in.Article == nil {
		return urls
	}
	for _, p := range v.cited {
		if a, ok := v.in.Article(p.ArticleID); ok && a != nil && a.URL != "" {
			urls[strings.TrimSpace(a.URL)] = true
		}
	}
	return urls
}

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

// KeepCitations removes from a part's summary the citation numbers
// outside the part's passages lo..hi, and counts them.
func KeepCitations(text string, lo, hi int) (string, int) {
	removed := 0
	out := citeRE.ReplaceAllStringFunc(text, func(m string) string {
		var b strings.Builder
		for _, n := range numbers(citeRE.FindStringSubmatch(m)[1]) {
			if n < lo || n > hi {
				removed++
				continue
			}
			fmt.Fprintf(&b, "[%d]", n)
		}
		return b.String()
	})
	return out, removed
}
