package retrieval

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML reads an HTML page: the title from og:title, <title> or the
// first <h1>; the date from article:published_time and similar <meta>
// tags or a <time datetime>; the author from <meta name=author>; the URL
// from the canonical link or og:url; the body text from <article>, else
// <main>, else <body>, without scripts, styles, navigation, headers,
// footers and asides.
func parseHTML(s string) (*Article, error) {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return nil, err
	}
	a := &Article{}
	var title, ogTitle, h1, timeAttr string
	var ld []string // JSON-LD blocks
	var article, main, body *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if title == "" {
					title = cleanLine(textOf(n))
				}
			case atom.Meta:
				readMeta(a, n, &ogTitle)
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
					ld = append(ld, textOf(n))
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && a.URL == "" {
					a.URL = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Time:
				if timeAttr == "" {
					timeAttr = attr(n, "datetime")
					if timeAttr == "" {
						timeAttr = textOf(n)
					}
				}
			case atom.H1:
				if h1 == "" {
					h1 = cleanLine(textOf(n))
				}
			case atom.Article:
				if article == nil {
					article = n
				}
			case atom.Main:
				if main == nil {
					main = n
				}
			case atom.Body:
				body = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	for _, block := range ld {
		readJSONLD(a, block, &ogTitle)
	}
	switch {
	case ogTitle != "":
		a.Title = ogTitle
	case title != "":
		a.Title = title
	default:
		a.Title = h1
	}
	if a.Date.IsZero() && timeAttr != "" {
		a.Date, _ = parseDate(timeAttr)
	}
	root := article
	if root == nil {
		root = main
	}
	if root == nil {
		root = body
	}
	if root == nil {
		root = doc
	}
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
	// The headline usually opens the body again; it is the title, not text.
	if len(paras) > 0 && (strings.EqualFold(paras[0], a.Title) || strings.EqualFold(paras[0], h1)) {
		if a.Title == "" {
			a.Title = paras[0]
		}
		paras = paras[1:]
	}
	var kept []string
	for _, p := range paras {
		if !isFurniture(p) {
			kept = append(kept, p)
		}
	}
	a.Text = joinParagraphs(kept)
	if a.Text == "" {
		return nil, errNoBody
	}
	if a.Title == "" {
		first, _, _ := strings.Cut(a.Text, "\n\n")
		a.Title = shortTitle(first)
	}
	return a, nil
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
