package terminal

import (
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"byline/commands"
)

// IsTerminal reports whether w is a terminal.
func IsTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Stream prints the language model's text to w as it streams in, when w
// is a terminal (not for --json or pipes, which get only the final,
// verified answer). The draft is printed faint, as its citation numbers
// are the prompt's and its quotes are not checked yet; the checked answer
// follows it. finish ends the streamed draft.
func Stream(w io.Writer, asJSON bool) (opt commands.Options, finish func()) {
	if asJSON || !IsTerminal(w) {
		return commands.Options{}, func() {}
	}
	var mu sync.Mutex
	streamed := false
	opt = commands.Options{OnDelta: func(delta string) {
		mu.Lock()
		defer mu.Unlock()
		if !streamed {
			fmt.Fprint(w, ansiFaint+"(draft, as the model writes it)\n")
			streamed = true
		}
		fmt.Fprint(w, Printable(delta))
	}}
	return opt, func() {
		mu.Lock()
		defer mu.Unlock()
		if streamed {
			fmt.Fprint(w, ansiReset+"\n\n(checked against the articles:)\n")
		}
	}
}

// Terminal attributes for the streamed draft.
const (
	ansiFaint = "\x1b[2m"
	ansiReset = "\x1b[0m"
)

// progressMin is the count of items from which a progress bar is drawn;
// smaller collections index in a blink.
const progressMin = 200

// Progress returns a progress callback (done of total) that draws a bar
// described as what on w when w is a terminal and total is large, and a
// function that clears it.
func Progress(w io.Writer, what string) (progress func(done, total int), finish func()) {
	if !IsTerminal(w) {
		return nil, func() {}
	}
	var mu sync.Mutex
	var bar *progressbar.ProgressBar
	progress = func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if total < progressMin {
			return
		}
		if bar == nil {
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(w),
				progressbar.OptionSetDescription(what),
				progressbar.OptionShowCount(),
				progressbar.OptionClearOnFinish(),
			)
		}
		_ = bar.Set(done)
	}
	return progress, func() {
		mu.Lock()
		defer mu.Unlock()
		if bar != nil {
			_ = bar.Finish()
		}
	}
}
