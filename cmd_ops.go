package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"time"

	"byline/history"
	"byline/monitor"
	"byline/terminal"
)

func (c *cli) cmdVersion(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	if _, err := parseFlags(fs, args); err != nil {
		return c.commandHelp(err, "byline version")
	}
	fmt.Fprintln(c.stdout, monitor.ReadBuild())
	return nil
}

// cmdHealthcheck asks a running byline's /readyz (or /healthz with
// --live) at HTTP_ADDR: exit 0 when it answers 200, 1 otherwise. For
// container supervisors that have no shell or curl.
func (c *cli) cmdHealthcheck(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	live := fs.Bool("live", false, "only check that the process answers (/healthz), not that it is ready")
	if _, err := parseFlags(fs, args); err != nil {
		return c.commandHelp(err, "byline healthcheck [--live]")
	}
	if c.cfg.HTTPAddr == "" {
		return errors.New("healthcheck: HTTP_ADDR is not set, so there is nothing to ask")
	}
	base, err := monitor.HealthURL(c.cfg.HTTPAddr)
	if err != nil {
		return err
	}
	path := "/readyz"
	if *live {
		path = "/healthz"
	}
	if err := monitor.Check(ctx, base, path); err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	fmt.Fprintln(c.stdout, "ok")
	return nil
}

// cmdReport prints what people asked and could not get answered.
func (c *cli) cmdReport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	sinceFlag := fs.String("since", "", "first day to report, YYYY-MM-DD (default: HISTORY_DAYS ago)")
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return c.commandHelp(err, "byline report [--since YYYY-MM-DD] [--json]")
	}
	if len(pos) > 0 {
		return usagef("report takes no text, only --since and --json")
	}
	since := time.Now().UTC().AddDate(0, 0, -max(1, c.cfg.HistoryDays))
	if *sinceFlag != "" {
		if since, err = time.Parse(time.DateOnly, *sinceFlag); err != nil {
			return usagef("report: --since %q is not a date like 2025-08-01", terminal.Printable(*sinceFlag))
		}
	}
	db, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := history.New(ctx, c.lg, db, c.cfg.HistoryDays).Report(ctx, since)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return r.WriteText(c.stdout)
}
