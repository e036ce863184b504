package question

import (
	"slices"
	"testing"
	"time"
)

func TestAnalyzeType(t *testing.T) {
	tests := []struct {
		q    string
		want Type
	}{
		{"When did Sheinbaum reject the proposal?", When},
		{"What year did the Normans conquer England?", When},
		{"How much profit did Time Warner make?", Quantity},
		{"How many articles mention the iPod?", Quantity},
		{"What did Sheinbaum say?", Said},
		{"what did sheinbuam say about soverignty", Said},
		{"How did Mourinho react to the defeat?", Said},
		{"What was Blair's reaction?", Said},
		{"Who won the 2022 World Cup?", Who},
		{"Which team won Super Bowl 50?", Who},
		{"Where is the Amazon rainforest?", Where},
		{"In which country is the Amazon?", Where},
		{"Why did Mexico reject US military intervention?", Why},
		{"Did Mexico accept the plan?", YesNo},
		{"Is the iPod selling well?", YesNo},
		{"List the companies that bid for Yukos", List},
		{"What is the capital of France?", Other},
	}
	for _, tt := range tests {
		if got := Analyze(tt.q, time.Time{}).Type; got != tt.want {
			t.Errorf("Analyze(%q).Type = %q; want %q", tt.q, got, tt.want)
		}
	}
}

func TestAnalyzeMeta(t *testing.T) {
	tests := []struct {
		q       string
		meta    Meta
		subject string
	}{
		{"Who wrote the article?", MetaAuthor, "the article"},
		{"Who is the author?", MetaAuthor, ""},
		{"When was it published?", MetaDate, ""},
		{"When was the article written?", MetaDate, ""},
		{"What is this article about?", MetaAbout, ""},
		{"What are the articles about?", MetaAbout, ""},
		{"Which articles mention Yukos?", MetaMentionOf, "Yukos"},
		{"What is the source of this story?", MetaSource, "this story"},
		{"Who won the 2022 World Cup?", NotMeta, ""},
		{"Who is Eugene Litman?", NotMeta, ""},
		{"What did Sheinbaum say about the article?", NotMeta, ""},
	}
	for _, tt := range tests {
		a := Analyze(tt.q, time.Time{})
		if a.Meta != tt.meta || a.Subject != tt.subject {
			t.Errorf("Analyze(%q) = meta %q subject %q; want %q %q", tt.q, a.Meta, a.Subject, tt.meta, tt.subject)
		}
	}
}

func TestAnalyzeEntities(t *testing.T) {
	tests := []struct {
		q        string
		entities []string
		numbers  []string
		speaker  string
	}{
		{"Who won the 2022 World Cup?", []string{"World Cup"}, []string{"2022"}, ""},
		{"What did President Claudia Sheinbaum say about the US?", []string{"President Claudia Sheinbaum", "US"}, nil, "President Claudia Sheinbaum"},
		{"what did sheinbaum say about sovereignty", nil, nil, "sheinbaum"},
		{"What was Blair's reaction to the vote?", []string{"Blair"}, nil, "Blair"},
		{"How much did the Bank of England raise rates, to 4.75%?", []string{"Bank of England"}, []string{"4.75%"}, ""},
		{`Who said "hockey score"?`, []string{"hockey score"}, nil, ""},
		{"Besides public key cryptography, what else?", nil, nil, ""},
		{"Josh Norman scored how many?", []string{"Josh Norman"}, nil, ""},
		{"What did the Fed do between February and March 2024?", []string{"Fed"}, nil, ""},
		// RealTime QA quiz questions of two sentences: the second one's
		// first word is no name.
		{"The iconic ‘Goonies’ home was recently sold to a fan of the film for $1.65 million. Which state is the house located in?",
			[]string{"Goonies"}, []string{"$1.65"}, ""},
		{"The CDC declared measles was eliminated from the US in 2000. However, a new case was reported this week in which state?",
			[]string{"CDC", "US"}, nil, ""},
		{"Who did Mr. Blair meet?", []string{"Mr", "Blair"}, nil, ""},
		// A stop word opening the question is no part of a name.
		{"At A-level, what percentage of British students attend fee-paying schools?", []string{"A-level", "British"}, nil, ""},
		{"In Warsaw, who built the palace?", []string{"Warsaw"}, nil, ""},
	}
	for _, tt := range tests {
		a := Analyze(tt.q, time.Time{})
		if !slices.Equal(a.Entities, tt.entities) || !slices.Equal(a.Numbers, tt.numbers) || a.Speaker != tt.speaker {
			t.Errorf("Analyze(%q) = entities %q numbers %q speaker %q; want %q %q %q",
				tt.q, a.Entities, a.Numbers, a.Speaker, tt.entities, tt.numbers, tt.speaker)
		}
	}
}
