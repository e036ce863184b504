package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The fixed identities of the fake. Every test sees the same ids, so golden
// files and assertions can name them.
const (
	// Token is the bot token the fake accepts, as "Authorization: Bot fake-token"
	// on REST and as "fake-token" or "Bot fake-token" in the gateway IDENTIFY.
	Token = "fake-token"
	// ApplicationID is the application the commands belong to.
	ApplicationID = "100000000000000001"
	// BotUserID is the bot's user id: the same as the application id, as for
	// real bots created in the developer portal.
	BotUserID = "100000000000000001"
	// BotUsername is the bot user's name.
	BotUsername = "Byline"
	// GuildID is the one guild the bot is in.
	GuildID = "200000000000000001"
	// ChannelID is a text channel in GuildID.
	ChannelID = "300000000000000001"
	// OtherChannelID is a second text channel in GuildID, for tests of
	// channel allow-lists.
	OtherChannelID = "300000000000000002"
)

// Gateway intents the fake cares about (Discord's bit values).
const (
	IntentGuilds          = 1 << 0
	IntentGuildMembers    = 1 << 1 // privileged
	IntentGuildPresences  = 1 << 8 // privileged
	IntentGuildMessages   = 1 << 9
	IntentDirectMessages  = 1 << 12
	IntentMessageContent  = 1 << 15 // privileged
	privilegedIntentsMask = IntentGuildMembers | IntentGuildPresences | IntentMessageContent
)

// Discord's defaults, overridable with options.
const (
	defaultAckDeadline   = 3 * time.Second
	defaultTokenLifetime = 15 * time.Minute
	// Discord's own interval. A short one made discordgo close and resume
	// its connection whenever a loaded machine held up five heartbeat
	// acknowledgements, which flaked end-to-end tests; a test of
	// heartbeats sets a short one with WithHeartbeatInterval.
	defaultHeartbeat = 41250 * time.Millisecond
	maxBodyBytes     = 8 << 20
)

// Server is a running fake Discord: REST under /api/v9 and /api/v10 and a
// gateway websocket at /gateway. All methods are safe for concurrent use.
type Server struct {
	t    testing.TB
	http *httptest.Server
	mux  *http.ServeMux

	ackDeadline   time.Duration
	tokenLifetime time.Duration
	now           func() time.Time // the clock of interaction deadlines
	heartbeat     time.Duration
	privileged    int
	specCheck     bool

	ids atomic.Int64 // last snowflake handed out

	gwMu sync.Mutex // orders gateway writes: sequence numbers go out in order
	gw   gatewayState

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every state change
	closed   bool
	requests []Request
	limits   []rateLimit

	messages    map[string]*message // every message the fake knows, by id
	order       []string            // message ids in creation order
	channels    map[string]*channel
	dms         map[string]string // user id -> DM channel id
	threads     []string          // thread channel ids the bot started, in order
	typing      map[string]int
	reactions   map[string][]string
	memberPerms map[string]string            // user id -> permissions sent in interactions (default: memberPermissions)
	commands    map[string][]json.RawMessage // scope ("" global or guild id) -> commands
	commandIDs  map[string]string            // scope + "/" + name -> stable id
	overwrites  int

	connected  bool // a client's gateway connection is up
	identified bool // a client identified once: dispatches are queued for it from then on
	identifies []Identify
	resumes    int
	heartbeats int

	interactions map[string]*Interaction // by id
	byToken      map[string]*Interaction

	violations []string
	spec       *specQueue

	routeByPattern map[string]route // mux pattern -> route, set up by routes()
}

// Option configures a Server.
type Option func(*Server)

// WithSpecCheck turns the OpenAPI check of every REST request on or off. It is
// on by default when ../shared/specs/discord/openapi.json is found from the
// module root.
func WithSpecCheck(enabled bool) Option { return func(s *Server) { s.specCheck = enabled } }

// WithAckDeadline changes the 3 s interaction acknowledgement deadline.
func WithAckDeadline(d time.Duration) Option { return func(s *Server) { s.ackDeadline = d } }

// WithTokenLifetime changes the 15 min interaction token lifetime, so tests
// can see follow-ups rejected with 401 (code 50027) without waiting.
func WithTokenLifetime(d time.Duration) Option { return func(s *Server) { s.tokenLifetime = d } }

// WithHeartbeatInterval changes the heartbeat interval sent in HELLO
// (Discord's 41.25 s by default).
func WithHeartbeatInterval(d time.Duration) Option { return func(s *Server) { s.heartbeat = d } }

// WithPrivilegedIntents marks privileged intents as enabled for the
// application (as in the developer portal). By default none is, and an
// IDENTIFY asking for one is closed with 4014, as Discord does.
func WithPrivilegedIntents(mask int) Option { return func(s *Server) { s.privileged = mask } }

// New starts the fake on 127.0.0.1 and stops it with t.Cleanup.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{
		t:             t,
		ackDeadline:   defaultAckDeadline,
		tokenLifetime: defaultTokenLifetime,
		now:           time.Now,
		heartbeat:     defaultHeartbeat,
		specCheck:     true,
		changed:       make(chan struct{}),
		messages:      map[string]*message{},
		channels:      map[string]*channel{},
		dms:           map[string]string{},
		typing:        map[string]int{},
		reactions:     map[string][]string{},
		commands:      map[string][]json.RawMessage{},
		commandIDs:    map[string]string{},
		interactions:  map[string]*Interaction{},
		byToken:       map[string]*Interaction{},
	}
	for _, o := range opts {
		o(s)
	}
	s.channels[ChannelID] = &channel{ID: ChannelID, Type: channelGuildText, GuildID: GuildID, Name: "general"}
	s.channels[OtherChannelID] = &channel{ID: OtherChannelID, Type: channelGuildText, GuildID: GuildID, Name: "other"}
	s.gw.sessions = map[string]*gwSession{}
	s.gw.ready = make(chan struct{})

	s.mux = http.NewServeMux()
	s.routes()
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	if s.specCheck {
		s.spec = newSpecQueue(t)
	}
	t.Cleanup(s.close)
	return s
}

// URL is the fake's base URL, "http://127.0.0.1:PORT": what
// DISCORD_API_BASE_URL is set to. REST lives under URL()+"/api/v9/".
func (s *Server) URL() string { return s.http.URL }

// GatewayURL is the websocket URL that GET /gateway answers.
func (s *Server) GatewayURL() string {
	return "ws" + strings.TrimPrefix(s.http.URL, "http") + "/gateway"
}

func (s *Server) close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.closeGateway()
	s.http.Close()
}

// logf logs to the test unless the test is over (testing panics on a log
// after the test returned).
func (s *Server) logf(format string, args ...any) {
	s.t.Helper()
	// Logged under mu, so that close (which sets closed under mu) cannot
	// let the test end between the check and the log.
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.t.Logf("discordtest: "+format, args...)
	}
}

// notifyLocked wakes everything waiting for a state change. s.mu is held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor calls check under s.mu until it reports done or ctx ends.
func (s *Server) waitFor(ctx context.Context, check func() bool) error {
	for {
		s.mu.Lock()
		done := check()
		ch := s.changed
		s.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

// snowflake returns a new id built as Discord's are (milliseconds since the
// Discord epoch << 22), strictly increasing.
func (s *Server) snowflake() string {
	for {
		last := s.ids.Load()
		next := (time.Now().UnixMilli() - 1420070400000) << 22
		if next <= last {
			next = last + 1
		}
		if s.ids.CompareAndSwap(last, next) {
			return strconv.FormatInt(next, 10)
		}
	}
}

// Request is one REST request the fake received, with the status it answered.
type Request struct {
	Method string
	Path   string // as received, e.g. /api/v9/channels/3000/messages
	Query  string
	Route  string // the matched route, e.g. "POST /channels/{channel_id}/messages"; "" when unknown
	Body   []byte // JSON body (payload_json for multipart)
	Status int
	At     time.Time
}

// Requests returns every REST request received so far, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	copy(out, s.requests)
	return out
}

// WaitRequest waits until a REST request for which pred holds has been
// answered (its Status set) and returns it; ctx bounds the wait.
func (s *Server) WaitRequest(ctx context.Context, pred func(Request) bool) (Request, error) {
	var got Request
	err := s.waitFor(ctx, func() bool {
		for _, r := range s.requests {
			if r.Status != 0 && pred(r) {
				got = r
				return true
			}
		}
		return false
	})
	return got, err
}

type rateLimit struct {
	method, route string
	retryAfter    time.Duration
	global        bool
}

// RateLimitNext makes the next request whose method matches (any when "")
// and whose path or route contains routeSubstring get a 429 with Discord's
// body {"message":"You are being rate limited.","retry_after":…,"global":false}
// and its Retry-After and X-RateLimit-* headers.
func (s *Server) RateLimitNext(method, routeSubstring string, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = append(s.limits, rateLimit{method: method, route: routeSubstring, retryAfter: retryAfter})
}

// RateLimitGlobalNext is RateLimitNext with "global": true and the
// X-RateLimit-Global header: the client must hold back every route.
func (s *Server) RateLimitGlobalNext(method, routeSubstring string, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = append(s.limits, rateLimit{method: method, route: routeSubstring, retryAfter: retryAfter, global: true})
}

// takeLimitLocked removes and returns the first injected rate limit matching
// the request.
func (s *Server) takeLimitLocked(method, path, route string) (rateLimit, bool) {
	for i, l := range s.limits {
		if l.method != "" && !strings.EqualFold(l.method, method) {
			continue
		}
		if !strings.Contains(path, l.route) && !strings.Contains(route, l.route) {
			continue
		}
		s.limits = append(s.limits[:i], s.limits[i+1:]...)
		return l, true
	}
	return rateLimit{}, false
}

// SpecViolations returns the protocol problems seen so far: REST requests
// that do not match Discord's OpenAPI document (waiting for the document to
// be loaded and every request so far checked), unknown routes, and gateway
// or interaction misuse (e.g. a command dispatched that was never
// registered). Each entry reads "METHOD /path: problem".
func (s *Server) SpecViolations() []string {
	if s.spec != nil {
		s.spec.wait()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]string(nil), s.violations...)
	if s.spec != nil {
		out = append(out, s.spec.violations()...)
	}
	return out
}

func (s *Server) violation(format string, args ...any) {
	s.t.Helper()
	msg := fmt.Sprintf(format, args...)
	s.mu.Lock()
	s.violations = append(s.violations, msg)
	s.mu.Unlock()
	s.logf("violation: %s", msg)
}

// call is one REST request being served.
type call struct {
	w      http.ResponseWriter
	r      *http.Request
	body   []byte
	status int
}

func (c *call) json(status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"message":"fake: marshal response","code":0}`)
	}
	c.w.Header().Set("Content-Type", "application/json")
	c.status = status
	c.w.WriteHeader(status)
	c.w.Write(b)
}

func (c *call) noContent() {
	c.status = http.StatusNoContent
	c.w.WriteHeader(http.StatusNoContent)
}

// fail answers Discord's error JSON: {"message":…,"code":…[,"errors":…]}.
func (c *call) fail(status, code int, message string, errs map[string]any) {
	body := map[string]any{"message": message, "code": code}
	if errs != nil {
		body["errors"] = errs
	}
	c.json(status, body)
}

// decode unmarshals the body; on failure it answers 400 (code 50109) and
// reports false.
func (c *call) decode(v any) bool {
	if len(bytes.TrimSpace(c.body)) == 0 {
		c.fail(http.StatusBadRequest, 50109, "The request body contains invalid JSON.", nil)
		return false
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		c.fail(http.StatusBadRequest, 50109, "The request body contains invalid JSON.", nil)
		return false
	}
	return true
}

type route struct {
	method, pattern string
	auth            bool // needs "Authorization: Bot <Token>"
	handle          func(*call)
}

// serveHTTP records the request, checks auth and injected rate limits, hands
// REST to the mux and queues the OpenAPI check.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/gateway" || r.URL.Path == "/gateway/" {
		s.serveGateway(w, r)
		return
	}
	at := time.Now()
	body, err := readBody(w, r)
	c := &call{w: w, r: r, body: body}
	_, pattern := s.mux.Handler(r)
	rt, known := s.routeByPattern[pattern]
	routeName := ""
	if known {
		routeName = rt.method + " " + rt.pattern
	}
	s.mu.Lock()
	idx := len(s.requests)
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Route: routeName, Body: body, At: at})
	s.mu.Unlock()
	if s.spec != nil {
		s.spec.add(idx, r, body)
	}
	defer func() {
		s.mu.Lock()
		s.requests[idx].Status = c.status
		s.notifyLocked()
		s.mu.Unlock()
	}()

	switch {
	case err != nil:
		c.fail(http.StatusRequestEntityTooLarge, 40005, "Request entity too large", nil)
		return
	case !known:
		s.violation("%s %s: unknown route", r.Method, r.URL.Path)
		c.fail(http.StatusNotFound, 0, "404: Not Found", nil)
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/api/v9/") && !strings.HasPrefix(r.URL.Path, "/api/v10/") {
		c.fail(http.StatusNotFound, 0, "404: Not Found", nil)
		return
	}
	auth := r.Header.Get("Authorization")
	if (rt.auth || auth != "") && auth != "Bot "+Token {
		c.fail(http.StatusUnauthorized, 0, "401: Unauthorized", nil)
		return
	}
	s.mu.Lock()
	lim, limited := s.takeLimitLocked(r.Method, r.URL.Path, routeName)
	s.mu.Unlock()
	if limited {
		s.writeRateLimited(c, lim)
		return
	}
	// Discord sends bucket headers on every answer; discordgo's bucket logic
	// reads them, so the fake sends a roomy bucket that never throttles.
	w.Header().Set("X-RateLimit-Limit", "50")
	w.Header().Set("X-RateLimit-Remaining", "49")
	w.Header().Set("X-RateLimit-Reset", fmt.Sprintf("%.3f", float64(time.Now().Add(time.Second).UnixMilli())/1000))
	w.Header().Set("X-RateLimit-Reset-After", "1.000")
	w.Header().Set("X-RateLimit-Bucket", "fake-"+strconv.Itoa(len(routeName)))
	// Served through the mux again (not the matched handler) so that the
	// path values are set.
	s.mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), callKey{}, c)))
}

type callKey struct{}

func (s *Server) writeRateLimited(c *call, l rateLimit) {
	secs := l.retryAfter.Seconds()
	h := c.w.Header()
	h.Set("Retry-After", strconv.Itoa(int(l.retryAfter.Round(time.Second)/time.Second)))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", fmt.Sprintf("%.3f", float64(time.Now().Add(l.retryAfter).UnixMilli())/1000))
	h.Set("X-RateLimit-Reset-After", fmt.Sprintf("%.3f", secs))
	h.Set("X-RateLimit-Bucket", "fake-limited")
	scope := "user"
	if l.global {
		h.Set("X-RateLimit-Global", "true")
		scope = "global"
	}
	h.Set("X-RateLimit-Scope", scope)
	c.json(http.StatusTooManyRequests, map[string]any{
		"message":     "You are being rate limited.",
		"retry_after": secs,
		"global":      l.global,
	})
}

// readBody reads a JSON body, or the payload_json part of a multipart body
// (what discordgo sends when files are attached).
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		return nil, err
	}
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return raw, nil
	}
	mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return raw, nil
		}
		if p.FormName() == "payload_json" {
			b, err := io.ReadAll(p)
			if err != nil {
				return raw, nil
			}
			return b, nil
		}
	}
}

func (s *Server) handle(rt route) {
	s.mux.HandleFunc(rt.method+" /api/{ver}"+rt.pattern, func(w http.ResponseWriter, r *http.Request) {
		c := r.Context().Value(callKey{}).(*call)
		c.r = r
		rt.handle(c)
	})
	if s.routeByPattern == nil {
		s.routeByPattern = map[string]route{}
	}
	s.routeByPattern[rt.method+" /api/{ver}"+rt.pattern] = rt
}
