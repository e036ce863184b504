// Package eval measures Byline's retrieval on public benchmark data, so that
// "Byline finds the right passage fast" is a number anyone can reproduce.
//
// It reads BEIR-format data sets ([LoadCorpus], [LoadQueries], [LoadQrels]),
// indexes a corpus through Byline's own pipeline (the same passages, mapping
// and query building the bot uses) and, in the same run, through plain Bleve
// set up as a user would without tuning ([Reference]); then it scores both
// with the usual ranking metrics ([NDCG], [Recall], [MRR]) and times index
// building and search. [Scale] measures how search latency grows with the
// collection. The byline eval command prints what this package measures.
package eval
