// Package extract finds the article in a web page (its text, title,
// author and date) and scores extractors on real pages with the
// article-extraction benchmark's metric.
package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page is the article found in a web page. Fields the page does not state
// are empty (Date zero).
type Page struct {
	Title  string
	Author string
	Date   time.Time
	URL    string // canonical URL when the page names one
	// Text is the article body: paragraphs separated by a blank line.
	Text string
}

// Readable extracts the article with go-readability (Mozilla's Readability
// ported to Go). pageURL, when known, resolves relative links.
func Readable(data []byte, pageURL *url.URL) (Page, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return Page{}, fmt.Errorf("parse html: %w", err)
	}
	removeElements(doc, atom.Figcaption)
	RemoveHidden(doc)
	p := readability.NewParser()
	art, err := p.ParseDocument(doc, pageURL)
	if err != nil {
		return Page{}, fmt.Errorf("readability: %w", err)
	}
	var pg Page
	pg.Title = art.Title()
	pg.Author = art.Byline()
	if t, err := art.PublishedTime(); err == nil {
		pg.Date = t
	}
	if art.Node != nil {
		pg.Text = paragraphs(render.InnerText(art.Node))
	}
	return pg, nil
}

// paragraphs normalises text to one paragraph per non-empty line, separated by blank lines.
func paragraphs(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n\n")
}

// removeElements drops every element of the given kinds from the tree.
// Captions describe pictures the text does not carry, so they are not
// article text.
func removeElements(n *html.Node, kinds ...atom.Atom) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && slices.Contains(kinds, c.DataAtom) {
			n.RemoveChild(c)
		} else {
			removeElements(c, kinds...)
		}
		c = next
	}
}
