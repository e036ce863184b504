package retrieval

import "testing"

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
