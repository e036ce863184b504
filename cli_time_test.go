package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
)

// runDated runs byline in-process over the dated test articles
// (congestion pricing, 2019 to 2025, one undated).
func runDated(t *testing.T, stdin string, args ...string) (stdout string, code int) {
	t.Helper()
	var out bytes.Buffer
	env := map[string]string{"INDEX_PATH": t.TempDir(), "SEEDS_DIR": "retrieval/testdata/dated"}
	a := &app{lookupEnv: envOf(env), dotenv: "testdata/none.env"}
	code = a.run(context.Background(), args, strings.NewReader(stdin), &out, io.Discard)
	return out.String(), code
}

func TestAsOfFlag(t *testing.T) {
	out, code := runDated(t, "", "ask", "Where did congestion pricing take effect?", "--as-of", "2024-12-31", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, out)
	}
	var ans struct {
		Citations []struct{ Date string } `json:"citations"`
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatal(err)
	}
	if len(ans.Citations) == 0 {
		t.Fatalf("no citations: %s", out)
	}
	for _, c := range ans.Citations {
		if c.Date > "2024-12-31" {
			t.Errorf("cited an article of %s, after --as-of 2024-12-31", c.Date)
		}
	}

	out, _ = runDated(t, "", "ask", "--as-of", "2025-01-06", "What is the latest on the first congestion charge in the United States?")
	for _, want := range []string{"As of 5 January 2025 (newest first):", "Earlier, ", "Sources:", "Congestion pricing takes effect in New York City — Lee Chan, 2025-01-05"} {
		if !strings.Contains(out, want) {
			t.Errorf("answer lacks %q:\n%s", want, out)
		}
	}

	if _, code := runDated(t, "", "ask", "anything", "--as-of", "2025/01/01"); code != exitUsage {
		t.Errorf("--as-of 2025/01/01: exit %d; want %d", code, exitUsage)
	}
}

func TestArticlesSinceUntilPage(t *testing.T) {
	out, code := runDated(t, "", "articles", "--since", "2024-01-01", "--until", "2024-12-31")
	if code != exitOK || !strings.HasPrefix(out, "2 articles published in 2024, newest first") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	out, code = runDated(t, "", "articles", "--page", "1")
	if code != exitOK || !strings.Contains(out, "5 articles, newest first:") {
		t.Errorf("--page 1: exit %d:\n%s", code, out)
	}
	if _, code := runDated(t, "", "articles", "--page", "3"); code != exitUsage {
		t.Errorf("--page 3 of 1: exit %d; want %d", code, exitUsage)
	}
}

func TestConsoleAsOf(t *testing.T) {
	out, code := runDated(t, "/asof 2024-12-31\n/articles\n/asof today\n/articles 2025\n/asof 31/12/2024\n")
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, want := range []string{
		"Answering as of 2024-12-31",
		"4 articles, newest first:",
		"Answering as of today.",
		"1 article published in 2025, newest first:",
		"is not a date",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
}
