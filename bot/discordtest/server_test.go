package discordtest

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"byline/internal/specs"

	"github.com/bwmarrin/discordgo"
)

// rewrite sends discordgo's https://discord.com requests to the fake.
type rewrite struct{ base *url.URL }

func (rw rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = rw.base.Scheme, rw.base.Host
	r.Host = rw.base.Host
	return http.DefaultTransport.RoundTrip(r)
}

// client returns a discordgo session whose REST calls go to the fake (the
// gateway URL then comes from the fake's GET /gateway).
func client(t *testing.T, s *Server, token string) *discordgo.Session {
	t.Helper()
	dg, err := discordgo.New("Bot " + token)
	if err != nil {
		t.Fatal(err)
	}
	base, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	dg.Client = &http.Client{Transport: rewrite{base}, Timeout: 10 * time.Second}
	return dg
}

// open connects a session and closes it when the test ends.
func open(t *testing.T, s *Server, setup func(*discordgo.Session)) *discordgo.Session {
	t.Helper()
	dg := client(t, s, Token)
	if setup != nil {
		setup(dg)
	}
	if err := dg.Open(); err != nil {
		t.Fatalf("open session: %v", err)
	}
	t.Cleanup(func() {
		// discordgo's heartbeat goroutine may see the connection it is
		// closing fail and reconnect (more likely with a short heartbeat interval):
		// no reconnecting once closing.
		dg.ShouldReconnectOnError = false
		dg.Close()
	})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := s.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	return dg
}

func timeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func noViolations(t *testing.T, s *Server) {
	t.Helper()
	for _, v := range s.SpecViolations() {
		t.Errorf("violation: %s", v)
	}
}

func restCode(err error) (status, code int) {
	var re *discordgo.RESTError
	if errors.As(err, &re) {
		status = re.Response.StatusCode
		if re.Message != nil {
			code = re.Message.Code
		}
	}
	return status, code
}

var askCommand = []*discordgo.ApplicationCommand{{
	Name:        "ask",
	Description: "Ask a question about the articles",
	Options: []*discordgo.ApplicationCommandOption{{
		Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true,
	}},
}, {
	Name:        "summarize",
	Description: "Summarize an article",
	Options: []*discordgo.ApplicationCommandOption{{
		Type: discordgo.ApplicationCommandOptionString, Name: "article", Description: "Article title", Required: true, Autocomplete: true,
	}},
}}

func TestReadyAndHeartbeats(t *testing.T) {
	s := New(t, WithHeartbeatInterval(50*time.Millisecond))
	var mu sync.Mutex
	var ready *discordgo.Ready
	var guild *discordgo.GuildCreate
	dg := open(t, s, func(dg *discordgo.Session) {
		dg.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { mu.Lock(); ready = r; mu.Unlock() })
		dg.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) { mu.Lock(); guild = g; mu.Unlock() })
	})
	ids := s.Identifies()
	if len(ids) != 1 {
		t.Fatalf("got %d IDENTIFY; want 1", len(ids))
	}
	if got, want := ids[0].Intents, int(discordgo.IntentsAllWithoutPrivileged); got != want {
		t.Errorf("intents = %d; want %d", got, want)
	}
	if !ids[0].Compress {
		t.Errorf("discordgo asked for no compression; the compressed path is untested")
	}
	ctx := timeout(t)
	if err := s.waitFor(ctx, func() bool { return s.heartbeats >= 2 }); err != nil {
		t.Fatalf("heartbeats: %v (got %d)", err, s.Heartbeats())
	}
	mu.Lock()
	defer mu.Unlock()
	if ready == nil || ready.User.ID != BotUserID || ready.SessionID == "" {
		t.Errorf("READY = %+v; want the bot user and a session id", ready)
	}
	if guild == nil || guild.ID != GuildID || len(guild.Channels) != 2 {
		t.Errorf("GUILD_CREATE = %+v; want guild %s with 2 channels", guild, GuildID)
	}
	if dg.State.User == nil || dg.State.User.ID != BotUserID {
		t.Errorf("state user = %+v", dg.State.User)
	}
	me, err := dg.User("@me")
	if err != nil || me.ID != BotUserID || !me.Bot {
		t.Errorf("GET /users/@me = %+v, %v", me, err)
	}
	noViolations(t, s)
}

func TestSlashCommandDeferredThenEdit(t *testing.T) {
	s := New(t)
	dg := open(t, s, func(dg *discordgo.Session) {
		dg.AddHandler(func(dg *discordgo.Session, ic *discordgo.InteractionCreate) {
			if ic.Type != discordgo.InteractionApplicationCommand {
				return
			}
			err := dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
			if err != nil {
				t.Errorf("defer: %v", err)
				return
			}
			q := ic.ApplicationCommandData().Options[0].StringValue()
			content := "You asked: " + q
			_, err = dg.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{
				Content:         &content,
				AllowedMentions: &discordgo.MessageAllowedMentions{},
			})
			if err != nil {
				t.Errorf("edit: %v", err)
			}
		})
	})
	created, err := dg.ApplicationCommandBulkOverwrite(ApplicationID, GuildID, askCommand)
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	if len(created) != 2 || created[0].ID == "" || created[0].GuildID != GuildID {
		t.Fatalf("registered = %+v; want 2 commands with ids", created)
	}
	if s.CommandOverwrites() != 1 || len(s.Commands()) != 2 {
		t.Errorf("overwrites %d, commands %d; want 1, 2", s.CommandOverwrites(), len(s.Commands()))
	}

	ctx := timeout(t)
	ix := s.SlashCommand(ctx, NewUser(1), ChannelID, GuildID, "ask", CommandOption{Name: "question", Value: "why @everyone?"})
	ack, err := ix.WaitAck(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Type != ResponseDeferred {
		t.Errorf("ack type = %d; want %d", ack.Type, ResponseDeferred)
	}
	final, err := ix.WaitFinal(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "You asked: why @everyone?"; final.Content != want {
		t.Errorf("final = %q; want %q", final.Content, want)
	}
	if p := final.Pings(); len(p) != 0 {
		t.Errorf("pings = %v; want none (allowed_mentions parse [])", p)
	}
	if ix.Edits() != 1 {
		t.Errorf("edits = %d; want 1", ix.Edits())
	}
	noViolations(t, s)
}

func TestMessageLimits(t *testing.T) {
	s := New(t)
	dg := client(t, s, Token)
	long := func(n int) string { return strings.Repeat("é", n) }
	embeds := func(n int, desc string) []*discordgo.MessageEmbed {
		var out []*discordgo.MessageEmbed
		for range n {
			out = append(out, &discordgo.MessageEmbed{Description: desc})
		}
		return out
	}
	tests := []struct {
		name       string
		msg        *discordgo.MessageSend
		wantStatus int
		wantCode   int
	}{
		{"2000 characters", &discordgo.MessageSend{Content: long(2000)}, 200, 0},
		{"2001 characters", &discordgo.MessageSend{Content: long(2001)}, 400, 50035},
		{"description 4096", &discordgo.MessageSend{Embeds: embeds(1, long(4096))}, 200, 0},
		{"description 4097", &discordgo.MessageSend{Embeds: embeds(1, long(4097))}, 400, 50035},
		{"embeds over 6000 in total", &discordgo.MessageSend{Embeds: embeds(2, long(3001))}, 400, 50035},
		{"11 embeds", &discordgo.MessageSend{Embeds: embeds(11, "x")}, 400, 50035},
		{"empty", &discordgo.MessageSend{}, 400, 50006},
		{"unknown channel", nil, 404, 10003},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			channel, msg := ChannelID, tt.msg
			if msg == nil {
				channel, msg = "399999999999999999", &discordgo.MessageSend{Content: "hi"}
			}
			_, err := dg.ChannelMessageSendComplex(channel, msg)
			status, code := restCode(err)
			if err == nil {
				status = 200
			}
			if status != tt.wantStatus || code != tt.wantCode {
				t.Errorf("got %d (code %d), %v; want %d (code %d)", status, code, err, tt.wantStatus, tt.wantCode)
			}
		})
	}
	if got := len(s.ChannelMessages(ChannelID)); got != 2 {
		t.Errorf("stored %d messages; want the 2 accepted", got)
	}
}

func TestRateLimitIsRetried(t *testing.T) {
	s := New(t)
	dg := client(t, s, Token)
	s.RateLimitNext("POST", "/channels/"+ChannelID+"/messages", 300*time.Millisecond)
	m, err := dg.ChannelMessageSend(ChannelID, "after the limit")
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	var statuses []int
	for _, r := range s.Requests() {
		if r.Route == "POST /channels/{channel_id}/messages" {
			statuses = append(statuses, r.Status)
		}
	}
	if len(statuses) != 2 || statuses[0] != 429 || statuses[1] != 200 {
		t.Errorf("statuses = %v; want [429 200]", statuses)
	}
	if got := s.ChannelMessages(ChannelID); len(got) != 1 || got[0].ID != m.ID {
		t.Errorf("messages = %+v; want the one sent", got)
	}
}

func TestResumeAfterDrop(t *testing.T) {
	s := New(t)
	got := make(chan *discordgo.MessageCreate, 4)
	dg := open(t, s, func(dg *discordgo.Session) {
		dg.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { got <- m })
	})
	_ = dg
	ctx := timeout(t)
	s.DropConnection()
	// Sent while the client is away: it must arrive after the RESUME.
	id := s.SendMessage(ctx, MessageSpec{Author: NewUser(2), ChannelID: ChannelID, GuildID: GuildID,
		Content: "<@" + BotUserID + "> still there?", MentionBot: true})
	select {
	case m := <-got:
		if m.ID != id || m.Content != "<@"+BotUserID+"> still there?" {
			t.Errorf("MESSAGE_CREATE = %s %q; want %s with the content", m.ID, m.Content, id)
		}
	case <-ctx.Done():
		t.Fatal("the message sent during the drop never arrived")
	}
	if s.Resumes() != 1 || len(s.Identifies()) != 1 {
		t.Errorf("resumes %d, identifies %d; want 1, 1", s.Resumes(), len(s.Identifies()))
	}
}

func TestWrongToken(t *testing.T) {
	s := New(t)
	dg := client(t, s, "not-the-token")
	_, err := dg.User("@me")
	if status, _ := restCode(err); status != http.StatusUnauthorized {
		t.Errorf("GET /users/@me with a wrong token: %v; want 401", err)
	}
	// The gateway closes the connection with 4004: Open fails.
	dg.ShouldReconnectOnError = false
	if err := dg.Open(); err == nil {
		dg.Close()
		t.Errorf("Open with a wrong token succeeded")
	}
	if s.Connected() {
		t.Errorf("a client with a wrong token is connected")
	}
}

func TestSpecViolations(t *testing.T) {
	if _, err := specs.Find(SpecFile); err != nil {
		specs.Skip(t, "discordtest: "+specWhat, err)
	}
	s := New(t)
	post := func(path, body string) int {
		req, _ := http.NewRequest("POST", s.URL()+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bot "+Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	post("/api/v9/channels/"+ChannelID+"/messages", `{"content":"fine"}`)
	post("/api/v9/channels/"+ChannelID+"/messages", `{"content":5}`)
	if status := post("/api/v9/no/such/route", `{}`); status != 404 {
		t.Errorf("unknown route answered %d; want 404", status)
	}
	v := s.SpecViolations()
	if len(v) != 3 {
		t.Fatalf("violations = %q; want 3 (unknown route twice: as a route and in the spec, bad content)", v)
	}
	var bad bool
	for _, x := range v {
		bad = bad || strings.Contains(x, "/channels/"+ChannelID+"/messages") && strings.Contains(x, "content")
	}
	if !bad {
		t.Errorf("violations = %q; want one for the numeric content", v)
	}
}

func TestReconnectAndInvalidSession(t *testing.T) {
	// No heartbeat may fall due during the test (the default interval is
	// Discord's 41 s): discordgo v0.28.1's heartbeat goroutine, woken by a
	// tick just before op 7, writes on the connection being closed and then
	// closes and reconnects the new one; with the fake's former 1 s interval
	// that made, on a loaded machine, a second RESUME the waits never saw.
	s := New(t, WithSpecCheck(false))
	got := make(chan *discordgo.MessageCreate, 4)
	open(t, s, func(dg *discordgo.Session) {
		dg.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { got <- m })
	})
	ctx := timeout(t)
	send := func(text string) {
		t.Helper()
		id := s.SendMessage(ctx, MessageSpec{Author: NewUser(1), ChannelID: ChannelID, GuildID: GuildID, Content: text, MentionBot: true})
		select {
		case m := <-got:
			if m.ID != id {
				t.Errorf("got message %s; want %s", m.ID, id)
			}
		case <-ctx.Done():
			t.Fatalf("%q never arrived", text)
		}
	}

	// discordgo sends each connection's first heartbeat at once, from a
	// goroutine of its own; if that write comes after op 7's close frame it
	// fails ("close sent") and that goroutine closes and reconnects the
	// resumed connection too (seen on a loaded CI machine: three RESUMEs and
	// a message lost). Wait until it has gone out.
	heartbeatSent := func(n int) {
		t.Helper()
		if err := s.waitFor(ctx, func() bool { return s.heartbeats >= n }); err != nil {
			t.Fatalf("heartbeat %d never came: %v", n, err)
		}
	}
	heartbeatSent(1)
	s.RequestReconnect() // op 7: the client closes and resumes
	if err := s.waitFor(ctx, func() bool { return s.resumes >= 1 && s.connected }); err != nil {
		t.Fatalf("no RESUME after op 7: %v", err)
	}
	send("after op 7")
	heartbeatSent(2) // the resumed connection's first

	s.InvalidateSession() // op 9: the client identifies again
	if err := s.waitFor(ctx, func() bool { return len(s.identifies) >= 2 && s.connected }); err != nil {
		t.Fatalf("no new IDENTIFY after op 9: %v", err)
	}
	send("after op 9")
	if r, id := s.Resumes(), s.Identifies(); r != 1 || len(id) != 2 {
		t.Errorf("%d RESUMEs and %d IDENTIFYs; want 1 (op 7) and 2 (start, op 9)", r, len(id))
	}
}

func TestMultipartAndChannel(t *testing.T) {
	s := New(t)
	dg := client(t, s, Token)
	m, err := dg.ChannelMessageSendComplex(ChannelID, &discordgo.MessageSend{
		Content: "with a file",
		Files:   []*discordgo.File{{Name: "sources.txt", ContentType: "text/plain", Reader: strings.NewReader("[1] …")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.ChannelMessages(ChannelID); len(got) != 1 || got[0].Content != "with a file" || got[0].ID != m.ID {
		t.Errorf("messages = %+v; want the one sent as multipart", got)
	}
	ch, err := dg.Channel(ChannelID)
	if err != nil || ch.GuildID != GuildID || ch.Type != discordgo.ChannelTypeGuildText {
		t.Errorf("GET /channels/%s = %+v, %v", ChannelID, ch, err)
	}
	if _, err := dg.Channel("399999999999999999"); err == nil {
		t.Errorf("GET of an unknown channel succeeded")
	}
	noViolations(t, s)
}
