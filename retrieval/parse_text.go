package retrieval

import (
	"strings"
	"unicode"
)

// furniture are lines that scraped pages carry around an article but that
// are not part of it. They are dropped at the end of the text, and anywhere
// when they stand alone as a paragraph.
var furniture = map[string]bool{
	"recommendations": true, "recommended": true, "recommended for you": true,
	"advertisement": true, "advertisements": true, "sponsored": true, "sponsored content": true,
	"related": true, "related articles": true, "related stories": true, "related content": true,
	"read more": true, "more from this author": true, "most read": true, "most popular": true,
	"share": true, "share this": true, "share this article": true, "share this story": true,
	"comments": true, "subscribe": true, "sign up": true, "follow us": true, "you may also like": true,
	"top stories": true, "skip to content": true, "back to top": true, "print": true, "email": true,
}

func isFurniture(line string) bool {
	l := strings.ToLower(strings.TrimRight(strings.TrimSpace(line), ":"))
	return furniture[l]
}

// parseText reads the plain-text layout of scraped articles:
//
//	headline
//	(blank)
//	date
//	headline again
//	author
//	(blank)
//	body paragraphs separated by blank lines
//	trailing page furniture ("Recommendations")
//
// Every part of the header block but the first line is optional; a file
// without it is read as "first line title, rest body" (the BBC layout).
func parseText(s string) (*Article, error) {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = cleanLine(lines[i])
	}
	// Drop leading blank lines and trailing blank or furniture lines.
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && (lines[len(lines)-1] == "" || isFurniture(lines[len(lines)-1])) {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return nil, errNoBody
	}
	a := &Article{Title: strings.TrimPrefix(lines[0], "# ")}
	rest := lines[1:]

	// The header block: the lines after the title, up to the first blank
	// line, that are a date, the title again, or a byline. They are taken
	// as header only from the start of that run and only while they are
	// recognised; the first other line starts the body.
	i := 0
	for i < len(rest) && rest[i] == "" {
		i++
	}
	var date, author string
	j := i
header:
	for ; j < len(rest) && rest[j] != "" && j-i < 5; j++ {
		l := rest[j]
		switch {
		case strings.EqualFold(l, a.Title):
		case date == "" && isDateLine(l):
			date = l
		case author == "" && isBylineLine(l):
			author = l
		default:
			break header
		}
	}
	// A lone capitalised line is as likely a short first paragraph as a
	// byline: take it as the author only beside a date or the title again.
	if j > i && (date != "" || j-i > 1 || author == "" || strings.HasPrefix(strings.ToLower(author), "by ")) {
		if date != "" {
			a.Date, _ = parseDate(date)
		}
		a.Author = bylineName(author)
		rest = rest[j:]
	}

	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			p := strings.Join(cur, " ")
			if !isFurniture(p) {
				paras = append(paras, p)
			}
			cur = cur[:0]
		}
	}
	for _, l := range rest {
		if l == "" {
			flush()
			continue
		}
		cur = append(cur, l)
	}
	flush()
	a.Text = joinParagraphs(paras)
	if a.Text == "" {
		// A one-paragraph file: the whole line is the body; the title is
		// its opening words.
		a.Text = a.Title
		a.Title = shortTitle(a.Title)
	}
	return a, nil
}

func isDateLine(l string) bool {
	_, ok := parseDate(l)
	return ok
}

// isBylineLine says whether a header line looks like an author: "By X",
// or two to five capitalised words with no sentence punctuation.
func isBylineLine(l string) bool {
	if len(l) > 80 {
		return false
	}
	low := strings.ToLower(l)
	if strings.HasPrefix(low, "by ") || strings.HasPrefix(low, "author:") {
		return true
	}
	if strings.ContainsAny(l, ".!?:;\"“”") {
		return false
	}
	words := strings.Fields(strings.ReplaceAll(l, ",", " "))
	if len(words) < 1 || len(words) > 6 {
		return false
	}
	for _, w := range words {
		if w == "and" || w == "&" {
			continue
		}
		r := []rune(w)[0]
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// bylineName strips "By " and "Author:" from a byline.
func bylineName(l string) string {
	l = strings.TrimSpace(l)
	low := strings.ToLower(l)
	switch {
	case strings.HasPrefix(low, "by "):
		l = l[3:]
	case strings.HasPrefix(low, "author:"):
		l = l[len("author:"):]
	}
	return strings.TrimSpace(l)
}

// shortTitle cuts a long line to its first dozen words, for files whose
// only line is the body.
func shortTitle(s string) string {
	words := strings.Fields(s)
	if len(words) <= 12 {
		return s
	}
	return strings.Join(words[:12], " ") + "…"
}
