package feed

import (
	"net/url"
	"strings"
)

type atomFeed struct {
	Title   richText    `xml:"title"`
	Links   []atomLink  `xml:"link"`
	Authors []atomName  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type atomName struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Base      string     `xml:"http://www.w3.org/XML/1998/namespace base,attr"`
	ID        text       `xml:"id"`
	Title     richText   `xml:"title"`
	Links     []atomLink `xml:"link"`
	Authors   []atomName `xml:"author"`
	Published text       `xml:"published"`
	Updated   text       `xml:"updated"`
	Summary   richText   `xml:"summary"`
	Content   richText   `xml:"content"`
}

func (d *atomFeed) feed(base *url.URL) *Feed {
	f := &Feed{Title: d.Title.plain(), Link: alternate(base, d.Links)}
	feedAuthor := names(d.Authors)
	for _, e := range d.Entries[:min(len(d.Entries), MaxItems)] {
		b := base
		if e.Base != "" {
			b = resolve(base, e.Base)
		}
		it := Item{
			ID:        e.ID.String(),
			Title:     e.Title.plain(),
			Link:      alternate(b, e.Links),
			Author:    names(e.Authors),
			Published: parseDate(e.Published.String()),
			Updated:   parseDate(e.Updated.String()),
			Summary:   e.Summary.plain(),
			Content:   e.Content.html(),
		}
		if it.Author == "" {
			it.Author = feedAuthor
		}
		if it.Published.IsZero() {
			it.Published = it.Updated
		}
		if it.ID == "" {
			it.ID = it.Link
		}
		if it.Summary == "" && it.Content != "" {
			it.Summary = shorten(strings.Join(strings.Fields(htmlText(it.Content)), " "), 300)
		}
		if it.ID != "" || it.Link != "" {
			f.Items = append(f.Items, it)
		}
	}
	return f
}

// alternate is the link to the page itself: rel="alternate" (the default
// when rel is absent), preferring an HTML one.
func alternate(base *url.URL, links []atomLink) string {
	best := ""
	for _, l := range links {
		rel := strings.ToLower(strings.TrimSpace(l.Rel))
		if rel != "" && rel != "alternate" {
			continue
		}
		u := link(base, l.Href)
		if u == "" {
			continue
		}
		if t := strings.ToLower(l.Type); t == "" || strings.Contains(t, "html") {
			return u
		}
		if best == "" {
			best = u
		}
	}
	return best
}

func names(as []atomName) string {
	var out []string
	for _, a := range as {
		if n := strings.Join(strings.Fields(a.Name), " "); n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}
