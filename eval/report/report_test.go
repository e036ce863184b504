package report

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReplaceSection(t *testing.T) {
	p := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	before := "# Benchmarks\n\n## Retrieval core\nkeep me\n\n## Evaluation\n" + Begin + "\nold table\n" + End + "\ntail\n"
	os.WriteFile(p, []byte(before), 0o644)
	if err := ReplaceSection(p, "new table\n"); err != nil {
		t.Fatalf("ReplaceSection: %v", err)
	}
	got, _ := os.ReadFile(p)
	want := "# Benchmarks\n\n## Retrieval core\nkeep me\n\n## Evaluation\n" + Begin + "\nnew table\n" + End + "\ntail\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("file (-want +got):\n%s", diff)
	}
	os.WriteFile(p, []byte("# Benchmarks\n"), 0o644)
	if err := ReplaceSection(p, "x"); err == nil {
		t.Error("ReplaceSection without markers: no error")
	}
}
