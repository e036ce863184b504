package main

import "byline/retrieval"

// fetchedPrefix starts the ids of fetched articles (FETCH_DIR), so that
// they never clash with the ids of SEEDS_DIR's files.
const fetchedPrefix = "web/"

// moreArticleDirs are the folders indexed beside SEEDS_DIR: FETCH_DIR,
// when it exists.
func (c *cli) moreArticleDirs() []retrieval.Dir {
	return []retrieval.Dir{{Path: c.cfg.FetchDir, IDPrefix: fetchedPrefix}}
}
