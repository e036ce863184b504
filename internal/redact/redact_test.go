package redact

import "testing"

func TestURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://user:pass@host:8080/v1": "http://[redacted]@host:8080/v1",
		"https://sk-token@host/":        "https://[redacted]@host/",
		"https://host/v1?x=1":           "https://host/v1?x=1",
		"not a url at all":              "not a url at all",
		"::bad http://u:p@h/ x":         "::bad http://[redacted]@h/ x",
		"":                              "",
	} {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestText(t *testing.T) {
	var s Secrets
	s.Add("sk-SECRET-123", "abc", "")
	s.AddURL("http://alice:p%40ss-word@host/v1")
	got := s.Text(`Incorrect API key provided: sk-SECRET-123. Post "http://alice:***@host/v1": p@ss-word abc`)
	want := `Incorrect API key provided: [redacted]. Post "http://[redacted]@host/v1": [redacted] abc`
	if got != want {
		t.Errorf("Text = %q; want %q", got, want)
	}
	var none *Secrets
	if got := none.Text("x http://u:p@h y"); got != "x http://[redacted]@h y" {
		t.Errorf("nil Secrets: %q", got)
	}
}
