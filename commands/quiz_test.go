package commands

import (
	"strings"
	"testing"
	"time"
)

// newQuizService is a library of three dated news articles from
// testdata/quiz, one of them a weekly news quiz whose questions share
// every word with the questions a user asks, asked as of 24 March 2023.
func newQuizService(t *testing.T) *Service {
	return newDirService(t, "testdata/quiz", Config{}).AsOf(time.Date(2023, 3, 24, 0, 0, 0, 0, time.UTC))
}

// TestAskAnswersNotWithAQuestion: a sentence that is itself a question
// (the quiz's) shares the asker's words but answers nothing; the report
// that gives the answer leads.
func TestAskAnswersNotWithAQuestion(t *testing.T) {
	s := newQuizService(t)
	q := "Which country was named the world's happiest for the sixth year in a row?"
	a, err := s.Ask(t.Context(), q, Options{})
	if err != nil {
		t.Fatal(err)
	}
	first := firstAnswerSentence(a.Text)
	if a.Refused || !strings.Contains(first, "Finland") || strings.Contains(a.Text, "?") {
		t.Errorf("Ask(%q) = %q (refused %v); want it to open with the sentence naming Finland, and no question", q, a.Text, a.Refused)
	}
}

// TestAskTwoSentenceQuestion: a quiz question of two sentences ("… won the
// jackpot this week. Which state …") is answered by the report, not by
// the quiz's other questions.
func TestAskTwoSentenceQuestion(t *testing.T) {
	s := newQuizService(t)
	q := "A lottery ticket bought at a gas station won the jackpot this week. Which state was it sold in?"
	a, err := s.Ask(t.Context(), q, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Refused || !strings.Contains(firstAnswerSentence(a.Text), "Ohio") || strings.Contains(a.Text, "?") {
		t.Errorf("Ask(%q) = %q (refused %v); want it to open with the sentence naming Ohio, and no question", q, a.Text, a.Refused)
	}
}

// firstAnswerSentence is an answer's text up to its first citation, after
// the "As of …" header if there is one.
func firstAnswerSentence(text string) string {
	if i := strings.Index(text, ":\n\n"); i >= 0 && i < 200 {
		text = text[i+3:]
	}
	if i := strings.Index(text, " ["); i >= 0 {
		return text[:i]
	}
	return text
}
