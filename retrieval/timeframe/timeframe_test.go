package timeframe

import (
	"testing"
	"time"
)

// asOf is a Saturday.
var asOf = time.Date(2025, 8, 9, 15, 30, 0, 0, time.UTC)

func TestParse(t *testing.T) {
	tests := []struct {
		q        string
		window   string // Frame.String()
		recent   bool
		stripped string
	}{
		{"Why did Mexico reject US military intervention?", "", false, "Why did Mexico reject US military intervention?"},
		{"What happened in 2024?", "2024", false, "What happened ?"},
		{"Who won the 2024 election?", "", false, "Who won the 2024 election?"},
		{"What did Sheinbaum say in March 2025?", "March 2025", false, "What did Sheinbaum say ?"},
		{"What did she say in March?", "March 2025", false, "What did she say ?"},
		{"What happened in September?", "September 2024", false, "What happened ?"},
		{"What happened last March?", "March 2025", false, "What happened ?"},
		{"What happened on August 8?", "2025-08-08 to 2025-08-09", false, "What happened ?"},
		{"What happened on August 8th, 2023?", "2023-08-08 to 2023-08-10", false, "What happened ?"},
		{"the 8th of August 2023", "2023-08-08 to 2023-08-10", false, "the"},
		{"what about 2025-08-01", "2025-08-01 to 2025-08-03", false, "what about"},
		{"news from yesterday", "2025-08-08 to 2025-08-09", false, "news"},
		{"What happened since Monday?", "since 2025-08-04", false, "What happened ?"},
		{"What happened last week?", "2025-07-28 to 2025-08-05", false, "What happened ?"},
		{"over the past week", "2025-08-03 to 2025-08-09", false, "over the"},
		{"in the past three months", "2025-05-10 to 2025-08-09", false, ""},
		{"What happened last month?", "July 2025", false, "What happened ?"},
		{"What happened last year?", "2024", false, "What happened ?"},
		{"two weeks ago", "2025-07-23 to 2025-07-29", false, ""},
		{"before 2020", "before 2020-01-01", false, ""},
		{"What changed after 2023?", "since 2024-01-01", false, "What changed ?"},
		{"What is the latest on the tariffs?", "", true, "What is the on the tariffs?"},
		{"Which pope was laid to rest this week?", "2025-08-03 to 2025-08-09", true, "Which pope was laid to rest ?"},
		{"What happened this month?", "2025-08-01 to 2025-08-09", true, "What happened ?"},
		{"Who leads the polls this year?", "2025-01-01 to 2025-08-09", true, "Who leads the polls ?"},
		{"What will the Fed decide tomorrow?", "2025-08-07 to 2025-08-09", true, "What will the Fed decide ?"},
		{"Who plays next week?", "2025-08-03 to 2025-08-09", true, "Who plays ?"},
		{"What happened from March to May?", "2025-03-01 to 2025-05-31", false, "What happened ?"},
		{"from November to February", "2024-11-01 to 2025-02-28", false, ""},
		{"between March 2023 and May 2024", "2023-03-01 to 2024-05-31", false, ""},
		{"from 2020 to 2023", "2020-01-01 to 2023-12-31", false, ""},
		{"Preparations are underway for the 2024 Olympic Games.", "", false, "Preparations are underway for the 2024 Olympic Games."},
		{"Who is running for president in 2028?", "", false, "Who is running for president in 2028?"},
		{"Is he still president?", "", true, "Is he still president?"},
		{"How many have died so far?", "", true, "How many have died ?"},
		{"Who recently resigned?", "", true, "Who resigned?"},
		{"What are Black Friday sales like?", "", false, "What are Black Friday sales like?"},
		{"Will they march on the capital?", "", false, "Will they march on the capital?"},
		{"They may win.", "", false, "They may win."},
		{"What did the latest report say in 2024?", "2024", true, "What did the report say ?"},
		{"in 2024 and in March 2024", "March 2024", false, "and"},
	}
	for _, tt := range tests {
		f := Parse(tt.q, asOf)
		if got := f.String(); got != tt.window {
			t.Errorf("Parse(%q) window = %q; want %q", tt.q, got, tt.window)
		}
		if f.Recent != tt.recent {
			t.Errorf("Parse(%q).Recent = %v; want %v", tt.q, f.Recent, tt.recent)
		}
		if got := f.Strip(tt.q); got != tt.stripped {
			t.Errorf("Parse(%q).Strip = %q; want %q", tt.q, got, tt.stripped)
		}
	}
}

func TestSoft(t *testing.T) {
	for _, tt := range []struct {
		q    string
		soft bool
	}{
		{"Who resigned this week?", true},
		{"What is due next month?", true},
		{"What happened last week?", false},
		{"What happened this week in 2025?", false},
		{"Measles was eliminated in 2000. Which state reported a case this week?", true},
		{"Who resigned?", false},
	} {
		if got := Parse(tt.q, asOf).Soft; got != tt.soft {
			t.Errorf("Parse(%q).Soft = %v; want %v", tt.q, got, tt.soft)
		}
	}
}

func TestContains(t *testing.T) {
	f := Parse("in 2024", asOf)
	for _, tt := range []struct {
		d    time.Time
		want bool
	}{
		{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2024, 12, 31, 23, 0, 0, 0, time.UTC), true},
		{time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC), false},
		{time.Time{}, false},
	} {
		if got := f.Contains(tt.d); got != tt.want {
			t.Errorf("Contains(%v) = %v; want %v", tt.d, got, tt.want)
		}
	}
	if !(Frame{}).Contains(time.Time{}) {
		t.Error("a frame without a window must contain every date")
	}
}

func TestParsePeriod(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2024", "2024"},
		{"March 2025", "March 2025"},
		{"last week", "2025-07-28 to 2025-08-05"},
		{"since 2025-08-01", "since 2025-08-01"},
		{"this month", "2025-08-01 to 2025-08-09"},
		{"from March to May", "2025-03-01 to 2025-05-31"},
	} {
		f, err := ParsePeriod(tt.in, asOf)
		if err != nil || f.String() != tt.want {
			t.Errorf("ParsePeriod(%q) = %q, %v; want %q", tt.in, f.String(), err, tt.want)
		}
	}
	for _, bad := range []string{"", "banana", "2024 election", "latest"} {
		if _, err := ParsePeriod(bad, asOf); err == nil {
			t.Errorf("ParsePeriod(%q) = nil error; want one", bad)
		}
	}
}

func TestParseDay(t *testing.T) {
	if d, err := ParseDay("2025-08-09"); err != nil || !d.Equal(Day(asOf)) {
		t.Errorf("ParseDay = %v, %v", d, err)
	}
	if _, err := ParseDay("9/8/2025"); err == nil {
		t.Error("ParseDay(9/8/2025): want an error")
	}
}
