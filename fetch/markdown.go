package fetch

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"byline/retrieval"
)

// markdown renders an article as Markdown with front matter (title, date,
// author, url, feed), in the form retrieval reads back to the same text.
func markdown(a *retrieval.Article, feedURL string, fetched time.Time) string {
	var b strings.Builder
	b.WriteString("---\n")
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, yamlString(v))
		}
	}
	field("title", a.Title)
	if !a.Date.IsZero() {
		field("date", a.Date.UTC().Format(time.RFC3339))
	}
	field("author", a.Author)
	field("url", a.URL)
	field("feed", feedURL)
	field("fetched", fetched.UTC().Format(time.RFC3339))
	b.WriteString("---\n\n")
	for _, p := range strings.Split(a.Text, "\n\n") {
		b.WriteString(escapeMarkdown(p))
		b.WriteString("\n\n")
	}
	return b.String()
}

// yamlString quotes a one-line value for the front matter.
func yamlString(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

var (
	mdInline     = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "~", `\~`, "<", "‹")
	mdBlockStart = regexp.MustCompile(`^(#|>|\||[-+]|\d{1,3}[.)])`)
)

// escapeMarkdown keeps a paragraph of plain text from being read as
// Markdown markup: inline markers are escaped, and so is a first
// character that would start a heading, quote, list or table. "<" becomes
// "‹", as Markdown has no escape for it and it could start an HTML tag.
func escapeMarkdown(p string) string {
	p = mdInline.Replace(p)
	if m := mdBlockStart.FindStringIndex(p); m != nil {
		i := m[1] - 1 // the marker's last byte: "#", ">", "|", "-", "." or ")"
		p = p[:i] + `\` + p[i:]
	}
	return p
}

var slugDrop = regexp.MustCompile(`[^a-z0-9]+`)

// fileName is where an article with this canonical URL is kept, inside the
// fetched-articles folder: host/slug-hash.md.
func fileName(canonical, title, hash string) string {
	host := "unknown"
	if i := strings.Index(canonical, "://"); i >= 0 {
		host = strings.SplitN(canonical[i+3:], "/", 2)[0]
	}
	host = strings.Trim(slugDrop.ReplaceAllString(strings.ToLower(host), "-"), "-")
	slug := strings.Trim(slugDrop.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(slug) > 60 {
		slug = strings.TrimRight(slug[:60], "-")
	}
	if slug == "" {
		slug = "article"
	}
	return filepath.Join(host, slug+"-"+hash[:10]+".md")
}
