// Package live keeps the library of a running bot or console up to date:
// it polls the article folders (a stat walk; only changed files are read),
// runs the feed passes, adds pages for /add, and queues notes about new
// articles for a news channel.
package live

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"byline/commands"
	"byline/fetch"
	"byline/retrieval"
	"byline/terminal"
)

// watchInterval is how often the article folders are looked at for new,
// changed and removed files.
const watchInterval = 2 * time.Second

// announceGap is the least time between two notes about new articles.
const announceGap = 5 * time.Second

// Options are what an Updater works with.
type Options struct {
	Logger  *slog.Logger
	Library *retrieval.Library
	// Fetcher runs the feed passes and /add; nil turns both off.
	Fetcher *fetch.Fetcher
	// Feeds are fetched every FeedInterval (0: never).
	Feeds        []string
	FeedInterval time.Duration
}

// Updater keeps a library up to date while the program runs.
type Updater struct {
	lg      *slog.Logger
	lib     *retrieval.Library
	fetcher *fetch.Fetcher
	feeds   []string
	every   time.Duration

	mu sync.Mutex // one rescan at a time

	news   chan fetch.Result
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Start starts the watcher and, with feeds, a fetcher and an interval, the
// feed passes; Stop ends them.
func Start(ctx context.Context, o Options) *Updater {
	ctx, cancel := context.WithCancel(ctx)
	l := &Updater{lg: o.Logger, lib: o.Library, fetcher: o.Fetcher, feeds: o.Feeds, every: o.FeedInterval,
		cancel: cancel, news: make(chan fetch.Result, 100)}
	l.wg.Go(func() { l.watch(ctx) })
	if l.fetcher != nil && len(l.feeds) > 0 && l.every > 0 {
		l.wg.Go(func() { l.pollFeeds(ctx) })
	}
	return l
}

// CanAdd reports whether pages can be added (there is a fetcher).
func (l *Updater) CanAdd() bool { return l.fetcher != nil }

// Stop ends the background work.
func (l *Updater) Stop() {
	l.cancel()
	l.wg.Wait()
}

func (l *Updater) watch(ctx context.Context) {
	t := time.NewTicker(watchInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := l.rescan(ctx); err != nil && ctx.Err() == nil {
				l.lg.WarnContext(ctx, "library update failed; trying again", "err", err)
			}
		}
	}
}

// rescan brings the library up to date with the folders: one stat per
// file, and only new or changed files are read (Library.Rescan).
func (l *Updater) rescan(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, _, err := l.lib.Rescan(ctx)
	if err != nil {
		return err
	}
	if st.Added+st.Updated+st.Removed > 0 {
		l.lg.DebugContext(ctx, "library rescanned", "added", st.Added, "updated", st.Updated, "removed", st.Removed)
	}
	return nil
}

// pollFeeds runs a feed pass now and every interval.
func (l *Updater) pollFeeds(ctx context.Context) {
	t := time.NewTicker(l.every)
	defer t.Stop()
	for {
		st := l.fetcher.FetchFeeds(ctx, l.feeds)
		l.lg.InfoContext(ctx, "feeds fetched", "feeds", st.Feeds, "feeds_failed", st.FeedsFailed,
			"new", st.New, "updated", st.Updated, "unchanged", st.Unchanged, "failed", st.Failed)
		if st.New+st.Updated > 0 {
			if err := l.rescan(ctx); err != nil && ctx.Err() == nil {
				l.lg.WarnContext(ctx, "library update after the feeds failed", "err", err)
			}
		}
		for _, r := range st.Added {
			l.publish(r)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// publish queues a note about a new article; the queue drops notes when full.
func (l *Updater) publish(r fetch.Result) {
	if r.Outcome != fetch.New {
		return
	}
	select {
	case l.news <- r:
	default:
	}
}

// Announce posts the queued notes with send, one per announceGap at most,
// until ctx ends; the returned function waits for it to stop.
func (l *Updater) Announce(ctx context.Context, send func(ctx context.Context, text string) error) func() {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		var last time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case r := <-l.news:
				if wait := announceGap - time.Since(last); wait > 0 {
					select {
					case <-ctx.Done():
						return
					case <-time.After(wait):
					}
				}
				last = time.Now()
				if err := send(ctx, newsNote(r)); err != nil && ctx.Err() == nil {
					l.lg.WarnContext(ctx, "news note not sent", "url", r.URL, "err", err)
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}

// newsNote is the short note about a new article: title, date, link.
func newsNote(r fetch.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "📰 New article: **%s**", strings.NewReplacer("*", "", "_", "").Replace(terminal.Shorten(r.Title, 200)))
	if !r.Date.IsZero() {
		fmt.Fprintf(&b, " (%s)", r.Date.Format("2006-01-02"))
	}
	fmt.Fprintf(&b, "\n<%s>", r.URL)
	return b.String()
}

// AddPage is /add: the page is fetched and stored, and the library updated
// before the answer, so the article can be asked about at once.
func (l *Updater) AddPage(ctx context.Context, url string) (*commands.Answer, error) {
	if _, err := fetch.CheckURL(url); err != nil {
		return nil, &commands.InputError{Msg: "That is not a web page address (http or https)."}
	}
	r := l.fetcher.Add(ctx, url)
	if r.Outcome == fetch.Failed {
		l.lg.InfoContext(ctx, "page not added", "url", url, "err", r.Err)
		return nil, &commands.InputError{Msg: terminal.AddLine(r)}
	}
	if err := l.rescan(ctx); err != nil {
		return nil, err
	}
	l.publish(r)
	return &commands.Answer{Text: terminal.AddLine(r)}, nil
}
