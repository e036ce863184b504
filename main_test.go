package main

import (
	"byline/config"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// bylineBin is the real byline binary, built once by TestMain (with -race
// when the tests run with -race).
var bylineBin string

// seedsDir is the absolute path of the repository's seeds folder.
var seedsDir string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "byline-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "make temp dir:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	bylineBin = filepath.Join(dir, "byline")
	args := []string{"build", "-o", bylineBin}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command(goTool(), append(args, ".")...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build byline:", err)
		return 1
	}
	if seedsDir, err = filepath.Abs("seeds"); err != nil {
		fmt.Fprintln(os.Stderr, "find seeds:", err)
		return 1
	}
	return m.Run()
}

// goTool is the go command of the toolchain running the tests.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// runTimeout bounds one run of the binary.
const runTimeout = 3 * time.Minute

// runByline runs the real binary with args and stdin, in a working
// directory of its own for the test (the same one for every call of one
// test, so the index built by the first call is reused: see
// bylineWorkDir), and returns what it printed and its exit status.
//
// The environment is the test's, minus every Byline variable (so a
// developer's DISCORD_TOKEN or OPENAI_API_KEY never leaks into a test),
// plus SEEDS_DIR=<repo>/seeds, INDEX_PATH=<work dir>/.byline/index and
// then env ("NAME=value" entries, which win).
func runByline(t *testing.T, env []string, stdin string, args ...string) (stdout, stderr string, exitCode int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bylineBin, args...)
	cmd.Dir = bylineWorkDir(t)
	cmd.Env = bylineEnv(t, env)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("byline %q did not finish within %v\nstdout:\n%s\nstderr:\n%s", shortArgs(args), runTimeout, out.String(), errOut.String())
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		exitCode = 0
	case errors.As(err, &exitErr):
		exitCode = exitErr.ExitCode()
	default:
		t.Fatalf("run byline %q: %v", shortArgs(args), err)
	}
	t.Logf("byline %q -> exit %d\nstderr:\n%s", shortArgs(args), exitCode, errOut.String())
	return out.String(), errOut.String(), exitCode
}

// shortArgs cuts long arguments for logs.
func shortArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if len(a) > 60 {
			a = fmt.Sprintf("%s… (%d bytes)", a[:40], len(a))
		}
		out[i] = a
	}
	return out
}

// bylineEnv is the environment runByline gives the binary.
func bylineEnv(t *testing.T, env []string) []string {
	t.Helper()
	byline := map[string]bool{}
	for _, s := range config.Settings {
		byline[s.Name] = true
	}
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !byline[name] {
			out = append(out, kv)
		}
	}
	out = append(out,
		"SEEDS_DIR="+seedsDir,
		"INDEX_PATH="+filepath.Join(bylineWorkDir(t), ".byline", "index"),
	)
	// exec uses the last value of a repeated variable, so env wins.
	return append(out, env...)
}

var workDirs sync.Map // *testing.T -> string

// bylineWorkDir is the working directory of the test's runs of byline (a
// temporary folder, the same for every call with the same t). Write a .env
// into it to test configuration files.
func bylineWorkDir(t *testing.T) string {
	t.Helper()
	if d, ok := workDirs.Load(t); ok {
		return d.(string)
	}
	d, loaded := workDirs.LoadOrStore(t, t.TempDir())
	if !loaded {
		t.Cleanup(func() { workDirs.Delete(t) })
	}
	return d.(string)
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		stdout, stderr, code := runByline(t, nil, "", args...)
		if code != 0 {
			t.Errorf("byline %v: exit %d; want 0 (stderr %q)", args, code, stderr)
		}
		for _, want := range []string{"byline ask", "byline summarize", "byline quote", "byline articles", "byline index"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("byline %v: help does not mention %q:\n%s", args, want, stdout)
			}
		}
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"; run "byline help"`},
		{[]string{"Why did Mexico say no?"}, `to ask a question, run: byline ask "Why did Mexico say no?"`},
		{[]string{"ask"}, "ask needs a question"},
		{[]string{"ask", "--nope", "x"}, "flag provided but not defined: -nope"},
		{[]string{"summarize"}, "summarize needs an article title or a topic"},
		{[]string{"quote"}, "quote needs a fragment"},
		{[]string{"articles", "extra"}, "articles takes no arguments"},
		{[]string{"index", "extra"}, "index takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, "_"), func(t *testing.T) {
			stdout, stderr, code := runByline(t, nil, "", tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d; want %d", code, exitUsage)
			}
			if !strings.HasPrefix(stderr, "byline: ") || !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q; want a line \"byline: …%s…\"", stderr, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q; want nothing", stdout)
			}
		})
	}
}

func TestBadConfigListsEveryProblem(t *testing.T) {
	env := []string{
		"LOG_LEVEL=loud",
		"LLM_TIMEOUT=soon",
		"LLM_MAX_CONTEXT_TOKENS=-5",
		"OPENAI_BASE_URL=not a url",
		"DISCORD_GUILD_ID=abc",
		"DISCORD_ALLOWED_CHANNELS=123456789012345678,#general",
		"DISCORD_GUILD_CONCURRENCY=0",
		"DISCORD_TOKEN=secret token value",
		"FEEDS=https://ok.example/feed.xml,file:///etc/passwd",
		"FEED_INTERVAL=often",
		"FETCH_ALLOW_PRIVATE=maybe",
		"DISCORD_NEWS_CHANNEL=news",
	}
	_, stderr, code := runByline(t, env, "", "articles")
	if code != exitUsage {
		t.Errorf("exit %d; want %d", code, exitUsage)
	}
	for _, name := range []string{"LOG_LEVEL", "LLM_TIMEOUT", "LLM_MAX_CONTEXT_TOKENS", "OPENAI_BASE_URL",
		"DISCORD_GUILD_ID", "DISCORD_ALLOWED_CHANNELS", "DISCORD_GUILD_CONCURRENCY", "DISCORD_TOKEN",
		"FEEDS", "FEED_INTERVAL", "FETCH_ALLOW_PRIVATE", "DISCORD_NEWS_CHANNEL"} {
		if !strings.Contains(stderr, name) {
			t.Errorf("stderr does not mention %s:\n%s", name, stderr)
		}
	}
	if strings.Contains(stderr, "secret") {
		t.Errorf("stderr shows the token:\n%s", stderr)
	}
}
