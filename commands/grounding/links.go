package grounding

import (
	"regexp"
	"strings"
)

// Sources and links come from Byline, never from the model: an answer's
// sources are listed from its verified citations, each with its article's
// own address. So a sources block the model writes is removed, and a link
// the model writes is kept only when it points to the address of an
// article the answer cites; otherwise its text stays and the address goes.

var (
	// linkRE matches, in order: a markdown link [text](target "title"),
	// an autolink <scheme://…>, a bare address scheme://….
	linkRE = regexp.MustCompile(`\[([^\[\]\n]*)\]\(\s*([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)` +
		`|<\s*([a-zA-Z][a-zA-Z0-9+.\-]{0,15}:[^\s<>]*)\s*>` +
		`|\b([a-zA-Z][a-zA-Z0-9+.\-]{0,15}://[^\s<>]*)`)
	// sourcesHeadRE is a line that opens a sources block: "Sources:",
	// "**References**", "## Citations", "Sources: [1] …".
	sourcesHeadRE = regexp.MustCompile(`(?i)^[\s>#*_~\-]*(sources?|references?|citations?|bibliography|works cited|further reading)[\s*_~]*(:|$)`)
	// sourceLineRE is a line listing a source: "[1] Title — https://…",
	// "- [2] Title, 2024", "3. Title — Author".
	sourceLineRE = regexp.MustCompile(`^[\s>*_~\-•]*(\[\s*\d+\s*\]|\d{1,3}[.)])\s*\S`)
	// citedLineRE is a line opening with a citation number, "[1] …": out
	// of a sources block, only such a line with a link or a dash is taken
	// for a source (a numbered list item "1. Mexico — no" is an answer).
	citedLineRE  = regexp.MustCompile(`^[\s>*_~\-•]*\[\s*\d+\s*\]\s*\S`)
	linkOrDashRE = regexp.MustCompile(`[a-zA-Z]://|www\.|\s[—–-]\s|\]\(`)
)

// trimURL drops the punctuation a sentence puts after an address.
func trimURL(u string) (string, string) {
	cut := strings.TrimRight(u, ".,;:!?'\"*_~)]")
	return cut, u[len(cut):]
}

// Unlink removes every link and address from text, keeping link texts:
// for text the model is still writing, before any verification.
func Unlink(text string) string {
	return DropSources(keepLinks(text, nil))
}

// keepLinks keeps the links of text whose address is in allowed; the
// others lose their address (a markdown link keeps its text).
func keepLinks(text string, allowed map[string]bool) string {
	ok := func(u string) bool {
		u = strings.Trim(strings.TrimSpace(u), "<>")
		return allowed[u] || allowed[strings.TrimSuffix(u, "/")] || allowed[u+"/"]
	}
	return linkRE.ReplaceAllStringFunc(text, func(m string) string {
		sub := linkRE.FindStringSubmatch(m)
		switch {
		case sub[2] != "" || strings.HasPrefix(m, "["):
			if ok(sub[2]) {
				return m
			}
			return keepLinks(sub[1], allowed) // its text may hold an address
		case sub[3] != "":
			if ok(sub[3]) {
				return m
			}
			return ""
		default:
			u, tail := trimURL(sub[4])
			if ok(u) {
				return m
			}
			return tail
		}
	})
}

// DropSources removes the sources blocks and source lines the model
// wrote: a heading such as "Sources:" with the entries under it, and any
// line that lists a source by number with a link or a dash.
func DropSources(text string) string {
	lines := strings.Split(text, "\n")
	out := lines[:0]
	inBlock := false
	for _, line := range lines {
		blank := strings.TrimSpace(line) == ""
		switch {
		case sourcesHeadRE.MatchString(line) && (isHeadingOnly(line) || sourceLineRE.MatchString(sourceRest(line)) || linkOrDashRE.MatchString(line)):
			inBlock = true
			continue
		case inBlock && (blank || sourceLineRE.MatchString(line) || strings.HasPrefix(strings.TrimSpace(line), "-")):
			continue
		case citedLineRE.MatchString(line) && linkOrDashRE.MatchString(line):
			continue
		}
		inBlock = false
		out = append(out, line)
	}
	return strings.TrimRight(strings.Join(out, "\n"), " \t\n")
}

// isHeadingOnly: the heading line holds nothing after its colon.
func isHeadingOnly(line string) bool {
	return strings.TrimSpace(strings.Trim(sourceRest(line), "*_~ \t")) == ""
}

// sourceRest is what follows a sources heading's word on its line.
func sourceRest(line string) string {
	loc := sourcesHeadRE.FindStringIndex(line)
	if loc == nil {
		return ""
	}
	return line[loc[1]:]
}
