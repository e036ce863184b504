package qa

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"byline/eval/data"
	"byline/retrieval"
)

// speakerErrors names a set whose errors TestSpeakersBBC lists
// (go test -run TestSpeakersBBC -v ./eval/qa/ -args -speaker-errors fresh2).
var speakerErrors = flag.String("speaker-errors", "", "list the speaker errors of this labelled set")

// TestSpeakersBBC scores both attributions on the hand-labelled BBC
// quotes (testdata/bbc-speakers.tsv), reading the articles from
// ../shared/data. Today's must beat the first version's on every set, and
// each set is held to what it measures today less about one quote, so
// that a change that makes any of them worse fails. Figures (precision,
// recall): "tuning" 99.2%, 97.5% (session 5); "fresh" 89.3%, 78.1% when
// labelled in session 3, 100%, 96.9% since session 4; "fresh2" 91.5%,
// 70.5% when labelled in session 4, 92.0%, 75.4% after it, tuned on in
// session 5: 100%, 95.1%; "fresh3", labelled in session 5 and measured
// once at its end, not tuned on: 86.2%, 72.7%, below the targets
// (90%, 80%), held a margin below that.
func TestSpeakersBBC(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "bbc-news", "bbc-fulltext.tar.gz")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("BBC articles not found at %s: speaker attribution not measured", path)
	}
	arts, _, err := data.LoadBBC(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*retrieval.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	labels, err := LoadSpeakerLabels()
	if err != nil {
		t.Fatal(err)
	}
	scores, err := ScoreSpeakers(labels, func(id string) (*retrieval.Article, bool) { a, ok := byID[id]; return a, ok }, Attributions())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(scores); i += 2 {
		before, now := scores[i], scores[i+1]
		t.Logf("%s before: %s", before.Set, before)
		t.Logf("%s byline: %s", now.Set, now)
		if now.Set == *speakerErrors {
			for _, e := range now.Errors {
				t.Logf("%s %q: want %q, got %q (found %v)", e.Label.ArticleID, e.Label.Start, e.Label.Speaker, e.Got, e.Found)
			}
		}
		minP, minR := 98.0, 96.0 // tuning
		switch now.Set {
		case "fresh":
			minP, minR = 96, 93
		case "fresh2":
			minP, minR = 98, 93
		case "fresh3":
			minP, minR = 82, 68
		}
		if now.Precision() < minP || now.Recall() < minR {
			t.Errorf("%s: speaker precision %.1f%%, recall %.1f%%; want at least %.0f%% and %.0f%%", now.Set, now.Precision(), now.Recall(), minP, minR)
		}
		if now.Correct <= before.Correct {
			t.Errorf("%s: today's attribution (%d right) is no better than before (%d)", now.Set, now.Correct, before.Correct)
		}
	}
}

func TestSameSpeaker(t *testing.T) {
	for _, c := range []struct {
		label, got string
		want       bool
	}{
		{"Jimmy White", "White", true},
		{"Henk Ten Cate", "Ten Cate", true},
		{"Robert Kilroy-Silk", "MEP Robert Kilroy-Silk", true},
		{"Robert Kilroy-Silk", "Roger Knapman", false},
		{"Jose Mourinho", "Jose", false},
		{"Jill", "", false},
	} {
		if got := SameSpeaker(c.label, c.got); got != c.want {
			t.Errorf("SameSpeaker(%q, %q) = %v; want %v", c.label, c.got, got, c.want)
		}
	}
}
