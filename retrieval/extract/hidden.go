package extract

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Text a page hides is not article text: a reader never sees it, and a
// page can hide instructions there for a language model to read. Hidden
// means the hidden attribute, aria-hidden="true", an inline style with
// display:none or visibility:hidden, or a class or id that a <style>
// block of the page hides with a simple rule (".x{display:none}",
// "#y, p.z{visibility:hidden}"). Scripts that hide or show are not run.

var (
	hiddenStyleRE = regexp.MustCompile(`(?i)(^|;|\s)(display\s*:\s*none|visibility\s*:\s*(hidden|collapse))\b`)
	cssRuleRE     = regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`)
	classSelRE    = regexp.MustCompile(`^[a-zA-Z0-9]*\.([\w-]+)$`)
	idSelRE       = regexp.MustCompile(`^[a-zA-Z0-9]*#([\w-]+)$`)
	cssCommentRE  = regexp.MustCompile(`(?s)/\*.*?\*/`)
)

// hiddenRules are the classes and ids a page's style sheets hide.
type hiddenRules struct {
	classes, ids map[string]bool
}

// RemoveHidden drops from the tree every element the page hides (and
// what is inside it). The html, head and body elements are kept.
func RemoveHidden(doc *html.Node) {
	r := hiddenRules{classes: map[string]bool{}, ids: map[string]bool{}}
	r.read(doc)
	r.remove(doc)
}

// read collects the hiding rules of the <style> blocks under n.
func (r hiddenRules) read(n *html.Node) {
	if n.Type == html.ElementNode && n.DataAtom == atom.Style {
		var css strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				css.WriteString(c.Data)
			}
		}
		for _, m := range cssRuleRE.FindAllStringSubmatch(cssCommentRE.ReplaceAllString(css.String(), ""), -1) {
			if !hiddenStyleRE.MatchString(m[2]) {
				continue
			}
			for _, sel := range strings.Split(m[1], ",") {
				sel = strings.TrimSpace(sel)
				if c := classSelRE.FindStringSubmatch(sel); c != nil {
					r.classes[c[1]] = true
				} else if c := idSelRE.FindStringSubmatch(sel); c != nil {
					r.ids[c[1]] = true
				}
			}
		}
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.read(c)
	}
}

func (r hiddenRules) remove(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if r.hides(c) {
			n.RemoveChild(c)
		} else {
			r.remove(c)
		}
		c = next
	}
}

// hides reports whether the page hides element n.
func (r hiddenRules) hides(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Html, atom.Head, atom.Body:
		return false
	}
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "style":
			if hiddenStyleRE.MatchString(a.Val) {
				return true
			}
		case "class":
			for _, c := range strings.Fields(a.Val) {
				if r.classes[c] {
					return true
				}
			}
		case "id":
			if r.ids[strings.TrimSpace(a.Val)] {
				return true
			}
		}
	}
	return false
}
