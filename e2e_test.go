package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"byline/store"
	"byline/terminal"
)

// End-to-end tests: the real binary, run as a user would, on the seed article.

const seedQuestion = "Why did Mexico reject US military intervention?"

// noCrash fails the test if stderr shows a panic or a stack trace.
func noCrash(t *testing.T, stderr string) {
	t.Helper()
	for _, s := range []string{"panic", "goroutine ", "runtime error"} {
		if strings.Contains(stderr, s) {
			t.Errorf("stderr shows %q:\n%s", s, stderr)
		}
	}
}

func TestE2EAskAnswersFromTheSeed(t *testing.T) {
	stdout, stderr, code := runByline(t, nil, "", "ask", seedQuestion)
	noCrash(t, stderr)
	if code != 0 {
		t.Fatalf("exit %d; want 0", code)
	}
	for _, want := range []string{"[1]", "\nSources:\n[1] Mexico Rejects US Military Intervention", "Eugene Litman, 2025-08-09", "sovereign"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("answer lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "don't cover") {
		t.Errorf("the seed question was refused:\n%s", stdout)
	}
}

// jsonAnswer is the JSON shape other tools rely on.
type jsonAnswer struct {
	Answer    *string `json:"answer"`
	Refused   *bool   `json:"refused"`
	Mode      string  `json:"mode"`
	Citations []struct {
		N         *int    `json:"n"`
		ArticleID *string `json:"article_id"`
		Title     *string `json:"title"`
		Author    *string `json:"author"`
		Date      *string `json:"date"`
		PassageID *string `json:"passage_id"`
		Text      *string `json:"text"`
	} `json:"citations"`
	Quotes []struct {
		Text      *string `json:"text"`
		Speaker   *string `json:"speaker"`
		ArticleID *string `json:"article_id"`
		Exact     *bool   `json:"exact"`
	} `json:"quotes"`
	Articles []struct {
		ID       string `json:"article_id"`
		Title    string `json:"title"`
		Date     string `json:"date"`
		Passages int    `json:"passages"`
	} `json:"articles"`
}

// runJSON runs byline with args, checks it printed exactly one JSON object
// with the fixed fields, and decodes it.
func runJSON(t *testing.T, args ...string) jsonAnswer {
	t.Helper()
	stdout, stderr, code := runByline(t, nil, "", args...)
	noCrash(t, stderr)
	if code != 0 {
		t.Fatalf("byline %q: exit %d", args, code)
	}
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(stdout))
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("byline %q: output is not a JSON object: %v\n%s", args, err, stdout)
	}
	if dec.More() {
		t.Errorf("byline %q printed more than one JSON value:\n%s", args, stdout)
	}
	for _, key := range []string{"answer", "refused", "citations", "quotes"} {
		if v, ok := raw[key]; !ok || string(v) == "null" {
			t.Errorf("byline %q: JSON lacks %q (or it is null):\n%s", args, key, stdout)
		}
	}
	var a jsonAnswer
	if err := json.Unmarshal([]byte(stdout), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestE2EAskJSON(t *testing.T) {
	for _, args := range [][]string{{"ask", "--json", seedQuestion}, {"ask", seedQuestion, "--json"}} {
		a := runJSON(t, args...)
		if *a.Refused || a.Mode != "extractive" || !strings.Contains(*a.Answer, "[1]") {
			t.Errorf("byline %q: refused %v mode %q answer %q", args, *a.Refused, a.Mode, *a.Answer)
		}
		if len(a.Citations) == 0 {
			t.Fatalf("byline %q: no citations", args)
		}
		for i, c := range a.Citations {
			if c.N == nil || *c.N != i+1 || c.ArticleID == nil || c.Title == nil || c.Author == nil ||
				c.Date == nil || c.PassageID == nil || c.Text == nil || *c.Text == "" {
				t.Errorf("citation %d lacks a field: %+v", i, c)
			}
		}
		if c := a.Citations[0]; *c.Date != "2025-08-09" || *c.Author != "Eugene Litman" {
			t.Errorf("first citation date %q author %q; want the seed's", *c.Date, *c.Author)
		}
	}
}

func TestE2ERefusal(t *testing.T) {
	stdout, stderr, code := runByline(t, nil, "", "ask", "Who won the 2022 World Cup?")
	noCrash(t, stderr)
	if code != 0 || !strings.HasPrefix(stdout, "The articles don't cover") || !strings.Contains(stdout, "Mexico Rejects") {
		t.Errorf("exit %d; want 0 and a refusal listing the nearest article:\n%s", code, stdout)
	}
	if strings.Contains(stdout, "Sources:") {
		t.Errorf("a refusal cites sources:\n%s", stdout)
	}
	a := runJSON(t, "ask", "--json", "Who won the 2022 World Cup?")
	if !*a.Refused || len(a.Citations) != 0 || len(a.Articles) == 0 {
		t.Errorf("JSON refusal: refused %v, %d citations, %d articles", *a.Refused, len(a.Citations), len(a.Articles))
	}
}

func TestE2EQuote(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"exact", []string{"quote", "sovereign nation"}, []string{"Mexico is a sovereign nation", "2025-08-09", "[1]"}},
		{"exact-speaker-flag-first", []string{"quote", "--speaker", "Sheinbaum", "our own resources"}, []string{"our own resources and strategies"}},
		{"near", []string{"quote", "Mexico is a sovereign country"}, []string{"not an exact quote", "similarity", "Mexico is a sovereign nation"}},
		{"not-found", []string{"quote", "the moon is made of green cheese"}, []string{"No quote found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runByline(t, nil, "", tt.args...)
			noCrash(t, stderr)
			if code != 0 {
				t.Errorf("exit %d; want 0", code)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
	a := runJSON(t, "quote", "sovereign nation", "--json")
	if len(a.Quotes) == 0 || !*a.Quotes[0].Exact || !strings.Contains(*a.Quotes[0].Text, "Mexico is a sovereign nation") {
		t.Errorf("JSON quote: %+v", a.Quotes)
	}
}

func TestE2EArticlesAndSummary(t *testing.T) {
	stdout, stderr, code := runByline(t, nil, "", "articles")
	noCrash(t, stderr)
	if code != 0 || !strings.Contains(stdout, "1. Mexico Rejects US Military Intervention") || !strings.Contains(stdout, "2025-08-09") {
		t.Errorf("articles: exit %d:\n%s", code, stdout)
	}
	a := runJSON(t, "articles", "--json")
	if len(a.Articles) != 1 || a.Articles[0].Date != "2025-08-09" || a.Articles[0].Passages < 2 {
		t.Errorf("articles JSON: %+v", a.Articles)
	}

	stdout, stderr, code = runByline(t, nil, "", "summarize", "mexico rejects", "--detailed")
	noCrash(t, stderr)
	if code != 0 || !strings.Contains(stdout, "Sources:\n[1] Mexico Rejects") {
		t.Errorf("summarize: exit %d:\n%s", code, stdout)
	}
}

func TestE2EIndexCounts(t *testing.T) {
	seeds := t.TempDir()
	seed, err := os.ReadFile(filepath.Join(seedsDir, "000_ae6f07c6b2a57295.txt"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"seed.txt":     seed,
		"empty.txt":    nil,
		"binary.txt":   {0x00, 0x01, 0x02, 0xff, 0x00, 0x89, 'P', 'N', 'G', 0x00},
		"notes.md":     []byte("---\ntitle: Second Article\ndate: 2024-01-02\n---\n\nA short second article about rivers and bridges in the north.\n"),
		"ignored.json": []byte(`{"not": "an article"}`),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(seeds, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"SEEDS_DIR=" + seeds}
	stdout, stderr, code := runByline(t, env, "", "index")
	noCrash(t, stderr)
	if code != 0 || !strings.Contains(stdout, ": 2 articles, ") || !strings.Contains(stdout, "(2 added, 0 updated, 0 removed); 3 files skipped.") {
		t.Errorf("first index: exit %d:\n%s", code, stdout)
	}
	for _, f := range []string{"empty.txt", "binary.txt", "ignored.json"} {
		if !strings.Contains(stderr, f) {
			t.Errorf("the log does not name skipped file %s:\n%s", f, stderr)
		}
	}
	stdout, _, _ = runByline(t, env, "", "index")
	if !strings.Contains(stdout, "(0 added, 0 updated, 0 removed)") {
		t.Errorf("second index changed something:\n%s", stdout)
	}
	if err := os.Remove(filepath.Join(seeds, "notes.md")); err != nil {
		t.Fatal(err)
	}
	stdout, _, _ = runByline(t, env, "", "index", "--rebuild")
	if !strings.Contains(stdout, "Index rebuilt") || !strings.Contains(stdout, ": 1 article, ") {
		t.Errorf("rebuild after removing an article:\n%s", stdout)
	}
}

func TestE2EConsole(t *testing.T) {
	huge := strings.Repeat("x", terminal.MaxLine+10)
	stdin := strings.Join([]string{
		seedQuestion,
		"/quote sovereign nation",
		"/quote speaker:Sheinbaum",
		"/articles",
		"/summarize Mexico Rejects",
		"",
		"/help",
		"/bogus",
		"/ask",
		huge,
		"Who won the 2022 World Cup?",
		"/quit",
		"What about the cartels?",
	}, "\n") + "\n"
	stdout, stderr, code := runByline(t, nil, stdin)
	noCrash(t, stderr)
	if code != 0 {
		t.Errorf("exit %d; want 0", code)
	}
	first, _, _ := strings.Cut(stdout, "\n")
	for _, w := range []string{"local mode", "DISCORD_TOKEN", ".env", "/help"} {
		if !strings.Contains(first, w) {
			t.Errorf("first line lacks %q: %q", w, first)
		}
	}
	for _, w := range []string{
		"Sources:\n[1] Mexico Rejects", "Mexico is a sovereign nation", "1. Mexico Rejects",
		"/summarize TITLE OR TOPIC", "Unknown command /bogus", "Please type a question.", "That line is too long",
		"The articles don't cover",
	} {
		if !strings.Contains(stdout, w) {
			t.Errorf("console output lacks %q", w)
		}
	}
	if strings.Count(stdout, "The articles don't cover") != 1 {
		t.Errorf("the line after /quit was answered:\n%s", stdout)
	}
}

func TestE2EBadInput(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string // in stdout (exit 0) or stderr
	}{
		{"empty", []string{"ask", ""}, 2, "byline: Please type a question."},
		{"blank", []string{"ask", " \t "}, 2, "byline: Please type a question."},
		{"10000-chars", []string{"ask", strings.Repeat("a", 10000)}, 2, "byline: Your question is 10000 characters long; the limit is 2000"},
		{"field-syntax", []string{"ask", "title:x"}, 0, "The articles don't cover"},
		{"regexp-syntax", []string{"ask", "/.*/"}, 0, "The articles don't cover"},
		{"lone-quote", []string{"ask", `"`}, 0, "The articles don't cover"},
		{"emoji", []string{"ask", "🇲🇽🤔"}, 0, "The articles don't cover"},
		{"syntax-around-a-real-question", []string{"ask", `title:"Mexico" +reject* /intervention/`}, 0, "Sources:"},
		{"control-chars", []string{"ask", "\x01Why did Mexico\x1b[2J reject\x7f US military intervention?"}, 0, "Sources:"},
		{"invalid-utf8", []string{"ask", "Why did Mexico \xff\xfe\xc3 reject US military intervention?"}, 0, "Sources:"},
		{"summarize-blank", []string{"summarize", "\x01\x02 \t"}, 2, "byline: Please name an article"},
		{"quote-empty", []string{"quote", ""}, 2, "byline: Give a fragment of the quote, a speaker, or both."},
		{"quote-10000", []string{"quote", strings.Repeat("b", 10000)}, 2, "limit is 2000"},
		{"flag-like-text", []string{"ask", "--", "-why did Mexico reject US military intervention?"}, 0, "Sources:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runByline(t, nil, "", tt.args...)
			noCrash(t, stderr)
			if code != tt.wantCode {
				t.Errorf("exit %d; want %d\nstdout:\n%s", code, tt.wantCode, stdout)
			}
			out := stdout
			if tt.wantCode != 0 {
				out = stderr
				// Apart from the log lines, the error is one line.
				var lines []string
				for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
					if !strings.HasPrefix(l, "time=") {
						lines = append(lines, l)
					}
				}
				if len(lines) != 1 || !strings.HasPrefix(lines[0], "byline: ") {
					t.Errorf("want one error line \"byline: …\" besides the logs; got %q", lines)
				}
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q:\nstdout:\n%s\nstderr:\n%s", tt.want, stdout, stderr)
			}
		})
	}
}

func TestE2EDotenv(t *testing.T) {
	dir := bylineWorkDir(t)
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte("LOG_LEVEL=shouting\nLLM_TIMEOUT=never\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runByline(t, nil, "", "articles")
	if code != 2 || !strings.Contains(stderr, "LOG_LEVEL") || !strings.Contains(stderr, "LLM_TIMEOUT") {
		t.Errorf("bad .env: exit %d:\n%s", code, stderr)
	}
	// The real environment wins over .env.
	_, stderr, code = runByline(t, []string{"LOG_LEVEL=warn", "LLM_TIMEOUT=10s"}, "", "articles")
	if code != 0 {
		t.Errorf("environment over a bad .env: exit %d:\n%s", code, stderr)
	}
}

// TestE2ELockedIndex holds the index open in one byline (a console) and
// checks that a second one says so at once instead of waiting forever.
func TestE2ELockedIndex(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
	defer cancel()
	console := exec.CommandContext(ctx, bylineBin)
	console.Dir = bylineWorkDir(t)
	console.Env = bylineEnv(t, nil)
	console.Stderr = t.Output()
	console.WaitDelay = 5 * time.Second
	stdin, err := console.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := console.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := console.Start(); err != nil {
		t.Fatal(err)
	}
	// The console prints its first line once the index is open.
	first := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		first <- line
		io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-first:
		if !strings.Contains(line, "local mode") {
			t.Fatalf("console's first line: %q", line)
		}
	case <-ctx.Done():
		t.Fatal("the console did not start")
	}

	// A second process is answered by the running console over its socket.
	start := time.Now()
	out, stderr, code := runByline(t, nil, "", "ask", seedQuestion)
	t.Logf("second process answered in %v", time.Since(start))
	noCrash(t, stderr)
	if code != 0 || !strings.Contains(out, "Sources:") {
		t.Errorf("second process: exit %d; want the answer from the running console:\n%s\n%s", code, out, stderr)
	}
	out, _, code = runByline(t, nil, "", "articles", "--json")
	if code != 0 || !strings.Contains(out, `"articles"`) {
		t.Errorf("articles --json through the console: exit %d\n%s", code, out)
	}
	// What needs the index itself still says plainly who holds it.
	_, stderr, code = runByline(t, nil, "", "index")
	if code != 1 || !strings.Contains(stderr, "in use by another byline process") {
		t.Errorf("index while the console runs: exit %d; want 1 and a clear message:\n%s", code, stderr)
	}

	stdin.Close() // EOF ends the console
	if err := console.Wait(); err != nil {
		t.Errorf("console: %v", err)
	}
	// Once it is gone, the index is free again.
	if _, stderr, code := runByline(t, nil, "", "articles"); code != 0 {
		t.Errorf("after the console quit: exit %d:\n%s", code, stderr)
	}
	// The question served for the other shell is in the question log.
	db, err := store.Open(t.Context(), filepath.Join(bylineWorkDir(t), ".byline", "byline.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	qs, err := db.Questions(t.Context(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 1 || qs[0].Source != "cli" || qs[0].Command != "ask" || qs[0].Question != seedQuestion ||
		qs[0].Outcome != "answered" || len(qs[0].Sources) == 0 {
		t.Errorf("question log %+v; want the served question, answered, with its sources", qs)
	}
}

// TestE2EConsoleStopsOnSignal checks that Ctrl-C (SIGINT) and SIGTERM end
// the console cleanly, releasing the index.
func TestE2EConsoleStopsOnSignal(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
			defer cancel()
			console := exec.CommandContext(ctx, bylineBin)
			console.Dir = bylineWorkDir(t)
			console.Env = bylineEnv(t, nil)
			var errOut strings.Builder
			console.Stderr = &errOut
			console.WaitDelay = 5 * time.Second
			stdin, err := console.StdinPipe() // kept open: the console waits for input
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			stdout, err := console.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := console.Start(); err != nil {
				t.Fatal(err)
			}
			if line, _ := bufio.NewReader(stdout).ReadString('\n'); !strings.Contains(line, "local mode") {
				t.Fatalf("console's first line: %q", line)
			}
			if err := console.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			go io.Copy(io.Discard, stdout)
			if err := console.Wait(); err != nil || ctx.Err() != nil {
				t.Errorf("console after %v: %v (ctx %v); want exit 0\nstderr:\n%s", sig, err, ctx.Err(), errOut.String())
			}
			noCrash(t, errOut.String())
		})
	}
}

// TestE2EConsoleParity: words without a slash (help, exit) work, a
// follow-up carries the last exchange, and nothing is read after exit.
func TestE2EConsoleParity(t *testing.T) {
	stdin := "What did Sheinbaum say?\nWhen was it published?\nhelp\nexit\nWhat about the cartels?\n"
	stdout, stderr, code := runByline(t, nil, stdin)
	noCrash(t, stderr)
	if code != 0 {
		t.Errorf("exit %d; want 0", code)
	}
	for _, want := range []string{"“Mexico is a sovereign nation,” she stated firmly. — Claudia Sheinbaum", "was published on 2025-08-09", "/summarize TITLE OR TOPIC"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("console output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "cartel crisis") || strings.Count(stdout, "Sources:") > 2 {
		t.Errorf("the console answered after exit:\n%s", stdout)
	}
}
