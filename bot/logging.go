package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bwmarrin/discordgo"
)

// discordgo logs through one package-level function (discordgo.Logger), not
// per session. routeDiscordgoLogs installs, once per process, a function
// that sends those lines to the slog.Logger of the most recently created
// Bot, with tokens in URLs and the bot token hidden.

// maxDiscordgoLine bounds a discordgo log line, in UTF-16 units.
const maxDiscordgoLine = 200

type dgSink struct {
	lg    *slog.Logger
	token string
}

var (
	dgRoute     sync.Once
	dgRouteSink atomic.Pointer[dgSink]
)

// routeDiscordgoLogs sends discordgo's own log lines to lg (at most
// warnings by default: the session's LogLevel decides what is emitted).
func routeDiscordgoLogs(lg *slog.Logger, token string) {
	dgRouteSink.Store(&dgSink{lg: lg.With("source", "discordgo"), token: token})
	dgRoute.Do(func() { discordgo.Logger = logDiscordgo })
}

// logDiscordgo is discordgo.Logger: msgL is discordgo's level.
func logDiscordgo(msgL, _ int, format string, a ...any) {
	sink := dgRouteSink.Load()
	if sink == nil {
		return
	}
	level := slog.LevelDebug
	switch msgL {
	case discordgo.LogError:
		level = slog.LevelError
	case discordgo.LogWarning:
		level = slog.LevelWarn
	}
	msg := redactURL(strings.TrimSpace(fmt.Sprintf(format, a...)))
	if sink.token != "" {
		msg = strings.ReplaceAll(msg, sink.token, "…")
	}
	// Some lines dump a whole gateway event (user data, interaction
	// tokens as bytes): the start says what happened.
	sink.lg.Log(context.Background(), level, truncate(msg, maxDiscordgoLine))
}
