package main

import (
	"log/slog"

	"byline/commands"
)

// newChatModel returns the configured language model, or nil when none is
// configured (answers are then extractive).
// Placeholder until commands/llm lands.
func newChatModel(lg *slog.Logger, cfg Config) (commands.ChatModel, error) {
	return nil, nil
}
