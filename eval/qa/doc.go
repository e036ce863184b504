// Package qa measures how well Byline answers questions on real
// libraries: whether an answer contains a reference answer, how long it
// is, how often answerable questions are refused and unanswerable ones
// answered, and whether quoted speech is credited to the right speaker.
// Each figure is measured for every [Method] in the same run, so that a
// change is judged against the method it replaces.
//
// A [Part] is one library with its questions: SQuAD's tuning questions
// over its Wikipedia paragraphs, questions written here about the BBC
// articles (testdata/), off-topic questions for both, and more parts
// (RealTime QA, with dated questions) added beside them.
package qa
