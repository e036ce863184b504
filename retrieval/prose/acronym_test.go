package prose

import (
	"slices"
	"testing"
)

// TestTermsDottedAcronym: "U.S." in an article and "US" in a question
// are one term; a sentence's final full stop after a capital is not an
// acronym.
func TestTermsDottedAcronym(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"US", []string{"us"}},
		{"the U.S. government", []string{"us", "govern"}},
		{"Washington, D.C., and the U.K.", []string{"washington", "dc", "uk"}},
		{"Plan B. Then", []string{"plan"}},
	}
	for _, tt := range tests {
		if got := Terms(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}
