package prose

import "testing"

func TestFoldAccents(t *testing.T) {
	for in, want := range map[string]string{
		"Hervé": "Herve", "Céloron": "Celoron", "Łódź": "Lodz", "São Paulo": "Sao Paulo",
		"Søren": "Soren", "naïve café": "naive cafe", "plain": "plain", "“quoted”": "“quoted”",
	} {
		if got := FoldAccents(in); got != want {
			t.Errorf("FoldAccents(%q) = %q; want %q", in, got, want)
		}
	}
}
