// Package ranking measures Byline's retrieval on public benchmark data, so
// that "Byline finds the right passage fast" is a number anyone can
// reproduce: `byline eval retrieval` ([RetrievalCommand]) and `byline eval
// grid` ([GridCommand]).
//
// It indexes a BEIR data set (byline/eval/data) through Byline's own
// pipeline ([RunByline]: the same passages, mapping and query building the
// bot uses) and, in the same run, through plain Bleve set up as a user
// would without tuning ([RunReference]); then it scores both with the usual
// ranking metrics (byline/eval/metrics) and times index building and
// search. Tuning knobs are a typed table over retrieval.Tuning
// ([ParseTuning], [GridCombos]).
package ranking
