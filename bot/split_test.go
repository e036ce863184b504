package bot

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestSplitMessage(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"empty", "", 20, nil},
		{"only whitespace", " \n\t\n ", 20, nil},
		{"fits", "  Short answer [1].  ", 2000, []string{"Short answer [1]."}},
		{
			"paragraph first",
			"First paragraph here.\n\nSecond paragraph here.",
			30,
			[]string{"First paragraph here.", "Second paragraph here."},
		},
		{
			"paragraph with blank line holding spaces",
			"One two three.\n  \nFour five six.",
			20,
			[]string{"One two three.", "Four five six."},
		},
		{
			"sentence when no paragraph fits",
			"Alpha beta gamma. Delta epsilon zeta eta. Theta.",
			30,
			[]string{"Alpha beta gamma.", "Delta epsilon zeta eta. Theta."},
		},
		{
			"sentence end after a citation",
			"The mayor resigned [1]. Council met on Monday [2, 3]. Then more.",
			40,
			[]string{"The mayor resigned [1].", "Council met on Monday [2, 3]. Then more."},
		},
		{
			"never inside a citation with spaces",
			"aaaa bbbb cccc [1, 2, 3] dddd",
			18,
			[]string{"aaaa bbbb cccc", "[1, 2, 3] dddd"},
		},
		{
			"never inside a curly quote",
			"He said “It is done. We are leaving now.” and left.",
			35,
			[]string{"He said", "“It is done. We are leaving now.”", "and left."},
		},
		{
			"never inside a straight quote",
			`She said "yes. no. maybe." Then she left the room.`,
			30,
			[]string{`She said "yes. no. maybe."`, "Then she left the room."},
		},
		{
			"never inside a code span",
			"Run `go test -race ./...` now please",
			30,
			[]string{"Run `go test -race ./...` now", "please"},
		},
		{
			"never inside a code block with blank lines",
			"Intro text.\n\n```\nline one\n\nline two\n```\n\nOutro.",
			30,
			[]string{"Intro text.", "```\nline one\n\nline two\n```", "Outro."},
		},
		{
			"abbreviation is not a sentence end",
			"Mr. Smith went to Washington. He stayed.",
			35,
			[]string{"Mr. Smith went to Washington.", "He stayed."},
		},
		{
			"quote longer than the limit is cut inside as a last resort",
			"“one two three four five six seven eight”",
			20,
			[]string{"“one two three four", "five six seven", "eight”"},
		},
		{
			"hard split without whitespace",
			"abcdefghij",
			4,
			[]string{"abcd", "efgh", "ij"},
		},
		{
			"hard split keeps astral runes whole",
			"😀😀😀",
			3,
			[]string{"😀", "😀", "😀"},
		},
		{
			"hard split moves out of a citation",
			"abcdefg[12]",
			9,
			[]string{"abcdefg", "[12]"},
		},
		{
			"invalid utf-8 is replaced",
			"ok \xff\xfe ok",
			100,
			[]string{"ok \uFFFD ok"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitMessage(tt.text, tt.limit)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("splitMessage(%q, %d) mismatch (-want +got):\n%s", tt.text, tt.limit, diff)
			}
			checkSplitInvariants(t, tt.text, tt.limit, got)
		})
	}
}

// TestSplitLongAnswer splits a 3,000-word answer into Discord messages.
func TestSplitLongAnswer(t *testing.T) {
	text := longAnswer(3000)
	parts := splitMessage(text, maxContent)
	if len(parts) < 9 {
		t.Errorf("got %d parts for %d chars; want at least 9", len(parts), len(text))
	}
	checkSplitInvariants(t, text, maxContent, parts)
	for i, p := range parts[:len(parts)-1] {
		if n := unitLen(p); n < maxContent/3 {
			t.Errorf("part %d is %d units; want parts filled to at least a third", i, n)
		}
	}
}

// longAnswer is an answer of about words words: paragraphs of cited
// sentences, with quotes and a code span among them.
func longAnswer(words int) string {
	var b strings.Builder
	n := 0
	for p := 0; n < words; p++ {
		if p > 0 {
			b.WriteString("\n\n")
		}
		for s := 0; s < 6 && n < words; s++ {
			switch s % 3 {
			case 0:
				fmt.Fprintf(&b, "Sentence %d of paragraph %d says the council voted on the budget [%d]. ", s, p, p%9+1)
				n += 13
			case 1:
				fmt.Fprintf(&b, "The mayor said “we will not raise taxes this year, not one cent” on Monday [%d, %d]. ", p%9+1, s+1)
				n += 16
			default:
				b.WriteString("Run `make budget --year 2024` to see it. ")
				n += 7
			}
		}
	}
	return b.String()
}

// checkSplitInvariants checks what every split must hold: parts fit, are
// non-empty, trimmed, valid UTF-8, in order, lose nothing but whitespace at
// the cuts, and never cut a citation marker.
func checkSplitInvariants(t *testing.T, text string, limit int, parts []string) {
	t.Helper()
	clean := strings.TrimSpace(strings.ToValidUTF8(text, "\uFFFD"))
	if limit < 2 {
		limit = 2
	}
	pos := 0
	var bounds []span
	for i, p := range parts {
		if p == "" {
			t.Fatalf("part %d is empty", i)
		}
		if n := unitLen(p); n > limit {
			t.Errorf("part %d is %d units; limit %d", i, n, limit)
		}
		if !utf8.ValidString(p) {
			t.Errorf("part %d is not valid UTF-8: %q", i, p)
		}
		if strings.TrimSpace(p) != p {
			t.Errorf("part %d is not trimmed: %q", i, p)
		}
		j := strings.Index(clean[pos:], p)
		if j < 0 {
			t.Fatalf("part %d %q is not the next piece of the text after byte %d", i, p, pos)
		}
		if gap := clean[pos : pos+j]; strings.TrimFunc(gap, unicode.IsSpace) != "" {
			t.Fatalf("text %q lost between parts %d and %d", gap, i-1, i)
		}
		bounds = append(bounds, span{pos + j, pos + j + len(p)})
		pos += j + len(p)
	}
	if pos != len(clean) {
		t.Fatalf("text after byte %d lost: %q", pos, clean[pos:])
	}
	if clean == "" && len(parts) != 0 {
		t.Fatalf("got %d parts for empty text", len(parts))
	}
	for _, c := range citationSpans(clean) {
		if unitLen(clean[c.start:c.end]) > limit {
			continue
		}
		inside := false
		for _, b := range bounds {
			if b.start <= c.start && c.end <= b.end {
				inside = true
			}
		}
		if !inside {
			t.Errorf("citation %q at %d was cut", clean[c.start:c.end], c.start)
		}
	}
}

// FuzzSplitMessage checks the invariants on arbitrary text and limits:
//
//	go test ./bot -run '^$' -fuzz FuzzSplitMessage -fuzztime 60s -fuzzminimizetime 2s
//
// (without -fuzzminimizetime the engine spends minutes minimising each
// new long input, showing 0 execs/s meanwhile).
func FuzzSplitMessage(f *testing.F) {
	f.Add("The mayor resigned [1]. Council met [2, 3].\n\nHe said “go now.” Then `x y`.", uint16(20))
	f.Add("😀a😀b\xff\xfe c [12] d", uint16(3))
	f.Add("```\na\n\nb\n```\n\n\"q. r.\" s", uint16(7))
	f.Add(longAnswer(300), uint16(200))
	f.Fuzz(func(t *testing.T, text string, limit uint16) {
		l := 1 + int(limit%400)
		checkSplitInvariants(t, text, l, splitMessage(text, l))
	})
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"hello", 5, "hello"},
		{"hello world", 8, "hello w…"},
		{"😀😀😀", 4, "😀…"},
		{"abc", 0, ""},
		{"abc", 1, "…"},
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.limit); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q; want %q", tt.in, tt.limit, got, tt.want)
		}
		if got := truncate(tt.in, tt.limit); unitLen(got) > tt.limit {
			t.Errorf("truncate(%q, %d) is %d units", tt.in, tt.limit, unitLen(got))
		}
	}
}
