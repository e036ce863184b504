package question

import (
	"regexp"
	"strings"
)

// metaPatterns recognise questions about the articles themselves. The
// first group of each pattern, when present, is the subject ("which
// articles mention (Yukos)"). "It", "this" and "the article" refer to
// the article being talked about (a follow-up's) or, in a library of one
// article, to that one.
var metaPatterns = []struct {
	meta Meta
	re   *regexp.Regexp
}{
	{MetaAuthor, regexp.MustCompile(`^(?:who|which (?:journalist|reporter|writer))\s+(?:wrote|writes|authored|reported|is the (?:author|writer|reporter) of)\b\s*(.*)$`)},
	{MetaAuthor, regexp.MustCompile(`^(?:who is|who's|what is the name of) the (?:author|writer|reporter|journalist)\b\s*(?:of\s+)?(.*)$`)},
	{MetaAuthor, regexp.MustCompile(`^(?:who was|by whom was) (?:it|this|that|(?:the|this|that) (?:article|story|piece|report))\b.*\bwritten\b\s*(.*)$`)},
	{MetaDate, regexp.MustCompile(`^when (?:was|were|is) (?:it|this|that|they|(?:the|this|that) (?:article|articles|story|stories|piece|report))\s+(?:published|written|posted|released|dated)\b\s*(.*)$`)},
	{MetaDate, regexp.MustCompile(`^what (?:is|was) the (?:date|publication date|publishing date) of\b\s*(.*)$`)},
	{MetaDate, regexp.MustCompile(`^what (?:is|was) the (?:article's|story's) date\b\s*(.*)$`)},
	{MetaSource, regexp.MustCompile(`^(?:what|which) (?:is the )?(?:source|publication|newspaper|website|site|outlet)\b\s*(?:of\s+)?(.*)$`)},
	{MetaSource, regexp.MustCompile(`^where (?:is|was|does) (?:it|this|that|(?:the|this|that) (?:article|story|piece|report)) (?:from|come from|published)\b\s*(.*)$`)},
	{MetaAbout, regexp.MustCompile(`^what(?:'s| is| are| was| were) (?:it|this|that|these|they|(?:the|this|that|these) (?:article|articles|story|stories|piece|report|news))\s+(?:all\s+)?about\b\s*(.*)$`)},
	{MetaAbout, regexp.MustCompile(`^(?:summari[sz]e|give me a summary of|what is the gist of) (?:it|this|(?:the|this|these) (?:article|articles|story|news))\b\s*(.*)$`)},
	{MetaMentionOf, regexp.MustCompile(`^(?:which|what|are there any|is there an?y?|how many) (?:articles?|stories|story|pieces?|reports?)\s+(?:mention|mentions|cover|covers|talk about|talks about|are about|is about|discuss|discusses|say anything about|name|names|about|on)\b\s*(.*)$`)},
	{MetaMentionOf, regexp.MustCompile(`^(?:list|show|find) (?:the |all )?(?:articles?|stories)\s+(?:that mention|mentioning|about|on|that cover|covering)\b\s*(.*)$`)},
}

// metaOf recognises a question about the articles themselves and its subject.
func metaOf(lower, q string) (Meta, string) {
	lower = strings.TrimRight(lower, "?!. ")
	for _, p := range metaPatterns {
		m := p.re.FindStringSubmatchIndex(lower)
		if m == nil {
			continue
		}
		subject := ""
		if len(m) >= 4 && m[2] >= 0 {
			// Same offsets in q: lower-casing kept the byte lengths for
			// the ASCII words the patterns match; fall back to lower if not.
			if len(q) >= m[3] && strings.EqualFold(q[m[2]:m[3]], lower[m[2]:m[3]]) {
				subject = q[m[2]:m[3]]
			} else {
				subject = lower[m[2]:m[3]]
			}
		}
		return p.meta, strings.TrimSpace(strings.TrimRight(subject, "?!. "))
	}
	return NotMeta, ""
}
