package terminal

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"byline/fetch"
	"byline/store"
)

// The JSON forms of byline fetch, feeds and add. Fields are in the
// alphabetical order of their keys, as scripts have always seen them.
type (
	fetchJSON struct {
		Articles    []resultJSON `json:"articles"`
		Failed      int          `json:"failed"`
		Feeds       int          `json:"feeds"`
		FeedsFailed int          `json:"feeds_failed"`
		New         int          `json:"new"`
		Unchanged   int          `json:"unchanged"`
		Updated     int          `json:"updated"`
	}
	resultJSON struct {
		Date   string `json:"date,omitempty"`
		Error  string `json:"error,omitempty"`
		File   string `json:"file"`
		Link   string `json:"link"`
		Status string `json:"status"`
		Title  string `json:"title"`
		URL    string `json:"url"`
	}
	feedJSON struct {
		Articles  int    `json:"articles"`
		Error     string `json:"error"`
		LastFetch string `json:"last_fetch,omitempty"`
		Status    string `json:"status"`
		Title     string `json:"title"`
		URL       string `json:"url"`
	}
)

func resultOf(r fetch.Result) resultJSON {
	j := resultJSON{Link: r.Link, URL: r.URL, Status: string(r.Outcome), Title: r.Title, File: r.File}
	if !r.Date.IsZero() {
		j.Date = r.Date.UTC().Format(time.RFC3339)
	}
	if r.Err != nil {
		j.Error = r.Err.Error()
	}
	return j
}

func resultsOf(rs []fetch.Result) []resultJSON {
	out := []resultJSON{}
	for _, r := range rs {
		out = append(out, resultOf(r))
	}
	return out
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// WriteFetch prints what one pass over the feeds did (byline fetch).
func WriteFetch(w io.Writer, st fetch.Stats, asJSON bool) error {
	if asJSON {
		return writeJSON(w, fetchJSON{
			Feeds: st.Feeds, FeedsFailed: st.FeedsFailed,
			New: st.New, Updated: st.Updated, Unchanged: st.Unchanged, Failed: st.Failed,
			Articles: resultsOf(st.Added),
		})
	}
	fmt.Fprintf(w, "Fetched %s (%d failed): %d new, %d updated, %d unchanged, %d failed.\n",
		Count(st.Feeds, "feed"), st.FeedsFailed, st.New, st.Updated, st.Unchanged, st.Failed)
	for _, r := range st.Added {
		fmt.Fprintf(w, "  %s: %s <%s>\n", r.Outcome, Printable(r.Title), Printable(r.URL))
	}
	return nil
}

// WriteFeeds prints each feed with its last fetch, status and article
// count (byline feeds).
func WriteFeeds(w io.Writer, feeds []store.Feed, asJSON bool) error {
	if asJSON {
		list := []feedJSON{}
		for _, f := range feeds {
			j := feedJSON{URL: f.URL, Title: f.Title, Status: f.Status, Error: f.Error, Articles: f.Articles}
			if !f.LastFetch.IsZero() {
				j.LastFetch = f.LastFetch.UTC().Format(time.RFC3339)
			}
			list = append(list, j)
		}
		return writeJSON(w, struct {
			Feeds []feedJSON `json:"feeds"`
		}{list})
	}
	if len(feeds) == 0 {
		fmt.Fprintln(w, "No feeds: set FEEDS to comma-separated RSS or Atom URLs.")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tLAST FETCH\tSTATUS\tARTICLES")
	for _, f := range feeds {
		last, status := "never", f.Status
		if !f.LastFetch.IsZero() {
			last = f.LastFetch.Local().Format("2006-01-02 15:04")
		}
		if f.Error != "" {
			status += ": " + Shorten(OneLine(f.Error), 80)
		}
		name := f.URL
		if f.Title != "" {
			name = Printable(f.Title) + " <" + f.URL + ">"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", name, last, status, f.Articles)
	}
	return tw.Flush()
}

// WriteAdded prints what became of each page given to byline add.
func WriteAdded(w io.Writer, results []fetch.Result, asJSON bool) error {
	if asJSON {
		return writeJSON(w, struct {
			Results []resultJSON `json:"results"`
		}{resultsOf(results)})
	}
	for _, r := range results {
		fmt.Fprintln(w, AddLine(r))
	}
	return nil
}

// AddLine says in one line what became of one page (byline add, /add).
func AddLine(r fetch.Result) string {
	switch r.Outcome {
	case fetch.New:
		return fmt.Sprintf("Added: %s <%s>", Printable(r.Title), Printable(r.URL))
	case fetch.Updated:
		return fmt.Sprintf("Updated: %s <%s>", Printable(r.Title), Printable(r.URL))
	case fetch.Unchanged:
		return fmt.Sprintf("Already in the library: %s", Printable(strings.TrimSpace(r.Title+" <"+r.URL+">")))
	}
	return fmt.Sprintf("Not added: %s: %s", Printable(r.Link), OneLine(r.Err.Error()))
}

// Count is "1 article", "2 articles".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Shorten cuts s to about n characters for messages.
func Shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
