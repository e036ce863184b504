package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"byline/fetch"
	"byline/store"
	"byline/terminal"
)

// openStore opens the state database at DB_PATH.
func (c *cli) openStore(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(ctx, c.cfg.DBPath)
	if err != nil {
		return nil, fmt.Errorf("%w (DB_PATH)", err)
	}
	return db, nil
}

// newFetcher builds the fetcher of FEEDS and byline add over db. In a
// running bot or console its requests are counted in /metrics.
func newFetcher(c *cli, db *store.DB) *fetch.Fetcher {
	client := fetch.NewClient(fetch.ClientOptions{AllowPrivate: c.cfg.FetchAllowPrivate, Logger: c.lg})
	f := fetch.NewFetcher(c.lg, client, db, c.cfg.FetchDir)
	if c.ops != nil {
		f.OnFetch(c.ops.metrics.FeedFetch)
	}
	return f
}

// cmdFetch is `byline fetch`: one pass over FEEDS, for cron.
func (c *cli) cmdFetch(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the counts as one JSON object")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return c.commandHelp(err, `byline fetch [--json]`)
	}
	if len(pos) > 0 {
		return usagef("fetch takes no arguments; the feeds come from FEEDS (to add one page, run byline add URL)")
	}
	if len(c.cfg.Feeds) == 0 {
		return usagef("fetch: no feeds to fetch; set FEEDS to comma-separated RSS or Atom URLs")
	}
	db, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	st := newFetcher(c, db).FetchFeeds(ctx, c.cfg.Feeds)
	if err := ctx.Err(); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(c.stdout, fetchJSON(st))
	}
	fmt.Fprintf(c.stdout, "Fetched %s (%d failed): %d new, %d updated, %d unchanged, %d failed.\n",
		count(st.Feeds, "feed"), st.FeedsFailed, st.New, st.Updated, st.Unchanged, st.Failed)
	for _, r := range st.Added {
		fmt.Fprintf(c.stdout, "  %s: %s <%s>\n", r.Outcome, terminal.Printable(r.Title), terminal.Printable(r.URL))
	}
	if st.FeedsFailed == st.Feeds {
		return errors.New("every feed failed; see the log above, or byline feeds")
	}
	return nil
}

func fetchJSON(st fetch.Stats) map[string]any {
	added := []map[string]any{}
	for _, r := range st.Added {
		added = append(added, fetchResultJSON(r))
	}
	return map[string]any{
		"feeds": st.Feeds, "feeds_failed": st.FeedsFailed,
		"new": st.New, "updated": st.Updated, "unchanged": st.Unchanged, "failed": st.Failed,
		"articles": added,
	}
}

func fetchResultJSON(r fetch.Result) map[string]any {
	m := map[string]any{"link": r.Link, "url": r.URL, "status": string(r.Outcome), "title": r.Title, "file": r.File}
	if !r.Date.IsZero() {
		m["date"] = r.Date.UTC().Format(time.RFC3339)
	}
	if r.Err != nil {
		m["error"] = r.Err.Error()
	}
	return m
}

// cmdFeeds is `byline feeds`: each feed of FEEDS with its last fetch,
// status and article count.
func (c *cli) cmdFeeds(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("feeds", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the list as one JSON object")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return c.commandHelp(err, `byline feeds [--json]`)
	}
	if len(pos) > 0 {
		return usagef("feeds takes no arguments; the feeds come from FEEDS")
	}
	db, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var feeds []store.Feed
	for _, u := range c.cfg.Feeds {
		f, _, err := db.Feed(ctx, u)
		if err != nil {
			return err
		}
		feeds = append(feeds, f)
	}
	if *asJSON {
		list := []map[string]any{}
		for _, f := range feeds {
			m := map[string]any{"url": f.URL, "title": f.Title, "status": f.Status, "error": f.Error, "articles": f.Articles}
			if !f.LastFetch.IsZero() {
				m["last_fetch"] = f.LastFetch.UTC().Format(time.RFC3339)
			}
			list = append(list, m)
		}
		return writeJSON(c.stdout, map[string]any{"feeds": list})
	}
	if len(feeds) == 0 {
		fmt.Fprintln(c.stdout, "No feeds: set FEEDS to comma-separated RSS or Atom URLs.")
		return nil
	}
	writeFeedsText(c.stdout, feeds)
	return nil
}

func writeFeedsText(w io.Writer, feeds []store.Feed) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tLAST FETCH\tSTATUS\tARTICLES")
	for _, f := range feeds {
		last, status := "never", f.Status
		if !f.LastFetch.IsZero() {
			last = f.LastFetch.Local().Format("2006-01-02 15:04")
		}
		if f.Error != "" {
			status += ": " + shortText(terminal.OneLine(f.Error), 80)
		}
		name := f.URL
		if f.Title != "" {
			name = terminal.Printable(f.Title) + " <" + f.URL + ">"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", name, last, status, f.Articles)
	}
	tw.Flush()
}

// cmdAdd is `byline add URL...`: fetch pages by hand and keep their articles.
func (c *cli) cmdAdd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("add", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the outcomes as one JSON object")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return c.commandHelp(err, `byline add URL... [--json]`)
	}
	if len(pos) == 0 {
		return usagef("add needs the URL of an article page, e.g. byline add https://example.com/news/story")
	}
	for _, u := range pos {
		if _, err := fetch.CheckURL(u); err != nil {
			return usagef("add: %v", err)
		}
	}
	db, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	f := newFetcher(c, db)
	var results []fetch.Result
	failed := 0
	for _, u := range pos {
		r := f.Add(ctx, u)
		if r.Outcome == fetch.Failed {
			failed++
		}
		results = append(results, r)
	}
	if *asJSON {
		list := []map[string]any{}
		for _, r := range results {
			list = append(list, fetchResultJSON(r))
		}
		if err := writeJSON(c.stdout, map[string]any{"results": list}); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			fmt.Fprintln(c.stdout, addLine(r))
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d pages could not be added", failed, len(results))
	}
	return nil
}

// addLine says in one line what became of one page.
func addLine(r fetch.Result) string {
	switch r.Outcome {
	case fetch.New:
		return fmt.Sprintf("Added: %s <%s>", terminal.Printable(r.Title), terminal.Printable(r.URL))
	case fetch.Updated:
		return fmt.Sprintf("Updated: %s <%s>", terminal.Printable(r.Title), terminal.Printable(r.URL))
	case fetch.Unchanged:
		return fmt.Sprintf("Already in the library: %s", terminal.Printable(strings.TrimSpace(r.Title+" <"+r.URL+">")))
	}
	return fmt.Sprintf("Not added: %s: %s", terminal.Printable(r.Link), terminal.OneLine(r.Err.Error()))
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
