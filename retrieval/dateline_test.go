package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestDatelineDate(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Updated July 8, 2026\n\nThe council voted.", "2026-07-08"},
		{"By Ann Lee\nUpdated 10:32 AM EST, Thu January 5, 2023\n\nText.", "2023-01-05"},
		{"Published 3:00 p.m. ET Aug. 9, 2025\n\nText.", "2025-08-09"},
		{"Last updated: 9 August 2025\n\nText.", "2025-08-09"},
		{"Posted 2024-03-11 08:00\n\nText.", "2024-03-11"},
		{"Updated, Sept. 8th, 2022:\n\nText.", "2022-09-08"},
		{"Updated pricing posted online shows Tesla's new model will start at $45,990.", ""},
		{"The law was updated on July 8, 2026 by the council.", ""},
		{"No date here at all.", ""},
	}
	for _, tt := range tests {
		got := datelineDate(tt.text)
		if s := formatDay(got); s != tt.want {
			t.Errorf("datelineDate(%q) = %q; want %q", tt.text, s, tt.want)
		}
	}
}

func formatDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// A dateline fills in a missing publish date only; front matter wins, and
// a file's modification time is never taken for one.
func TestParseDateSources(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"dateline.md": "# Council votes\n\nUpdated July 8, 2026\n\nThe council voted on Tuesday.\n",
		"front.md":    "---\ntitle: Council votes\ndate: 2025-01-02\n---\n\nUpdated July 8, 2026\n\nThe council voted.\n",
		"undated.md":  "# Council votes\n\nThe council voted on Tuesday.\n",
	}
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	arts, skipped, err := Load(context.Background(), dir, testLogger(t))
	if err != nil || len(skipped) > 0 {
		t.Fatalf("load: %v, skipped %v", err, skipped)
	}
	want := map[string]string{"dateline": "2026-07-08", "front": "2025-01-02", "undated": ""}
	for _, a := range arts {
		if got := formatDay(a.Date); got != want[a.ID] {
			t.Errorf("%s: date %q; want %q", a.ID, got, want[a.ID])
		}
	}
}
