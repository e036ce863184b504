package rouge

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{
			name: "paragraphs and sentences",
			text: "Profits jumped 76% to $1.13bn. The firm said so.\n\nMr. Parsons, of the U.S. firm, spoke. \"We are pleased,\" he said. Sales rose?  Yes!",
			want: []string{
				"Profits jumped 76% to $1.13bn.", "The firm said so.",
				"Mr. Parsons, of the U.S. firm, spoke.", "\"We are pleased,\" he said.", "Sales rose?", "Yes!",
			},
		},
		{
			name: "quote closes the sentence",
			text: "He said: \"It is over.\" Then he left. J. Smith agreed.",
			want: []string{"He said: \"It is over.\"", "Then he left.", "J. Smith agreed."},
		},
		{name: "no end mark", text: "A headline without a period", want: []string{"A headline without a period"}},
		{name: "empty", text: " \n\n ", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Sentences(tt.text)); diff != "" {
				t.Errorf("Sentences (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLead(t *testing.T) {
	text := "One is here. Two is there.\n\nThree follows. Four is dropped."
	if got, want := Lead(text, 3), "One is here. Two is there. Three follows."; got != want {
		t.Errorf("Lead(3) = %q; want %q", got, want)
	}
	if got, want := Lead("Only one.", 3), "Only one."; got != want {
		t.Errorf("Lead(3) of one sentence = %q; want %q", got, want)
	}
	if got := Lead("", 3); got != "" {
		t.Errorf("Lead of empty text = %q; want \"\"", got)
	}
}
