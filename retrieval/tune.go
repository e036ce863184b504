package retrieval

// Tuning holds the knobs of passage splitting and query building that the
// evaluation harness (byline eval) measures. The retrieval code implements
// what each knob does; DefaultTuning holds the values chosen from those
// measurements (on the tuning splits only).
type Tuning struct {
	// Passage size, in words: passages aim at TargetWords and never exceed
	// MaxWords unless one sentence is longer; paragraphs shorter than
	// MinWords are merged with the next.
	TargetWords, MaxWords, MinWords int

	// TitleBoost weighs a match in the article title against one in the
	// passage text (0 disables title matching).
	TitleBoost float64
	// PhraseBoost adds a phrase match of the whole query (with PhraseSlop)
	// on top of the term matches (0 disables it).
	PhraseBoost float64
	PhraseSlop  int

	// Pseudo-relevance feedback: after a first search, the FeedbackTerms
	// best terms of the top FeedbackDocs passages are added to the query
	// with weight FeedbackWeight (FeedbackDocs 0 disables it).
	FeedbackDocs   int
	FeedbackTerms  int
	FeedbackWeight float64
}

// DefaultTuning is what Load, Split, Open and Search use unless told otherwise.
var DefaultTuning = Tuning{
	TargetWords: 90, MaxWords: 140, MinWords: 25,
	TitleBoost:  0.5,
	PhraseBoost: 0.5, PhraseSlop: 2,
	FeedbackDocs: 0, FeedbackTerms: 10, FeedbackWeight: 0.3,
}
