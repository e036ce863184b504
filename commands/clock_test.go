package commands

import (
	"strings"
	"testing"
	"time"

	"byline/retrieval"
)

// newDatedService is a Service over the dated articles of
// ../retrieval/testdata/dated (congestion pricing, 2019 to 2025, one undated).
func newDatedService(t *testing.T, model ChatModel) *Service {
	t.Helper()
	lg := testLogger(t)
	arts, skipped, err := retrieval.Load(t.Context(), "../retrieval/testdata/dated", lg)
	if err != nil || len(skipped) > 0 {
		t.Fatalf("load dated articles: %v, skipped %v", err, skipped)
	}
	lib, _, err := retrieval.Open(t.Context(), arts, retrieval.Options{Logger: lg})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return New(lg, lib, model, Config{Now: func() time.Time { return time.Date(2025, 2, 1, 12, 0, 0, 0, time.UTC) }})
}

func citedArticles(ans *Answer) []string {
	var out []string
	for _, c := range ans.Citations {
		out = append(out, c.ArticleID+" "+c.Date)
	}
	return out
}

func TestAskLatestPrefersNewer(t *testing.T) {
	s := newDatedService(t, nil).AsOf(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC))
	ans, err := s.Ask(t.Context(), "What is the latest on the first congestion charge in the United States: which city?", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Refused || len(ans.Citations) == 0 {
		t.Fatalf("refused or uncited: %s", ans.Text)
	}
	if got := ans.Citations[0].ArticleID; got != "2025-launch" {
		t.Errorf("first source %s; want 2025-launch (newest first)\n%s\n%v", got, ans.Text, citedArticles(ans))
	}
	if !strings.HasPrefix(ans.Text, "As of 5 January 2025") {
		t.Errorf("answer from several dates should open with the newest date:\n%s", ans.Text)
	}
	if strings.Contains(ans.Text, "2019") && !strings.Contains(ans.Text, "Earlier, 2 April 2019:") {
		t.Errorf("the 2019 account is not marked as earlier:\n%s", ans.Text)
	}
}

func TestAskInYearKeepsToIt(t *testing.T) {
	s := newDatedService(t, nil)
	ans, err := s.Ask(t.Context(), "What happened to congestion pricing in 2024?", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Refused || len(ans.Citations) == 0 {
		t.Fatalf("refused or uncited (the year must not count as an unknown word): %s", ans.Text)
	}
	for _, c := range ans.Citations {
		if !strings.HasPrefix(c.Date, "2024-") {
			t.Errorf("cited %s dated %q; want 2024 only", c.ArticleID, c.Date)
		}
	}
}

func TestAskNoArticleInPeriodRefused(t *testing.T) {
	s := newDatedService(t, nil)
	ans, err := s.Ask(t.Context(), "What happened to congestion pricing in 2021?", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "The articles don't cover that: none published in 2021 matches"
	if !ans.Refused || !strings.HasPrefix(ans.Text, want) || len(ans.Articles) == 0 {
		t.Errorf("refused %v, text %q, %d nearest; want %q with the nearest articles", ans.Refused, ans.Text, len(ans.Articles), want)
	}
}

func TestAsOfExcludesLaterArticles(t *testing.T) {
	s := newDatedService(t, nil).AsOf(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	ask, err := s.Ask(t.Context(), "Where did congestion pricing take effect?", Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.Summarize(t.Context(), "Congestion pricing takes effect in New York City", Options{})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.Articles(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, ans := range []*Answer{ask, sum} {
		for _, c := range ans.Citations {
			if c.Date > "2024-12-31" {
				t.Errorf("cited %s of %s, after the as-of day", c.ArticleID, c.Date)
			}
		}
	}
	for _, a := range list.Articles {
		if a.Date > "2024-12-31" {
			t.Errorf("listed %s of %s, after the as-of day", a.ID, a.Date)
		}
	}
	if len(list.Articles) != 4 {
		t.Errorf("listed %d articles; want the 4 published by 2024-12-31 (undated included)", len(list.Articles))
	}
}

func TestListArticlesPeriodAndPages(t *testing.T) {
	s := newDatedService(t, nil)
	ans, err := s.ListArticles(t.Context(), ArticleFilter{Period: "2024"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Articles) != 2 || !strings.HasPrefix(ans.Text, "2 articles published in 2024, newest first") {
		t.Errorf("2024: %d articles, text %q", len(ans.Articles), ans.Text)
	}
	since := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	ans, err = s.ListArticles(t.Context(), ArticleFilter{Since: since, Page: 2, PerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Articles) != 1 || ans.Articles[0].ID != "2024-pause" || !strings.Contains(ans.Text, "(page 2 of 2)") {
		t.Errorf("since 2024-06-01, page 2: %v\n%s", ans.Articles, ans.Text)
	}
	if _, err := s.ListArticles(t.Context(), ArticleFilter{Page: 9, PerPage: 2}); err == nil {
		t.Error("page 9 of 3: want an input error")
	}
	if _, err := s.ListArticles(t.Context(), ArticleFilter{Period: "banana"}); err == nil {
		t.Error("period banana: want an input error")
	}
}

func TestPromptCarriesDates(t *testing.T) {
	m := answering("As of 5 January 2025, congestion pricing took effect in New York City [1].")
	s := newDatedService(t, m).AsOf(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC))
	if _, err := s.Ask(t.Context(), "Where did congestion pricing take effect this week?", Options{}); err != nil {
		t.Fatal(err)
	}
	calls := m.Calls()
	if len(calls) == 0 {
		t.Fatal("the model was not called")
	}
	system, user := calls[0][0].Content, calls[0][len(calls[0])-1].Content
	if !strings.Contains(system, "Today is 6 January 2025.") || !strings.Contains(system, "the newest is the current account") {
		t.Errorf("system prompt lacks the as-of date and the rule:\n%s", system)
	}
	if !strings.Contains(user, `date="2025-01-05"`) {
		t.Errorf("passages lack their dates:\n%s", user)
	}
	if strings.Contains(user, `date="2025-`) && strings.Contains(user, "2025-02") {
		t.Errorf("a passage after the as-of day reached the prompt:\n%s", user)
	}
}

func TestAskPeriodAloneListsItsArticles(t *testing.T) {
	s := newDatedService(t, nil)
	ans, err := s.Ask(t.Context(), "What happened in 2024?", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Refused || len(ans.Articles) != 2 || !strings.HasPrefix(ans.Text, "2 articles published in 2024, newest first") {
		t.Fatalf("refused %v, %d articles; want the two of 2024 listed:\n%s", ans.Refused, len(ans.Articles), ans.Text)
	}
	for _, a := range ans.Articles {
		if !strings.HasPrefix(a.Date, "2024-") {
			t.Errorf("listed %s dated %s", a.ID, a.Date)
		}
	}
	// A subject with the period is searched, not listed.
	ans, err = s.Ask(t.Context(), "What happened to congestion pricing in 2024?", Options{})
	if err != nil || len(ans.Citations) == 0 {
		t.Fatalf("a question with a subject must be answered: %v %s", err, ans.Text)
	}
}

func TestAskThisWeekFallsBackOutsideIt(t *testing.T) {
	// Nothing was published in the week before 1 February 2025: a soft
	// window ("this week") goes on to the newest articles instead of
	// refusing.
	s := newDatedService(t, nil)
	ans, err := s.Ask(t.Context(), "Which city started congestion pricing this week?", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Refused || len(ans.Citations) == 0 || ans.Citations[0].ArticleID != "2025-launch" {
		t.Errorf("refused %v, sources %v; want the newest (2025-launch) first:\n%s", ans.Refused, citedArticles(ans), ans.Text)
	}
}

func TestEarlierOpensAParagraph(t *testing.T) {
	for _, plain := range []bool{false, true} {
		s := newDatedService(t, nil).AsOf(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC))
		s.cfg.PlainAnswers = plain
		ans, err := s.Ask(t.Context(), "What is the latest on the first congestion charge in the United States: which city?", Options{})
		if err != nil {
			t.Fatal(err)
		}
		n := strings.Count(ans.Text, "Earlier, ")
		if n == 0 {
			t.Errorf("plain=%v: no older account marked:\n%s", plain, ans.Text)
		}
		if got := strings.Count(ans.Text, "\n\nEarlier, "); got != n {
			t.Errorf("plain=%v: %d of %d 'Earlier' markers open a paragraph:\n%s", plain, got, n, ans.Text)
		}
	}
}
