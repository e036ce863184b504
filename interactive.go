package main

import (
	"byline/commands"
	"byline/live"
	"byline/monitor"
	"byline/retrieval"
	"byline/terminal"
	"context"
	"time"
)

// interactive runs the Discord bot when DISCORD_TOKEN is set, and the
// console otherwise.
func (c *cli) interactive(ctx context.Context) error {
	o, stop, err := c.startOps(ctx)
	if err != nil {
		return err
	}
	defer stop()
	c.ops = o
	c.lg.Info("starting", "version", monitor.ReadBuild().String())
	svc, lib, done, err := c.openServiceLibrary(ctx, false)
	if err != nil {
		return err
	}
	defer done()
	up := c.startLive(ctx, lib)
	defer up.Stop()
	defer c.serveSocket(ctx, svc)()
	if c.cfg.DiscordToken != "" {
		c.lg.Info("starting the Discord bot")
		return runDiscord(ctx, c.lg, c.cfg, svc, up, o)
	}
	con := &terminal.Console{Logger: c.lg, In: c.stdin, Out: c.stdout}
	if o != nil {
		con.Record = func(ctx context.Context, command, question string, a *commands.Answer, err error, took time.Duration) {
			o.record(ctx, sourceConsole, command, question, a, err, took)
		}
	}
	return con.Run(ctx, svc)
}

// startLive keeps lib up to date while the bot or console runs. Feeds and
// /add keep their state in the database startOps opened (c.ops.db);
// without one they are off.
func (c *cli) startLive(ctx context.Context, lib *retrieval.Library) *live.Updater {
	o := live.Options{Logger: c.lg, Library: lib, Feeds: c.cfg.Feeds, FeedInterval: c.cfg.FeedInterval}
	if c.ops != nil && c.ops.db != nil {
		o.Fetcher = newFetcher(c, c.ops.db)
	} else {
		c.lg.WarnContext(ctx, "no state database: feeds and /add are off", "path", c.cfg.DBPath)
	}
	return live.Start(ctx, o)
}
