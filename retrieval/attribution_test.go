package retrieval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAttributionRootErrors covers the attribution errors met on the BBC
// library, in short texts written for the test: a second speech opening
// in the same paragraph, "he added" after someone else was named, words
// said about someone, "he told BBC Radio Five Live" after a sentence
// whose subject is the speaker, and an unnamed speaker.
func TestAttributionRootErrors(t *testing.T) {
	text := "Anna Berg has admitted her team cannot win the title.\n\n" +
		`The 30-year-old captain spoke before the final. "We are not good enough this year," she told BBC Radio Five Live.` + "\n\n" +
		`Coach Tom Price praised Berg's honesty. "She is right to say it," he said. "We need time."` + "\n\n" +
		`Berg, who scored twice, was still happy. "The cup is big for us," she added.` + "\n\n" +
		`Spokesman Ian Lowe said: "The match will go ahead. "We had two officials there and both saw it." Lowe's colleague Rita Moss said she was pleased to see the back of Price. "He never listened to anyone," she said.` + "\n\n" +
		`Price said a fan shouted: "You are a disgrace to the club." "Fortunately the stewards were quick to act," a club spokesman said.`
	want := map[string]string{
		"We are not good enough this year":            "Anna Berg",
		"She is right to say it":                      "Tom Price",
		"We need time.":                               "Tom Price",
		"The cup is big for us":                       "Anna Berg",
		"The match will go ahead.":                    "Ian Lowe",
		"We had two officials there and both saw it.": "Ian Lowe",
		"He never listened to anyone":                 "Rita Moss",
		"You are a disgrace to the club.":             "",
		"Fortunately the stewards were quick to act":  "club spokesman",
	}
	got := map[string]string{}
	for _, q := range QuotesOf(NewArticle("t", "T", text)) {
		got[q.Text] = q.Speaker
	}
	for quote, speaker := range want {
		s, ok := got[quote]
		if !ok {
			t.Errorf("quote %q not found; quotes: %q", quote, got)
			continue
		}
		if s != speaker {
			t.Errorf("speaker of %q = %q; want %q", quote, s, speaker)
		}
	}
}

// TestAttributionClauses covers three error classes met on the BBC
// library, in an article written for the test
// (testdata/speech/clauses.txt): the subject of the sentence speaks after
// a participle ("Mr Patel-Hughes, who …, vowed to fight the claim,
// saying:") and after an apposition ("Nina Okafor, the group's director
// and a former shopkeeper said:"), not the previous speaker; and words
// that describe someone ("is described as “a keen amateur painter”") are
// nobody's speech.
func TestAttributionClauses(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "speech", "clauses.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Our colours are at the heart of our brand": "Marlow",
		"We had no choice but to go to court.":      "Marlow",
		"Nobody owns a colour.":                     "Patel-Hughes",
		"We will see them in court.":                "Patel-Hughes",
		"This fight helps nobody.":                  "Nina Okafor",
		"Customers just want cheap paint.":          "Nina Okafor",
		"Competition is good for buyers":            "Paul Reyes",
		"prices will fall for everyone":             "Paul Reyes",
		"a keen amateur painter":                    "",
	}
	got := map[string]string{}
	for _, q := range QuotesOf(NewArticle("t", "Paint maker sues over shade of blue", string(b))) {
		got[q.Text] = q.Speaker
	}
	for quote, speaker := range want {
		s, ok := got[quote]
		switch {
		case !ok && speaker == "":
		case !ok:
			t.Errorf("quote %q not found; quotes: %q", quote, got)
		case speaker == "" && s != "", speaker != "" && s != speaker && !strings.HasSuffix(s, " "+speaker):
			t.Errorf("speaker of %q = %q; want %q", quote, s, speaker)
		}
	}
}

// TestAttributionRunsOn: a quote still open at the end of its paragraph,
// though it opened mid-paragraph, runs on when the next paragraph opens
// with a quote mark (the BBC's way of continuing one speech); its words
// are listed with their speaker (testdata/speech/runs-on.txt, written for
// the test).
func TestAttributionRunsOn(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "speech", "runs-on.txt"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, q := range QuotesOf(NewArticle("t", "Amadi sheds weight", string(b))) {
		got[q.Text] = q.Speaker
	}
	for _, quote := range []string{"This has been brought about by eating the right food.", "I can see the improvement in every race."} {
		if s, ok := got[quote]; !ok || s != "Jo Amadi" {
			t.Errorf("quote %q: speaker %q (found %v); want Jo Amadi; quotes: %q", quote, s, ok, got)
		}
	}
}
