package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"byline/commands"
)

func TestParseFlagsInterleaved(t *testing.T) {
	tests := []struct {
		args     []string
		wantPos  []string
		wantJSON bool
		wantSpk  string
	}{
		{[]string{"question"}, []string{"question"}, false, ""},
		{[]string{"--json", "question"}, []string{"question"}, true, ""},
		{[]string{"question", "--json"}, []string{"question"}, true, ""},
		{[]string{"a", "--speaker", "Sheinbaum", "b", "-json"}, []string{"a", "b"}, true, "Sheinbaum"},
		{[]string{"--speaker=Carter", "--", "--json", "-x"}, []string{"--json", "-x"}, false, "Carter"},
		{[]string{"a", "--", "b"}, []string{"a", "b"}, false, ""},
		{nil, nil, false, ""},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		asJSON := fs.Bool("json", false, "")
		speaker := fs.String("speaker", "", "")
		pos, err := parseFlags(fs, tt.args)
		if err != nil {
			t.Errorf("parseFlags(%q): %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.wantPos, pos); diff != "" || *asJSON != tt.wantJSON || *speaker != tt.wantSpk {
			t.Errorf("parseFlags(%q): json %v speaker %q positional (-want +got):\n%s", tt.args, *asJSON, *speaker, diff)
		}
	}
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	if _, err := parseFlags(fs, []string{"q", "--bogus"}); err == nil || !strings.Contains(err.Error(), "bogus") {
		t.Errorf("unknown flag: %v; want an error naming it", err)
	}
}

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
	if diff := cmp.Diff(want, renderPlain(a)); diff != "" {
		t.Errorf("renderPlain (-want +got):\n%s", diff)
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
	if diff := cmp.Diff(want, renderPlain(a)); diff != "" {
		t.Errorf("renderPlain (-want +got):\n%s", diff)
	}
}

func TestRunInProcess(t *testing.T) {
	tests := []struct {
		args     []string
		env      map[string]string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{[]string{"help"}, nil, exitOK, "byline ask", ""},
		{[]string{"ask", "-h"}, nil, exitOK, `Usage: byline ask "QUESTION"`, ""},
		{[]string{"nope"}, nil, exitUsage, "", `byline: unknown command "nope"`},
		{[]string{"articles"}, map[string]string{"LOG_LEVEL": "chatty"}, exitUsage, "", "LOG_LEVEL"},
		{[]string{"articles"}, map[string]string{"SEEDS_DIR": "/nonexistent/byline-seeds"}, exitFailure, "", "byline: read articles from /nonexistent/byline-seeds"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			env := map[string]string{"INDEX_PATH": t.TempDir()}
			for k, v := range tt.env {
				env[k] = v
			}
			a := &app{lookupEnv: envOf(env), dotenv: "testdata/none.env"}
			code := a.run(context.Background(), tt.args, strings.NewReader(""), &stdout, io.MultiWriter(&stderr, t.Output()))
			if code != tt.wantCode {
				t.Errorf("exit %d; want %d", code, tt.wantCode)
			}
			if !strings.Contains(stdout.String(), tt.wantOut) {
				t.Errorf("stdout %q; want it to contain %q", stdout.String(), tt.wantOut)
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr %q; want it to contain %q", stderr.String(), tt.wantErr)
			}
		})
	}
}

// envOf is a lookupEnv over a map.
func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}
