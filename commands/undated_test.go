package commands

import (
	"strings"
	"testing"
	"time"

	"byline/retrieval"
)

// newUndatedService is a Service over the undated articles of
// testdata/undated (London weather, the oil price), as of 1 February 2025.
func newUndatedService(t *testing.T) *Service {
	t.Helper()
	return newDirService(t, "testdata/undated", Config{Now: func() time.Time { return time.Date(2025, 2, 1, 12, 0, 0, 0, time.UTC) }})
}

// newDirService is a Service over the articles of dir.
func newDirService(t *testing.T, dir string, cfg Config) *Service {
	t.Helper()
	lg := testLogger(t)
	arts, skipped, err := retrieval.Load(t.Context(), dir, lg)
	if err != nil || len(skipped) > 0 {
		t.Fatalf("load %s: %v, skipped %v", dir, err, skipped)
	}
	lib, _, err := retrieval.Open(t.Context(), arts, retrieval.Options{Logger: lg})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return New(lg, lib, nil, cfg)
}

// TestAskUndatedFuture: articles without dates cannot say what happens
// tomorrow or next week: the question is refused, saying why, with the
// nearest articles listed.
func TestAskUndatedFuture(t *testing.T) {
	s := newUndatedService(t)
	for _, a := range s.lib.Articles() {
		if !a.Date.IsZero() {
			t.Fatalf("%s has a date (%v); the test needs undated articles", a.ID, a.Date)
		}
	}
	for q, period := range map[string]string{
		"What will the weather be in London tomorrow?": "tomorrow",
		"Will it rain in London next week?":            "next week",
	} {
		ans, err := s.Ask(t.Context(), q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Refused || len(ans.Articles) == 0 {
			t.Errorf("%q: refused %v with %d nearest articles; want a refusal listing them:\n%s", q, ans.Refused, len(ans.Articles), ans.Text)
		}
		want := "The articles don't cover that: the nearest have no publish dates, so none can say what happens " + period + "."
		if ans.Text != want {
			t.Errorf("%q:\ngot  %s\nwant %s", q, ans.Text, want)
		}
	}
}

// TestAskUndatedPresent: a question about today, this week or last night
// is answered from undated articles, but the answer first says that they
// cannot be placed in that period.
func TestAskUndatedPresent(t *testing.T) {
	s := newUndatedService(t)
	for q, period := range map[string]string{
		"What is the price of Brent crude today?":              "today",
		"What is the price of Brent crude right now?":          "right now",
		"What did the Met Office say about London this week?":  "this week",
		"What did the Met Office say about London last night?": "last night",
	} {
		ans, err := s.Ask(t.Context(), q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Refused || len(ans.Citations) == 0 {
			t.Fatalf("%q: refused or uncited:\n%s", q, ans.Text)
		}
		want := "The articles have no publish dates, so I can't tell whether they speak of " + period + "; the nearest they say:\n\n"
		if !strings.HasPrefix(ans.Text, want) {
			t.Errorf("%q: answer should open with %q:\n%s", q, want, ans.Text)
		}
	}
	// Without a period, or with one of its own ("in 2004"), nothing changes.
	for _, q := range []string{"What is the price of Brent crude?", "What was the price of Brent crude in 2004?", "What is the latest price of Brent crude?"} {
		ans, err := s.Ask(t.Context(), q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(ans.Text, "no publish dates") {
			t.Errorf("%q: no relative period, yet:\n%s", q, ans.Text)
		}
	}
}

// TestAskDatedPeriodUnchanged: a library of dated articles never reaches
// the undated notes.
func TestAskDatedPeriodUnchanged(t *testing.T) {
	s := newDatedService(t, nil)
	for _, q := range []string{"What is happening with congestion pricing this week?", "Will congestion pricing start tomorrow?"} {
		ans, err := s.Ask(t.Context(), q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(ans.Text, "no publish dates") {
			t.Errorf("%q on dated articles:\n%s", q, ans.Text)
		}
	}
}
