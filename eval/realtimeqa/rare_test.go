package realtimeqa

import (
	"log/slog"
	"testing"
	"time"

	"byline/eval"
	"byline/retrieval"
)

// TestShareRareWords: of two articles the data would count as support
// (both name the correct choice), only the one about the question's
// subject shares its rare words.
func TestShareRareWords(t *testing.T) {
	day := time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC)
	arts := []*retrieval.Article{
		{ID: "report", Date: day, Title: "Finland tops the happiness ranking again",
			Text: "Finland was named the happiest country in the world for the seventh year in a row by the World Happiness Report."},
		{ID: "clocks", Date: day, Title: "Clocks go forward this weekend",
			Text: "Most of Europe, Finland included, moves its clocks forward an hour on Sunday for daylight saving time."},
		{ID: "filler", Date: day, Title: "Rail strike ends",
			Text: "The rail strike ended after the union accepted a new offer on pay and hours for the year."},
	}
	set := &Set{Articles: arts, Questions: []Question{{
		ID: "q", Date: day, Question: "Which country was named the world's happiest for the seventh year in a row?",
		Choices: []string{"Finland", "Denmark"}, Answers: []string{"Finland"}, Support: []string{"report", "clocks"},
	}}}
	lib, _, err := eval.OpenLibrary(t.Context(), arts, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	if err := set.ShareRareWords(t.Context(), lib); err != nil {
		t.Fatal(err)
	}
	if got := set.Sharing["q"]; !got["report"] || got["clocks"] {
		t.Errorf("sharing %v; want the happiness report only", got)
	}
	if r := set.reachable(); r != 1 {
		t.Errorf("reachable %.2f; want 1", r)
	}
}
