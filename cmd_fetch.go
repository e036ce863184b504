package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

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
	if err := terminal.WriteFetch(c.stdout, st, *asJSON); err != nil {
		return err
	}
	if st.FeedsFailed == st.Feeds {
		return errors.New("every feed failed; see the log above, or byline feeds")
	}
	return nil
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
	return terminal.WriteFeeds(c.stdout, feeds, *asJSON)
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
	if err := terminal.WriteAdded(c.stdout, results, *asJSON); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d pages could not be added", failed, len(results))
	}
	return nil
}
