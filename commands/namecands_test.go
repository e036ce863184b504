package commands

import (
	"strings"
	"testing"
	"time"
)

// TestAskWhichLeadsWithName: a "which …" question wants a name. The
// sentences that repeat most of the question's words name no one ("…it
// had chosen the actor who will voice the wizard…"); the sentence after
// one of them names the actor (Tom Hardwick, also named by a second
// recent article) and shares none of the question's words. The answer
// names him.
func TestAskWhichLeadsWithName(t *testing.T) {
	s := newDirService(t, "testdata/namecands", Config{}).AsOf(time.Date(2024, 5, 12, 0, 0, 0, 0, time.UTC))
	q := "Which actor will voice the wizard in the new animated film?"
	a, err := s.Ask(t.Context(), q, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Refused || !strings.Contains(a.Text, "Hardwick") {
		t.Errorf("Ask(%q) = %q (refused %v); want it to name Tom Hardwick", q, a.Text, a.Refused)
	}
}
