package retrieval

import "time"

// Article is one news article as read from a file.
type Article struct {
	ID     string    // stable id derived from the file's path relative to the seeds folder
	Path   string    // file path it was read from ("" for articles built in memory)
	Title  string    // headline
	Author string    // "" when unknown
	Date   time.Time // zero when unknown
	URL    string    // "" when unknown
	// Text is the article body as plain text: paragraphs separated by a
	// blank line ("\n\n"). Passage and quote offsets are byte offsets into it.
	Text string
	// Hash is a content hash of everything indexed for the article; the
	// index manifest uses it to rebuild only what changed.
	Hash string
}

// Passage is a few consecutive sentences of one article, sized for a prompt.
type Passage struct {
	ID        string // "<article id>#<seq>"
	ArticleID string
	Seq       int // position in the article, from 0
	Text      string
	// Start and End are byte offsets of Text in the article's Text:
	// article.Text[Start:End] == Text.
	Start, End int
	Title      string
	Author     string
	Date       time.Time
}

// Hit is one search result.
type Hit struct {
	Passage
	Score float64
}

// Skipped names a file that could not be read as an article, and why.
type Skipped struct {
	Path   string
	Reason string
}

// Quote is quoted speech found in an article.
type Quote struct {
	Text      string // the words inside the quotation marks, verbatim
	Speaker   string // "" when the article does not attribute it
	ArticleID string
	// Start and End are byte offsets of Text in the article's Text.
	Start, End int
	// Sentence is the whole sentence (or sentences) that contain the quote.
	Sentence string
}

// QuoteMatch is the answer to a quote look-up: the sentence of an article
// that contains (or most nearly contains) a remembered fragment.
type QuoteMatch struct {
	ArticleID string
	Sentence  string // the verbatim sentence from the article
	// Start and End are byte offsets of Sentence in the article's Text.
	Start, End int
	Exact      bool    // the fragment occurs in the sentence after normalisation
	Similarity float64 // 1 for exact matches; 0..1 for near ones
	Speaker    string  // speaker when the sentence is attributed quoted speech
}
