package terminal

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"byline/commands"
	"byline/retrieval/timeframe"
)

// MaxLine is the longest console line read; longer lines are
// answered with a message (the question limit is far lower anyway).
const MaxLine = 1 << 20

const consoleHelp = `Type a question, or one of:
  /ask QUESTION
  /summarize TITLE OR TOPIC [--detailed]
  /quote FRAGMENT [--speaker NAME]     (or /quote speaker:NAME)
  /articles [PERIOD]                   (e.g. /articles 2024, /articles last week)
  /asof YYYY-MM-DD                     answer as of that day (/asof today: back to today)
  /help                                (or help)
  /quit                                (or quit, exit, Ctrl-D)
`

// Console is the interactive console: questions and /commands read line
// by line, answers rendered for the terminal.
type Console struct {
	Logger *slog.Logger
	In     io.Reader
	Out    io.Writer
	// Record, when set, is told of every question answered or failed
	// (ask, summarize, quote), for the question log.
	Record func(ctx context.Context, command, question string, a *commands.Answer, err error, took time.Duration)
}

// Run answers commands read line by line from In with svc until /quit,
// EOF or the end of ctx.
func (c *Console) Run(ctx context.Context, svc *commands.Service) error {
	fmt.Fprintln(c.Out, "Byline is in local mode (no DISCORD_TOKEN set): ask about the articles here. To run it as a Discord bot, set DISCORD_TOKEN in .env. Type /help for the commands, /quit to leave.")
	prompt := IsTerminal(c.In) && IsTerminal(c.Out)

	// The reader goroutine ends at EOF or a read error; when ctx ends
	// first, it stays blocked in Read until the process exits.
	session := &consoleSession{base: svc, svc: svc}
	lines := make(chan consoleLine)
	go readLines(ctx, c.In, MaxLine, lines)

	for {
		if prompt {
			fmt.Fprint(c.Out, "> ")
		}
		var line consoleLine
		var ok bool
		select {
		case <-ctx.Done():
			fmt.Fprintln(c.Out)
			return nil
		case line, ok = <-lines:
		}
		if !ok {
			if prompt {
				fmt.Fprintln(c.Out) // Ctrl-D: leave the shell's prompt on a line of its own
			}
			return nil
		}
		if line.err != nil {
			return fmt.Errorf("read console input: %w", line.err)
		}
		if line.tooLong {
			fmt.Fprintf(c.Out, "That line is too long (over %d bytes); please ask a shorter question.\n\n", MaxLine)
			continue
		}
		quit, err := c.command(ctx, session, line.text)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			var inputErr *commands.InputError
			if errors.As(err, &inputErr) {
				fmt.Fprintf(c.Out, "%s\n\n", Printable(inputErr.Msg))
			} else {
				c.Logger.Error("console command failed", "err", err)
				fmt.Fprintf(c.Out, "Sorry, that failed: %s\n\n", OneLine(err.Error()))
			}
			continue
		}
		if quit {
			return nil
		}
	}
}

// consoleSession is what a console remembers between lines: the Service
// it answers with, which /asof replaces with one as of another day, and
// the last question and answer, sent along with the next question as in
// a Discord thread, so that follow-ups work.
type consoleSession struct {
	base, svc *commands.Service
	history   []commands.Message
}

// command runs one console line. The session's history holds the
// last question and answer; a question's is replaced by its own.
func (c *Console) command(ctx context.Context, session *consoleSession, line string) (quit bool, err error) {
	svc, history := session.svc, &session.history
	line = strings.TrimSpace(line)
	if line == "" {
		return false, nil
	}
	switch strings.ToLower(strings.TrimRight(line, ".!")) {
	case "help", "quit", "exit", "q":
		line = "/" + strings.ToLower(strings.TrimRight(line, ".!"))
	}
	name, rest := "/ask", line
	if strings.HasPrefix(line, "/") {
		name, rest, _ = strings.Cut(line, " ")
		name = strings.ToLower(name)
		rest = strings.TrimSpace(rest)
	}
	var ans *commands.Answer
	started := time.Now()
	defer func() {
		switch name {
		case "/ask", "/summarize", "/summarise", "/quote":
			if c.Record != nil {
				c.Record(ctx, strings.TrimPrefix(name, "/"), rest, ans, err, time.Since(started))
			}
		}
	}()
	switch name {
	case "/quit", "/exit", "/q":
		return true, nil
	case "/help", "/h", "/?":
		fmt.Fprint(c.Out, consoleHelp+"\n")
		return false, nil
	case "/ask":
		opt, finish := Stream(c.Out, false)
		opt.History = *history
		ans, err = svc.Ask(ctx, rest, opt)
		finish()
		if err == nil && !ans.Refused {
			*history = []commands.Message{{Role: "user", Content: rest}, {Role: "assistant", Content: ans.Text}}
		}
	case "/summarize", "/summarise":
		opt, finish := Stream(c.Out, false)
		opt.Length = commands.Brief
		if topic, ok := cutWord(rest, "--detailed"); ok {
			rest, opt.Length = topic, commands.Detailed
		}
		ans, err = svc.Summarize(ctx, rest, opt)
		finish()
	case "/quote":
		fragment, speaker := splitSpeaker(rest)
		ans, err = svc.Quote(ctx, fragment, speaker)
	case "/articles":
		ans, err = svc.ListArticles(ctx, commands.ArticleFilter{Period: rest})
	case "/asof":
		msg, err := session.setAsOf(rest)
		if err != nil {
			return false, err
		}
		fmt.Fprintf(c.Out, "%s\n\n", msg)
		return false, nil
	default:
		fmt.Fprintf(c.Out, "Unknown command %s. Type /help for the commands.\n\n", Printable(name))
		return false, nil
	}
	if err != nil {
		return false, err
	}
	fmt.Fprintln(c.Out, Render(ans))
	return false, nil
}

// cutWord removes the word w from s, reporting whether it was there.
func cutWord(s, w string) (string, bool) {
	fields := strings.Fields(s)
	kept := fields[:0]
	found := false
	for _, f := range fields {
		if f == w {
			found = true
			continue
		}
		kept = append(kept, f)
	}
	return strings.Join(kept, " "), found
}

// splitSpeaker splits "/quote" arguments into the fragment and the speaker
// given as "--speaker NAME" or "speaker:NAME" (the speaker runs to the end).
func splitSpeaker(s string) (fragment, speaker string) {
	for _, marker := range []string{"--speaker ", "speaker:"} {
		if i := strings.Index(s, marker); i >= 0 && (i == 0 || s[i-1] == ' ') {
			return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(marker):])
		}
	}
	return s, ""
}

// consoleLine is one line of console input.
type consoleLine struct {
	text    string
	tooLong bool // the line was longer than the limit and was dropped
	err     error
}

// readLines sends r's lines to out (without the newline) and closes out at
// EOF. A line longer than max is read to its end and sent as tooLong, so one
// huge line neither crashes nor ends the console.
func readLines(ctx context.Context, r io.Reader, max int, out chan<- consoleLine) {
	defer close(out)
	br := bufio.NewReaderSize(r, 64<<10)
	send := func(l consoleLine) bool {
		select {
		case out <- l:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for {
		var buf []byte
		tooLong := false
		var err error
		for {
			var chunk []byte
			chunk, err = br.ReadSlice('\n')
			if !tooLong {
				if len(buf)+len(chunk) > max+1 { // +1: the newline
					tooLong, buf = true, nil
				} else {
					buf = append(buf, chunk...)
				}
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		if len(buf) > 0 || tooLong {
			text := strings.TrimRight(string(buf), "\r\n")
			if !send(consoleLine{text: text, tooLong: tooLong}) {
				return
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				send(consoleLine{err: err})
			}
			return
		}
	}
}

// setAsOf answers /asof: a day (YYYY-MM-DD) or "today".
func (s *consoleSession) setAsOf(arg string) (string, error) {
	arg = strings.TrimSpace(arg)
	switch strings.ToLower(arg) {
	case "":
		return "Answering as of " + s.svc.Today().Format("2006-01-02") + ". Type /asof YYYY-MM-DD to change it.", nil
	case "today", "now":
		s.svc = s.base
		return "Answering as of today.", nil
	}
	day, err := timeframe.ParseDay(arg)
	if err != nil {
		return "", &commands.InputError{Msg: err.Error()}
	}
	s.svc = s.base.AsOf(day)
	return "Answering as of " + day.Format("2006-01-02") + ": later articles are not used.", nil
}
