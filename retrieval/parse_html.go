package retrieval

import (
	"cmp"
	"encoding/json"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"byline/retrieval/extract"
)

// HTMLBody chooses how the text of an HTML page is found.
type HTMLBody int

const (
	// ReadableBody finds the article with go-readability (Mozilla's
	// Readability), falling back to StructuralBody when it finds nothing.
	// Measured on 181 real pages (byline eval extract) it keeps far less
	// page furniture; it is what Parse uses.
	ReadableBody HTMLBody = iota
	// StructuralBody takes the text of <article>, else <main>, else
	// <body>, without navigation, headers, footers and asides: Byline's
	// extractor before go-readability, kept as the fallback and as the
	// evaluation's reference.
	StructuralBody
)

// ParseHTML reads one HTML page as an article, finding its text as body
// says. pageURL (may be "") resolves the page's relative links.
func ParseHTML(id, pageURL string, data []byte, body HTMLBody) (*Article, error) {
	s, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	a, err := parseHTML(s, pageURL, body)
	if err != nil {
		return nil, err
	}
	a.ID = id
	a.Hash = hashArticle(a)
	return a, nil
}

// htmlMeta is what the head and the markup of a page say about its article.
type htmlMeta struct {
	title, ogTitle, h1, timeAttr string
	ld                           []string // JSON-LD blocks
	article, main, body          *html.Node
}

// parseHTML reads an HTML page: the title from og:title, <title> or the
// first <h1>; the date from article:published_time and similar <meta>
// tags, JSON-LD or a <time datetime>; the author from <meta name=author>
// or JSON-LD; the URL from the canonical link or og:url; the body text as
// body says. go-readability's own title, byline and date fill what the
// tags leave empty.
func parseHTML(s, pageURL string, body HTMLBody) (*Article, error) {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return nil, err
	}
	extract.RemoveHidden(doc)
	a := &Article{}
	m := readPageMeta(a, doc)
	var paras []string
	if body == ReadableBody {
		var u *url.URL
		if pageURL != "" {
			u, _ = url.Parse(pageURL)
		}
		// Readability changes the tree it reads: give it its own.
		if pg, err := extract.Readable([]byte(s), u); err == nil && pg.Text != "" {
			paras = strings.Split(pg.Text, "\n\n")
			if m.ogTitle == "" && pg.Title != "" {
				m.ogTitle = cleanLine(pg.Title)
			}
			if a.Author == "" && pg.Author != "" && !strings.Contains(pg.Author, "://") {
				a.Author = bylineName(cleanLine(pg.Author))
			}
			if a.Date.IsZero() {
				a.Date = pg.Date
			}
		}
	}
	if paras == nil {
		root := cmp.Or(m.article, m.main, m.body, doc)
		paras = structuralText(root)
	}
	switch {
	case m.ogTitle != "":
		a.Title = m.ogTitle
	case m.title != "":
		a.Title = m.title
	default:
		a.Title = m.h1
	}
	if a.Date.IsZero() && m.timeAttr != "" {
		a.Date, _ = parseDate(m.timeAttr)
	}
	// The headline usually opens the body again; it is the title, not text.
	if len(paras) > 0 && (strings.EqualFold(paras[0], a.Title) || strings.EqualFold(paras[0], m.h1)) {
		if a.Title == "" {
			a.Title = paras[0]
		}
		paras = paras[1:]
	}
	var kept []string
	for _, p := range paras {
		if p = cleanLine(p); p != "" && !isFurniture(p) {
			kept = append(kept, p)
		}
	}
	return a.withBody(kept)
}

// readPageMeta walks the page once for its metadata, filling a's date,
// author and URL, and returns the rest.
func readPageMeta(a *Article, doc *html.Node) htmlMeta {
	var m htmlMeta
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if m.title == "" {
					m.title = cleanLine(textOf(n))
				}
			case atom.Meta:
				readMeta(a, n, &m.ogTitle)
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
					m.ld = append(m.ld, textOf(n))
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && a.URL == "" {
					a.URL = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Time:
				if m.timeAttr == "" {
					m.timeAttr = cmp.Or(attr(n, "datetime"), textOf(n))
				}
			case atom.H1:
				if m.h1 == "" {
					m.h1 = cleanLine(textOf(n))
				}
			case atom.Article:
				if m.article == nil {
					m.article = n
				}
			case atom.Main:
				if m.main == nil {
					m.main = n
				}
			case atom.Body:
				m.body = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, block := range m.ld {
		readJSONLD(a, block, &m.ogTitle)
	}
	return m
}

// structuralText is the text of root's blocks, without page chrome.
func structuralText(root *html.Node) []string {
	var paras []string
	var cur strings.Builder
	flush := func() {
		if p := cleanLine(cur.String()); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	var text func(n *html.Node)
	text = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if skipElement(n) {
				return
			}
			if n.DataAtom == atom.Br {
				flush()
				return
			}
		}
		block := n.Type == html.ElementNode && blockElements[n.DataAtom]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			text(c)
		}
		if block {
			flush()
		}
	}
	text(root)
	flush()
	return paras
}

func readMeta(a *Article, n *html.Node, ogTitle *string) {
	key := strings.ToLower(attr(n, "property"))
	if key == "" {
		key = strings.ToLower(attr(n, "name"))
	}
	if key == "" {
		key = strings.ToLower(attr(n, "itemprop"))
	}
	val := cleanLine(attr(n, "content"))
	if val == "" {
		return
	}
	switch key {
	case "og:title", "twitter:title":
		if *ogTitle == "" {
			*ogTitle = val
		}
	case "article:published_time", "date", "pubdate", "publishdate", "publish-date", "dc.date",
		"dc.date.issued", "datepublished", "sailthru.date", "parsely-pub-date", "og:published_time":
		if a.Date.IsZero() {
			a.Date, _ = parseDate(val)
		}
	case "author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author":
		if a.Author == "" && !strings.Contains(val, "://") {
			a.Author = bylineName(val)
		}
	case "og:url":
		if a.URL == "" {
			a.URL = val
		}
	}
}

func attr(n *html.Node, name string) string {
	for _, at := range n.Attr {
		if strings.EqualFold(at.Key, name) {
			return at.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return b.String()
}

// skipElement says whether an element holds page chrome rather than article text.
func skipElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Nav, atom.Header, atom.Footer,
		atom.Aside, atom.Form, atom.Button, atom.Svg, atom.Iframe, atom.Select, atom.Figure, atom.Head,
		atom.Object, atom.Embed, atom.Canvas, atom.Dialog, atom.Menu:
		return true
	}
	for _, at := range n.Attr {
		if at.Key == "hidden" || at.Key == "aria-hidden" && strings.EqualFold(at.Val, "true") {
			return true
		}
	}
	switch strings.ToLower(attr(n, "role")) {
	case "navigation", "banner", "contentinfo", "complementary", "search":
		return true
	}
	return false
}

var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Pre: true,
	atom.Table: true, atom.Tr: true, atom.Dd: true, atom.Dt: true, atom.Dl: true, atom.Hr: true,
	atom.Figcaption: true, atom.Address: true, atom.Body: true,
}

// readJSONLD fills what the <meta> tags left empty from schema.org JSON-LD
// (NewsArticle: headline, datePublished, author, url), which many news
// sites carry instead.
func readJSONLD(a *Article, block string, title *string) {
	var v any
	if json.Unmarshal([]byte(block), &v) != nil {
		return
	}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			if s, ok := x["headline"].(string); ok && *title == "" {
				*title = cleanLine(s)
			}
			if s, ok := x["datePublished"].(string); ok && a.Date.IsZero() {
				a.Date, _ = parseDate(s)
			}
			if s, ok := x["url"].(string); ok && a.URL == "" && x["headline"] != nil {
				a.URL = strings.TrimSpace(s)
			}
			if a.Author == "" {
				a.Author = ldName(x["author"])
			}
			if g, ok := x["@graph"]; ok {
				walk(g, depth+1)
			}
		}
	}
	walk(v, 0)
}

// ldName reads a JSON-LD author: a string, {"name": ...} or a list of them.
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		if !strings.Contains(x, "://") {
			return cleanLine(x)
		}
	case map[string]any:
		if s, ok := x["name"].(string); ok {
			return cleanLine(s)
		}
	case []any:
		var names []string
		for _, e := range x {
			if n := ldName(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}
