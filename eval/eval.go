// Package eval is the root of Byline's evaluation tree: what every
// `byline eval` subcommand shares. The measurements live in sub-packages,
// each with one job:
//
//   - [byline/eval/data]: public data sets (BEIR, BBC News, AG News) and archives
//   - [byline/eval/metrics]: ranking metrics and latency summaries
//   - [byline/eval/rouge]: ROUGE scores and the Lead-n baseline
//   - [byline/eval/ranking]: retrieval quality and speed (eval retrieval, eval grid)
//   - [byline/eval/scale]: latency as the collection grows (eval scale)
//   - [byline/eval/summaries]: summaries against reference summaries (eval summaries)
//   - [byline/eval/extract]: article extraction from real pages (eval extract)
//   - [byline/eval/report]: every figure, as the Markdown of BENCHMARKS.md (eval report)
//
// A subcommand is a [Command]; package main lists them and dispatches
// `byline eval NAME` to the one named. The product packages (retrieval,
// commands, bot) never import this tree.
package eval

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"byline/commands"
)

// Env is what a subcommand gets from the program: its logger, where to
// print, and the configured language model.
type Env struct {
	Logger *slog.Logger
	Stdout io.Writer
	// ChatModel returns the configured language model and its name, or a
	// nil model when none is configured (answers are then extractive).
	ChatModel func() (commands.ChatModel, string, error)
}

// Model returns env's language model, or nil and "" when there is none.
func (env Env) Model() (commands.ChatModel, string, error) {
	if env.ChatModel == nil {
		return nil, "", nil
	}
	return env.ChatModel()
}

// Command is one `byline eval` subcommand.
type Command struct {
	Name string
	// Usage is its part of `byline eval help`: lines indented by two
	// spaces, the name first, ending in a newline.
	Usage string
	// Notes, if any, are printed after the list of commands.
	Notes string
	// Run runs it with the words after its name. It returns a
	// [*UsageError] for a bad command line, and [flag.ErrHelp] after -h.
	Run func(ctx context.Context, env Env, args []string) error
}

// UsageError is a mistake in an eval command line (the program exits 2).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a [*UsageError].
func Usagef(format string, args ...any) error {
	return &UsageError{fmt.Sprintf(format, args...)}
}

// ParseFlags parses a subcommand's flags; eval subcommands take no other
// arguments. It returns [flag.ErrHelp] on -h (the caller prints the usage).
func ParseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return Usagef("%s: %v (run \"byline help\")", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return Usagef("eval %s: unexpected argument %q", fs.Name(), Printable(fs.Arg(0)))
	}
	return nil
}

// Printable shortens a command-line word to 40 bytes and masks control
// characters, so that an error message quoting it stays one clean line.
func Printable(s string) string {
	s = strings.ToValidUTF8(s, "?")
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}

// WriteJSON prints v as indented JSON, the form of every --json output.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
