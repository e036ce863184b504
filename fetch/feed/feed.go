// Package feed reads RSS 2.0 and Atom 1.0 feeds with encoding/xml: the
// feed's title and, for each item, its link, title, author, dates and
// summary. It is lenient with the quirks of real feeds (HTML and CDATA in
// descriptions, missing or oddly written dates, relative links, namespaced
// extensions such as content:encoded and dc:creator) and strict with
// anything that is not a feed.
package feed

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// Feed is one parsed feed.
type Feed struct {
	Title string
	Link  string // the site's home page, when the feed names it
	Items []Item
}

// Item is one entry of a feed.
type Item struct {
	// ID identifies the item across fetches: the RSS guid or Atom id, else
	// the link.
	ID    string
	Title string
	// Link is the absolute URL of the article page.
	Link   string
	Author string
	// Published is the publication date; zero when the feed gives none or
	// one that cannot be read.
	Published time.Time
	Updated   time.Time
	// Summary is the description or summary as plain text; Content is the
	// full text as HTML when the feed carries it (content:encoded, Atom
	// content), else "".
	Summary string
	Content string
}

// ErrNotFeed is returned for documents that are neither RSS nor Atom.
var ErrNotFeed = errors.New("not an RSS or Atom feed")

// MaxItems is how many items of one feed are read; the rest are ignored.
const MaxItems = 500

// Parse reads a feed. base is the feed's own URL: relative links resolve
// against it (and against xml:base where the feed sets one).
func Parse(r io.Reader, base *url.URL) (*Feed, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil, ErrNotFeed
		}
		if err != nil {
			return nil, fmt.Errorf("read feed: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		base := withXMLBase(base, se)
		switch strings.ToLower(se.Name.Local) {
		case "rss", "rdf":
			var doc rssDoc
			if err := dec.DecodeElement(&doc, &se); err != nil {
				return nil, fmt.Errorf("read RSS feed: %w", err)
			}
			return doc.feed(base), nil
		case "feed":
			var doc atomFeed
			if err := dec.DecodeElement(&doc, &se); err != nil {
				return nil, fmt.Errorf("read Atom feed: %w", err)
			}
			return doc.feed(base), nil
		default:
			return nil, fmt.Errorf("%w (root element <%s>)", ErrNotFeed, se.Name.Local)
		}
	}
}

// withXMLBase resolves an element's xml:base against base.
func withXMLBase(base *url.URL, se xml.StartElement) *url.URL {
	for _, a := range se.Attr {
		if a.Name.Local == "base" && (a.Name.Space == "xml" || a.Name.Space == "http://www.w3.org/XML/1998/namespace") {
			return resolve(base, a.Value)
		}
	}
	return base
}

// resolve makes ref absolute against base; nil when it is not a usable URL.
func resolve(base *url.URL, ref string) *url.URL {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return base
	}
	u, err := url.Parse(ref)
	if err != nil {
		return base
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return u
}

// link is an absolute http(s) link, or "".
func link(base *url.URL, ref string) string {
	if strings.TrimSpace(ref) == "" {
		return ""
	}
	u := resolve(base, ref)
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// text is an element's character data, trimmed.
type text struct {
	Body string `xml:",chardata"`
}

func (t text) String() string { return strings.TrimSpace(t.Body) }

// richText is an Atom text construct or an RSS description: text, HTML
// (escaped or in CDATA) or, for Atom type="xhtml", markup.
type richText struct {
	Type  string `xml:"type,attr"`
	Text  string `xml:",chardata"`
	Inner string `xml:",innerxml"`
}

// html is the content as HTML.
func (t richText) html() string {
	switch strings.ToLower(strings.TrimSpace(t.Type)) {
	case "xhtml":
		return strings.TrimSpace(t.Inner)
	case "text", "text/plain":
		return html.EscapeString(strings.TrimSpace(t.Text))
	}
	return strings.TrimSpace(t.Text)
}

// plain is the content as plain text on one line.
func (t richText) plain() string {
	return strings.Join(strings.Fields(htmlText(t.html())), " ")
}

// htmlText is the text of an HTML fragment.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if tag == "script" || tag == "style" {
				if z.Token().Type == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			}
			b.WriteByte(' ')
		}
	}
}
