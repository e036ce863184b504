// Package question works out what a question asks before it is answered:
// its [Type] (who, when, where, how many or how much, why, what did X
// say, yes/no, a list), the names, figures and quoted phrases in it, the
// speaker of a "what did X say" question, whether it asks about the
// articles themselves ([Meta]: their author, date, source, subject, or
// which of them mention something), and the time window it is limited
// to (Analysis.Time, read by package timeframe).
//
// [Analyze] is the one place where a question is read this way; the
// extractive answers, the refusal rule and the language model's prompt
// all take its [Analysis].
package question
