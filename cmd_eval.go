package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"byline/commands"
	"byline/config"
	"byline/eval"
	"byline/eval/extraction"
	"byline/eval/qa"
	"byline/eval/ranking"
	"byline/eval/realtimeqa"
	"byline/eval/report"
	"byline/eval/scale"
	"byline/eval/summaries"
)

// evalCommands are the `byline eval` subcommands, in the order of the
// usage text. A new one is a package under eval/ exporting an eval.Command,
// added here.
var evalCommands = []eval.Command{
	ranking.RetrievalCommand,
	ranking.GridCommand,
	summaries.Command,
	scale.Command,
	extraction.Command,
	realtimeqa.Command,
	report.Command,
	qa.Command,
}

func evalUsage() string {
	var b strings.Builder
	b.WriteString("Usage: byline eval COMMAND [flags]\n\nCommands:\n")
	for _, c := range evalCommands {
		b.WriteString(c.Usage)
	}
	for _, c := range evalCommands {
		if c.Notes != "" {
			b.WriteString("\n" + c.Notes)
		}
	}
	return b.String()
}

func evalNames() string {
	names := make([]string, len(evalCommands))
	for i, c := range evalCommands {
		names[i] = c.Name
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// runEval runs `byline eval ...`; args are the words after "eval".
func runEval(ctx context.Context, lg *slog.Logger, cfg config.Config, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, evalUsage())
		return usagef("eval needs a command: %s", evalNames())
	}
	if h := args[0]; h == "help" || h == "-h" || h == "-help" || h == "--help" {
		fmt.Fprint(stdout, evalUsage())
		return nil
	}
	env := eval.Env{Logger: lg, Stdout: stdout, ChatModel: func() (commands.ChatModel, string, error) {
		m, err := newChatModel(lg, cfg, nil)
		if m == nil || err != nil {
			return nil, "", err
		}
		return m, cfg.OpenAIModel, nil
	}}
	for _, c := range evalCommands {
		if c.Name != args[0] {
			continue
		}
		err := c.Run(ctx, env, args[1:])
		var ue *eval.UsageError
		switch {
		case errors.Is(err, flag.ErrHelp):
			fmt.Fprint(stdout, evalUsage())
		case errors.As(err, &ue):
			return usagef("%s", ue.Msg)
		}
		return err
	}
	return usagef("eval: unknown command %q: want %s", eval.Printable(args[0]), evalNames())
}
