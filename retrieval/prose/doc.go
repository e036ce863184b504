// Package prose is Byline's one toolkit for English text: paragraphs and
// sentences ([Paragraphs], [Sentences], [Abbreviation]), words ([Words],
// [Tokens], [NormWords]) and the normalisation quotations are compared in
// ([Fold]). Every layer uses it (retrieval to cut passages, commands to
// pick and check sentences, the evaluation's Lead-n baseline, the bot to
// cut long messages), so that "No. 5" or "U.S. officials" is read the same
// way everywhere. It knows nothing of articles, indexes or Discord.
//
// The index's analyzer (stop words, stemming) is retrieval's, not this
// package's: see retrieval.Analyze.
package prose
