package commands

import (
	"strings"
	"testing"
)

// BenchmarkAsk measures an extractive answer over the test articles and
// the seed (search, refusal check, sentence choice), without a model.
//
//	go test -run '^$' -bench . -benchtime 200x ./commands/
func BenchmarkAsk(b *testing.B) {
	for _, q := range []string{"Why did Mexico reject US military intervention?", "Who won the 2022 World Cup?"} {
		b.Run(strings.Fields(q)[0], func(b *testing.B) {
			s := newTestService(b, nil)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Ask(b.Context(), q, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSummarizeText measures (summarySentences) the extractive summary of the seed article.
func BenchmarkSummarizeText(b *testing.B) {
	s := newTestService(b, nil)
	a, ok := s.lib.Article(seedID)
	if !ok {
		b.Fatal("no seed article")
	}
	b.ReportAllocs()
	for b.Loop() {
		if len(summarySentences(a.Title, a.Text, 3)) != 3 {
			b.Fatal("summary is not 3 sentences")
		}
	}
}

// BenchmarkAskLongQuestion measures a question at the length limit, whose
// every word is looked up in the index.
func BenchmarkAskLongQuestion(b *testing.B) {
	s := newTestService(b, nil)
	var words []string
	for i := 0; len(strings.Join(words, " ")) < 1990; i++ {
		words = append(words, "word"+strings.Repeat("x", i%7), "Mexico", "intervention")
	}
	q := strings.Join(words, " ")[:1990]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Ask(b.Context(), q, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
