package retrieval

import "testing"

func TestCorrect(t *testing.T) {
	lib := openMem(t, corpus(t), nil)
	tests := []struct {
		word, want string
		ok         bool
	}{
		{"sheinbuam", "sheinbaum", true},
		{"soverignty", "sovereignty", true},
		{"Sheinbaum", "", false}, // known
		{"the", "", false},       // stop word
		{"bitcoin", "", false},   // near nothing
		{"2022", "", false},
	}
	for _, tt := range tests {
		got, ok := lib.Correct(t.Context(), tt.word)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Correct(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
}
