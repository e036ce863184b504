package main

import (
	"context"
	"fmt"
	"log/slog"

	"byline/bot"
	"byline/commands"
	"byline/config"
	"byline/live"
)

// runDiscord runs the Discord bot until ctx ends, then shuts it down
// gracefully: new interactions are told the bot is shutting down, answers
// in flight are finished (bounded) and the gateway is closed.
func runDiscord(ctx context.Context, lg *slog.Logger, cfg config.Config, svc *commands.Service, up *live.Updater, o *ops) error {
	bcfg := discordConfig(cfg)
	if up.CanAdd() {
		bcfg.Adder = up
	}
	o.botConfig(&bcfg)
	b, err := bot.New(lg.With("component", "discord"), bcfg, svc)
	if err != nil {
		return err
	}
	if o != nil {
		o.ready.Require("discord", b.Ready)
	}
	if cfg.DiscordNewsChannel != "" {
		stop := up.Announce(ctx, func(ctx context.Context, text string) error {
			return b.Announce(ctx, cfg.DiscordNewsChannel, text)
		})
		defer stop()
	}
	if err := b.Run(ctx); err != nil {
		return fmt.Errorf("discord bot: %w", err)
	}
	return nil
}

// discordConfig maps main's settings onto the bot's.
func discordConfig(cfg config.Config) bot.Config {
	return bot.Config{
		Token:            cfg.DiscordToken,
		GuildID:          cfg.DiscordGuildID,
		AllowedChannels:  cfg.DiscordAllowedChannels,
		APIBaseURL:       cfg.DiscordAPIBaseURL,
		UserCooldown:     cfg.DiscordUserCooldown,
		GuildConcurrency: cfg.DiscordGuildConcurrency,
	}
}
