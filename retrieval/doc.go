// Package retrieval turns article files into passages, keeps them in an
// on-disk Bleve index, and answers searches and quote look-ups over them.
//
// It knows articles, passages and the index, and nothing of Discord or of
// language models: [Load] reads a folder of articles, [Open] builds or
// updates the index for them, and a [Library] answers [Library.Search],
// [Library.FindQuote] and [Library.Quotes].
package retrieval
