// Command byline answers questions about a collection of news articles, in
// the terminal or as a Discord bot.
//
// main is the only package that reads the environment and wires the layers
// together (main → bot → commands → retrieval); see [app.run].
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// The root context ends on Ctrl-C or SIGTERM; every command, the
	// console and the bot stop when it does.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	a := &app{lookupEnv: os.LookupEnv, dotenv: ".env"}
	code := a.run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
