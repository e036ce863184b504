package discordtest

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// messages opens a session that forwards every MESSAGE_CREATE.
func messages(t *testing.T, s *Server, intents discordgo.Intent) (*discordgo.Session, chan *discordgo.MessageCreate) {
	t.Helper()
	got := make(chan *discordgo.MessageCreate, 16)
	dg := open(t, s, func(dg *discordgo.Session) {
		if intents != 0 {
			dg.Identify.Intents = intents
		}
		dg.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { got <- m })
	})
	return dg, got
}

func next(t *testing.T, got chan *discordgo.MessageCreate) *discordgo.MessageCreate {
	t.Helper()
	select {
	case m := <-got:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no MESSAGE_CREATE")
		return nil
	}
}

func TestMessageContentIntent(t *testing.T) {
	mention := "<@" + BotUserID + "> who said it?"
	tests := []struct {
		name        string
		privileged  bool
		spec        MessageSpec
		wantContent string
	}{
		{"mention", false, MessageSpec{ChannelID: ChannelID, GuildID: GuildID, Content: mention, MentionBot: true}, mention},
		{"no mention", false, MessageSpec{ChannelID: ChannelID, GuildID: GuildID, Content: "chatter"}, ""},
		{"DM", false, MessageSpec{Content: "in private"}, "in private"},
		{"no mention, intent enabled", true, MessageSpec{ChannelID: ChannelID, GuildID: GuildID, Content: "chatter"}, "chatter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []Option
			intents := discordgo.IntentsAllWithoutPrivileged
			if tt.privileged {
				opts = append(opts, WithPrivilegedIntents(IntentMessageContent))
				intents |= discordgo.IntentMessageContent
			}
			s := New(t, opts...)
			_, got := messages(t, s, intents)
			tt.spec.Author = NewUser(3)
			id := s.SendMessage(timeout(t), tt.spec)
			m := next(t, got)
			if m.ID != id || m.Content != tt.wantContent || m.Author.ID != NewUser(3).ID {
				t.Errorf("got %s %q by %s; want %s %q", m.ID, m.Content, m.Author.ID, id, tt.wantContent)
			}
			if (tt.spec.GuildID == "") != (m.GuildID == "") || tt.spec.GuildID != "" && m.Member == nil {
				t.Errorf("guild %q member %v; want guild %q", m.GuildID, m.Member, tt.spec.GuildID)
			}
		})
	}
}

func TestPrivilegedIntentRefused(t *testing.T) {
	s := New(t)
	dg := client(t, s, Token)
	dg.ShouldReconnectOnError = false
	dg.Identify.Intents = discordgo.IntentsAllWithoutPrivileged | discordgo.IntentMessageContent
	if err := dg.Open(); err == nil {
		dg.Close()
		t.Fatal("Open with MESSAGE_CONTENT not enabled succeeded; want close 4014")
	}
	if len(s.Identifies()) != 1 || s.Connected() {
		t.Errorf("identifies %d, connected %v; want 1, false", len(s.Identifies()), s.Connected())
	}
}

func TestReplyThreadAndEcho(t *testing.T) {
	s := New(t)
	dg, got := messages(t, s, 0)
	ctx := timeout(t)
	u := NewUser(4)
	q := s.SendMessage(ctx, MessageSpec{Author: u, ChannelID: ChannelID, GuildID: GuildID,
		Content: "<@" + BotUserID + "> what happened?", MentionBot: true})
	next(t, got)

	// The bot answers with a reply; Discord echoes it back to the bot.
	ans, err := dg.ChannelMessageSendComplex(ChannelID, &discordgo.MessageSend{
		Content: "this happened", Reference: &discordgo.MessageReference{MessageID: q, ChannelID: ChannelID},
		AllowedMentions: &discordgo.MessageAllowedMentions{},
	})
	if err != nil {
		t.Fatal(err)
	}
	echo := next(t, got)
	if echo.ID != ans.ID || echo.Author.ID != BotUserID || !echo.Author.Bot {
		t.Errorf("echo = %s by %+v; want the bot's own %s", echo.ID, echo.Author, ans.ID)
	}
	if ans.MessageReference == nil || ans.MessageReference.MessageID != q || ans.ReferencedMessage == nil {
		t.Errorf("answer reference = %+v; want %s", ans.MessageReference, q)
	}

	// The user replies to the answer: referenced_message carries it.
	s.SendMessage(ctx, MessageSpec{Author: u, ChannelID: ChannelID, GuildID: GuildID,
		Content: "and then?", MentionBot: true, ReplyTo: ans.ID})
	follow := next(t, got)
	if follow.ReferencedMessage == nil || follow.ReferencedMessage.ID != ans.ID || follow.ReferencedMessage.Content != "this happened" {
		t.Errorf("referenced message = %+v; want the bot's answer", follow.ReferencedMessage)
	}

	// A thread from the answer has the answer's id.
	th, err := dg.MessageThreadStart(ChannelID, ans.ID, "What happened", 1440)
	if err != nil {
		t.Fatal(err)
	}
	if th.ID != ans.ID || th.ParentID != ChannelID || !th.IsThread() {
		t.Errorf("thread = %+v; want id %s under %s", th, ans.ID, ChannelID)
	}
	if _, err := dg.MessageThreadStart(ChannelID, ans.ID, "again", 1440); err == nil {
		t.Errorf("a second thread on one message was accepted")
	}
	if _, err := dg.ChannelMessageSend(th.ID, "more in the thread"); err != nil {
		t.Fatal(err)
	}
	if ts := s.Threads(); len(ts) != 1 || ts[0].Name != "What happened" {
		t.Errorf("threads = %+v", ts)
	}
	if ms := s.ChannelMessages(th.ID); len(ms) != 1 || ms[0].Content != "more in the thread" {
		t.Errorf("thread messages = %+v", ms)
	}
	if _, err := dg.ThreadStart(ChannelID, "standalone", discordgo.ChannelTypeGuildPublicThread, 60); err != nil {
		t.Errorf("POST /channels/{id}/threads: %v", err)
	}
	noViolations(t, s)
}

func TestDMTypingReactionsEdits(t *testing.T) {
	s := New(t)
	dg := client(t, s, Token)
	u := NewUser(5)
	ch, err := dg.UserChannelCreate(u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ch.ID != s.DMChannel(u) || ch.Type != discordgo.ChannelTypeDM || len(ch.Recipients) != 1 || ch.Recipients[0].ID != u.ID {
		t.Errorf("DM channel = %+v; want %s with %s", ch, s.DMChannel(u), u.ID)
	}
	if err := dg.ChannelTyping(ch.ID); err != nil {
		t.Fatal(err)
	}
	m, err := dg.ChannelMessageSend(ch.ID, "hello <@"+u.ID+"> @everyone")
	if err != nil {
		t.Fatal(err)
	}
	if err := dg.MessageReactionAdd(ch.ID, m.ID, "👍"); err != nil {
		t.Fatal(err)
	}
	if _, err := dg.ChannelMessageEdit(ch.ID, m.ID, strings.Repeat("y", 2001)); err == nil {
		t.Errorf("an edit to 2001 characters was accepted")
	}
	if _, err := dg.ChannelMessageEdit(ch.ID, m.ID, "edited"); err != nil {
		t.Fatal(err)
	}
	got := s.ChannelMessages(ch.ID)
	if s.Typing(ch.ID) != 1 || len(got) != 1 || got[0].Content != "edited" || got[0].Edits != 1 {
		t.Errorf("typing %d, messages %+v", s.Typing(ch.ID), got)
	}
	if r := s.Reactions(m.ID); len(r) != 1 || r[0] != "👍" {
		t.Errorf("reactions = %q", r)
	}
	if err := dg.ChannelMessageDelete(ch.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(s.ChannelMessages(ch.ID)); n != 0 {
		t.Errorf("%d messages after the delete", n)
	}
	noViolations(t, s)
}

func TestPings(t *testing.T) {
	none := &AllowedMentions{Parse: []string{}}
	users := &AllowedMentions{Parse: []string{"users"}}
	tests := []struct {
		content string
		allowed *AllowedMentions
		want    string
	}{
		{"@everyone hi <@400000000000000001> <@&5>", nil, "@everyone <@400000000000000001> <@&5>"},
		{"@everyone hi <@400000000000000001> <@&5>", none, ""},
		{"@here <@!400000000000000001> <@&5>", users, "<@400000000000000001>"},
		{"plain", nil, ""},
	}
	for _, tt := range tests {
		got := strings.Join(Message{Content: tt.content, AllowedMentions: tt.allowed}.Pings(), " ")
		if got != tt.want {
			t.Errorf("Pings(%q, %+v) = %q; want %q", tt.content, tt.allowed, got, tt.want)
		}
	}
}

func TestGlobalRateLimit(t *testing.T) {
	s := New(t, WithSpecCheck(false))
	dg := client(t, s, Token)
	s.RateLimitGlobalNext("", "/typing", 200*time.Millisecond)
	if err := dg.ChannelTyping(ChannelID); err != nil {
		t.Fatalf("typing after a global 429: %v", err)
	}
	if s.Typing(ChannelID) != 1 {
		t.Errorf("typing = %d; want 1 (retried once)", s.Typing(ChannelID))
	}
	var statuses []int
	for _, r := range s.Requests() {
		statuses = append(statuses, r.Status)
	}
	if len(statuses) != 2 || statuses[0] != 429 || statuses[1] != 204 {
		t.Errorf("statuses = %v; want [429 204]", statuses)
	}
}
