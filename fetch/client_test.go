package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// testClient may reach loopback (httptest servers) and does not pause
// between requests.
func testClient(t *testing.T, opts ClientOptions) *Client {
	t.Helper()
	opts.AllowPrivate = true
	if opts.HostInterval == 0 {
		opts.HostInterval = -1
	}
	return NewClient(opts)
}

func TestGetConditional(t *testing.T) {
	var hits, notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		hits.Add(1)
		if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "Byline/") {
			t.Errorf("User-Agent %q", ua)
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<p>hello</p>"))
	}))
	defer srv.Close()
	c := testClient(t, ClientOptions{})
	ctx := context.Background()
	r, err := c.Get(ctx, srv.URL+"/a", Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if r.NotModified || string(r.Body) != "<p>hello</p>" || r.ContentType != "text/html" || r.Validators.ETag != `"v1"` {
		t.Fatalf("first response %+v", r)
	}
	r, err = c.Get(ctx, srv.URL+"/a", r.Validators)
	if err != nil {
		t.Fatal(err)
	}
	if !r.NotModified || len(r.Body) != 0 || r.Validators.ETag != `"v1"` {
		t.Fatalf("second response %+v; want a 304 keeping the ETag", r)
	}
	if got := Status(r, nil); got != "not_modified" {
		t.Errorf("Status of a 304 = %q", got)
	}
	if notModified.Load() != 1 {
		t.Errorf("%d conditional hits; want 1", notModified.Load())
	}
}

func TestGetRefusals(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /private/\n\nUser-agent: Byline\nDisallow: /nobots/\nAllow: /nobots/ok\n"))
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("<p>padding padding</p>\n", 1000))
		for i := 0; i < (20<<20)/len(chunk); i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/toftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.com/x", http.StatusFound)
	})
	mux.HandleFunc("/nobots/ok", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := testClient(t, ClientOptions{Timeout: 300 * time.Millisecond})
	ctx := context.Background()
	for _, tc := range []struct {
		path   string
		status string // its Status, the label of the fetch metric
		want   func(error) bool
	}{
		{"/missing", "404", func(err error) bool { var se *StatusError; return errors.As(err, &se) && se.Code == 404 }},
		{"/loop", "too_many_redirects", func(err error) bool { return errors.Is(err, ErrTooManyRedirects) }},
		{"/big", "too_large", func(err error) bool { return errors.Is(err, ErrTooLarge) }},
		{"/slow", "timeout", func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }},
		{"/toftp", "bad_scheme", func(err error) bool { return errors.Is(err, ErrScheme) }},
		{"/nobots/page", "robots", func(err error) bool { return errors.Is(err, ErrRobots) }},
	} {
		start := time.Now()
		_, err := c.Get(ctx, srv.URL+tc.path, Validators{})
		if !tc.want(err) {
			t.Errorf("GET %s: %v", tc.path, err)
		}
		if got := Status(nil, err); got != tc.status {
			t.Errorf("Status of GET %s = %q; want %q", tc.path, got, tc.status)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("GET %s took %v", tc.path, d)
		}
	}
	// The group naming Byline replaces "*": /private/ is not refused to it,
	// and its Allow line wins over the shorter Disallow.
	var se *StatusError
	if _, err := c.Get(ctx, srv.URL+"/private/x", Validators{}); !errors.As(err, &se) {
		t.Errorf("path only the * group refuses: %v; want the server's 404", err)
	}
	if _, err := c.Get(ctx, srv.URL+"/nobots/ok", Validators{}); err != nil {
		t.Errorf("allowed path: %v", err)
	}
	for _, raw := range []string{"file:///etc/passwd", "gopher://x", "javascript:alert(1)", "http://user:pw@example.com/", "/relative"} {
		if _, err := c.Get(ctx, raw, Validators{}); err == nil {
			t.Errorf("GET %s succeeded", raw)
		}
	}
}

func TestInternalAddressRefused(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := NewClient(ClientOptions{HostInterval: -1})
	ctx := context.Background()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	for _, u := range []string{srv.URL + "/", "http://localhost:" + port + "/", "http://[::1]:" + port + "/"} {
		_, err := c.Get(ctx, u, Validators{})
		if !errors.Is(err, ErrBlockedAddress) || Status(nil, err) != "blocked" {
			t.Errorf("GET %s: %v (status %q); want ErrBlockedAddress", u, err, Status(nil, err))
		}
	}
	if hits.Load() != 0 {
		t.Errorf("the internal server got %d requests", hits.Load())
	}
}

func TestRedirectToInternalRefused(t *testing.T) {
	var hits atomic.Int32
	inner := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer inner.Close()
	outer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(inner.URL, "127.0.0.1", "localhost", 1)+"/secret", http.StatusFound)
	}))
	defer outer.Close()
	// Only the outer server's exact address is allowed, as a public host
	// would be; every other address goes through the internal check.
	outerAddr := strings.TrimPrefix(outer.URL, "http://")
	c := NewClient(ClientOptions{HostInterval: -1, IgnoreRobots: true})
	c.http.Transport.(*http.Transport).DialContext = (&net.Dialer{Control: func(network, address string, rc syscall.RawConn) error {
		if address == outerAddr {
			return nil
		}
		return refuseInternal(network, address, rc)
	}}).DialContext
	_, err := c.Get(context.Background(), outer.URL+"/", Validators{})
	if !errors.Is(err, ErrBlockedAddress) {
		t.Fatalf("redirect to loopback: %v; want ErrBlockedAddress", err)
	}
	if hits.Load() != 0 {
		t.Errorf("the internal server got %d requests", hits.Load())
	}
}

func TestInternal(t *testing.T) {
	for ip, want := range map[string]bool{
		"127.0.0.1": true, "10.1.2.3": true, "172.16.0.1": true, "192.168.1.1": true, "169.254.169.254": true,
		"0.0.0.0": true, "100.64.0.1": true, "::1": true, "fe80::1": true, "fc00::1": true, "::ffff:127.0.0.1": true,
		"::": true, "224.0.0.1": true, "64:ff9b::a00:1": true,
		"93.184.216.34": false, "2606:2800:220:1:248:1893:25c8:1946": false, "8.8.8.8": false,
	} {
		if got := internal(net.ParseIP(ip)); got != want {
			t.Errorf("internal(%s) = %v; want %v", ip, got, want)
		}
	}
}

func TestHostPacing(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c := testClient(t, ClientOptions{HostInterval: 150 * time.Millisecond, IgnoreRobots: true})
	start := time.Now()
	for range 3 {
		if _, err := c.Get(context.Background(), srv.URL+"/", Validators{}); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("3 requests to one host took %v; want at least 2 pauses of 150ms", d)
	}
}

func TestRobotsRules(t *testing.T) {
	body := "# comment\nUser-agent: *\nDisallow: /\n\nUser-agent: other\nUser-agent: byline\nDisallow: /a/\nAllow: /a/b\nDisallow: /*.pdf$\nDisallow: /q?*secret\n"
	r := parseRobots(body, "byline")
	for path, want := range map[string]bool{
		"/": true, "/a/": false, "/a/x": false, "/a/b": true, "/a/bc": true, "/doc.pdf": false, "/doc.pdf?x": true,
		"/q?x=secret": false, "/q?x=1": true,
	} {
		if got := r.allows(path); got != want {
			t.Errorf("allows(%s) = %v; want %v", path, got, want)
		}
	}
	if !parseRobots("", "byline").allows("/x") || parseRobots("User-agent: *\nDisallow: /", "byline").allows("/x") {
		t.Error("empty robots.txt must allow, Disallow: / for * must refuse")
	}
	if !parseRobots("User-agent: *\nDisallow:", "byline").allows("/x") {
		t.Error("an empty Disallow allows everything")
	}
}

// The User-Agent names the repository only when the module path is one.
func TestUserAgent(t *testing.T) {
	for module, want := range map[string]string{
		"github.com/acme/byline": "Byline/1.0 (news question-answering bot; +https://github.com/acme/byline)",
		"byline":                 "Byline/1.0 (news question-answering bot)",
		"":                       "Byline/1.0 (news question-answering bot)",
		"local/byline":           "Byline/1.0 (news question-answering bot)",
	} {
		if got := userAgent(module); got != want {
			t.Errorf("userAgent(%q) = %q; want %q", module, got, want)
		}
	}
	if !strings.HasPrefix(UserAgent, "Byline/") {
		t.Errorf("UserAgent = %q", UserAgent)
	}
}
