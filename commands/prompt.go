package commands

import (
	"embed"
	"regexp"
	"strings"
	"text/template"

	"byline/retrieval"
)

// The prompts live in prompts/*.tmpl: system.tmpl holds the grounding
// rules for every task; ask.tmpl, summarize.tmpl and combine.tmpl build
// the user message of each task.
//
//go:embed prompts/*.tmpl
var promptFS embed.FS

var promptTemplates = template.Must(template.New("prompts").Option("missingkey=error").ParseFS(promptFS, "prompts/*.tmpl"))

// promptPassage is one passage as the prompt shows it: numbered, with its
// attributes made safe to put between double quotes.
type promptPassage struct {
	N                         int
	Title, Date, Author, Text string
}

// promptSummary is one partial summary given to the combine prompt.
type promptSummary struct {
	Part int
	Text string
}

// promptData is what the templates see.
type promptData struct {
	Task      string // "ask", "summarize" or "combine"
	Sentences int    // answer length, in sentences
	Question  string
	Passages  []promptPassage
	Part      int // 1-based part of a long article; 0 when whole
	Parts     int
	Summaries []promptSummary
}

// promptRender executes one template.
func promptRender(name string, d promptData) (string, error) {
	var b strings.Builder
	if err := promptTemplates.ExecuteTemplate(&b, name, d); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()) + "\n", nil
}

// promptTagRE finds anything that could open or close one of our
// delimiters, however it is spaced or cased.
var promptTagRE = regexp.MustCompile(`(?i)<\s*/?\s*(passage|summary)`)

// promptNeutralize keeps text from closing or opening a delimiter: a
// passage that contains "</passage>" must not end its own block and smuggle
// what follows out as instructions. The '<' becomes '‹', which reads the
// same to a person and to the model but is no tag.
func promptNeutralize(s string) string {
	return promptTagRE.ReplaceAllStringFunc(s, func(m string) string { return "‹" + m[1:] })
}

var promptAttrReplacer = strings.NewReplacer(`"`, "'", "<", "‹", ">", "›", "\n", " ", "\r", " ", "\t", " ")

// promptAttr makes a value safe inside an attribute's double quotes.
func promptAttr(s string) string { return promptAttrReplacer.Replace(s) }

// promptPassageOf renders passage p as number n.
func promptPassageOf(n int, p retrieval.Passage) promptPassage {
	pp := promptPassage{N: n, Title: promptAttr(p.Title), Author: promptAttr(p.Author), Text: promptNeutralize(p.Text)}
	if !p.Date.IsZero() {
		pp.Date = p.Date.Format("2006-01-02")
	}
	return pp
}

// promptPassagesOf numbers ps from first.
func promptPassagesOf(first int, ps []retrieval.Passage) []promptPassage {
	out := make([]promptPassage, len(ps))
	for i, p := range ps {
		out[i] = promptPassageOf(first+i, p)
	}
	return out
}
