package terminal

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"byline/commands"
)

func TestReadLinesSurvivesLongLines(t *testing.T) {
	const max = 100
	input := "first\n" + strings.Repeat("x", 5*max) + "\nsecond\r\n" + strings.Repeat("y", max) + "\nlast without newline"
	lines := make(chan consoleLine)
	go readLines(t.Context(), strings.NewReader(input), max, lines)
	var got []string
	for l := range lines {
		switch {
		case l.err != nil:
			t.Fatalf("read error %v", l.err)
		case l.tooLong:
			got = append(got, "<too long>")
		default:
			got = append(got, l.text)
		}
	}
	want := []string{"first", "<too long>", "second", strings.Repeat("y", max), "last without newline"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

func TestSplitSpeaker(t *testing.T) {
	tests := []struct{ in, frag, speaker string }{
		{"sovereign nation", "sovereign nation", ""},
		{"sovereign nation --speaker Claudia Sheinbaum", "sovereign nation", "Claudia Sheinbaum"},
		{"speaker:Carter", "", "Carter"},
		{"running out speaker: Carter", "running out", "Carter"},
		{"loudspeaker:x", "loudspeaker:x", ""},
	}
	for _, tt := range tests {
		f, s := splitSpeaker(tt.in)
		if f != tt.frag || s != tt.speaker {
			t.Errorf("splitSpeaker(%q) = %q, %q; want %q, %q", tt.in, f, s, tt.frag, tt.speaker)
		}
	}
}

func TestRenderPlainRefusal(t *testing.T) {
	a := &commands.Answer{
		Text:     "The articles don't cover that: none of them mentions “Cup”.",
		Refused:  true,
		Articles: []commands.ArticleInfo{{Title: "Mexico Rejects", Author: "Eugene Litman", Date: "2025-08-09"}, {Title: "Undated"}},
	}
	want := "The articles don't cover that: none of them mentions “Cup”.\n\n" +
		"The nearest articles:\n- Mexico Rejects — Eugene Litman, 2025-08-09\n- Undated\n"
	if diff := cmp.Diff(want, Render(a)); diff != "" {
		t.Errorf("Render (-want +got):\n%s", diff)
	}
}

func TestRenderPlain(t *testing.T) {
	a := &commands.Answer{
		Text:   "Mexico said no. [1] It was firm\x1b[2J. [2]",
		Notice: "The language model did not answer; here is what the articles say.",
		Citations: []commands.Citation{
			{N: 1, Title: "Mexico Rejects", Author: "Eugene Litman", Date: "2025-08-09"},
			{N: 2, Title: "Undated, anonymous", Text: "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen."},
		},
	}
	want := "The language model did not answer; here is what the articles say.\n\n" +
		"Mexico said no. [1] It was firm[2J. [2]\n\n" +
		"Sources:\n[1] Mexico Rejects — Eugene Litman, 2025-08-09\n[2] Undated, anonymous\n" +
		"    “One two three four five six seven eight nine ten eleven twelve thirteen fourteen…”\n"
	if diff := cmp.Diff(want, Render(a)); diff != "" {
		t.Errorf("Render (-want +got):\n%s", diff)
	}
}
