package main

import (
	"context"
	"errors"
	"log/slog"

	"byline/commands"
)

// runDiscord runs the Discord bot until ctx ends, then shuts it down
// gracefully. Placeholder until the bot package lands.
func runDiscord(ctx context.Context, lg *slog.Logger, cfg Config, svc *commands.Service) error {
	return errors.New("the Discord bot is not built yet")
}
