// Package retrieval turns article files into passages, keeps them in an
// on-disk Bleve index, and answers searches and quote look-ups over them.
//
// It knows articles, passages and the index, and nothing of Discord or of
// language models: [Load] reads a folder of articles (plain text, Markdown,
// HTML; bad files skipped with a reason), [Open] splits them into passages
// and builds or updates the BM25 index for them, and a [Library] answers
// [Library.Search], [Library.Terms], [Library.FindArticles],
// [Library.FindQuote] and [Library.Quotes]. A Library is safe for
// concurrent use.
//
// Passage size and query building are set by a [Tuning] ([DefaultTuning]
// unless [Options.Tuning] says otherwise); the evaluation harness measures
// and chooses its values.
package retrieval
