package commands

import "byline/retrieval/prose"

// sentence is one sentence of an article, with its byte offsets in the
// article's text: article.Text[Start:End] == Text.
type sentence struct {
	Text       string
	Start, End int
}

// splitSentences cuts text into sentences (prose.Sentences); base is the
// offset of text in the article, added to every sentence's offsets.
// Paragraphs and lines always end a sentence.
func splitSentences(text string, base int) []sentence {
	var out []sentence
	for _, line := range prose.Lines(text) {
		for _, sp := range prose.Sentences(text, line) {
			out = append(out, sentence{Text: text[sp.Start:sp.End], Start: base + sp.Start, End: base + sp.End})
		}
	}
	return out
}
