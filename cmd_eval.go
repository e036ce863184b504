package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
)

// runEval runs `byline eval ...`; args are the words after "eval".
// Placeholder until the evaluation harness lands.
func runEval(ctx context.Context, lg *slog.Logger, cfg Config, args []string, stdout io.Writer) error {
	return errors.New("eval is not built yet")
}
