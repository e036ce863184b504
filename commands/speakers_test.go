package commands

import (
	"slices"
	"testing"
)

func TestSpeakers(t *testing.T) {
	s := newTestService(t, nil)
	all := s.Speakers("", 0)
	for _, want := range []string{"Claudia Sheinbaum", "Srinath Narayanan", "Thierry Breton"} {
		if !slices.Contains(all, want) {
			t.Errorf("Speakers(\"\", 0) = %q; want it to contain %q", all, want)
		}
	}
	tests := []struct {
		prefix string
		max    int
		want   []string
	}{
		{"claud", 25, []string{"Claudia Sheinbaum"}},
		{"SHEIN", 25, []string{"Claudia Sheinbaum"}},  // a word of the name, any case
		{"einbau", 25, []string{"Claudia Sheinbaum"}}, // inside a word
		{"nobody at all", 25, nil},
		{"", 1, all[:1]},
		{"\x00\u202e", 25, all}, // control characters are ignored
	}
	for _, tt := range tests {
		got := s.Speakers(tt.prefix, tt.max)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Speakers(%q, %d) = %q; want %q", tt.prefix, tt.max, got, tt.want)
		}
	}
}
