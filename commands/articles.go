package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"byline/retrieval"
	"byline/retrieval/timeframe"
)

// ArticleFilter narrows and pages an article listing.
type ArticleFilter struct {
	// Since and Until keep articles published on those days or between
	// them (zero: open); undated articles are left out of a bounded list.
	Since, Until time.Time
	// Period, when set, is read as a period ("2024", "March 2025", "last
	// week") relative to the as-of day, and narrows Since and Until.
	Period string
	// Page is 1-based; PerPage 0 lists everything on one page.
	Page, PerPage int
}

// Articles lists the indexed articles published by the as-of day, newest
// first, with their passage counts; Text is a numbered list.
func (s *Service) Articles(ctx context.Context) (*Answer, error) {
	return s.ListArticles(ctx, ArticleFilter{})
}

// ListArticles lists the articles f lets through, newest first, one page
// of them: Text is a numbered list of the page with a line saying which
// page of how many, Articles the page. A bad Period or page is an
// *InputError.
func (s *Service) ListArticles(ctx context.Context, f ArticleFilter) (*Answer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	frame := timeframe.Frame{Since: timeframe.Day(f.Since), Until: timeframe.Day(f.Until)}
	if f.Since.IsZero() {
		frame.Since = time.Time{}
	}
	if f.Until.IsZero() {
		frame.Until = time.Time{}
	} else {
		frame.Until = frame.Until.AddDate(0, 0, 1) // --until is inclusive
	}
	if p := strings.TrimSpace(f.Period); p != "" {
		pf, err := timeframe.ParsePeriod(cleanText(p), s.Today())
		if err != nil {
			return nil, &InputError{Msg: err.Error()}
		}
		frame = pf
	}
	var arts []*retrieval.Article
	for _, a := range s.publishedArticles() {
		if frame.Contains(a.Date) {
			arts = append(arts, a)
		}
	}
	first, last, pages, err := pageOf(len(arts), f.Page, f.PerPage)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	what := plural(len(arts), "article", "articles") + publishedIn(frame)
	switch {
	case len(arts) == 0:
		fmt.Fprintf(&b, "No %s.", what)
	case pages > 1:
		fmt.Fprintf(&b, "%d %s, newest first (page %d of %d):\n", len(arts), what, f.Page, pages)
	default:
		fmt.Fprintf(&b, "%d %s, newest first:\n", len(arts), what)
	}
	infos := make([]ArticleInfo, 0, last-first)
	for i := first; i < last; i++ {
		info := articleInfo(s.lib, arts[i])
		infos = append(infos, info)
		fmt.Fprintf(&b, "\n%d. %s (%d %s)", i+1, describe(info.Title, info.Author, info.Date),
			info.Passages, plural(info.Passages, "passage", "passages"))
	}
	return &Answer{
		Text:      b.String(),
		Mode:      ModeExtractive,
		Citations: []Citation{},
		Quotes:    []Quote{},
		Articles:  infos,
	}, nil
}

// pageOf is the range [first, last) of items on a 1-based page, and the
// number of pages. perPage 0 is one page of everything.
func pageOf(n, page, perPage int) (first, last, pages int, err error) {
	if perPage <= 0 {
		if page > 1 {
			return 0, 0, 0, &InputError{Msg: "There is only one page."}
		}
		return 0, n, 1, nil
	}
	pages = max(1, (n+perPage-1)/perPage)
	if page < 1 || page > pages {
		return 0, 0, 0, &InputError{Msg: fmt.Sprintf("There is no page %d; pages go from 1 to %d.", page, pages)}
	}
	first = (page - 1) * perPage
	return first, min(n, first+perPage), pages, nil
}

// Titles returns up to max articles whose title matches prefix as typed so
// far (case-insensitive), for autocomplete: titles that start with it
// first, then titles with a word that starts with it, then titles that
// contain it; newest first within each group. All articles (up to max) when
// prefix is empty; max <= 0 means no limit.
func (s *Service) Titles(prefix string, max int) []ArticleInfo {
	p := strings.ToLower(cleanText(prefix))
	var groups [3][]ArticleInfo
	for _, a := range s.publishedArticles() {
		t := strings.ToLower(a.Title)
		g := -1
		switch {
		case strings.HasPrefix(t, p):
			g = 0
		case wordStartsWith(t, p):
			g = 1
		case strings.Contains(t, p):
			g = 2
		}
		if g >= 0 {
			groups[g] = append(groups[g], articleInfo(s.lib, a))
		}
	}
	out := append(append(groups[0], groups[1]...), groups[2]...)
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	return out
}

// wordStartsWith reports whether a word of s (lower case) starts with p.
func wordStartsWith(s, p string) bool {
	for i := strings.Index(s, p); i >= 0; {
		if i == 0 || !isWordByte(s[i-1]) {
			return true
		}
		j := strings.Index(s[i+1:], p)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// publishedIn is " published in 2024", " published on 2025-08-08",
// " published from 2025-08-01 to 2025-08-09", " published since …", or
// "" without a window.
func publishedIn(f timeframe.Frame) string {
	p := f.String()
	switch {
	case p == "":
		return ""
	case strings.HasPrefix(p, "since"), strings.HasPrefix(p, "before"):
		return " published " + p
	case strings.Contains(p, " to "):
		return " published from " + p
	case len(p) == len("2006-01-02"):
		return " published on " + p
	}
	return " published in " + p
}
