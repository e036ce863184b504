package retrieval

import (
	"regexp"
	"strings"
)

// parseMarkdown reads Markdown with optional YAML-style front matter
// (title, date, author, url between "---" lines). Without a front-matter
// title the first heading is the title. The body is reduced to plain
// text: markup removed, link text kept, one paragraph per block, heading
// or list item.
func parseMarkdown(s string) (*Article, error) {
	a := &Article{}
	body := s
	if fm, rest, ok := frontMatter(s); ok {
		body = rest
		a.readFrontMatter(fm)
	}

	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	fenced := false
	for _, raw := range strings.Split(body, "\n") {
		l := strings.TrimSpace(raw)
		if strings.HasPrefix(l, "```") || strings.HasPrefix(l, "~~~") {
			flush()
			fenced = !fenced
			continue
		}
		if fenced {
			// Code is kept as text, one line per paragraph.
			if l != "" {
				paras = append(paras, l)
			}
			continue
		}
		switch {
		case l == "":
			flush()
		case len(cur) > 0 && mdSetextUnderline.MatchString(l):
			// A setext underline turns the lines above it into a heading.
			h := strings.Join(cur, " ")
			cur = cur[:0]
			if a.Title == "" {
				a.Title = cleanLine(h)
			} else {
				paras = append(paras, h)
			}
		case mdRule.MatchString(l) || mdLinkDef.MatchString(l):
			flush()
		case strings.HasPrefix(l, "#"):
			flush()
			h := strings.TrimSpace(strings.Trim(strings.TrimLeft(l, "#"), " #"))
			h = stripInlineMarkdown(h)
			if a.Title == "" {
				a.Title = cleanLine(h)
				continue
			}
			if strings.EqualFold(cleanLine(h), a.Title) {
				// The front matter title repeated as the first heading.
				continue
			}
			paras = append(paras, h)
		case mdListItem.MatchString(l):
			flush()
			cur = append(cur, stripInlineMarkdown(mdListItem.ReplaceAllString(l, "")))
		default:
			l = strings.TrimSpace(strings.TrimLeft(l, "> "))
			if strings.HasPrefix(l, "|") {
				l = strings.ReplaceAll(strings.Trim(l, "|"), "|", " ")
				if mdTableRule.MatchString(l) {
					continue
				}
			}
			cur = append(cur, stripInlineMarkdown(l))
		}
	}
	flush()
	return a.withBody(trimFurniture(paras))
}

// withBody sets a's text from its paragraphs and, when it has no title,
// takes one from the first paragraph; errNoBody when there is no text.
func (a *Article) withBody(paras []string) (*Article, error) {
	a.Text = joinParagraphs(paras)
	if a.Text == "" {
		return nil, errNoBody
	}
	if a.Title == "" {
		first, _, _ := strings.Cut(a.Text, "\n\n")
		a.Title = shortTitle(first)
	}
	return a, nil
}

// readFrontMatter sets a's title, date, author and URL from front matter
// lines ("key: value").
func (a *Article) readFrontMatter(fm string) {
	for _, l := range strings.Split(fm, "\n") {
		key, val, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		val = unquoteYAML(strings.TrimSpace(val))
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "title":
			a.Title = cleanLine(val)
		case "date", "published", "published_at", "pubdate":
			a.Date, _ = parseDate(val)
		case "author", "authors", "byline":
			a.Author = cleanLine(strings.Trim(val, "[]"))
		case "url", "link", "canonical", "canonical_url":
			a.URL = strings.TrimSpace(val)
		}
	}
}

// trimFurniture drops the trailing paragraphs that are page furniture
// ("Subscribe", "Follow us", "Back to top" …), not article text.
func trimFurniture(paras []string) []string {
	for len(paras) > 0 && isFurniture(paras[len(paras)-1]) {
		paras = paras[:len(paras)-1]
	}
	return paras
}

// frontMatter splits "---\n...\n---\n" from the start of s.
func frontMatter(s string) (fm, rest string, ok bool) {
	s = strings.TrimLeft(s, "\n")
	if !strings.HasPrefix(s, "---\n") {
		return "", s, false
	}
	body := s[4:]
	for _, end := range []string{"\n---\n", "\n...\n"} {
		if i := strings.Index(body, end); i >= 0 {
			return body[:i], body[i+len(end):], true
		}
	}
	if strings.HasSuffix(body, "\n---") {
		return body[:len(body)-4], "", true
	}
	return "", s, false
}

func unquoteYAML(v string) string {
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		v = v[1 : len(v)-1]
		if v != "" && strings.Contains(v, `\"`) {
			v = strings.ReplaceAll(v, `\"`, `"`)
		}
	}
	return v
}

var (
	mdRule            = regexp.MustCompile(`^([-*_]\s*){3,}$`)
	mdSetextUnderline = regexp.MustCompile(`^(=+|-+)$`)
	mdLinkDef         = regexp.MustCompile(`^\[[^\]]+\]:\s+\S+`)
	mdListItem        = regexp.MustCompile(`^([-*+]|\d{1,3}[.)])\s+`)
	mdTableRule       = regexp.MustCompile(`^[\s:|-]+$`)

	mdImage      = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink       = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdRefLink    = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	mdAutoLink   = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	mdHTMLTag    = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>`)
	mdCode       = regexp.MustCompile("`+([^`]*)`+")
	mdStrong     = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmphStar   = regexp.MustCompile(`\*(\S(?:[^*]*?\S)?)\*`)
	mdEmphUnder  = regexp.MustCompile(`(^|\W)_(\S(?:[^_]*?\S)?)_(\W|$)`)
	mdStrike     = regexp.MustCompile(`~~(.+?)~~`)
	mdEscapeChar = regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!|>~])`)
)

// stripInlineMarkdown removes inline markup and keeps the words: link and
// image text, emphasised text, code spans. Escaped characters stay.
func stripInlineMarkdown(s string) string {
	if !strings.ContainsAny(s, "*_`[]<>!~\\") {
		return s
	}
	// Protect escaped characters from the emphasis rules.
	s = mdEscapeChar.ReplaceAllStringFunc(s, func(m string) string { return "\x00" + string(rune(0xE000+int(m[1]))) })
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdRefLink.ReplaceAllString(s, "$1")
	s = mdAutoLink.ReplaceAllString(s, "$1")
	s = mdCode.ReplaceAllString(s, "$1")
	s = mdHTMLTag.ReplaceAllString(s, "")
	s = mdStrong.ReplaceAllString(s, "$2")
	s = mdEmphStar.ReplaceAllString(s, "$1")
	s = mdEmphUnder.ReplaceAllString(s, "$1$2$3")
	s = mdStrike.ReplaceAllString(s, "$1")
	if strings.IndexByte(s, 0) >= 0 {
		var b strings.Builder
		rs := []rune(s)
		for i := 0; i < len(rs); i++ {
			if rs[i] == 0 && i+1 < len(rs) {
				b.WriteRune(rs[i+1] - 0xE000)
				i++
				continue
			}
			b.WriteRune(rs[i])
		}
		s = b.String()
	}
	return s
}
