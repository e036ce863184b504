package retrieval

import (
	"strings"
)

// fragmentBytes is the length a highlighted fragment aims at.
const fragmentBytes = 240

// Fragment is a short excerpt of a passage for an untrusted query, with
// the matched terms wrapped in ** (Markdown bold): the window of about 240
// bytes with the most of them. Search does not make one for every hit;
// a caller that shows excerpts asks here, for the hits it shows.
func (l *Library) Fragment(q string, p Passage) string {
	terms := map[string]bool{}
	for _, qt := range l.analyze(cleanQuery(q)) {
		terms[qt.term] = true
	}
	return l.fragment(p.Text, terms)
}

// fragment cuts from a passage the window of about fragmentBytes with the
// most query terms and wraps those terms in ** (Markdown bold). It works
// on the in-memory text with the index's analyzer, so the words marked
// are exactly those that matched (stems included: "rejects" for
// "rejected").
func (l *Library) fragment(text string, terms map[string]bool) string {
	var matches []span
	if len(terms) == 0 {
		// Nothing to mark: the opening of the passage.
		return cutFragment(text, 0, nil)
	}
	for _, tok := range l.an.Analyze([]byte(text)) {
		if terms[string(tok.Term)] {
			matches = append(matches, span{tok.Start, tok.End})
		}
	}
	ws := 0
	if len(matches) > 0 {
		best, bestN, j := 0, 0, 0
		for i := range matches {
			for j < len(matches) && matches[j].end-matches[i].start <= fragmentBytes {
				j++
			}
			if j-i > bestN {
				best, bestN = i, j-i
			}
		}
		ws = matches[best].start
		// Start a little before the first match, at a word boundary.
		back := max(0, ws-40)
		if i := strings.IndexAny(text[back:ws], " \n"); i >= 0 && back > 0 {
			ws = back + i + 1
		} else if back == 0 {
			ws = 0
		}
	}
	return cutFragment(text, ws, matches)
}

// cutFragment cuts about fragmentBytes of text from ws, marking matches.
func cutFragment(text string, ws int, matches []span) string {
	we := min(len(text), ws+fragmentBytes)
	if we < len(text) {
		if i := strings.LastIndexAny(text[ws:we], " \n"); i > 0 {
			we = ws + i
		}
	}
	var b strings.Builder
	b.Grow(we - ws + 16)
	if ws > 0 {
		b.WriteString("…")
	}
	pos := ws
	for _, m := range matches {
		if m.start < ws || m.end > we {
			continue
		}
		b.WriteString(text[pos:m.start])
		b.WriteString("**")
		b.WriteString(text[m.start:m.end])
		b.WriteString("**")
		pos = m.end
	}
	b.WriteString(text[pos:we])
	if we < len(text) {
		b.WriteString("…")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
