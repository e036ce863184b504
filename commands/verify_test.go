package commands

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"byline/commands/grounding"
	"byline/eval/data"
	"byline/retrieval"
)

// BenchmarkVerifyBBC verifies an answer with quotations found in a cited
// passage, in an article only, and nowhere, against the seed and the BBC
// News corpus (../shared/data):
//
//	go test ./commands -run '^$' -bench VerifyBBC -benchtime 20x
func BenchmarkVerifyBBC(b *testing.B) {
	archive := filepath.Join("..", "..", "shared", "data", "bbc-news", "bbc-fulltext.tar.gz")
	if _, err := os.Stat(archive); err != nil {
		b.Skipf("no %s: verification against the BBC corpus not measured", archive)
	}
	lg := slog.New(slog.DiscardHandler)
	arts, _, err := data.LoadBBC(b.Context(), archive, lg)
	if err != nil {
		b.Fatal(err)
	}
	seed, _, err := retrieval.Load(b.Context(), "../seeds", lg)
	if err != nil {
		b.Fatal(err)
	}
	lib, _, err := retrieval.Open(b.Context(), append(seed, arts...), retrieval.Options{Logger: lg})
	if err != nil {
		b.Fatal(err)
	}
	defer lib.Close()
	s := New(lg, lib, nil, Config{})
	ps := lib.Passages(seed[0].ID)
	text := `She said "Mexico is a sovereign nation" [2]. Analysts spoke of "a significant moment in US-Mexico relations". ` +
		`Officials called it "an unprecedented betrayal of trust" [1]. Another "invented line that nobody said" [3]. ` +
		`And "one more fabricated quotation here" [1].`
	b.ResetTimer()
	for b.Loop() {
		s.verify(text, ps[:3])
	}
}

// TestVerifyCachesNormalizedArticles: through a Service, a quotation found
// only in an article is verified, and the article's normalised text is made
// once and reused by later answers.
func TestVerifyCachesNormalizedArticles(t *testing.T) {
	s := newTestService(t, nil)
	seed, ok := s.lib.Article(seedID)
	if !ok {
		t.Fatal("seed article missing")
	}
	other := s.lib.Passages("reef-bleaching") // the prompt holds no seed passage
	text := `Sheinbaum said "We will address our security challenges with our own resources" [1].`
	count := func() int {
		n := 0
		s.norms.Range(func(any, any) bool { n++; return true })
		return n
	}
	for i := range 2 {
		got := s.verify(text, other[:1])
		if len(got.Quotes) != 1 || !got.Quotes[0].Verified || got.Quotes[0].FoundIn != "article" || got.Quotes[0].ArticleID != seedID {
			t.Fatalf("answer %d: quotes %+v; want one verified in the seed article", i, got.Quotes)
		}
		if n := count(); n == 0 || n > len(s.lib.Articles()) {
			t.Errorf("answer %d: %d normalised articles cached; want 1..%d", i, n, len(s.lib.Articles()))
		}
	}
	want := grounding.Normalize(seed.Text)
	if got := s.normalizedArticle(seed); got != want {
		t.Errorf("cached normalised seed differs from grounding.Normalize's")
	}
}
