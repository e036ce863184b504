package prose

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Why did Mexico reject US military intervention?", []string{"mexico", "reject", "us", "militari", "intervent"}},
		{"Mexico's rejection of the rejected plans", []string{"mexico", "reject", "reject", "plan"}},
		{"US-Mexico border, 2025", []string{"us", "mexico", "border", "2025"}},
		{"the a of 🇲🇽 x", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Terms(tt.text)); diff != "" {
			t.Errorf("Terms(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}
