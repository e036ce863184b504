package commands

import (
	"strings"
	"testing"
)

// TestAskLeadsWithTheAnswer checks the analysed answers on the seed
// article: the speaker's own words first and named, typos corrected and
// said, questions about the article itself answered, off-topic refused,
// and a short answer.
func TestAskLeadsWithTheAnswer(t *testing.T) {
	s := newTestService(t, nil)
	tests := []struct {
		q, first, searched string
	}{
		{"What did Sheinbaum say?", "“Mexico is a sovereign nation,” she stated firmly. — Claudia Sheinbaum", ""},
		{"what did sheinbuam say about soverignty", "“Mexico is a sovereign nation,”", "sheinbaum sovereignty"},
		{"Who is Eugene Litman?", "Eugene Litman is the author of “Mexico Rejects US Military Intervention", ""},
		{"Which articles mention Sheinbaum?", "1 article mentions “Sheinbaum”", ""},
	}
	for _, tt := range tests {
		a, err := s.Ask(t.Context(), tt.q, Options{})
		if err != nil {
			t.Fatalf("Ask(%q): %v", tt.q, err)
		}
		if a.Refused || !strings.HasPrefix(a.Text, tt.first) || a.Searched != tt.searched {
			t.Errorf("Ask(%q) = %q (searched %q, refused %v); want it to start %q, searched %q", tt.q, a.Text, a.Searched, a.Refused, tt.first, tt.searched)
		}
		if n := len([]rune(a.Text)); n > 2*leadBudget {
			t.Errorf("Ask(%q) is %d characters long", tt.q, n)
		}
	}
	for _, q := range []string{"Who won the 2022 World Cup?", "Who is the CEO of OpenAI?", "When was the iPhone 15 released?"} {
		a, err := s.Ask(t.Context(), q, Options{})
		if err != nil || !a.Refused {
			t.Errorf("Ask(%q) = %+v, %v; want a refusal", q, a, err)
		}
	}
}
