package prose

import "testing"

func TestIndexWords(t *testing.T) {
	tests := []struct {
		s, phrase string
		want      int
	}{
		{"a word with Olof.", "Olof", 12},
		{"Olofsson and Olof", "Olof", 13},
		{"Olofsson", "Olof", -1},
		{"the recieve step", "recieve", 4},
		{"“recieve”", "recieve", 3}, // curly quotes are not letters
		{"café", "caf", -1},         // é is
		{"", "x", -1},
	}
	for _, tt := range tests {
		if got := IndexWords(tt.s, tt.phrase); got != tt.want {
			t.Errorf("IndexWords(%q, %q) = %d; want %d", tt.s, tt.phrase, got, tt.want)
		}
		if got := ContainsWords(tt.s, tt.phrase); got != (tt.want >= 0) {
			t.Errorf("ContainsWords(%q, %q) = %v", tt.s, tt.phrase, got)
		}
	}
}
