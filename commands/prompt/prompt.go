// Package prompt builds the model's messages: the templates of each task
// ([Render]), passages made safe to put in them ([PassagesOf], [Neutralize])
// and packed into a token budget ([Budget], [Parts]).
package prompt

import (
	"embed"
	"regexp"
	"strings"
	"text/template"

	"golang.org/x/text/width"

	"byline/retrieval"
)

// The prompts live in templates/*.tmpl: system.tmpl holds the grounding
// rules for every task; ask.tmpl, summarize.tmpl and combine.tmpl build
// the user message of each task.
//
//go:embed templates/*.tmpl
var templateFS embed.FS

var templates = template.Must(template.New("prompts").Option("missingkey=error").ParseFS(templateFS, "templates/*.tmpl"))

// Passage is one passage as the prompt shows it: numbered, with its
// attributes made safe to put between double quotes.
type Passage struct {
	N                         int
	Title, Date, Author, Text string
}

// Summary is one partial summary given to the combine prompt.
type Summary struct {
	Part int
	Text string
}

// Data is what the templates see.
type Data struct {
	Task      string // "ask", "summarize" or "combine"
	Sentences int    // answer length, in sentences
	Question  string
	Kind      string // what the question asks for (question.Type), for ask
	Passages  []Passage
	Part      int // 1-based part of a long article; 0 when whole
	Parts     int
	Summaries []Summary
	// Today is the day the answer is written as of ("9 August 2025"), in
	// the system prompt; "" leaves the date rule out.
	Today string
}

// Render executes one template.
func Render(name string, d Data) (string, error) {
	var b strings.Builder
	if err := templates.ExecuteTemplate(&b, name, d); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()) + "\n", nil
}

// tagRE finds anything that could open or close one of our delimiters,
// however it is spaced or cased, with '<' or a character that reads like
// it (full-width ＜, small ﹤, angle brackets 〈 ⟨); and the control tokens
// of chat templates (<|im_start|>, <|eot_id|>, <s>, <start_of_turn>,
// [INST], <<SYS>>), which some servers turn into real special tokens even
// inside a user message.
var tagRE = regexp.MustCompile(`(?i)[<﹤〈⟨〈ᐸ˂]\s*/?\s*(passage|summary)|` +
	`[<﹤〈⟨〈ᐸ˂]\s*[|｜][^<>|｜\n]{0,40}[|｜]?\s*[>﹥〉⟩〉ᐳ˃]?|[<﹤〈⟨〈ᐸ˂]\s*/?\s*(s|bos|eos|start_of_turn|end_of_turn|start_header_id|end_header_id)\s*[>﹥〉⟩〉ᐳ˃]|` +
	`[<﹤〈⟨〈ᐸ˂]{2}\s*/?\s*sys\s*[>﹥〉⟩〉ᐳ˃]{2}|\[\s*/?\s*inst\s*\]`)

// defuse is what a match of tagRE becomes: the same text with every
// bracket and bar replaced by one that is no delimiter and no token.
var defuse = strings.NewReplacer("<", "‹", "﹤", "‹", "〈", "‹", "⟨", "‹", "〈", "‹", "ᐸ", "‹", "˂", "‹",
	">", "›", "﹥", "›", "〉", "›", "⟩", "›", "〉", "›", "ᐳ", "›", "˃", "›",
	"|", "¦", "｜", "¦", "[", "(", "]", ")")

// Neutralize keeps text from closing or opening a delimiter: a passage
// that contains "</passage>" must not end its own block and smuggle what
// follows out as instructions. Full-width letters are folded first
// ("＜／ｐａｓｓａｇｅ＞" is caught too); then '<' becomes '‹', which reads
// the same to a person and to the model but is no tag, and chat-template
// tokens lose their brackets.
func Neutralize(s string) string {
	return tagRE.ReplaceAllStringFunc(width.Fold.String(s), defuse.Replace)
}

var attrReplacer = strings.NewReplacer(`"`, "'", "<", "‹", ">", "›", "\n", " ", "\r", " ", "\t", " ")

// Attr makes a value safe inside an attribute's double quotes (full-width
// quotes and brackets folded first).
func Attr(s string) string { return attrReplacer.Replace(Neutralize(s)) }

// PassageOf renders passage p as number n.
func PassageOf(n int, p retrieval.Passage) Passage {
	pp := Passage{N: n, Title: Attr(p.Title), Author: Attr(p.Author), Text: Neutralize(p.Text)}
	if !p.Date.IsZero() {
		pp.Date = p.Date.Format("2006-01-02")
	}
	return pp
}

// PassagesOf numbers ps from first.
func PassagesOf(first int, ps []retrieval.Passage) []Passage {
	out := make([]Passage, len(ps))
	for i, p := range ps {
		out[i] = PassageOf(first+i, p)
	}
	return out
}
