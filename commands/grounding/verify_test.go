package grounding

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"byline/retrieval"
)

// verifyFixture is a small article cut into three passages; the first two
// are "in the prompt", the third only in the article.
func verifyFixture() (retrieval.Article, []retrieval.Passage) {
	paras := []string{
		"President Claudia Sheinbaum has unequivocally rejected a proposal by the United States to deploy American military forces within Mexico.",
		"“Mexico is a sovereign nation,” she stated firmly. “We will address our security challenges with our own resources and strategies, without external military intervention.”",
		"Analysts said the decision “could strain relations for years to come” between the neighbours.",
	}
	date := time.Date(2025, 8, 9, 0, 0, 0, 0, time.UTC)
	a := retrieval.Article{ID: "mx", Title: "Mexico Rejects US Military Intervention", Author: "Eugene Litman",
		Date: date, URL: "https://example.com/mx", Text: strings.Join(paras, "\n\n")}
	var ps []retrieval.Passage
	off := 0
	for i, p := range paras {
		ps = append(ps, retrieval.Passage{ID: "mx#" + string(rune('0'+i)), ArticleID: "mx", Seq: i, Text: p,
			Start: off, End: off + len(p), Title: a.Title, Author: a.Author, Date: date})
		off += len(p) + 2
	}
	return a, ps
}

// speakerAt is Input.SpeakerAt over the given quotes.
func speakerAt(quotes ...retrieval.Quote) func(string, int, int) string {
	return func(id string, start, end int) string {
		for _, q := range quotes {
			if q.ArticleID == id && q.Start < end && start < q.End && q.Speaker != "" {
				return q.Speaker
			}
		}
		return ""
	}
}

// verifyView is what a test compares of a verified answer.
type verifyView struct {
	Text        string
	Cited       []string // passage ids of the citations, in order
	Quotes      []string // "text|verified|found in"
	Removed     int
	Unsupported []string
}

func viewOf(a Result) verifyView {
	v := verifyView{Text: a.Text, Removed: a.Removed, Unsupported: a.Unsupported}
	for i, c := range a.Citations {
		if c.N != i+1 {
			panic("citations not numbered 1..k")
		}
		v.Cited = append(v.Cited, c.PassageID)
	}
	for _, q := range a.Quotes {
		found := "no"
		if q.Verified {
			found = "yes"
		}
		v.Quotes = append(v.Quotes, q.Text+"|"+found+"|"+q.FoundIn)
	}
	return v
}

func TestVerifyAnswer(t *testing.T) {
	art, ps := verifyFixture()
	tests := []struct {
		name string
		text string
		want verifyView
	}{
		{
			name: "faithful answer with a quote",
			text: `Sheinbaum rejected the US proposal [1]. She said "Mexico is a sovereign nation" [2].`,
			want: verifyView{
				Text:   `Sheinbaum rejected the US proposal [1]. She said "Mexico is a sovereign nation" [2].`,
				Cited:  []string{"mx#0", "mx#1"},
				Quotes: []string{"Mexico is a sovereign nation|yes|cited passage"},
			},
		},
		{
			name: "citations renumbered in order of first use",
			text: `She said “Mexico is a sovereign nation” [2]. Sheinbaum rejected the proposal [1]. She stood firm [2].`,
			want: verifyView{
				Text:   `She said “Mexico is a sovereign nation” [1]. Sheinbaum rejected the proposal [2]. She stood firm [1].`,
				Cited:  []string{"mx#1", "mx#0"},
				Quotes: []string{"Mexico is a sovereign nation|yes|cited passage"},
			},
		},
		{
			name: "citation of a passage never given",
			text: `Sheinbaum rejected the proposal [9].`,
			want: verifyView{
				Text:        `Sheinbaum rejected the proposal.`,
				Removed:     1,
				Unsupported: []string{"Sheinbaum rejected the proposal."},
			},
		},
		{
			name: "lists, ranges and repeats",
			text: `Sheinbaum rejected the proposal [1, 9]. She spoke of sovereignty [1-2]. She did so firmly [2][2] [0].`,
			want: verifyView{
				Text:    `Sheinbaum rejected the proposal [1]. She spoke of sovereignty [1][2]. She did so firmly [2].`,
				Cited:   []string{"mx#0", "mx#1"},
				Removed: 2,
			},
		},
		{
			name: "fabricated quote",
			text: `She said "Mexico will never bow to Washington" [2].`,
			want: verifyView{
				Text:   `She said Mexico will never bow to Washington *(not found in the articles)* [1].`,
				Cited:  []string{"mx#1"},
				Quotes: []string{"Mexico will never bow to Washington|no|"},
			},
		},
		{
			name: "quote found in another passage gets its citation",
			text: `Sheinbaum said "we will address our security challenges with our own resources" [1].`,
			want: verifyView{
				Text:   `Sheinbaum said "we will address our security challenges with our own resources" [1][2].`,
				Cited:  []string{"mx#1", "mx#0"},
				Quotes: []string{"We will address our security challenges with our own resources|yes|passage"},
			},
		},
		{
			name: "quote found only in the article",
			text: `Analysts warned it "could strain relations for years to come".`,
			want: verifyView{
				Text:   `Analysts warned it "could strain relations for years to come" [1].`,
				Cited:  []string{"mx#2"},
				Quotes: []string{"could strain relations for years to come|yes|article"},
			},
		},
		{
			name: "quote with an ellipsis and odd marks",
			text: `She said “We’ll not…” no: "We will address our security challenges … without external military intervention." [2]`,
			want: verifyView{
				Text:  `She said “We’ll not…” no: "We will address our security challenges … without external military intervention." [1]`,
				Cited: []string{"mx#1"},
				Quotes: []string{
					"We will address our security challenges with our own resources and strategies, without external military intervention|yes|cited passage",
				},
			},
		},
		{
			name: "scare quotes are left alone",
			text: `The so-called "cartel war" goes on [1].`,
			want: verifyView{Text: `The so-called "cartel war" goes on [1].`, Cited: []string{"mx#0"}},
		},
		{
			name: "saying the passages do not answer needs no citation",
			text: "The passages do not say who proposed the plan. They don't mention the date either. I cannot tell from the articles.",
			want: verifyView{Text: "The passages do not say who proposed the plan. They don't mention the date either. I cannot tell from the articles."},
		},
		{
			name: "uncited claims are flagged",
			text: "Sheinbaum rejected the proposal [1]. The cartels have grown powerful in recent years. Why? Because of money.\n\nIn short:\n- Mexico said no. [1]\n- Washington insisted on a joint force",
			want: verifyView{
				Text:        "Sheinbaum rejected the proposal [1]. The cartels have grown powerful in recent years. Why? Because of money.\n\nIn short:\n- Mexico said no. [1]\n- Washington insisted on a joint force",
				Cited:       []string{"mx#0"},
				Unsupported: []string{"The cartels have grown powerful in recent years.", "Because of money.", "- Washington insisted on a joint force"},
			},
		},
		{
			// Issue 10: numbers of 7+ digits were neither removed nor
			// counted and made a sentence look cited; so did escaped and
			// full-width brackets.
			name: "citations naming no passage, whatever their size or brackets",
			text: "Sheinbaum resigned [9999999]. The army took over [99999999999999999999999]. Troops landed \\[1\\]. Talks ended ［2］.",
			want: verifyView{
				Text:        "Sheinbaum resigned. The army took over. Troops landed [1]. Talks ended [2].",
				Cited:       []string{"mx#0", "mx#1"},
				Removed:     2,
				Unsupported: []string{"Sheinbaum resigned.", "The army took over."},
			},
		},
		{
			// Issue 10: any sentence matching "the articles/sources ... not"
			// was exempt, and so were sentences under four words.
			name: "no exemption for claims dressed as 'the sources ... not', nor for short ones",
			text: "The sources are not needed: Mexico invaded Texas. The articles do not mention it, but the treaty was signed. HACKED @everyone. The passages do not say who proposed the plan.",
			want: verifyView{
				Text: "The sources are not needed: Mexico invaded Texas. The articles do not mention it, but the treaty was signed. HACKED @everyone. The passages do not say who proposed the plan.",
				Unsupported: []string{
					"The sources are not needed: Mexico invaded Texas.",
					"The articles do not mention it, but the treaty was signed.",
					"HACKED @everyone.",
				},
			},
		},
		{
			// Issue 10: a markdown link to an unknown site was shown as
			// written, and bare addresses too.
			name: "links kept only to a cited article's own address",
			text: "Sheinbaum [rejected](https://example.com/mx) it [1]. Read [the statement](https://evil.example/x \"t\") or <https://evil.example/y> or https://evil.example/z. Or [this](javascript:alert(1)) [1].",
			want: verifyView{
				Text:        "Sheinbaum [rejected](https://example.com/mx) it [1]. Read the statement or  or. Or this [1].",
				Cited:       []string{"mx#0"},
				Unsupported: []string{"Read the statement or  or."},
			},
		},
		{
			name: "a link to an article's address is not kept when the article is not cited",
			text: "Sheinbaum rejected it, see https://example.com/mx.",
			want: verifyView{
				Text:        "Sheinbaum rejected it, see.",
				Unsupported: []string{"Sheinbaum rejected it, see."},
			},
		},
		{
			// Issue 10: lines like "[1] Official Government Statement —
			// https://…" made a second, fake Sources block.
			name: "sources blocks the model writes are removed",
			text: "Sheinbaum rejected the proposal [1].\n\n**Sources:**\n[1] Official Government Statement — https://evil.example/gov\n- [2] Reuters, 2024\n\nShe stood firm [2].\n[3] White House — https://evil.example/wh\nReferences: [1] https://evil.example/r",
			want: verifyView{
				Text:  "Sheinbaum rejected the proposal [1].\n\nShe stood firm [2].",
				Cited: []string{"mx#0", "mx#1"},
			},
		},
		{
			name: "a numbered list with dashes is an answer, not a sources block",
			text: "In short:\n1. Mexico — said no [1].\n2. Washington - insisted [2].",
			want: verifyView{
				Text:  "In short:\n1. Mexico — said no [1].\n2. Washington - insisted [2].",
				Cited: []string{"mx#0", "mx#1"},
			},
		},
		{
			name: "private marks and control characters from the model are dropped",
			text: "Sheinbaum\uE0001\uE001 rejected\x1b[31m it [1].",
			want: verifyView{Text: "Sheinbaum1 rejected[31m it [1].", Cited: []string{"mx#0"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Verify(Input{
				Text:     tt.text,
				Passages: ps[:2],
				Articles: []*retrieval.Article{&art},
				PassagesOf: func(id string) []retrieval.Passage {
					if id == art.ID {
						return ps
					}
					return nil
				},
				Article: func(id string) (*retrieval.Article, bool) { return &art, id == art.ID },
				SpeakerAt: speakerAt(retrieval.Quote{Text: "Mexico is a sovereign nation,", Speaker: "Claudia Sheinbaum", ArticleID: "mx",
					Start: ps[1].Start + len("“"), End: ps[1].Start + len("“Mexico is a sovereign nation,")}),
			})
			if diff := cmp.Diff(tt.want, viewOf(got)); diff != "" {
				t.Errorf("Verify(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
			if got.Citations == nil || got.Quotes == nil {
				t.Errorf("citations nil %v, quotes nil %v; want empty lists", got.Citations == nil, got.Quotes == nil)
			}
		})
	}
}

// TestVerifyQuoteDetails checks the offsets, speaker and sentence of a
// verified quote, and the citation's metadata.
func TestVerifyQuoteDetails(t *testing.T) {
	art, ps := verifyFixture()
	got := Verify(Input{
		Text:      `She said "Mexico is a sovereign nation" [2].`,
		Passages:  ps[:2],
		Article:   func(id string) (*retrieval.Article, bool) { return &art, id == art.ID },
		SpeakerAt: speakerAt(retrieval.Quote{Speaker: "Claudia Sheinbaum", ArticleID: "mx", Start: ps[1].Start, End: ps[1].Start + 40}),
	})
	if len(got.Quotes) != 1 {
		t.Fatalf("got %d quotes; want 1", len(got.Quotes))
	}
	q := got.Quotes[0]
	if art.Text[q.Start:q.End] != q.Text || q.Text != "Mexico is a sovereign nation" {
		t.Errorf("quote %q at [%d:%d] = %q in the article", q.Text, q.Start, q.End, art.Text[q.Start:q.End])
	}
	want := Quote{Text: "Mexico is a sovereign nation", Speaker: "Claudia Sheinbaum", ArticleID: "mx", Title: art.Title,
		Date: "2025-08-09", Sentence: "“Mexico is a sovereign nation,” she stated firmly.", Exact: true, Similarity: 1,
		Verified: true, FoundIn: "cited passage", Start: q.Start, End: q.End}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("quote mismatch (-want +got):\n%s", diff)
	}
	c := got.Citations[0]
	if c.URL != art.URL || c.Date != "2025-08-09" || c.Text != ps[1].Text || c.Start != ps[1].Start {
		t.Errorf("citation %+v lacks the passage's metadata", c)
	}
}

// TestVerifyHostileText: whatever the model writes, verification returns
// without panicking and leaves no private marks.
func TestVerifyHostileText(t *testing.T) {
	_, ps := verifyFixture()
	for _, text := range []string{
		"",
		"[",
		"\"",
		"“",
		"[99999999999999999999]",
		"[1-100000]",
		strings.Repeat("[1]", 5000),
		strings.Repeat(`"a b c d" `, 2000),
		"\xff\xfe invalid [1] \"utf-8 \xff here\"",
		"@@everyone @ everyone <@<@123>>",
		strings.Repeat("word ", 20000),
	} {
		got := Verify(Input{Text: text, Passages: ps})
		if strings.ContainsAny(got.Text, "\uE000\uE001") {
			t.Errorf("private marks left in %q", got.Text)
		}
	}
}

func TestVerifySentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One two. Three four.", []string{"One two.", "Three four."}},
		{"He left. [1] She stayed [2].", []string{"He left. [1]", "She stayed [2]."}},
		{`She said "no." Then left.`, []string{`She said "no."`, "Then left."}},
		{"It cost 3.5 million. U.S. officials agreed.", []string{"It cost 3.5 million.", "U.S. officials agreed."}},
		{"Line one\nLine two", []string{"Line one", "Line two"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, sentences(tt.in)); diff != "" {
			t.Errorf("sentences(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestVerifyArticleLookupsBounded: only so many quotations per answer are
// looked up in the articles; those beyond are marked as not found.
func TestVerifyArticleLookupsBounded(t *testing.T) {
	art, ps := verifyFixture()
	var b strings.Builder
	for i := range maxArticleLookups {
		fmt.Fprintf(&b, "They said \"invented words number %d\" [1]. ", i)
	}
	b.WriteString(`Analysts warned it "could strain relations for years to come".`)
	got := Verify(Input{Text: b.String(), Passages: ps[:2], Articles: []*retrieval.Article{&art},
		PassagesOf: func(string) []retrieval.Passage { return ps }})
	if n := len(got.Quotes); n != maxArticleLookups+1 {
		t.Fatalf("%d quotes; want %d", n, maxArticleLookups+1)
	}
	for _, q := range got.Quotes {
		if q.Verified {
			t.Errorf("quote %q verified; want every one past the bound unverified", q.Text)
		}
	}
	if !strings.HasSuffix(got.Text, "could strain relations for years to come"+NotFoundMark+".") {
		t.Errorf("the quotation past the bound is not marked:\n%s", got.Text)
	}
}
