package commands

import "byline/commands/grounding"

// Mode says how an answer was written.
const (
	ModeExtractive = "extractive"
	ModeLLM        = "llm"
)

// Answer is what every command returns: plain data that the terminal, JSON
// and Discord render each in their own way.
type Answer struct {
	// Text is the answer body (Markdown-ish plain text). Citations appear in
	// it as [n], n indexing Citations (1-based).
	Text string `json:"answer"`
	// Refused is true when the articles do not cover the question; Text then
	// says so and Articles lists the nearest articles.
	Refused bool   `json:"refused"`
	Mode    string `json:"mode"`            // ModeExtractive or ModeLLM
	Model   string `json:"model,omitempty"` // the LLM model, in ModeLLM
	// PromptTokens is the prompt size of the LLM call(s): from the API's
	// usage when given, else estimated. 0 in extractive mode.
	PromptTokens int `json:"prompt_tokens"`
	// Notice is one line shown above the answer when something went wrong
	// but an answer was still given, e.g. "The language model did not
	// answer; here is what the articles say."
	Notice string `json:"notice,omitempty"`
	// Searched is set when words of the question no article contains were
	// corrected to words of the articles: the key words searched for
	// ("sheinbaum sovereignty"), shown as "Searched for: …".
	Searched  string     `json:"searched,omitempty"`
	Citations []Citation `json:"citations"`
	Quotes    []Quote    `json:"quotes"`
	// Articles is the article list (for Articles, and the nearest articles
	// of a refusal).
	Articles []ArticleInfo `json:"articles,omitempty"`
	// Unsupported lists sentences of an LLM answer that make a claim with
	// no valid citation.
	Unsupported []string `json:"unsupported_sentences,omitempty"`
	// RemovedCitations counts [n] markers the LLM wrote that pointed to no
	// passage in its prompt and were removed.
	RemovedCitations int `json:"removed_citations,omitempty"`
}

// Citation is a numbered source of an answer: one passage of one article.
type Citation = grounding.Citation

// Quote is a quotation shown to the user.
type Quote = grounding.Quote

// ArticleInfo describes one indexed article.
type ArticleInfo struct {
	ID       string `json:"article_id"`
	Title    string `json:"title"`
	Author   string `json:"author"`
	Date     string `json:"date"`
	URL      string `json:"url,omitempty"`
	Passages int    `json:"passages"`
}
