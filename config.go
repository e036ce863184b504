package main

import "time"

// Config is every setting Byline reads from the environment (and .env).
// Placeholder: the CLI work fills in loading and validation.
type Config struct {
	SeedsDir  string
	IndexPath string
	LogLevel  string

	OpenAIAPIKey  string
	OpenAIBaseURL string
	OpenAIModel   string
	LLMTimeout    time.Duration
	LLMMaxContext int
	LLMMaxAnswer  int
	LLMMaxRetries int

	DiscordToken            string
	DiscordGuildID          string
	DiscordAllowedChannels  []string
	DiscordAPIBaseURL       string
	DiscordUserCooldown     time.Duration
	DiscordGuildConcurrency int
}
