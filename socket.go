package main

import (
	"context"
	"fmt"
	"io"

	"byline/commands"
	"byline/config"
	"byline/socket"
)

// A running bot or console holds the index, so it serves the commands that
// read it to other byline processes (package socket). Commands that do not
// read the index (add, fetch, feeds) write files and the state database,
// which the running process picks up by itself, so they run locally.

// servedCommands are the commands a running byline answers for others.
var servedCommands = map[string]bool{"ask": true, "summarize": true, "quote": true, "articles": true}

// socketPath is where the process holding INDEX_PATH listens.
func socketPath(cfg config.Config) string { return cfg.IndexPath + ".sock" }

// serveSocket answers served commands from svc until ctx ends.
func (c *cli) serveSocket(ctx context.Context, svc *commands.Service) (stop func()) {
	return socket.Serve(ctx, c.lg, socketPath(c.cfg), func(ctx context.Context, args []string, stdout, stderr io.Writer) int {
		peer := &cli{
			lg: c.lg, cfg: c.cfg, stdin: eofReader{}, stdout: stdout, stderr: stderr,
			shared: svc,
			ops:    c.ops, // served questions are logged like the console's
		}
		if len(args) == 0 || !servedCommands[args[0]] {
			fmt.Fprintln(stderr, "byline: that command is not served by the running byline")
			return exitUsage
		}
		return peer.exitCode(commandTable[args[0]](peer, ctx, args[1:]))
	})
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// forward has the running byline run args, if one listens
// (socket.ErrNoServer otherwise).
func (c *cli) forward(ctx context.Context, args []string) (int, error) {
	code, err := socket.Forward(ctx, socketPath(c.cfg), args, c.stdout, c.stderr)
	if err == nil {
		c.lg.Debug("answered by the running byline", "socket", socketPath(c.cfg))
	}
	return code, err
}
