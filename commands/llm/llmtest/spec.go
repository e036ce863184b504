package llmtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"byline/internal/specs"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/jsonschema/v6"
)

// Why not the whole OpenAPI document through libopenapi-validator: the
// description is 3 MB; loading and compiling it took four minutes under
// -race on the shared 2-core machine, each request took about a second to
// check, and the validator then refused the chat request schema ("The
// `nullable` keyword is not supported in OpenAPI 3.1+": the document still
// uses it 111 times). So the server checks against the schemas that matter,
// taken from the same file: CreateChatCompletionRequest for requests,
// CreateChatCompletionResponse and CreateChatCompletionStreamResponse for
// its own answers, ErrorResponse for its errors; each with every schema it
// references, "nullable: true" rewritten as the JSON Schema 2020-12 it
// means, and compiled with the JSON Schema library libopenapi-validator
// uses. Loading that takes well under a second.

// SpecEnv names an environment variable that, when set, is the path of the
// OpenAPI description to check against instead of the default
// ../shared/specs/openai/openapi.yaml beside the module root.
const SpecEnv = "BYLINE_OPENAI_SPEC"

const specWhat = "requests and answers against OpenAI's chat schemas"

// The schemas checked, by the name the spec gives them.
const (
	schemaRequest = "CreateChatCompletionRequest"
	schemaAnswer  = "CreateChatCompletionResponse"
	schemaChunk   = "CreateChatCompletionStreamResponse"
	schemaError   = "ErrorResponse"
)

var spec struct {
	once     sync.Once
	schemas  map[string]*jsonschema.Schema
	path     string
	err      error
	loadTime time.Duration
}

// SpecStatus says whether messages are checked against the spec, where it
// was loaded from and how long loading took; err says why not.
func SpecStatus() (path string, loadTime time.Duration, err error) {
	spec.once.Do(loadSpecOnce)
	return spec.path, spec.loadTime, spec.err
}

func loadSpec(t testing.TB) {
	t.Helper()
	path, d, err := SpecStatus()
	if err != nil {
		specs.Missing(t, "llmtest: "+specWhat, err)
		return
	}
	t.Logf("llmtest: checking requests and answers against the chat schemas of %s (loaded in %s)", path, d.Round(time.Millisecond))
}

func loadSpecOnce() {
	start := time.Now()
	path, err := specPath()
	if err != nil {
		spec.err = err
		return
	}
	spec.path = path
	data, err := os.ReadFile(path)
	if err != nil {
		spec.err = fmt.Errorf("read spec: %w", err)
		return
	}
	schemas, err := compileSchemas(data, schemaRequest, schemaAnswer, schemaChunk, schemaError)
	if err != nil {
		spec.err = fmt.Errorf("spec %s: %w", path, err)
		return
	}
	spec.schemas = schemas
	spec.loadTime = time.Since(start)
}

// specPath finds the spec: $BYLINE_OPENAI_SPEC, else openai/openapi.yaml
// in the specs folder (../shared/specs; see byline/internal/specs).
func specPath() (string, error) {
	if p := os.Getenv(SpecEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s: %w", SpecEnv, err)
		}
		return p, nil
	}
	return specs.Find("openai/openapi.yaml")
}

var (
	schemaNameRE = regexp.MustCompile(`^    ([A-Za-z0-9_.-]+):\s*$`)
	schemaRefRE  = regexp.MustCompile(`#/components/schemas/([A-Za-z0-9_.-]+)`)
)

// compileSchemas compiles the named schemas of an OpenAPI document's
// components/schemas, with everything they reference. It cuts the schemas
// section into one block per schema by indentation (parsing 3 MB of YAML
// whole is the slow part) and parses only the blocks needed.
func compileSchemas(doc []byte, names ...string) (map[string]*jsonschema.Schema, error) {
	text := string(doc)
	i := strings.Index(text, "\ncomponents:\n  schemas:\n")
	if i < 0 {
		return nil, errors.New("no components/schemas section")
	}
	blocks := make(map[string]string)
	var name string
	var cur strings.Builder
	flush := func() {
		if name != "" {
			blocks[name] = cur.String()
		}
		cur.Reset()
	}
	for _, line := range strings.Split(text[i+len("\ncomponents:\n  schemas:\n"):], "\n") {
		if line != "" && !strings.HasPrefix(line, "    ") {
			break // the next section of components
		}
		if m := schemaNameRE.FindStringSubmatch(line); m != nil {
			flush()
			name = m[1]
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
	}
	flush()

	defs := make(map[string]any)
	queue := append([]string(nil), names...)
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if _, done := defs[n]; done {
			continue
		}
		block, ok := blocks[n]
		if !ok {
			return nil, fmt.Errorf("no schema %s", n)
		}
		var parsed map[string]any
		if err := yaml.Unmarshal([]byte(block), &parsed); err != nil {
			return nil, fmt.Errorf("schema %s: %w", n, err)
		}
		defs[n] = toJSONSchema(parsed[n])
		for _, m := range schemaRefRE.FindAllStringSubmatch(block, -1) {
			queue = append(queue, m[1])
		}
	}

	// Round-trip through JSON so that numbers are what the compiler expects.
	raw, err := json.Marshal(map[string]any{"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs})
	if err != nil {
		return nil, err
	}
	root, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	const url = "https://llmtest.invalid/openai.json"
	if err := c.AddResource(url, root); err != nil {
		return nil, err
	}
	out := make(map[string]*jsonschema.Schema)
	for _, n := range names {
		s, err := c.Compile(url + "#/$defs/" + n)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", n, err)
		}
		out[n] = s
	}
	return out, nil
}

// toJSONSchema rewrites an OpenAPI 3.1 schema as plain JSON Schema:
// references point into $defs, and the OpenAPI 3.0 leftover
// "nullable: true" becomes a "null" type.
func toJSONSchema(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if k == "$ref" {
				if s, ok := val.(string); ok {
					out[k] = strings.Replace(s, "#/components/schemas/", "#/$defs/", 1)
					continue
				}
			}
			out[k] = toJSONSchema(val)
		}
		if n, ok := out["nullable"].(bool); ok {
			delete(out, "nullable")
			if n {
				switch t := out["type"].(type) {
				case string:
					out["type"] = []any{t, "null"}
				case []any:
					out["type"] = append(t, "null")
				}
				if e, ok := out["enum"].([]any); ok {
					out["enum"] = append(e, nil)
				}
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = toJSONSchema(val)
		}
		return out
	default:
		return v
	}
}

// checkJSON returns why body breaks the named schema; nil when it does not,
// or when the spec could not be loaded (loadSpec said so).
func checkJSON(schema string, body []byte) []string {
	if _, _, err := SpecStatus(); err != nil {
		return nil
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return []string{fmt.Sprintf("not JSON: %v", err)}
	}
	if err := spec.schemas[schema].Validate(inst); err != nil {
		return []string{fmt.Sprintf("breaks %s: %v", schema, err)}
	}
	return nil
}
