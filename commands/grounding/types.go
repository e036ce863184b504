package grounding

// Citation is a numbered source of an answer: one passage of one article.
type Citation struct {
	N         int    `json:"n"`
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	Author    string `json:"author"`
	Date      string `json:"date"` // YYYY-MM-DD, "" when unknown
	URL       string `json:"url,omitempty"`
	PassageID string `json:"passage_id"`
	Start     int    `json:"start"` // byte offsets of Text in the article text
	End       int    `json:"end"`
	Text      string `json:"text"` // the passage text
}

// Quote is a quotation shown to the user.
type Quote struct {
	Text      string `json:"text"`
	Speaker   string `json:"speaker"`
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	Date      string `json:"date"`
	// Sentence is the surrounding sentence in the article.
	Sentence string `json:"sentence,omitempty"`
	// Exact is false for a closest match, which Similarity (0..1) grades.
	Exact      bool    `json:"exact"`
	Similarity float64 `json:"similarity"`
	// Verified is true when the text was found verbatim in the articles.
	// Quotes from retrieval are always verified; quotes in LLM answers are
	// checked. FoundIn says where: "cited passage", "passage", "article" or "".
	Verified bool   `json:"verified"`
	FoundIn  string `json:"found_in,omitempty"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}
