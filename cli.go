package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"byline/commands"
	"byline/config"
	"byline/internal/redact"
	"byline/retrieval"
	"byline/socket"
	"byline/terminal"
)

// app is the whole program: main calls run once, and tests call it
// in-process with their own environment and streams.
type app struct {
	// lookupEnv reads the real environment (os.LookupEnv); it wins over .env.
	lookupEnv func(string) (string, bool)
	// dotenv is the optional .env file (a missing one is fine).
	dotenv string
}

// usageError is a mistake in the command line; it exits with status 2.
// Other commands (eval) may return it too.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // something went wrong while running
	exitUsage   = 2 // bad command line, configuration or input
)

const usageText = `Byline answers questions about news articles, citing them.

Usage:
  byline                         interactive console (or the Discord bot when DISCORD_TOKEN is set)
  byline ask "QUESTION" [--as-of YYYY-MM-DD] [--json]
  byline summarize "TITLE OR TOPIC" [--detailed] [--as-of YYYY-MM-DD] [--json]
  byline quote "FRAGMENT" [--speaker NAME] [--as-of YYYY-MM-DD] [--json]
  byline quote --speaker NAME [--json]
  byline articles [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--page N] [--as-of YYYY-MM-DD] [--json]
  byline index [--rebuild]       build or update the search index, and count what is in it
  byline fetch [--json]          one pass over FEEDS (for cron): new / updated / unchanged / failed
  byline feeds [--json]          each feed of FEEDS with its last fetch, status and article count
  byline add URL... [--json]     fetch article pages and add them to the library
  byline eval ...                measure retrieval and answers (see byline eval -h)
  byline report [--since YYYY-MM-DD] [--json]
                                 most asked questions the articles did not cover, 👎 answers, latency
  byline healthcheck [--live]    ask a running byline's /readyz (or /healthz) at HTTP_ADDR: exit 0 or 1
  byline version                 module version, commit and Go version
  byline help

--as-of answers as the articles stood on that day: later articles are not used,
and "this week" or "latest" count from it (default: today).
Flags may come before or after the text. Put text that starts with "-" after "--".
Settings come from the environment or a .env file; see .env.example and README.md.
`

// cli is one run of the program with its settings and streams.
type cli struct {
	lg             *slog.Logger
	cfg            config.Config
	stdin          io.Reader
	stdout, stderr io.Writer
	// shared, when set, is the service of the running process that this
	// command is served by (see socket.go): it is used as is, not opened.
	shared *commands.Service
	// ops is set while the bot or the console runs (nil for one-shot commands).
	ops *ops
	// secrets are scrubbed from error text before it is printed.
	secrets *redact.Secrets
}

type commandFunc func(c *cli, ctx context.Context, args []string) error

var commandTable = map[string]commandFunc{
	"ask":         (*cli).cmdAsk,
	"summarize":   (*cli).cmdSummarize,
	"quote":       (*cli).cmdQuote,
	"articles":    (*cli).cmdArticles,
	"index":       (*cli).cmdIndex,
	"fetch":       (*cli).cmdFetch,
	"feeds":       (*cli).cmdFeeds,
	"add":         (*cli).cmdAdd,
	"report":      (*cli).cmdReport,
	"healthcheck": (*cli).cmdHealthcheck,
	"version":     (*cli).cmdVersion,
	"eval": func(c *cli, ctx context.Context, args []string) error {
		return runEval(ctx, c.lg, c.cfg, args, c.stdout)
	},
}

// run runs the program with args (without the program name) and returns
// the exit status. Errors are printed as one line "byline: …" on stderr.
func (a *app) run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var cmd commandFunc
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usageText)
			return exitOK
		}
		cmd = commandTable[args[0]]
		if cmd == nil {
			if strings.ContainsAny(args[0], " ?") { // a question without "ask"
				fmt.Fprintf(stderr, "byline: unknown command %q; to ask a question, run: byline ask %q\n",
					terminal.Printable(terminal.Shorten(args[0], 40)), terminal.Printable(args[0]))
				return exitUsage
			}
			fmt.Fprintf(stderr, "byline: unknown command %q; run \"byline help\" for the list\n", terminal.Printable(terminal.Shorten(args[0], 40)))
			return exitUsage
		}
	}

	cfg, err := config.Load(a.lookupEnv, a.dotenv)
	if err != nil {
		// Every problem on its own line, so that all of them can be fixed at once.
		fmt.Fprintln(stderr, "byline: the configuration has problems (environment or .env):")
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintf(stderr, "  - %s\n", line)
		}
		return exitUsage
	}
	c := &cli{
		lg:      newLogger(cfg, stderr),
		secrets: cfg.Secrets(),
		cfg:     cfg,
		stdin:   stdin,
		stdout:  stdout,
		stderr:  stderr,
	}
	c.lg.Debug("configuration", "config", cfg)

	if cmd == nil {
		err = c.interactive(ctx)
	} else if servedCommands[args[0]] && !wantsHelp(args[1:]) {
		code, ferr := c.forward(ctx, args)
		if !errors.Is(ferr, socket.ErrNoServer) {
			if ferr != nil {
				return c.exitCode(ferr)
			}
			return code
		}
		err = cmd(c, ctx, args[1:])
	} else {
		err = cmd(c, ctx, args[1:])
	}
	return c.exitCode(err)
}

// newLogger is the one logger: LOG_LEVEL and LOG_FORMAT, to stderr. Every
// message and value passes through the configuration's secrets scrubber:
// text from outside (a server's error that echoes the key, a URL with a
// password) never reaches the log as it came.
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	level, _ := config.ParseLevel(cfg.LogLevel) // validated by config.Load
	secrets := cfg.Secrets()
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		switch a.Value.Kind() {
		case slog.KindString:
			a.Value = slog.StringValue(secrets.Text(a.Value.String()))
		case slog.KindAny:
			switch v := a.Value.Any().(type) {
			case error:
				a.Value = slog.StringValue(secrets.Text(v.Error()))
			case fmt.Stringer:
				a.Value = slog.StringValue(secrets.Text(v.String()))
			}
		}
		return a
	}}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// exitCode prints err, if any, and classifies it.
func (c *cli) exitCode(err error) int {
	var inputErr *commands.InputError
	var usageErr *usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &inputErr), errors.As(err, &usageErr):
		fmt.Fprintf(c.stderr, "byline: %s\n", terminal.OneLine(c.secrets.Text(err.Error())))
		return exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(c.stderr, "byline: interrupted")
		return exitFailure
	case errors.Is(err, retrieval.ErrIndexLocked):
		fmt.Fprintf(c.stderr, "byline: the index at %s is in use by another byline process (a console or the bot?); stop it, or set INDEX_PATH to another folder\n", c.cfg.IndexPath)
		return exitFailure
	default:
		fmt.Fprintf(c.stderr, "byline: %s\n", terminal.OneLine(c.secrets.Text(err.Error())))
		return exitFailure
	}
}

// parseFlags parses args with fs, allowing flags before and after the
// positional arguments (the flag package alone stops at the first
// positional one). Everything after "--" is positional.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%s: %v (run \"byline help\")", fs.Name(), err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if consumed := args[:len(args)-len(rest)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// commandHelp prints one command's usage line on -h.
func (c *cli) commandHelp(err error, line string) error {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(c.stdout, "Usage: %s\n", line)
	}
	return err
}

func (c *cli) cmdAsk(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the answer as one JSON object")
	asOf := asOfFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return c.commandHelp(err, `byline ask "QUESTION" [--as-of YYYY-MM-DD] [--json]`)
	}
	if len(pos) == 0 {
		return usagef(`ask needs a question, e.g. byline ask "Why did Mexico reject US military intervention?"`)
	}
	svc, done, err := c.openService(ctx, false)
	if err != nil {
		return err
	}
	defer done()
	opt, finish := terminal.Stream(c.stdout, *asJSON)
	question, started := strings.Join(pos, " "), time.Now()
	ans, err := svc.AsOf(asOf.t).Ask(ctx, question, opt)
	finish()
	c.ops.record(ctx, sourceCLI, "ask", question, ans, err, time.Since(started))
	if err != nil {
		return err
	}
	return terminal.WriteAnswer(c.stdout, ans, *asJSON)
}

func (c *cli) cmdSummarize(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("summarize", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the answer as one JSON object")
	detailed := fs.Bool("detailed", false, "a longer summary")
	asOf := asOfFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return c.commandHelp(err, `byline summarize "TITLE OR TOPIC" [--detailed] [--as-of YYYY-MM-DD] [--json]`)
	}
	if len(pos) == 0 {
		return usagef(`summarize needs an article title or a topic, e.g. byline summarize "Mexico Rejects"`)
	}
	svc, done, err := c.openService(ctx, false)
	if err != nil {
		return err
	}
	defer done()
	opt, finish := terminal.Stream(c.stdout, *asJSON)
	opt.Length = commands.Brief
	if *detailed {
		opt.Length = commands.Detailed
	}
	topic, started := strings.Join(pos, " "), time.Now()
	ans, err := svc.AsOf(asOf.t).Summarize(ctx, topic, opt)
	finish()
	c.ops.record(ctx, sourceCLI, "summarize", topic, ans, err, time.Since(started))
	if err != nil {
		return err
	}
	return terminal.WriteAnswer(c.stdout, ans, *asJSON)
}

func (c *cli) cmdQuote(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("quote", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the answer as one JSON object")
	speaker := fs.String("speaker", "", "only quotes attributed to this speaker")
	asOf := asOfFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return c.commandHelp(err, `byline quote "FRAGMENT" [--speaker NAME] [--as-of YYYY-MM-DD] [--json]`)
	}
	if len(pos) == 0 && *speaker == "" {
		return usagef(`quote needs a fragment of the quote or --speaker NAME, e.g. byline quote "sovereign nation"`)
	}
	svc, done, err := c.openService(ctx, false)
	if err != nil {
		return err
	}
	defer done()
	fragment, started := strings.Join(pos, " "), time.Now()
	ans, err := svc.AsOf(asOf.t).Quote(ctx, fragment, *speaker)
	asked := fragment
	if *speaker != "" {
		asked = strings.TrimSpace(fragment + " --speaker " + *speaker)
	}
	c.ops.record(ctx, sourceCLI, "quote", asked, ans, err, time.Since(started))
	if err != nil {
		return err
	}
	return terminal.WriteAnswer(c.stdout, ans, *asJSON)
}

func (c *cli) cmdArticles(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("articles", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the list as one JSON object")
	asOf := asOfFlag(fs)
	var since, until dayFlag
	fs.Var(&since, "since", "only articles published on or after this day (YYYY-MM-DD)")
	fs.Var(&until, "until", "only articles published on or before this day (YYYY-MM-DD)")
	page := fs.Int("page", 0, "show this page of the list (20 a page); 0: the whole list")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return c.commandHelp(err, `byline articles [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--page N] [--as-of YYYY-MM-DD] [--json]`)
	}
	if len(pos) > 0 {
		return usagef("articles takes no arguments (got %q)", terminal.Printable(strings.Join(pos, " ")))
	}
	svc, done, err := c.openService(ctx, false)
	if err != nil {
		return err
	}
	defer done()
	f := commands.ArticleFilter{Since: since.t, Until: until.t}
	if *page != 0 {
		f.Page, f.PerPage = *page, articlesPerPage
	}
	ans, err := svc.AsOf(asOf.t).ListArticles(ctx, f)
	if err != nil {
		return err
	}
	return terminal.WriteAnswer(c.stdout, ans, *asJSON)
}

func (c *cli) cmdIndex(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	rebuild := fs.Bool("rebuild", false, "rebuild the whole index, even what did not change")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return c.commandHelp(err, `byline index [--rebuild]`)
	}
	if len(pos) > 0 {
		return usagef("index takes no arguments (got %q)", terminal.Printable(strings.Join(pos, " ")))
	}
	lib, stats, skipped, err := c.openLibrary(ctx, *rebuild)
	if err != nil {
		return err
	}
	defer lib.Close()
	how := "updated"
	if stats.Rebuilt {
		how = "rebuilt"
	}
	fmt.Fprintf(c.stdout, "Index %s at %s: %s, %s (%d added, %d updated, %d removed); %s skipped.\n",
		how, c.cfg.IndexPath, terminal.Count(stats.Articles, "article"), terminal.Count(stats.Passages, "passage"),
		stats.Added, stats.Updated, stats.Removed, terminal.Count(len(skipped), "file"))
	return nil
}

// openLibrary opens (and brings up to date) the index of the articles:
// unchanged files cost a stat each and are not read.
func (c *cli) openLibrary(ctx context.Context, rebuild bool) (*retrieval.Library, retrieval.SyncStats, []retrieval.Skipped, error) {
	if _, err := os.Stat(c.cfg.SeedsDir); err != nil {
		return nil, retrieval.SyncStats{}, nil, fmt.Errorf("read articles from %s (SEEDS_DIR): %w", c.cfg.SeedsDir, err)
	}
	progress, finish := terminal.Progress(c.stderr, "indexing articles")
	lib, stats, skipped, err := retrieval.OpenDir(ctx, c.cfg.SeedsDir, retrieval.Options{
		MoreDirs: c.moreArticleDirs(),
		Path:     c.cfg.IndexPath,
		Logger:   c.lg,
		Progress: progress,
		Rebuild:  rebuild,
	})
	finish()
	if err != nil {
		if errors.Is(err, retrieval.ErrIndexLocked) {
			return nil, stats, skipped, err // exitCode explains it
		}
		return nil, stats, skipped, fmt.Errorf("open index %s (INDEX_PATH): %w", c.cfg.IndexPath, err)
	}
	c.lg.Debug("index ready", "articles", stats.Articles, "passages", stats.Passages,
		"added", stats.Added, "updated", stats.Updated, "removed", stats.Removed, "skipped", len(skipped))
	return lib, stats, skipped, nil
}

// openService opens the library and the language model (if configured)
// and returns the commands service and a function that closes them.
func (c *cli) openService(ctx context.Context, rebuild bool) (*commands.Service, func(), error) {
	if c.shared != nil {
		return c.shared, func() {}, nil
	}
	svc, _, done, err := c.openServiceLibrary(ctx, rebuild)
	return svc, done, err
}

// openServiceLibrary is openService that also returns the library, for
// the running bot or console, which keeps it up to date.
func (c *cli) openServiceLibrary(ctx context.Context, rebuild bool) (*commands.Service, *retrieval.Library, func(), error) {
	var onRetry func()
	if c.ops != nil {
		onRetry = c.ops.metrics.LLMRetry
	}
	model, err := newChatModel(c.lg, c.cfg, onRetry)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("language model: %w", err)
	}
	if model != nil && c.ops != nil {
		model = meteredModel{ChatModel: model, m: c.ops.metrics}
	}
	lib, _, _, err := c.openLibrary(ctx, rebuild)
	if err != nil {
		return nil, nil, nil, err
	}
	c.ops.libraryOpened(lib)
	cfg := commands.Config{
		LLMTimeout:       c.cfg.LLMTimeout,
		MaxContextTokens: c.cfg.LLMMaxContext,
		MaxAnswerTokens:  c.cfg.LLMMaxAnswer,
	}
	if model != nil {
		cfg.ModelName = c.cfg.OpenAIModel
	}
	svc := commands.New(c.lg, lib, model, cfg)
	return svc, lib, func() {
		if err := lib.Close(); err != nil {
			c.lg.Warn("close index", "err", err)
		}
	}, nil
}

// wantsHelp reports whether args ask for a command's usage, which is
// printed locally.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}
