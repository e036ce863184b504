package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"byline/retrieval"
)

// fetchedPrefix starts the ids of fetched articles (FETCH_DIR), so that
// they never clash with the ids of SEEDS_DIR's files.
const fetchedPrefix = "web/"

// loadArticles reads SEEDS_DIR and, when it exists, FETCH_DIR.
func (c *cli) loadArticles(ctx context.Context) ([]*retrieval.Article, []retrieval.Skipped, error) {
	articles, skipped, err := retrieval.Load(ctx, c.cfg.SeedsDir, c.lg)
	if err != nil {
		return nil, nil, fmt.Errorf("read articles from %s (SEEDS_DIR): %w", c.cfg.SeedsDir, err)
	}
	if _, err := os.Stat(c.cfg.FetchDir); errors.Is(err, fs.ErrNotExist) {
		return articles, skipped, nil
	}
	fetched, skipped2, err := retrieval.Load(ctx, c.cfg.FetchDir, c.lg)
	if err != nil {
		return nil, nil, fmt.Errorf("read fetched articles from %s (FETCH_DIR): %w", c.cfg.FetchDir, err)
	}
	for _, a := range fetched {
		a.ID = fetchedPrefix + a.ID
	}
	return append(articles, fetched...), append(skipped, skipped2...), nil
}
