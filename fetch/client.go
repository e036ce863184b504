// Package fetch gets feeds and article pages from the web politely and
// safely: one User-Agent naming Byline, conditional GETs, a pause between
// requests to one host, time limits, at most five redirects, a size cap,
// http and https only, robots.txt honoured, and no request to the
// machine's own network (loopback, private, link-local and other internal
// addresses are refused on the address actually dialled, so redirects and
// DNS tricks cannot reach them) unless AllowPrivate is set.
//
// [Client] does single requests; [Fetcher] follows feeds and adds pages to
// the library folder, recording what it saw in the store.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"
)

// UserAgent names Byline and, when the module path is a repository
// address (github.com/owner/byline), that repository, so that site owners
// can read about the bot. Today the module is plain "byline" and the
// project has no public address, so none is given rather than an invented
// one: renaming the module to its real address adds it.
var UserAgent = userAgent(modulePath())

func userAgent(module string) string {
	ua := "Byline/1.0 (news question-answering bot"
	if host, _, ok := strings.Cut(module, "/"); ok && strings.Contains(host, ".") {
		ua += "; +https://" + module
	}
	return ua + ")"
}

// modulePath is the main module's path from the build information.
func modulePath() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		return info.Main.Path
	}
	return ""
}

// Defaults of ClientOptions.
const (
	DefaultTimeout      = 20 * time.Second
	DefaultMaxBytes     = 5 << 20
	DefaultHostInterval = time.Second
	MaxRedirects        = 5
)

// Errors a caller may tell apart.
var (
	ErrBlockedAddress   = errors.New("address is internal (loopback, private or link-local); set FETCH_ALLOW_PRIVATE=true to allow it")
	ErrScheme           = errors.New("only http and https URLs can be fetched")
	ErrTooLarge         = errors.New("response too large")
	ErrTooManyRedirects = errors.New("too many redirects")
	ErrRobots           = errors.New("disallowed by the site's robots.txt")
)

// StatusError is a response other than 2xx or 304.
type StatusError struct {
	URL  string
	Code int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.URL, e.Code, http.StatusText(e.Code))
}

// ClientOptions configures NewClient; zero values take the defaults.
type ClientOptions struct {
	// AllowPrivate lets requests reach loopback, private and link-local
	// addresses (tests; operators who follow feeds on their own network).
	AllowPrivate bool
	Timeout      time.Duration // whole request, redirects included
	MaxBytes     int64         // largest body read
	HostInterval time.Duration // pause between two requests to one host
	// IgnoreRobots skips robots.txt (never set by Byline itself; tests).
	IgnoreRobots bool
	Logger       *slog.Logger
}

// Client makes safe, polite GET requests. It is safe for concurrent use.
type Client struct {
	http *http.Client
	opts ClientOptions
	lg   *slog.Logger

	mu   sync.Mutex
	next map[string]time.Time // host → earliest time of its next request

	robots *robotsCache
}

// NewClient returns a client with opts.
func NewClient(opts ClientOptions) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.HostInterval < 0 {
		opts.HostInterval = 0
	} else if opts.HostInterval == 0 {
		opts.HostInterval = DefaultHostInterval
	}
	lg := opts.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !opts.AllowPrivate {
		dialer.Control = refuseInternal
	}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would be the address checked, not the site
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 15 * time.Second,
		MaxIdleConns:          20,
		IdleConnTimeout:       60 * time.Second,
	}
	c := &Client{opts: opts, lg: lg, next: map[string]time.Time{}}
	c.http = &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= MaxRedirects {
				return fmt.Errorf("%w (more than %d)", ErrTooManyRedirects, MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s: %w", req.URL.Scheme, ErrScheme)
			}
			return nil
		},
	}
	c.robots = newRobotsCache()
	return c
}

// refuseInternal is the dialer's last check, on the address really dialled
// (after DNS, for every redirect).
func refuseInternal(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip := net.ParseIP(host)
	if ip == nil || internal(ip) {
		return fmt.Errorf("dial %s: %w", address, ErrBlockedAddress)
	}
	return nil
}

// Validators are the cache validators of an earlier response, sent back
// so that an unchanged resource costs a 304.
type Validators struct {
	ETag, LastModified string
}

// Response is a fetched resource.
type Response struct {
	URL         string // after redirects
	NotModified bool   // a 304: Body is empty, the earlier copy is current
	Body        []byte
	ContentType string // media type only, lower case
	Validators  Validators
}

// CheckURL parses a URL a user or a feed gave and refuses anything but
// absolute http(s) URLs.
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("not a URL: %q", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%q: %w", raw, ErrScheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%q has no host", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%q: URLs with a user name or password are not fetched", raw)
	}
	return u, nil
}

// Get fetches raw, honouring robots.txt and the per-host pause, with the
// validators of an earlier copy (zero for none).
func (c *Client) Get(ctx context.Context, raw string, v Validators) (*Response, error) {
	u, err := CheckURL(raw)
	if err != nil {
		return nil, err
	}
	if !c.opts.IgnoreRobots {
		ok, err := c.robots.allowed(ctx, c, u)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%s: %w", u, ErrRobots)
		}
	}
	return c.get(ctx, u, v)
}

// get does one paced request, without robots.txt.
func (c *Client) get(ctx context.Context, u *url.URL, v Validators) (*Response, error) {
	if err := c.wait(ctx, u.Host); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	defer resp.Body.Close()
	out := &Response{
		URL:         resp.Request.URL.String(),
		ContentType: mediaType(resp.Header.Get("Content-Type")),
		Validators:  Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")},
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		if out.Validators == (Validators{}) {
			out.Validators = v
		}
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return nil, &StatusError{URL: u.String(), Code: resp.StatusCode}
	case resp.ContentLength > c.opts.MaxBytes:
		return nil, fmt.Errorf("GET %s: %w (%d bytes, limit %d)", u, ErrTooLarge, resp.ContentLength, c.opts.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: read body: %w", u, err)
	}
	if int64(len(body)) > c.opts.MaxBytes {
		return nil, fmt.Errorf("GET %s: %w (over %d bytes)", u, ErrTooLarge, c.opts.MaxBytes)
	}
	out.Body = body
	return out, nil
}

// wait blocks until host may be asked again, and books the next slot.
func (c *Client) wait(ctx context.Context, host string) error {
	c.mu.Lock()
	now := time.Now()
	at := c.next[host]
	if at.Before(now) {
		at = now
	}
	c.next[host] = at.Add(c.opts.HostInterval)
	c.mu.Unlock()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func mediaType(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}
