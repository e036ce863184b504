package discordtest

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Identify is one IDENTIFY payload a client sent.
type Identify struct {
	Token          string            `json:"token"`
	Intents        int               `json:"intents"`
	Compress       bool              `json:"compress"`
	LargeThreshold int               `json:"large_threshold"`
	Properties     map[string]string `json:"properties"`
	Shard          []int             `json:"shard"`
	Raw            json.RawMessage   `json:"-"`
}

// gatewayState is guarded by Server.gwMu; the counters tests read are in
// the Server under mu.
type gatewayState struct {
	sessions map[string]*gwSession
	current  *gwSession
	conns    []*gwConn
	ready    chan struct{}
}

type gwSession struct {
	id       string
	identify Identify
	seq      int64
	events   []*gwEvent
	conn     *gwConn
}

type gwEvent struct {
	seq     int64
	payload []byte
	onSent  func(time.Time)
	sent    bool
}

type gwConn struct {
	ws       *websocket.Conn
	wmu      sync.Mutex
	compress bool
	session  *gwSession
}

// write sends one payload, zlib-compressed in a binary frame when the client
// asked for compression in IDENTIFY (discordgo does by default).
func (c *gwConn) write(b []byte, compress bool) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if !compress {
		return c.ws.WriteMessage(websocket.TextMessage, b)
	}
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return c.ws.WriteMessage(websocket.BinaryMessage, buf.Bytes())
}

func (c *gwConn) closeWith(code int, text string) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
	c.ws.Close()
}

type gwPayload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s"`
	T  *string         `json:"t"`
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveGateway runs one websocket connection: HELLO, then IDENTIFY or
// RESUME, then heartbeats until the connection ends.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if q := r.URL.Query(); q.Get("encoding") != "" && q.Get("encoding") != "json" {
		s.violation("GET %s: gateway encoding %q (only json is served)", r.URL.Path, q.Get("encoding"))
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.logf("gateway upgrade: %v", err)
		return
	}
	conn := &gwConn{ws: ws}
	s.gwMu.Lock()
	s.gw.conns = append(s.gw.conns, conn)
	s.gwMu.Unlock()
	defer s.detach(conn)

	hello, _ := json.Marshal(map[string]any{"op": 10, "s": nil, "t": nil, "d": map[string]any{
		"heartbeat_interval": s.heartbeat.Milliseconds(), "_trace": []string{"discordtest"},
	}})
	if err := conn.write(hello, false); err != nil {
		return
	}
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var p gwPayload
		if err := json.Unmarshal(data, &p); err != nil {
			conn.closeWith(4002, "Error while decoding payload.")
			return
		}
		switch p.Op {
		case 1:
			s.mu.Lock()
			s.heartbeats++
			s.notifyLocked()
			s.mu.Unlock()
			ack, _ := json.Marshal(map[string]any{"op": 11, "s": nil, "t": nil, "d": nil})
			if err := conn.write(ack, false); err != nil {
				return
			}
		case 2:
			if !s.identify(conn, p.D) {
				return
			}
		case 6:
			if !s.resume(conn, p.D) {
				return
			}
		case 3, 4, 8:
			// Presence, voice state and member requests: accepted, unused.
		default:
			conn.closeWith(4001, "Unknown opcode.")
			return
		}
	}
}

// detach forgets a connection that ended; its session stays resumable.
func (s *Server) detach(conn *gwConn) {
	conn.ws.Close()
	s.gwMu.Lock()
	for i, c := range s.gw.conns {
		if c == conn {
			s.gw.conns = append(s.gw.conns[:i], s.gw.conns[i+1:]...)
			break
		}
	}
	lost := false
	if sess := conn.session; sess != nil && sess.conn == conn {
		sess.conn = nil
		lost = sess == s.gw.current
	}
	s.gwMu.Unlock()
	if lost {
		s.mu.Lock()
		s.connected = false
		s.notifyLocked()
		s.mu.Unlock()
	}
}

func validToken(tok string) bool {
	return strings.TrimPrefix(tok, "Bot ") == Token
}

func newSessionID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// identify handles op 2; it reports false when the connection was closed.
func (s *Server) identify(conn *gwConn, d json.RawMessage) bool {
	var id Identify
	if err := json.Unmarshal(d, &id); err != nil {
		conn.closeWith(4002, "Error while decoding payload.")
		return false
	}
	id.Raw = append(json.RawMessage(nil), d...)
	s.mu.Lock()
	s.identifies = append(s.identifies, id)
	s.mu.Unlock()
	if !validToken(id.Token) {
		s.logf("IDENTIFY with a wrong token: closing 4004")
		conn.closeWith(4004, "Authentication failed.")
		return false
	}
	if conn.session != nil {
		conn.closeWith(4005, "Already authenticated.")
		return false
	}
	if bad := id.Intents & privilegedIntentsMask &^ s.privileged; bad != 0 {
		s.logf("IDENTIFY asks for privileged intents %d not enabled: closing 4014", bad)
		conn.closeWith(4014, "Disallowed intent(s).")
		return false
	}

	s.gwMu.Lock()
	sess := &gwSession{id: newSessionID(), identify: id, conn: conn}
	if old := s.gw.current; old != nil && old.conn != nil && old.conn != conn {
		old.conn.closeWith(4000, "Session replaced.")
		old.conn = nil
	}
	s.gw.sessions[sess.id] = sess
	s.gw.current = sess
	conn.session = sess
	conn.compress = id.Compress
	ready := map[string]any{
		"v": 10, "user": s.botUserObject(), "guilds": []any{map[string]any{"id": GuildID, "unavailable": true}},
		"session_id": sess.id, "session_type": "normal", "resume_gateway_url": s.GatewayURL(),
		"application":      map[string]any{"id": ApplicationID, "flags": 0},
		"private_channels": []any{}, "relationships": []any{}, "presences": []any{},
		"guild_join_requests": []any{}, "geo_ordered_rtc_regions": []string{"local"},
		"user_settings": map[string]any{}, "_trace": []string{"discordtest"},
	}
	if len(id.Shard) == 2 {
		ready["shard"] = id.Shard
	}
	s.dispatchLocked("READY", ready, nil)
	s.dispatchLocked("GUILD_CREATE", s.guildObject(), nil)
	s.gwMu.Unlock()

	s.mu.Lock()
	s.connected = true
	s.identified = true
	s.notifyLocked()
	s.mu.Unlock()
	return true
}

// resume handles op 6: replay what the client missed, then RESUMED.
func (s *Server) resume(conn *gwConn, d json.RawMessage) bool {
	var rp struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(d, &rp); err != nil {
		conn.closeWith(4002, "Error while decoding payload.")
		return false
	}
	if !validToken(rp.Token) {
		conn.closeWith(4004, "Authentication failed.")
		return false
	}
	s.gwMu.Lock()
	sess, ok := s.gw.sessions[rp.SessionID]
	if !ok || rp.Seq > sess.seq {
		s.gwMu.Unlock()
		// Invalid session, not resumable: the client must IDENTIFY again.
		b, _ := json.Marshal(map[string]any{"op": 9, "d": false, "s": nil, "t": nil})
		return conn.write(b, false) == nil
	}
	if sess.conn != nil && sess.conn != conn {
		sess.conn.closeWith(4000, "Session resumed elsewhere.")
	}
	sess.conn = conn
	conn.session = sess
	conn.compress = sess.identify.Compress
	s.gw.current = sess
	// Counted before the replay goes out: a test woken by a replayed event
	// must see the RESUME.
	s.mu.Lock()
	s.resumes++
	s.connected = true
	s.notifyLocked()
	s.mu.Unlock()
	replayed := 0
	for _, ev := range sess.events {
		if ev.seq <= rp.Seq {
			continue
		}
		ev.markSent()
		if err := conn.write(ev.payload, conn.compress); err != nil {
			sess.conn = nil
			s.gwMu.Unlock()
			return false
		}
		replayed++
	}
	s.dispatchLocked("RESUMED", map[string]any{"_trace": []string{"discordtest"}}, nil)
	s.gwMu.Unlock()
	s.logf("RESUME of session from seq %d: replayed %d events", rp.Seq, replayed)
	return true
}

func (ev *gwEvent) markSent() {
	if ev.sent {
		return
	}
	ev.sent = true
	if ev.onSent != nil {
		ev.onSent(time.Now())
	}
}

// dispatch sends an op 0 event to the current session (queued for a RESUME
// when no connection is up). onSent runs once, when it is first written.
func (s *Server) dispatch(t string, d any, onSent func(time.Time)) {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	s.dispatchLocked(t, d, onSent)
}

func (s *Server) dispatchLocked(t string, d any, onSent func(time.Time)) {
	sess := s.gw.current
	if sess == nil {
		s.logf("%s not dispatched: no gateway session", t)
		return
	}
	sess.seq++
	b, err := json.Marshal(map[string]any{"op": 0, "s": sess.seq, "t": t, "d": d})
	if err != nil {
		s.t.Errorf("discordtest: marshal %s: %v", t, err)
		return
	}
	ev := &gwEvent{seq: sess.seq, payload: b, onSent: onSent}
	sess.events = append(sess.events, ev)
	if sess.conn == nil {
		return
	}
	// Marked before the write: a fast client may answer before it returns.
	ev.markSent()
	if err := sess.conn.write(b, sess.conn.compress); err != nil {
		s.logf("write %s: %v", t, err)
	}
}

// waitSession waits until a client has identified once. Dispatches only wait
// for that: while the connection is down they are queued and replayed on
// RESUME, as Discord does.
func (s *Server) waitSession(ctx context.Context) error {
	if err := s.waitFor(ctx, func() bool { return s.identified }); err != nil {
		return fmt.Errorf("wait for a gateway client to identify: %w", err)
	}
	return nil
}

func (s *Server) currentIntents() (int, bool) {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	if s.gw.current == nil {
		return 0, false
	}
	return s.gw.current.identify.Intents, true
}

// WaitReady waits until a client has identified (or resumed) and its
// gateway connection is up. After DropConnection it waits for the RESUME.
func (s *Server) WaitReady(ctx context.Context) error {
	if err := s.waitFor(ctx, func() bool { return s.connected }); err != nil {
		return fmt.Errorf("wait for a gateway client: %w", err)
	}
	return nil
}

// Identifies returns the IDENTIFY payloads received, in order.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.identifies...)
}

// Resumes returns how many RESUMEs succeeded.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// Heartbeats returns how many heartbeats (op 1) the fake answered.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// Connected reports whether a client's gateway connection is up.
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connected
}

// DropConnection closes the current gateway connection abruptly (no close
// frame), as a network failure would. The session stays resumable: events
// dispatched meanwhile are replayed on RESUME.
func (s *Server) DropConnection() {
	s.gwMu.Lock()
	var conn *gwConn
	if sess := s.gw.current; sess != nil && sess.conn != nil {
		conn = sess.conn
		sess.conn = nil
	}
	s.gwMu.Unlock()
	if conn == nil {
		s.logf("DropConnection: no connection to drop")
		return
	}
	s.mu.Lock()
	s.connected = false
	s.notifyLocked()
	s.mu.Unlock()
	conn.ws.UnderlyingConn().Close()
}

// RequestReconnect sends op 7 (Reconnect) on the current connection: the
// client must close it and RESUME on a new one.
func (s *Server) RequestReconnect() {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	if sess := s.gw.current; sess != nil && sess.conn != nil {
		b, _ := json.Marshal(map[string]any{"op": 7, "d": nil, "s": nil, "t": nil})
		sess.conn.write(b, false)
	}
}

// InvalidateSession sends op 9 (Invalid Session, not resumable) on the
// current connection and forgets the session: the client must IDENTIFY
// again (discordgo does so on the same connection).
func (s *Server) InvalidateSession() {
	s.gwMu.Lock()
	defer s.gwMu.Unlock()
	sess := s.gw.current
	if sess == nil || sess.conn == nil {
		return
	}
	conn := sess.conn
	sess.conn = nil
	conn.session = nil
	delete(s.gw.sessions, sess.id)
	s.mu.Lock()
	s.connected = false
	s.notifyLocked()
	s.mu.Unlock()
	b, _ := json.Marshal(map[string]any{"op": 9, "d": false, "s": nil, "t": nil})
	conn.write(b, false)
}

func (s *Server) closeGateway() {
	s.gwMu.Lock()
	conns := append([]*gwConn(nil), s.gw.conns...)
	s.gwMu.Unlock()
	for _, c := range conns {
		c.ws.UnderlyingConn().Close()
	}
}

func (s *Server) botUserObject() map[string]any {
	u := wireUser(BotUser())
	u["verified"] = true
	u["mfa_enabled"] = false
	u["email"] = nil
	return u
}

func (s *Server) guildObject() map[string]any {
	s.mu.Lock()
	var channels []any
	for _, id := range []string{ChannelID, OtherChannelID} {
		channels = append(channels, wireChannel(s.channels[id]))
	}
	s.mu.Unlock()
	member := wireMember(BotUser(), true)
	return map[string]any{
		"id": GuildID, "name": "Byline Test Guild", "icon": nil, "owner_id": NewUser(0).ID,
		"joined_at": "2025-01-01T00:00:00.000000+00:00", "large": false, "unavailable": false,
		"member_count": 2, "channels": channels, "threads": []any{}, "members": []any{member},
		"roles": []any{map[string]any{"id": GuildID, "name": "@everyone", "permissions": "2248473465835073",
			"position": 0, "color": 0, "hoist": false, "managed": false, "mentionable": false, "flags": 0}},
		"emojis": []any{}, "stickers": []any{}, "features": []string{}, "voice_states": []any{},
		"presences": []any{}, "stage_instances": []any{}, "guild_scheduled_events": []any{},
		"preferred_locale": "en-US", "system_channel_id": ChannelID, "verification_level": 0,
		"default_message_notifications": 1, "explicit_content_filter": 0, "mfa_level": 0,
		"premium_tier": 0, "nsfw_level": 0,
	}
}
