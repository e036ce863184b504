package retrieval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "One two. Three four! Five six? Seven.", []string{"One two.", "Three four!", "Five six?", "Seven."}},
		{"titles", "Mr. Smith met Dr. Jones. They talked.", []string{"Mr. Smith met Dr. Jones.", "They talked."}},
		{"acronym inside", "U.S. officials met on Friday. The U.S. team won.", []string{"U.S. officials met on Friday.", "The U.S. team won."}},
		{"acronym at end", "He moved to the U.S. The move was hard.", []string{"He moved to the U.S.", "The move was hard."}},
		{"decimals", "Growth was 3.5% in 2024. It fell to 2.1% later.", []string{"Growth was 3.5% in 2024.", "It fell to 2.1% later."}},
		{"straight quote", `"We won." The crowd cheered.`, []string{`"We won."`, "The crowd cheered."}},
		{"curly quote", "“We won.” The crowd cheered.", []string{"“We won.”", "The crowd cheered."}},
		{"quote then attribution", "“Mexico is a sovereign nation,” she stated firmly. “We will act.”", []string{"“Mexico is a sovereign nation,” she stated firmly.", "“We will act.”"}},
		{"question in quote", `"Why now?" he asked. Nobody knew.`, []string{`"Why now?" he asked.`, "Nobody knew."}},
		{"initials", "J. K. Rowling wrote it. Fans loved it.", []string{"J. K. Rowling wrote it.", "Fans loved it."}},
		{"lower after period", "See fig. three for details. Done.", []string{"See fig. three for details.", "Done."}},
		{"no number", "He lives at No. 10 Downing Street. It is old.", []string{"He lives at No. 10 Downing Street.", "It is old."}},
		{"ellipsis", "Wait... Then it happened.", []string{"Wait...", "Then it happened."}},
		{"number start", "Prices rose. 2024 was hard.", []string{"Prices rose.", "2024 was hard."}},
		{"no final stop", "First one. Second one without a stop", []string{"First one.", "Second one without a stop"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range sentences(tt.in, span{0, len(tt.in)}) {
				got = append(got, tt.in[s.start:s.end])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// fixtureArticles parses every fixture article the tests have.
func fixtureArticles(t testing.TB) []*Article {
	t.Helper()
	var out []*Article
	paths := []string{seedPath}
	for _, dir := range []string{"testdata/formats", "testdata/corpus"} {
		ms, _ := filepath.Glob(filepath.Join(dir, "*"))
		paths = append(paths, ms...)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Parse(filepath.Base(p), p, data)
		if err != nil {
			t.Fatalf("parse %s: %v", p, err)
		}
		out = append(out, a)
	}
	return out
}

// checkPassages asserts the invariants every split must keep.
func checkPassages(t testing.TB, a *Article, ps []Passage) {
	t.Helper()
	prevEnd := 0
	for i, p := range ps {
		if p.Start < prevEnd || p.End <= p.Start || p.End > len(a.Text) {
			t.Fatalf("%s passage %d: bad offsets [%d,%d) after %d (len %d)", a.ID, i, p.Start, p.End, prevEnd, len(a.Text))
		}
		if a.Text[p.Start:p.End] != p.Text {
			t.Fatalf("%s passage %d: Text[%d:%d] = %q; Passage.Text = %q", a.ID, i, p.Start, p.End, a.Text[p.Start:p.End], p.Text)
		}
		if p.Seq != i || p.ID != PassageID(a.ID, i) || p.ArticleID != a.ID || p.Title != a.Title || !p.Date.Equal(a.Date) {
			t.Fatalf("%s passage %d: bad metadata %+v", a.ID, i, p)
		}
		if strings.TrimSpace(a.Text[prevEnd:p.Start]) != "" {
			t.Fatalf("%s passage %d: text %q between passages is lost", a.ID, i, a.Text[prevEnd:p.Start])
		}
		prevEnd = p.End
	}
	if strings.TrimSpace(a.Text[prevEnd:]) != "" {
		t.Fatalf("%s: text after the last passage is lost: %q", a.ID, a.Text[prevEnd:])
	}
}

func TestSplitOffsetsAllFixtures(t *testing.T) {
	tunings := map[string]Tuning{
		"default": DefaultTuning,
		"zero":    {},
		"tiny":    {TargetWords: 5, MaxWords: 8, MinWords: 3},
		"huge":    {TargetWords: 1000, MaxWords: 2000, MinWords: 500},
	}
	for name, tu := range tunings {
		for _, a := range fixtureArticles(t) {
			checkPassages(t, a, SplitWith(a, tu))
		}
		t.Logf("tuning %s: ok", name)
	}
}

func TestSplitSeedBoundaries(t *testing.T) {
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse("seed", seedPath, data)
	if err != nil {
		t.Fatal(err)
	}
	tu := Tuning{TargetWords: 90, MaxWords: 140, MinWords: 25}
	ps := SplitWith(a, tu)
	if len(ps) < 5 || len(ps) > 10 {
		t.Fatalf("got %d passages; want 5-10", len(ps))
	}
	for _, p := range ps {
		if n := countWords(p.Text); n > tu.MaxWords {
			t.Errorf("passage %s has %d words; max %d", p.ID, n, tu.MaxWords)
		}
		last := p.Text[len(p.Text)-1]
		if !strings.ContainsRune(".!?”\"", rune(last)) && !strings.HasSuffix(p.Text, "”") {
			t.Errorf("passage %s ends mid-sentence: %q", p.ID, p.Text[max(0, len(p.Text)-30):])
		}
	}
	// The short sub-headline paragraph is merged with the next one.
	if !strings.HasPrefix(ps[0].Text, "Mexico Defies US Pressure") || !strings.Contains(ps[0].Text, "\n\nIn a significant display") {
		t.Errorf("first passage = %q; want the sub-headline merged with the first paragraph", ps[0].Text)
	}
}

func TestSplitLongParagraph(t *testing.T) {
	sentence := "This sentence has exactly eight words in it. "
	a := NewArticle("long", "Long", strings.Repeat(sentence, 40)) // 320 words, one paragraph
	tu := Tuning{TargetWords: 40, MaxWords: 60, MinWords: 10}
	ps := SplitWith(a, tu)
	checkPassages(t, a, ps)
	if len(ps) != 8 {
		t.Errorf("got %d passages; want 8 of 40 words", len(ps))
	}
	// A run-on "sentence" without stops is cut at words.
	b := NewArticle("runon", "Run-on", strings.Repeat("word ", 500))
	ps = SplitWith(b, tu)
	checkPassages(t, b, ps)
	for _, p := range ps {
		if n := countWords(p.Text); n > tu.MaxWords {
			t.Errorf("run-on passage has %d words; max %d", n, tu.MaxWords)
		}
	}
}

func TestSplitZeroTuningIsOnePassagePerParagraph(t *testing.T) {
	a := NewArticle("p", "P", "One. Two.\n\nThree.\n\nFour five six.")
	ps := SplitWith(a, Tuning{})
	var got []string
	for _, p := range ps {
		got = append(got, p.Text)
	}
	if want := "One. Two.|Three.|Four five six."; strings.Join(got, "|") != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

func FuzzSplitOffsets(f *testing.F) {
	f.Add("Mr. Smith went to Washington. He said \"hi.\" Then left.\n\nNew para... OK? Yes!")
	f.Add("“Quote,” she said.  U.S. a.m.\n \nx")
	f.Add("\n\n\n")
	f.Add("a.b.c. D e. F")
	f.Fuzz(func(t *testing.T, text string) {
		a := &Article{ID: "f", Title: "F", Text: text}
		for _, tu := range []Tuning{DefaultTuning, {}, {TargetWords: 3, MaxWords: 4, MinWords: 2}} {
			checkPassages(t, a, SplitWith(a, tu))
		}
		for _, p := range paragraphs(text) {
			prev := p.start
			for _, s := range sentences(text, p) {
				if s.start < prev || s.end > p.end || s.end <= s.start {
					t.Fatalf("bad sentence span %v in paragraph %v", s, p)
				}
				prev = s.end
			}
		}
	})
}

// FuzzParse feeds arbitrary bytes to every format: no panic, and what
// parses splits with exact offsets and yields quotes that point at their text.
func FuzzParse(f *testing.F) {
	for _, p := range []string{seedPath, "testdata/formats/article.md", "testdata/formats/article.html", "testdata/formats/byline.txt"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("---\ntitle: x\n---\n\"a \"b\" c\"\" d"))
	f.Add([]byte("<html><p>“x” he said</p><script>y"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"a.txt", "a.md", "a.html"} {
			a, err := Parse("f", name, data)
			if err != nil {
				continue
			}
			if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
				t.Fatalf("%s: invalid UTF-8 out", name)
			}
			checkPassages(t, a, Split(a))
			for _, q := range analyzeSpeech(a).quotes {
				if a.Text[q.Start:q.End] != q.Text {
					t.Fatalf("%s: quote offsets wrong", name)
				}
			}
		}
	})
}
