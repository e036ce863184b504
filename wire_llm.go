package main

import (
	"log/slog"

	"byline/commands"
	"byline/commands/llm"
	"byline/config"
)

// newChatModel returns the configured language model, or nil when neither
// OPENAI_API_KEY nor OPENAI_BASE_URL is set (answers are then extractive).
// onRetry (may be nil) is told of each retried attempt.
func newChatModel(lg *slog.Logger, cfg config.Config, onRetry func()) (commands.ChatModel, error) {
	if cfg.OpenAIAPIKey == "" && cfg.OpenAIBaseURL == "" {
		return nil, nil
	}
	c, err := llm.New(lg.With("component", "llm"), llm.Config{
		APIKey:          cfg.OpenAIAPIKey,
		BaseURL:         cfg.OpenAIBaseURL,
		Model:           cfg.OpenAIModel,
		MaxAnswerTokens: cfg.LLMMaxAnswer,
		MaxRetries:      cfg.LLMMaxRetries,
		OnRetry:         onRetry,
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
