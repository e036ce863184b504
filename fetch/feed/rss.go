package feed

import (
	"encoding/xml"
	"net/url"
	"strings"
)

// Namespaces of the RSS extensions read.
const (
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsAtom    = "http://www.w3.org/2005/Atom"
)

// rssDoc is an RSS 2.0 document (RSS 0.9x and RDF-based 1.0 read the same
// way, their items being siblings of the channel in 1.0).
type rssDoc struct {
	Channel rssChannel `xml:"channel"`
	Items   []rssItem  `xml:"item"` // RSS 1.0
}

type rssChannel struct {
	Title text      `xml:"title"`
	Links []rssLink `xml:"link"`
	Items []rssItem `xml:"item"`
}

// rssLink is a channel's <link>: RSS's text link, or an atom:link
// (rel="self") that many RSS feeds carry beside it.
type rssLink struct {
	XMLName xml.Name
	Href    string `xml:"href,attr"`
	Rel     string `xml:"rel,attr"`
	Text    string `xml:",chardata"`
}

type rssItem struct {
	Title       richText  `xml:"title"`
	Links       []rssLink `xml:"link"`
	GUID        rssGUID   `xml:"guid"`
	Description richText  `xml:"description"`
	Content     []nsText  `xml:"encoded"`
	Authors     []nsText  `xml:"author"`
	Creators    []nsText  `xml:"creator"`
	PubDate     text      `xml:"pubDate"`
	Dates       []nsText  `xml:"date"`
	Updated     []nsText  `xml:"updated"`
}

type rssGUID struct {
	Text        string `xml:",chardata"`
	IsPermaLink string `xml:"isPermaLink,attr"`
}

// nsText is an element whose namespace decides what it means.
type nsText struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

func (d *rssDoc) feed(base *url.URL) *Feed {
	f := &Feed{Title: d.Channel.Title.String()}
	for _, l := range d.Channel.Links {
		if l.XMLName.Space == "" && f.Link == "" {
			f.Link = link(base, l.Text)
		}
	}
	items := append(d.Channel.Items, d.Items...)
	for _, it := range items[:min(len(items), MaxItems)] {
		if item, ok := it.item(base); ok {
			f.Items = append(f.Items, item)
		}
	}
	return f
}

func (it *rssItem) item(base *url.URL) (Item, bool) {
	var out Item
	for _, l := range it.Links {
		switch {
		case l.XMLName.Space == "" && out.Link == "":
			out.Link = link(base, l.Text)
		case l.XMLName.Space == nsAtom && (l.Rel == "" || l.Rel == "alternate") && out.Link == "":
			out.Link = link(base, l.Href)
		}
	}
	guid := strings.TrimSpace(it.GUID.Text)
	if out.Link == "" && guid != "" && !strings.EqualFold(it.GUID.IsPermaLink, "false") {
		out.Link = link(base, guid) // a permalink guid is the item's address
	}
	out.ID = guid
	if out.ID == "" {
		out.ID = out.Link
	}
	out.Title = it.Title.plain()
	out.Summary = it.Description.plain()
	for _, c := range it.Content {
		if c.XMLName.Space == nsContent && out.Content == "" {
			out.Content = strings.TrimSpace(c.Text)
		}
	}
	for _, a := range append(it.Creators, it.Authors...) {
		if out.Author == "" && (a.XMLName.Space == nsDC || a.XMLName.Space == "") {
			out.Author = rssAuthor(a.Text)
		}
	}
	out.Published = parseDate(it.PubDate.String())
	for _, d := range it.Dates {
		if out.Published.IsZero() && d.XMLName.Space == nsDC {
			out.Published = parseDate(d.Text)
		}
	}
	for _, d := range it.Updated {
		if out.Updated.IsZero() {
			out.Updated = parseDate(d.Text)
		}
	}
	if out.Title == "" && out.Summary != "" {
		out.Title = shorten(out.Summary, 80)
	}
	return out, out.Link != "" || out.ID != ""
}

// rssAuthor reads RSS's author, which is "email (Name)" by the
// specification and often just a name in practice.
func rssAuthor(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, "("); i >= 0 && strings.HasSuffix(s, ")") && strings.Contains(s[:i], "@") {
		return strings.TrimSpace(s[i+1 : len(s)-1])
	}
	if strings.Contains(s, "@") && !strings.Contains(s, " ") {
		return "" // a bare e-mail address names no one
	}
	return s
}

// shorten cuts s to about n characters at a word boundary.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
