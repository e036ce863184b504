package main

import (
	"byline/commands"
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
	c.lg.Info("starting", "version", readBuildInfo().String())
	svc, lib, done, err := c.openServiceLibrary(ctx, false)
	if err != nil {
		return err
	}
	defer done()
	live := c.startLive(ctx, lib)
	defer live.stop()
	defer c.serveSocket(ctx, svc)()
	if c.cfg.DiscordToken != "" {
		c.lg.Info("starting the Discord bot")
		return runDiscord(ctx, c.lg, c.cfg, svc, live, o)
	}
	con := &terminal.Console{Logger: c.lg, In: c.stdin, Out: c.stdout}
	if o != nil {
		con.Record = func(ctx context.Context, command, question string, a *commands.Answer, err error, took time.Duration) {
			o.record(ctx, sourceConsole, command, question, a, err, took)
		}
	}
	return con.Run(ctx, svc)
}
