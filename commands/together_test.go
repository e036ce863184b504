package commands

import (
	"strings"
	"testing"
	"time"
)

// TestAskYearsTogether: a year the question names must be found with the
// rest of the question in one passage, not only somewhere in the
// library. Three undated reports written for the test (testdata/years):
// the 2003 Rugby World Cup final answers its own year, not 2011's, and
// the refusal says which year the articles do cover; rates
// left on hold (no year) do not answer what the Bank did in 2009; a
// stadium report names both years, about something else.
func TestAskYearsTogether(t *testing.T) {
	askAll(t, "testdata/years", []refusalCase{
		{"Who won the 2003 Rugby World Cup?", false, "England"},
		{"Who won the 2011 Rugby World Cup?", true, "“2011” with the rest of the question; the nearest passages speak of 2003."},
		{"What did the Bank of England do with interest rates in 2009?", true, "2009"},
		{"What did the Bank of England do with interest rates?", false, "4.75%"},
	})
}

func TestYearsNamed(t *testing.T) {
	got := yearsNamed("Kick-off is at 1400 GMT; tickets cost £1230 or 1,500 euros. England won in 2003 and 2004.")
	if strings.Join(got, " ") != "2003 2004" {
		t.Errorf("yearsNamed = %q; want [2003 2004]", got)
	}
}

func TestYearsIn(t *testing.T) {
	got := yearsIn("Who won the 2011 Rugby World Cup, 1,500 fans or 20-17 in 999 and 2150?")
	if strings.Join(got, " ") != "2011" {
		t.Errorf("yearsIn = %q; want [2011]", got)
	}
}

// TestAskNameWrittenOtherwise: of two names asked about, one may be
// written otherwise in the article ("Saharan" for its "Sahara") when the
// article holds most of the question's words; a question whose other
// words are not there is still refused. Articles written for the test
// (testdata/names).
func TestAskNameWrittenOtherwise(t *testing.T) {
	askAll(t, "testdata/names", []refusalCase{
		{"How much Saharan dust settles over the Amazon basin every year?", false, "27 million tonnes"},
		{"How many Saharan tourists visit the Amazon?", true, ""},
	})
}

// TestWrittenOtherwise: the one name of several, or a lone figure, that
// the best passage lacks does not refuse a question whose key words one
// article mostly holds; a lone name or a year still does.
func TestWrittenOtherwise(t *testing.T) {
	for _, c := range []struct {
		words, missing []string
		together       float64
		want           bool
	}{
		{[]string{"Saharan", "Amazon"}, []string{"Saharan"}, 0.8, true},
		{[]string{"Saharan", "Amazon"}, []string{"Saharan"}, 0.5, false},
		{[]string{"200"}, []string{"200"}, 0.8, true},
		{[]string{"$1.65"}, []string{"$1.65"}, 0.8, true},
		{[]string{"2022"}, []string{"2022"}, 0.9, false},
		{[]string{"Wimbledon"}, []string{"Wimbledon"}, 0.9, false},
		{[]string{"Saharan", "Amazon", "Nile"}, []string{"Saharan", "Nile"}, 0.9, false},
	} {
		sp := specific{words: c.words, missing: c.missing}
		if got := sp.writtenOtherwise(coverage{together: c.together}); got != c.want {
			t.Errorf("writtenOtherwise(%q missing %q, together %.1f) = %v; want %v", c.words, c.missing, c.together, got, c.want)
		}
	}
}

// refusalCase is a question, whether it must be refused, and what the
// answer or refusal must name.
type refusalCase struct {
	question string
	refused  bool
	mentions string
}

// askAll asks each question of a library of the articles in dir.
func askAll(t *testing.T, dir string, cases []refusalCase) {
	t.Helper()
	s := newDirService(t, dir, Config{})
	for _, c := range cases {
		a, err := s.Ask(t.Context(), c.question, Options{})
		if err != nil {
			t.Fatalf("Ask(%q): %v", c.question, err)
		}
		if a.Refused != c.refused || !strings.Contains(a.Text, c.mentions) {
			t.Errorf("Ask(%q) = %q (refused %v); want refused %v, naming %q", c.question, a.Text, a.Refused, c.refused, c.mentions)
		}
	}
}

// TestAskYearNextToItsName: a year that names one thing in the question
// ("the 2007 Rugby World Cup", "Euro 2008") must be found next to that
// thing's words, not merely in an article that holds both (articles
// written for the test, testdata/yearnear): Dallaglio's report names the
// 2003 win and, sentences later, plans for 2007; the Euro 2004 report
// names 2006 for qualifying. The same shapes are answered where the year
// is next to its words, in the same sentence or the next ("…an annual
// International Arts Fair. The 2009 event will be…").
func TestAskYearNextToItsName(t *testing.T) {
	askAll(t, "testdata/yearnear", []refusalCase{
		{"Who won the 2003 Rugby World Cup?", false, "2003"},
		{"Who won the 2007 Rugby World Cup?", true, "no passage found speaks of “2007” with “Rugby World Cup”"},
		{"Where will the 2009 International Arts Fair be held?", false, "Sage Gateshead"},
		{"Who won Euro 2004?", false, "Greece"},
		{"Who won Euro 2006?", true, "“2006” with “Euro”"},
	})
}

func TestYearAnchors(t *testing.T) {
	key := map[string]float64{"rugbi": 1, "world": 1, "cup": 1, "euro": 1, "won": 1, "wimbledon": 1, "bank": 1, "rate": 1}
	for q, want := range map[string]string{
		"Who won the 2007 Rugby World Cup?":        "2007:rugbi world cup",
		"Who won Euro 2020?":                       "2020:euro",
		"Who won Wimbledon in 2012?":               "2012:wimbledon",
		"What did the Bank do with rates in 2009?": "", // a date, not a name
		"2012: who won Wimbledon?":                 "",
	} {
		var got []string
		for _, a := range yearAnchors(q, key) {
			got = append(got, a.year+":"+strings.Join(a.terms, " "))
		}
		if strings.Join(got, ",") != want {
			t.Errorf("yearAnchors(%q) = %q; want %q", q, got, want)
		}
	}
}

// TestAskStandFor: "What does X stand for?" asks what an abbreviation
// means; the answer spells it out and need not say "stands for" or
// "acronym" (an
// article written for the test spells out "AFC"; another, about a
// councillor who will stand for a third term, holds the verb).
func TestAskStandFor(t *testing.T) {
	askAll(t, "testdata/standfor", []refusalCase{
		{"What does AFC stand for?", false, "American Football Conference"},
		{"What did the acronym AFC stand for?", false, "American Football Conference"},
		{"What does NATO stand for?", true, "“NATO”"},
	})
}

// TestAskYearDatedLibrary: in a dated library a report does not repeat
// the year it is written in, so "the 2023 Grammy Awards" is answered
// from a report of the Grammy Awards published in February 2023 that
// never writes "2023" (articles written for the test,
// testdata/yeardated): the year is not looked for next to its name.
func TestAskYearDatedLibrary(t *testing.T) {
	s := newDirService(t, "testdata/yeardated", Config{}).AsOf(time.Date(2023, 2, 10, 0, 0, 0, 0, time.UTC))
	a, err := s.Ask(t.Context(), "Who won album of the year at the 2023 Grammy Awards?", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Refused || !strings.Contains(a.Text, "Harry Styles") {
		t.Errorf("Ask = %q (refused %v); want Harry Styles", a.Text, a.Refused)
	}
}

// TestAskLongQuestion: a long question (seven key words or more) that
// words much of itself otherwise than the article is covered when the
// article holds 0.35 of its words, weighted by rarity (articles written
// for the test, testdata/longquestion: "barred personal watercraft"
// for "banned jet skis"); one about divers and seals is not.
func TestAskLongQuestion(t *testing.T) {
	askAll(t, "testdata/longquestion", []refusalCase{
		{"Which harbour banned the jet skis after angry fishermen complained that noisy young riders scared the fish?", false, "Porthleven"},
		{"Which harbour banned jet skis this summer after divers complained that noisy riders scared the seals?", true, ""},
	})
}
