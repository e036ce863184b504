package commands

import (
	"strings"
	"testing"
)

// TestAskWithoutAccents: a name typed without its accents ("Herve") or
// without them and a letter off ("Celeron") is the articles' name
// ("Hervé", "Céloron"): searched in their spelling, not refused as
// unknown.
func TestAskWithoutAccents(t *testing.T) {
	s := newDirService(t, "testdata/accents", Config{}) // articles writing "Céloron" and "Hervé"
	for q, want := range map[string]string{
		"What did Herve Lemaire say?":         "hervé",
		"Where did Celeron bury lead plates?": "céloron",
		"Who was celoron?":                    "céloron",
	} {
		ans, err := s.Ask(t.Context(), q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Refused {
			t.Errorf("%q refused:\n%s", q, ans.Text)
			continue
		}
		if !strings.Contains(ans.Searched, want) {
			t.Errorf("%q: searched %q; want it to hold %q", q, ans.Searched, want)
		}
		if len(ans.Citations) == 0 || ans.Citations[0].ArticleID != "ohio-expedition" {
			t.Errorf("%q: cites %v; want ohio-expedition first\n%s", q, ans.Citations, ans.Text)
		}
	}
	// A name with more than accents between it and the articles' stays the
	// user's, and is refused as unknown.
	ans, err := s.Ask(t.Context(), "What did Harve Lemaire say about Celerin?", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ans.Searched, "hervé") {
		t.Errorf("Harve became Hervé: searched %q", ans.Searched)
	}
}
