package commands

// This file holds the signatures other layers code against while the
// commands are being written; each function moves to its own file.

import (
	"context"
	"errors"
)

var errTODO = errors.New("not implemented yet")

// Ask answers a question from the articles, citing each claim.
func (s *Service) Ask(ctx context.Context, question string, opt Options) (*Answer, error) {
	return nil, errTODO
}

// Summarize summarizes one article (matched by title, partial titles
// accepted) or, when no title matches, what the articles say on a topic.
func (s *Service) Summarize(ctx context.Context, target string, opt Options) (*Answer, error) {
	return nil, errTODO
}

// Quote finds the verbatim quote containing fragment, optionally said by
// speaker; either may be empty but not both.
func (s *Service) Quote(ctx context.Context, fragment, speaker string) (*Answer, error) {
	return nil, errTODO
}

// Articles lists the indexed articles, newest first.
func (s *Service) Articles(ctx context.Context) (*Answer, error) { return nil, errTODO }

// Titles returns up to max articles whose title matches prefix as typed so
// far (case-insensitive, any word), for autocomplete; all (up to max) when
// prefix is empty.
func (s *Service) Titles(prefix string, max int) []ArticleInfo { return nil }
