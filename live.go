package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"byline/commands"
	"byline/fetch"
	"byline/retrieval"
	"byline/terminal"
)

// watchInterval is how often a running bot or console looks for new,
// changed and removed files in SEEDS_DIR and FETCH_DIR.
const watchInterval = 2 * time.Second

// announceGap is the least time between two notes in DISCORD_NEWS_CHANNEL.
const announceGap = 5 * time.Second

// liveLibrary keeps the library of a running bot or console up to date:
// it polls the article folders (a stat walk; only changed files are read), runs
// the feed passes every FEED_INTERVAL, adds pages for /add, and queues
// notes about new articles.
type liveLibrary struct {
	c       *cli
	lib     *retrieval.Library
	fetcher *fetch.Fetcher // nil without a state database

	mu sync.Mutex // one rescan at a time

	news   chan fetch.Result
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// startLive starts the watcher and, with FEEDS, the feed passes; stop
// ends them. Feeds and /add keep their state in the database startOps
// opened (c.ops.db); without one they are off.
func (c *cli) startLive(ctx context.Context, lib *retrieval.Library) *liveLibrary {
	ctx, cancel := context.WithCancel(ctx)
	l := &liveLibrary{c: c, lib: lib, cancel: cancel, news: make(chan fetch.Result, 100)}
	if c.ops != nil && c.ops.db != nil {
		l.fetcher = newFetcher(c, c.ops.db)
	} else {
		c.lg.WarnContext(ctx, "no state database: feeds and /add are off", "path", c.cfg.DBPath)
	}
	l.wg.Go(func() { l.watch(ctx) })
	if l.fetcher != nil && len(c.cfg.Feeds) > 0 && c.cfg.FeedInterval > 0 {
		l.wg.Go(func() { l.pollFeeds(ctx) })
	}
	return l
}

// stop ends the background work.
func (l *liveLibrary) stop() {
	l.cancel()
	l.wg.Wait()
}

func (l *liveLibrary) watch(ctx context.Context) {
	t := time.NewTicker(watchInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := l.rescan(ctx); err != nil && ctx.Err() == nil {
				l.c.lg.WarnContext(ctx, "library update failed; trying again", "err", err)
			}
		}
	}
}

// rescan brings the library up to date with the folders: one stat per
// file, and only new or changed files are read (Library.Rescan).
func (l *liveLibrary) rescan(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, _, err := l.lib.Rescan(ctx)
	if err != nil {
		return err
	}
	if st.Added+st.Updated+st.Removed > 0 {
		l.c.lg.DebugContext(ctx, "library rescanned", "added", st.Added, "updated", st.Updated, "removed", st.Removed)
	}
	return nil
}

// pollFeeds runs a feed pass now and every FEED_INTERVAL.
func (l *liveLibrary) pollFeeds(ctx context.Context) {
	t := time.NewTicker(l.c.cfg.FeedInterval)
	defer t.Stop()
	for {
		st := l.fetcher.FetchFeeds(ctx, l.c.cfg.Feeds)
		l.c.lg.InfoContext(ctx, "feeds fetched", "feeds", st.Feeds, "feeds_failed", st.FeedsFailed,
			"new", st.New, "updated", st.Updated, "unchanged", st.Unchanged, "failed", st.Failed)
		if st.New+st.Updated > 0 {
			if err := l.rescan(ctx); err != nil && ctx.Err() == nil {
				l.c.lg.WarnContext(ctx, "library update after the feeds failed", "err", err)
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
func (l *liveLibrary) publish(r fetch.Result) {
	if r.Outcome != fetch.New {
		return
	}
	select {
	case l.news <- r:
	default:
	}
}

// announce posts the queued notes with send, one per announceGap at most,
// until ctx ends; the returned function waits for it to stop.
func (l *liveLibrary) announce(ctx context.Context, send func(ctx context.Context, text string) error) func() {
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
					l.c.lg.WarnContext(ctx, "news note not sent", "url", r.URL, "err", err)
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
func (l *liveLibrary) AddPage(ctx context.Context, url string) (*commands.Answer, error) {
	if _, err := fetch.CheckURL(url); err != nil {
		return nil, &commands.InputError{Msg: "That is not a web page address (http or https)."}
	}
	r := l.fetcher.Add(ctx, url)
	if r.Outcome == fetch.Failed {
		l.c.lg.InfoContext(ctx, "page not added", "url", url, "err", r.Err)
		return nil, &commands.InputError{Msg: terminal.AddLine(r)}
	}
	if err := l.rescan(ctx); err != nil {
		return nil, err
	}
	l.publish(r)
	return &commands.Answer{Text: terminal.AddLine(r)}, nil
}
