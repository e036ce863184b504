package retrieval

import "byline/retrieval/prose"

// span is a byte range [start, end) of an article's text.
type span struct{ start, end int }

// paragraphs returns the spans of the paragraphs of text (prose.Paragraphs).
func paragraphs(text string) []span { return spansOf(prose.Paragraphs(text)) }

// sentences splits text[sp.start:sp.end] into sentence spans (prose.Sentences).
func sentences(text string, sp span) []span {
	return spansOf(prose.Sentences(text, prose.Span{Start: sp.start, End: sp.end}))
}

func spansOf(ps []prose.Span) []span {
	out := make([]span, len(ps))
	for i, p := range ps {
		out[i] = span{p.Start, p.End}
	}
	return out
}
