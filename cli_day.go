package main

import (
	"flag"
	"time"

	"byline/retrieval/timeframe"
)

// articlesPerPage is the length of a page of `byline articles --page N`.
const articlesPerPage = 20

// dayFlag is a flag holding a day written YYYY-MM-DD; zero when not given.
type dayFlag struct{ t time.Time }

func (d *dayFlag) String() string {
	if d == nil || d.t.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

func (d *dayFlag) Set(s string) error {
	t, err := timeframe.ParseDay(s)
	if err != nil {
		return err
	}
	d.t = t
	return nil
}

// asOfFlag adds --as-of to fs.
func asOfFlag(fs *flag.FlagSet) *dayFlag {
	d := &dayFlag{}
	fs.Var(d, "as-of", "answer as of this day (YYYY-MM-DD): later articles are not used, and \"this week\" counts from it")
	return d
}
