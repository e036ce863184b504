package retrieval

// articleSpeech is what quote look-ups need of one article.
type articleSpeech struct{}
