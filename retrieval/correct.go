package retrieval

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"

	"byline/retrieval/prose"
)

// Correct returns the word of the articles that an untrusted word no
// article contains was most likely meant to be ("soverignty" →
// "sovereignty"), and true; or "" and false when the word is known, a
// stop word, a figure, too short to correct, or near no indexed word.
//
// The search is on the index's own vocabulary (the analysed terms of
// passage text): the terms one edit away from the word's term (words of
// five to seven letters) or two (eight letters or more) that start with
// the same letter; the nearest wins, then the one most passages hold.
// The word is returned as an article writes it, in lower case.
func (l *Library) Correct(ctx context.Context, word string) (string, bool) {
	terms := l.analyze(cleanQuery(word))
	if len(terms) != 1 {
		return "", false
	}
	t := terms[0].term
	n := utf8.RuneCountInString(terms[0].word)
	first, _ := utf8.DecodeRuneInString(t)
	if n < 5 || !unicode.IsLetter(first) || strings.IndexFunc(t, unicode.IsDigit) >= 0 {
		return "", false
	}
	r, err := l.reader()
	if err != nil {
		l.lg.WarnContext(ctx, "correct: open index reader", "err", err)
		return "", false
	}
	defer r.Close()
	if in, err := termIn(ctx, r, t); in || err != nil {
		if err != nil {
			l.lg.WarnContext(ctx, "correct: read index", "err", err)
		}
		return "", false
	}
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return "", false
	}
	fuzz := 1
	if n >= 8 {
		fuzz = 2
	}
	// Accents do not count as edits ("herve" is "hervé", "celeron" one
	// edit from "céloron"): the dictionary is read two edits wide and
	// each term is measured without its diacritics.
	dict, err := fr.FieldDictFuzzy(fieldText, t, 2, string(first))
	if err != nil {
		l.lg.WarnContext(ctx, "correct: fuzzy dictionary", "err", err)
		return "", false
	}
	defer dict.Close()
	var best *index.DictEntry
	bestDist := 0
	for {
		e, err := dict.Next()
		if err != nil || e == nil {
			break
		}
		d := int(e.EditDistance)
		if folded := prose.FoldAccents(e.Term); folded != e.Term {
			d = prose.EditDistance(t, folded)
		}
		if d > fuzz {
			continue
		}
		if best == nil || d < bestDist || d == bestDist && e.Count > best.Count {
			c := *e
			best, bestDist = &c, d
		}
	}
	if best == nil {
		return "", false
	}
	w := l.surfaceWord(ctx, r, best.Term)
	return w, w != ""
}

// surfaceWord is how the first passage holding term writes it, in lower
// case: the index keeps stems ("sovereignti"), users read words. The
// passage is analysed again to find it: the index keeps no term
// positions unless phrase queries need them.
func (l *Library) surfaceWord(ctx context.Context, r index.IndexReader, term string) string {
	tfr, err := r.TermFieldReader(ctx, []byte(term), fieldText, false, false, false)
	if err != nil {
		return ""
	}
	defer tfr.Close()
	doc, err := tfr.Next(nil)
	if err != nil || doc == nil {
		return ""
	}
	id, err := r.ExternalID(doc.ID)
	if err != nil {
		return ""
	}
	p, ok := l.Passage(id)
	if !ok {
		return ""
	}
	text := passageDoc(p)[fieldText].(string) // the text as indexed, title first
	for _, tok := range l.an.Analyze([]byte(text)) {
		if string(tok.Term) == term {
			w := strings.ToLower(text[tok.Start:tok.End])
			// The possessive is the passage's, not the word's: "céloron's".
			for _, s := range []string{"'s", "’s"} {
				w = strings.TrimSuffix(w, s)
			}
			return w
		}
	}
	return ""
}
