package commands

import (
	"sort"
	"strings"
	"time"

	"byline/retrieval"
)

// citer numbers the passages an answer cites, from 1 in order of first use.
type citer struct {
	lib       *retrieval.Library
	citations []Citation
	byPassage map[string]int
}

func newCiter(lib *retrieval.Library) *citer {
	return &citer{lib: lib, byPassage: map[string]int{}}
}

// cite returns the number of passage p, adding it on first use.
func (c *citer) cite(p retrieval.Passage) int {
	if n, ok := c.byPassage[p.ID]; ok {
		return n
	}
	n := len(c.citations) + 1
	cit := Citation{
		N:         n,
		ArticleID: p.ArticleID,
		Title:     p.Title,
		Author:    p.Author,
		Date:      formatDate(p.Date),
		PassageID: p.ID,
		Start:     p.Start,
		End:       p.End,
		Text:      p.Text,
	}
	if a, ok := c.lib.Article(p.ArticleID); ok {
		cit.URL = a.URL
		if cit.Title == "" {
			cit.Title = a.Title
		}
	}
	c.citations = append(c.citations, cit)
	c.byPassage[p.ID] = n
	return n
}

// passageAt returns the passage of an article that contains byte offset off.
func passageAt(lib *retrieval.Library, articleID string, off int) (retrieval.Passage, bool) {
	ps := lib.Passages(articleID)
	i := sort.Search(len(ps), func(i int) bool { return ps[i].End > off })
	if i < len(ps) && ps[i].Start <= off {
		return ps[i], true
	}
	return retrieval.Passage{}, false
}

// formatDate is YYYY-MM-DD, or "" for an unknown date.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// articleInfo describes an article for listings.
func articleInfo(lib *retrieval.Library, a *retrieval.Article) ArticleInfo {
	return ArticleInfo{
		ID:       a.ID,
		Title:    a.Title,
		Author:   a.Author,
		Date:     formatDate(a.Date),
		URL:      a.URL,
		Passages: lib.PassageCount(a.ID),
	}
}

// describe is "Title — Author, 2025-08-09", leaving out what is unknown.
func describe(title, author, date string) string {
	var b strings.Builder
	b.WriteString(title)
	if author != "" {
		b.WriteString(" — " + author)
	}
	if date != "" {
		if author != "" {
			b.WriteString(", " + date)
		} else {
			b.WriteString(" (" + date + ")")
		}
	}
	return b.String()
}
