package llmtest

import (
	"strings"
	"testing"

	"byline/internal/specs"
)

func TestSpecChecks(t *testing.T) {
	path, d, err := SpecStatus()
	if err != nil {
		specs.Skip(t, "llmtest: "+specWhat, err)
	}
	t.Logf("loaded the chat schemas of %s in %s", path, d)
	tests := []struct {
		name, schema, body string
		ok                 bool
	}{
		{"minimal request", schemaRequest, `{"model":"m","messages":[{"role":"user","content":"hi"}]}`, true},
		{"streamed request with usage", schemaRequest,
			`{"model":"m","messages":[{"role":"system","content":"s"},{"role":"user","content":"q"}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":700,"temperature":0.2}`, true},
		{"no model", schemaRequest, `{"messages":[{"role":"user","content":"hi"}]}`, false},
		{"no messages", schemaRequest, `{"model":"m"}`, false},
		{"unknown role", schemaRequest, `{"model":"m","messages":[{"role":"wizard","content":"hi"}]}`, false},
		{"temperature out of range", schemaRequest, `{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":7}`, false},
		{"error body", schemaError, `{"error":{"message":"x","type":"server_error","param":null,"code":null}}`, true},
		{"error body without type", schemaError, `{"error":{"message":"x"}}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := checkJSON(tt.schema, []byte(tt.body))
			if ok := len(problems) == 0; ok != tt.ok {
				t.Errorf("valid = %v; want %v; problems:\n%s", ok, tt.ok, strings.Join(problems, "\n"))
			}
		})
	}
}
