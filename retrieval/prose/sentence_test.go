package prose

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func texts(text string, ss []Span) []string {
	var out []string
	for _, s := range ss {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

// TestSentences: the cases where the five splitters of old disagreed.
func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"It was No. 5 on the list. No. The vote failed.", []string{"It was No. 5 on the list.", "No.", "The vote failed."}},
		{"U.S. officials met Dr. Smith. They left the U.S. The talks ended.", []string{"U.S. officials met Dr. Smith.", "They left the U.S.", "The talks ended."}},
		{"He waited… 2024 was hard. Really?! Yes.", []string{"He waited…", "2024 was hard.", "Really?!", "Yes."}},
		{"Tools, paper, etc. are sold. Pens etc. The shop shut.", []string{"Tools, paper, etc. are sold.", "Pens etc.", "The shop shut."}},
		{"“We are ready,” she said. “Go.” J. Smith agreed.", []string{"“We are ready,” she said.", "“Go.”", "J. Smith agreed."}},
		{"It cost 3.5 million. the rest is lower case.", []string{"It cost 3.5 million. the rest is lower case."}},
	}
	for _, tt := range tests {
		got := texts(tt.in, Sentences(tt.in, Span{0, len(tt.in)}))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Sentences(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParagraphsAndLines(t *testing.T) {
	text := " One.\nTwo. \n \n\nThree.\n"
	if diff := cmp.Diff([]string{"One.\nTwo.", "Three."}, texts(text, Paragraphs(text))); diff != "" {
		t.Errorf("Paragraphs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"One.", "Two.", "Three."}, texts(text, Lines(text))); diff != "" {
		t.Errorf("Lines (-want +got):\n%s", diff)
	}
}

func TestSentencesAround(t *testing.T) {
	text := "First one. “Mexico is a sovereign nation,” she stated firmly. “We act.”\nNext line."
	start := len("First one. “")
	end := start + len("Mexico is a sovereign nation")
	sp := SentencesAround(text, start, end)
	if got, want := text[sp.Start:sp.End], "“Mexico is a sovereign nation,” she stated firmly."; got != want {
		t.Errorf("SentencesAround = %q; want %q", got, want)
	}
}

func TestAbbreviation(t *testing.T) {
	for w, want := range map[string]bool{"Dr": true, "(Mr": true, "U.S": true, "e.g": true, "J": true, "No": true,
		"etc": true, "Aug": true, "firm": false, "2025": false, "": false, "U.Sx": false} {
		if got := Abbreviation(w); got != want {
			t.Errorf("Abbreviation(%q) = %v; want %v", w, got, want)
		}
	}
}
