package retrieval

import (
	"sync"
	"testing"
)

func TestPhraseKnobs(t *testing.T) {
	// Same length, same terms; only word order and distance differ.
	far := NewArticle("far", "One", "The nation debated the plan for months and in the end was sovereign again.")
	near := NewArticle("near", "Two", "The plan was debated for months and the sovereign proud nation in the end agreed.")
	exact := NewArticle("exact", "Three", "The plan was debated for months and the proud sovereign nation in the end agreed.")
	articles := []*Article{far, near, exact}
	top := func(tu Tuning, q string) []string {
		lib := openMem(t, articles, &tu)
		hits, err := lib.Search(t.Context(), q, 3)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range hits {
			ids = append(ids, h.ArticleID)
		}
		return ids
	}
	if got := top(Tuning{PhraseBoost: 5}, "sovereign nation"); len(got) == 0 || got[0] != "exact" {
		t.Errorf("PhraseBoost: order %v; want exact first", got)
	}
	got := top(Tuning{PhraseBoost: 5, PhraseSlop: 1}, "sovereign nation")
	if len(got) != 3 || got[0] != "exact" || got[1] != "near" {
		t.Errorf("PhraseSlop 1: order %v; want exact, near, far", got)
	}
	if got := top(Tuning{}, "sovereign nation"); len(got) != 3 {
		t.Errorf("no phrase boost: %v; want all three", got)
	}
}

func TestTitleBoost(t *testing.T) {
	inTitle := NewArticle("title", "Harbour News", "The council met on Monday to discuss the budget and parking.")
	inText := NewArticle("text", "Council News", "The harbour council met on Monday to discuss the budget.")
	lib := openMem(t, []*Article{inTitle, inText}, &Tuning{TitleBoost: 3})
	hits, err := lib.Search(t.Context(), "harbour", 2)
	if err != nil || len(hits) != 2 || hits[0].ArticleID != "title" {
		t.Errorf("TitleBoost 3: hits %v, %v; want the title match first", hits, err)
	}
	// Without the boost the headline still counts once: it is indexed
	// with the passage text, so a passage is found by its article's title.
	lib = openMem(t, []*Article{inTitle, inText}, &Tuning{})
	hits, err = lib.Search(t.Context(), "harbour", 2)
	if err != nil || len(hits) != 2 {
		t.Errorf("TitleBoost 0: hits %v, %v; want both articles", hits, err)
	}
}

// TestTitleClauseIsOptional checks that a title match only adds to a
// text match: the score of a passage whose title does not match is not
// cut by a coordination factor (clauses matched / clauses, which would
// halve it with one title clause). Bleve's query normalisation still
// scales it a little, hence the margin.
func TestTitleClauseIsOptional(t *testing.T) {
	articles := []*Article{
		NewArticle("strong", "Weather", "Storm warnings: the storm hit the coast, and a second storm followed the storm."),
		NewArticle("weak", "Storm Report", "Officials said on Tuesday that a storm is coming to the region this week."),
		NewArticle("other", "Markets", "Shares rose on Tuesday as investors weighed the latest figures."),
	}
	score := func(tu Tuning) float64 {
		lib := openMem(t, articles, &tu)
		hits, err := lib.Search(t.Context(), "storm", 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.ArticleID == "strong" {
				return h.Score
			}
		}
		t.Fatalf("hits %v; want the strong article among them", hits)
		return 0
	}
	with, without := score(Tuning{TitleBoost: 0.15}), score(Tuning{})
	if with < 0.75*without {
		t.Errorf("score without a title match: %v with the title clause, %v without it; want no coordination cut (>= 0.75x)", with, without)
	}
}

func TestFeedback(t *testing.T) {
	articles := corpus(t)
	ash := NewArticle("ash", "Flights Grounded", "An ash cloud from the eruption grounded flights. Lava and ash covered the island airport, and the evacuation of the village continued.")
	articles = append(articles, ash)
	found := func(tu Tuning) bool {
		lib := openMem(t, articles, &tu)
		hits, err := lib.Search(t.Context(), "volcano", 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].ArticleID != "volcano" {
			t.Fatalf("volcano not first: %v", hits)
		}
		for _, h := range hits {
			if h.ArticleID == "ash" {
				return true
			}
		}
		return false
	}
	if found(Tuning{}) {
		t.Error("without feedback the ash article (no word 'volcano') was found")
	}
	if !found(Tuning{FeedbackDocs: 1, FeedbackTerms: 10, FeedbackWeight: 0.5}) {
		t.Error("with feedback the ash article was not found")
	}
}

func TestFindQuoteNearViaSearch(t *testing.T) {
	// NearScanWords < 0: the large-library path, candidates from Search.
	lib, _, err := Open(t.Context(), corpus(t), Options{Logger: testLogger(t), NearScanWords: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	ms, err := lib.FindQuote(t.Context(), "Mexico is a sovereign country", "", 3)
	if err != nil || len(ms) == 0 || ms[0].Exact || ms[0].Speaker != "Claudia Sheinbaum" {
		t.Errorf("near match via search: %+v, %v", ms, err)
	}
}

func TestConcurrentUse(t *testing.T) {
	lib := openMem(t, corpus(t), nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			switch i % 4 {
			case 0:
				lib.Search(t.Context(), "mexico cartel", 5)
			case 1:
				lib.FindQuote(t.Context(), "sovereign nation", "", 3)
			case 2:
				lib.Quotes("sheinbaum")
			case 3:
				lib.Terms(t.Context(), "volcano zebra")
				lib.FindArticles("chess")
			}
		})
	}
	wg.Wait()
	if got := len(lib.Quotes("sheinbaum")); got != 2 {
		t.Errorf("after concurrent use: %d Sheinbaum quotes; want 2", got)
	}
}
