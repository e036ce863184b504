package commands

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"plain", "One sentence here. Another one follows! And a third?",
			[]string{"One sentence here.", "Another one follows!", "And a third?"}},
		{"quotes", "“Mexico is a sovereign nation,” she stated firmly. “We will address it.” Then she left.",
			[]string{"“Mexico is a sovereign nation,” she stated firmly.", "“We will address it.”", "Then she left."}},
		{"abbreviations", "Dr. Helen Carter met U.S. officials on Aug. 8 in the capital. J. Smith agreed.",
			[]string{"Dr. Helen Carter met U.S. officials on Aug. 8 in the capital.", "J. Smith agreed."}},
		{"lower-case-after-stop", "It cost 3.5 million euros. the next word is lower case.",
			[]string{"It cost 3.5 million euros. the next word is lower case."}},
		{"paragraphs", "A headline without a stop\n\nFirst paragraph. Second sentence.\nA line.",
			[]string{"A headline without a stop", "First paragraph.", "Second sentence.", "A line."}},
		{"ellipsis-and-digits", "He waited… 2024 was hard. Really?! Yes.",
			[]string{"He waited…", "2024 was hard.", "Really?!", "Yes."}},
		{"empty", "  \n\n ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const base = 7
			var got []string
			for _, s := range splitSentences(tt.text, base) {
				got = append(got, s.Text)
				if tt.text[s.Start-base:s.End-base] != s.Text {
					t.Errorf("sentence %q: offsets [%d:%d] give %q", s.Text, s.Start, s.End, tt.text[s.Start-base:s.End-base])
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("splitSentences (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Why\tdid\nMexico  reject?\r\n", "Why did Mexico reject?"},
		{"bell\x07 escape\x1b[31m red\x1b[0m", "bell escape red"},
		{"title \x1b]0;pwned\x07set", "title set"},
		{"bidi \u202eevil\u202c text", "bidi evil text"},
		{"bad \xff\xfe bytes", "bad \uFFFD bytes"}, // one mark per run of bad bytes
		{`title:x /.*/ "`, `title:x /.*/ "`},
		{"family 👨‍👩‍👧 emoji", "family 👨‍👩‍👧 emoji"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// sentenceTexts lists the text of each sentence.
func sentenceTexts(ss []sentence) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Text
	}
	return out
}

func TestSummarySentencesPreferCentralOnes(t *testing.T) {
	text := strings.Join([]string{
		"Floods hit the northern city of Arlen on Monday after three days of heavy rain.",
		"The river burst its banks and flooded hundreds of homes in the old town.",
		"A local bakery celebrated its hundredth anniversary with free bread.",
		"Rescue teams evacuated residents from flooded homes near the river by boat.",
		"The mayor said the flood defences along the river had failed in two places.",
		"In other news, the city zoo welcomed a baby giraffe.",
	}, " ")
	got := sentenceTexts(summarySentences("Floods hit Arlen as river bursts its banks", text, 3))
	if len(got) != 3 {
		t.Fatalf("got %d sentences; want 3: %q", len(got), got)
	}
	for _, s := range got {
		if strings.Contains(s, "bakery") || strings.Contains(s, "giraffe") {
			t.Errorf("summary picked an off-topic sentence: %q", s)
		}
	}
	if !strings.HasPrefix(got[0], "Floods hit") {
		t.Errorf("summary does not start with the lead sentence: %q", got)
	}
	if got := sentenceTexts(summarySentences("t", "Too short.", 3)); len(got) != 0 {
		t.Errorf("summary of a fragment: %q; want none", got)
	}
}

func TestQuoteList(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "“a”"},
		{[]string{"a", "b"}, "“a” or “b”"},
		{[]string{"a", "b", "c", "d"}, "“a”, “b” or “c”"},
	}
	for _, tt := range tests {
		if got := quoteList(tt.in, 3, "or"); got != tt.want {
			t.Errorf("quoteList(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
