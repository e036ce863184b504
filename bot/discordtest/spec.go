package discordtest

import (
	"bytes"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"byline/internal/specs"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/cache"
	"github.com/pb33f/libopenapi-validator/config"
)

// The OpenAPI document is big (1.2 MB, several seconds to load), so it is
// loaded once per test binary, in the background from the first New.
var spec struct {
	once sync.Once
	done chan struct{}
	v    validator.Validator
	err  error
	took time.Duration
	mu   sync.Mutex // the validator is used by one request at a time
}

func init() { spec.done = make(chan struct{}) }

// SpecFile is the Discord OpenAPI document, in the specs folder (see
// byline/internal/specs).
const SpecFile = "discord/openapi.json"

const specWhat = "REST requests against Discord's OpenAPI document"

func loadSpec(path string) {
	spec.once.Do(func() {
		go func() {
			defer close(spec.done)
			start := time.Now()
			b, err := os.ReadFile(path)
			if err != nil {
				spec.err = fmt.Errorf("read %s: %w", path, err)
				return
			}
			doc, err := libopenapi.NewDocument(b)
			if err != nil {
				spec.err = fmt.Errorf("parse %s: %w", path, err)
				return
			}
			model, err := doc.BuildV3Model()
			if err != nil {
				spec.err = fmt.Errorf("build the model of %s: %w", path, err)
				return
			}
			// The validator compiles the schema of every operation up front
			// (15 s or more here, for 150 paths and their responses); with
			// a cache that claims to hold everything while the validator is
			// built, it compiles only the schemas of the requests it checks.
			lc := &lazyCache{SchemaCache: cache.NewDefaultCache()}
			lc.warming.Store(true)
			v := validator.NewValidatorFromV3Model(&model.Model, config.WithSchemaCache(lc))
			lc.warming.Store(false)
			spec.v, spec.took = v, time.Since(start)
		}()
	})
}

// specQueue holds one server's requests until they are checked.
type specQueue struct {
	t       testing.TB
	mu      sync.Mutex
	pending map[int]*http.Request
	bodies  map[int][]byte
	checked int
	found   []string
	logged  bool
}

// newSpecQueue starts loading the document, or returns nil when it is
// absent: the test fails under CI=true, and logs what is not checked elsewhere.
func newSpecQueue(t testing.TB) *specQueue {
	p, err := specs.Find(SpecFile)
	if err != nil {
		specs.Missing(t, "discordtest: "+specWhat, err)
		return nil
	}
	loadSpec(p)
	return &specQueue{t: t, pending: map[int]*http.Request{}, bodies: map[int][]byte{}}
}

// add queues request number idx for checking, as the /api/v10 request the
// document describes.
func (q *specQueue) add(idx int, r *http.Request, body []byte) {
	path := r.URL.Path
	if rest, ok := strings.CutPrefix(path, "/api/v9/"); ok {
		path = "/api/v10/" + rest
	}
	u := "http://127.0.0.1" + path
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	req, err := http.NewRequest(r.Method, u, nil)
	if err != nil {
		return
	}
	for _, h := range []string{"Authorization", "Content-Type"} {
		if v := r.Header.Get(h); v != "" {
			req.Header.Set(h, v)
		}
	}
	if strings.HasPrefix(req.Header.Get("Content-Type"), "multipart/") {
		// Checked as the JSON payload it carries.
		req.Header.Set("Content-Type", "application/json")
	}
	q.mu.Lock()
	q.pending[idx] = req
	q.bodies[idx] = body
	q.mu.Unlock()
}

// wait checks every queued request (loading the document first if needed).
func (q *specQueue) wait() {
	<-spec.done
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.logged && spec.err == nil {
		q.logged = true
		q.t.Logf("discordtest: Discord's OpenAPI document loaded in %v (once per test binary)", spec.took.Round(time.Millisecond))
	}
	if spec.err != nil {
		if !q.logged {
			q.logged = true
			q.t.Logf("discordtest: %v: REST requests are NOT checked against Discord's OpenAPI document", spec.err)
		}
		return
	}
	for _, idx := range slices.Sorted(maps.Keys(q.pending)) {
		req, body := q.pending[idx], q.bodies[idx]
		if len(body) > 0 {
			req.Body = nopCloser{bytes.NewReader(body)}
			req.ContentLength = int64(len(body))
		}
		spec.mu.Lock()
		ok, errs := spec.v.ValidateHttpRequestSync(req)
		spec.mu.Unlock()
		if !ok && len(errs) > 0 {
			e := errs[0]
			msg := e.Message
			if len(e.SchemaValidationErrors) > 0 {
				se := e.SchemaValidationErrors[0]
				msg += fmt.Sprintf(" (%s at %s)", se.Reason, se.FieldPath)
			}
			q.found = append(q.found, fmt.Sprintf("%s %s: %s", req.Method, req.URL.Path, msg))
		}
		delete(q.pending, idx)
		delete(q.bodies, idx)
		q.checked++
	}
}

func (q *specQueue) violations() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]string(nil), q.found...)
}

// lazyCache is the validator's schema cache, except that while warming it
// reports every schema as already compiled, so that none is compiled before
// a request needs it.
type lazyCache struct {
	cache.SchemaCache
	warming atomic.Bool
}

func (c *lazyCache) Load(key uint64) (*cache.SchemaCacheEntry, bool) {
	if c.warming.Load() {
		return nil, true
	}
	return c.SchemaCache.Load(key)
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }
