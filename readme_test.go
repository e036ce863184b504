package main

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadmeExample keeps the README's first example true: the command it
// shows prints exactly the output it shows.
func TestReadmeExample(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	const question = "Why did Mexico reject US military intervention?"
	if !strings.Contains(readme, `./byline ask "`+question+`"`) {
		t.Fatalf("README.md does not show ./byline ask %q", question)
	}
	_, block, ok := strings.Cut(readme, "<!-- readme-example:begin -->\n```\n")
	if block, _, ok = strings.Cut(block, "```\n<!-- readme-example:end -->"); !ok {
		t.Fatal("README.md has no example block between the readme-example markers")
	}
	stdout, stderr, code := runByline(t, nil, "", "ask", question)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if diff := cmp.Diff(block, stdout); diff != "" {
		t.Errorf("README example differs from what byline prints (-README +printed):\n%s", diff)
	}
}
