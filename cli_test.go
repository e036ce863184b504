package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
