package retrieval

import (
	"strconv"
	"strings"

	"byline/retrieval/prose"
)

// Split cuts an article into passages with DefaultTuning; see [SplitWith].
func Split(a *Article) []Passage { return SplitWith(a, DefaultTuning) }

// SplitWith cuts an article into passages that respect paragraph and
// sentence boundaries, each carrying the article's metadata and exact
// offsets (a.Text[p.Start:p.End] == p.Text).
//
// Sentences are added to a passage until it reaches t.TargetWords; a
// sentence that would take it past t.MaxWords starts a new one; at a
// paragraph end the passage is closed only if it has t.MinWords, so short
// paragraphs merge with the next; a short last passage joins the one
// before when that stays within MaxWords. A single sentence longer than
// twice MaxWords (tables, run-on text) is cut at word boundaries. Zero
// values switch a rule off: Tuning{} gives one passage per paragraph.
func SplitWith(a *Article, t Tuning) []Passage {
	type unit struct {
		span
		words   int
		paraEnd bool
	}
	var units []unit
	for _, p := range paragraphs(a.Text) {
		ss := sentences(a.Text, p)
		for i, s := range ss {
			for _, piece := range cutLong(a.Text, s, t.MaxWords) {
				units = append(units, unit{span: piece, words: countWords(a.Text[piece.start:piece.end])})
			}
			if i == len(ss)-1 {
				units[len(units)-1].paraEnd = true
			}
		}
	}
	var spans []span
	var words []int
	cur, curWords := span{-1, -1}, 0
	closeCur := func() {
		if cur.start >= 0 {
			spans = append(spans, cur)
			words = append(words, curWords)
		}
		cur, curWords = span{-1, -1}, 0
	}
	for _, u := range units {
		if cur.start >= 0 && t.MaxWords > 0 && curWords+u.words > t.MaxWords {
			closeCur()
		}
		if cur.start < 0 {
			cur.start = u.start
		}
		cur.end = u.end
		curWords += u.words
		if t.TargetWords > 0 && curWords >= t.TargetWords || u.paraEnd && curWords >= t.MinWords {
			closeCur()
		}
	}
	closeCur()
	if n := len(spans); n >= 2 && words[n-1] < t.MinWords && (t.MaxWords <= 0 || words[n-2]+words[n-1] <= t.MaxWords) {
		spans[n-2].end = spans[n-1].end
		spans = spans[:n-1]
	}
	out := make([]Passage, len(spans))
	for i, s := range spans {
		out[i] = Passage{
			ID:        PassageID(a.ID, i),
			ArticleID: a.ID,
			Seq:       i,
			Text:      a.Text[s.start:s.end],
			Start:     s.start,
			End:       s.end,
			Title:     a.Title,
			Author:    a.Author,
			Date:      a.Date,
		}
	}
	return out
}

// PassageID is the id of an article's seq-th passage: "<article id>#<seq>".
func PassageID(articleID string, seq int) string {
	return articleID + "#" + strconv.Itoa(seq)
}

// parsePassageID splits a passage id into article id and sequence number.
func parsePassageID(id string) (string, int, bool) {
	i := strings.LastIndexByte(id, '#')
	if i < 0 {
		return "", 0, false
	}
	seq, err := strconv.Atoi(id[i+1:])
	if err != nil || seq < 0 {
		return "", 0, false
	}
	return id[:i], seq, true
}

// cutLong cuts a sentence of more than twice max words into pieces of
// max words, at white space.
func cutLong(text string, s span, max int) []span {
	if max <= 0 || countWords(text[s.start:s.end]) <= 2*max {
		return []span{s}
	}
	var out []span
	start, n, inWord := s.start, 0, false
	for i := s.start; i < s.end; i++ {
		sp := prose.IsSpace(text[i])
		if !sp && !inWord {
			if n == max {
				out = append(out, trimSpan(text, span{start, i}))
				start, n = i, 0
			}
			n++
		}
		inWord = !sp
	}
	return append(out, trimSpan(text, span{start, s.end}))
}

func trimSpan(text string, s span) span {
	for s.start < s.end && prose.IsSpace(text[s.start]) {
		s.start++
	}
	for s.end > s.start && prose.IsSpace(text[s.end-1]) {
		s.end--
	}
	return s
}

func countWords(s string) int {
	n, inWord := 0, false
	for i := 0; i < len(s); i++ {
		sp := prose.IsSpace(s[i])
		if !sp && !inWord {
			n++
		}
		inWord = !sp
	}
	return n
}
