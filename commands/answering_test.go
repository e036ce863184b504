package commands

import (
	"slices"
	"strings"
	"testing"
	"time"

	"byline/commands/question"
)

// newAnsweringService is a library of four short news reports from
// testdata/answering, written so that the sentence that answers shares
// fewer of the question's words than the sentence before it, asked as of
// 1 June 2024.
func newAnsweringService(t *testing.T) *Service {
	return newDirService(t, "testdata/answering", Config{}).AsOf(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
}

// TestAskLeadsWithTheAnsweringSentence: for "when" and "how much" the
// sentence holding the date or figure leads, though its neighbour names
// more of what the question asks about. For "who" and "which" the name is
// in the answer but need not lead: names are not answer candidates (see
// candidates.go).
func TestAskLeadsWithTheAnsweringSentence(t *testing.T) {
	s := newAnsweringService(t)
	tests := []struct {
		q, want string
		first   bool
	}{
		{"When did the Riverside footbridge reopen after the repairs?", "14 May 2024", true},
		{"How much money did the council agree to pay for the library's new children's wing?", "£2.4 million", true},
		{"Who did the Harbour Orchestra board choose as its next conductor?", "Anneli Varga", false},
		{"Which company won the island ferry contract?", "Northwind Marine", false},
	}
	for _, tt := range tests {
		a, err := s.Ask(t.Context(), tt.q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := a.Text
		if tt.first {
			got = firstAnswerSentence(a.Text)
		}
		if a.Refused || !strings.Contains(got, tt.want) {
			t.Errorf("Ask(%q) = %q (refused %v); want %q in it (first sentence: %v)", tt.q, a.Text, a.Refused, tt.want, tt.first)
		}
	}
}

// TestAnswerSpans: dates for "when", figures that are not years for "how
// much", words of the question left out.
func TestAnswerSpans(t *testing.T) {
	text := "The council, which has asked since 2019, may pay £2.4 million on 14 May 2024 to 3 firms."
	cands := []pick{{sent: sentence{Text: text}}}
	ws := passageWords(cands, 0, 1)
	keys := func(want question.Type, qwords map[string]bool) []string {
		var out []string
		for _, sp := range answerSpans(want, ws, qwords, midCaps(cands)) {
			out = append(out, sp.key)
		}
		return out
	}
	if got, want := keys(question.When, nil), []string{"2019", "14 may 2024"}; !slices.Equal(got, want) {
		t.Errorf("when: got %q; want %q", got, want)
	}
	if got, want := keys(question.Quantity, nil), []string{"2 4 million", "14", "3"}; !slices.Equal(got, want) {
		t.Errorf("how much: got %q; want %q", got, want)
	}
	if got, want := keys(question.When, map[string]bool{"2019": true}), []string{"14 may 2024"}; !slices.Equal(got, want) {
		t.Errorf("when, 2019 asked: got %q; want %q", got, want)
	}
}

// TestNameSpans: names for a "which" question are capitalised runs
// ("Bank of England"), not months, weekdays, stop words or the
// question's own words; a word that opens a sentence counts only when
// the sentences also write it capitalised inside one ("Leeds", not
// "Families").
func TestNameSpans(t *testing.T) {
	cands := []pick{
		{sent: sentence{Text: "Families met Tom Hardwick in Leeds on Monday, the Bank of England said in May."}},
		{sent: sentence{Text: "Leeds was chosen."}},
	}
	ws := passageWords(cands, 0, 2)
	var got []string
	for _, sp := range answerSpans(question.Who, ws, map[string]bool{"tom": true}, midCaps(cands)) {
		got = append(got, sp.key)
	}
	if want := []string{"hardwick", "leeds", "bank of england", "leeds"}; !slices.Equal(got, want) {
		t.Errorf("names: got %q; want %q", got, want)
	}
}
