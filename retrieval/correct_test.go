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
		// Read two edits wide for accents, but a word of 5-7 letters is
		// still corrected by one edit only.
		{"militray", "military", true}, // 8 letters: two edits allowed
		{"milatary", "military", true},
		{"mlitray", "", false}, // 7 letters, two edits from "military"
	}
	for _, tt := range tests {
		got, ok := lib.Correct(t.Context(), tt.word)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Correct(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
}
