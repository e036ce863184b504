package discordtest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// onInteraction opens a session that registers askCommand in the guild and
// answers interactions with h.
func onInteraction(t *testing.T, s *Server, h func(*discordgo.Session, *discordgo.InteractionCreate)) *discordgo.Session {
	t.Helper()
	dg := open(t, s, func(dg *discordgo.Session) { dg.AddHandler(h) })
	if _, err := dg.ApplicationCommandBulkOverwrite(ApplicationID, GuildID, askCommand); err != nil {
		t.Fatalf("register: %v", err)
	}
	return dg
}

func TestAutocomplete(t *testing.T) {
	s := New(t)
	var mu sync.Mutex
	var focused string
	onInteraction(t, s, func(dg *discordgo.Session, ic *discordgo.InteractionCreate) {
		if ic.Type != discordgo.InteractionApplicationCommandAutocomplete {
			return
		}
		opt := ic.ApplicationCommandData().Options[0]
		mu.Lock()
		focused = opt.StringValue()
		mu.Unlock()
		n := 3
		if opt.StringValue() == "many" {
			n = 26
		}
		var choices []*discordgo.ApplicationCommandOptionChoice
		for i := range n {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: "Article " + string(rune('A'+i)), Value: "a" + string(rune('a'+i))})
		}
		dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: choices},
		})
	})
	ctx := timeout(t)
	ix := s.Autocomplete(ctx, NewUser(1), ChannelID, GuildID, "summarize", CommandOption{Name: "article", Value: "cli", Focused: true})
	r, err := ix.WaitAck(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Type != ResponseAutocomplete || len(r.Choices) != 3 || r.Choices[0].Name != "Article A" {
		t.Errorf("response = %+v; want 3 choices", r)
	}
	mu.Lock()
	if focused != "cli" {
		t.Errorf("the bot saw %q; want the typed text", focused)
	}
	mu.Unlock()

	ix = s.Autocomplete(ctx, NewUser(1), ChannelID, GuildID, "summarize", CommandOption{Name: "article", Value: "many", Focused: true})
	if _, err := ix.WaitAck(ctx); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("26 choices: %v; want refused", err)
	}
	// The OpenAPI document says so too (when it is present).
	for _, v := range s.SpecViolations() {
		if !strings.Contains(v, "data.choices") {
			t.Errorf("violation: %s", v)
		}
	}
}

func TestButtons(t *testing.T) {
	s := New(t)
	row := []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Sources", Style: discordgo.SecondaryButton, CustomID: "sources"},
		discordgo.Button{Label: "👍", Style: discordgo.SuccessButton, CustomID: "up"},
	}}}
	onInteraction(t, s, func(dg *discordgo.Session, ic *discordgo.InteractionCreate) {
		switch ic.Type {
		case discordgo.InteractionApplicationCommand:
			dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: "answer", Components: row, AllowedMentions: &discordgo.MessageAllowedMentions{}},
			})
		case discordgo.InteractionMessageComponent:
			switch ic.MessageComponentData().CustomID {
			case "sources":
				dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{Content: "the passages", Flags: discordgo.MessageFlagsEphemeral},
				})
			case "up":
				if ic.Message == nil || !strings.HasPrefix(ic.Message.Content, "answer") {
					t.Errorf("button interaction message = %+v; want the answer", ic.Message)
				}
				dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
				content := "answer (thanks!)"
				empty := []discordgo.MessageComponent{}
				dg.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{Content: &content, Components: &empty})
			}
		}
	})
	ctx := timeout(t)
	ask := s.SlashCommand(ctx, NewUser(1), ChannelID, GuildID, "ask", CommandOption{Name: "question", Value: "q"})
	answer, err := ask.WaitFinal(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b := answer.Buttons(); len(b) != 2 || b[0].CustomID != "sources" || b[0].Label != "Sources" {
		t.Fatalf("buttons = %+v", b)
	}

	src := s.Button(ctx, NewUser(1), ChannelID, GuildID, answer.ID, "sources")
	m, err := src.WaitFinal(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Ephemeral() || m.Content != "the passages" {
		t.Errorf("sources = %+v; want an ephemeral message", m)
	}

	up := s.Button(ctx, NewUser(1), ChannelID, GuildID, answer.ID, "up")
	m, err = up.WaitFinal(ctx, func(m Message) bool { return m.Edits > 0 })
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != answer.ID || m.Content != "answer (thanks!)" || len(m.Components) != 0 {
		t.Errorf("after 👍 = %+v; want the answer edited, buttons gone", m)
	}
	// The buttons are gone: a click on one is a protocol violation.
	s.Button(ctx, NewUser(1), ChannelID, GuildID, answer.ID, "up")
	v := s.SpecViolations()
	if len(v) != 1 || !strings.Contains(v[0], `button "up"`) {
		t.Errorf("violations = %q; want the click on a removed button", v)
	}
}

func TestInteractionRules(t *testing.T) {
	clock := NewClock() // deadlines are passed by moving it on, not by sleeping
	tests := []struct {
		name    string
		opts    []Option
		respond func(*discordgo.Session, *discordgo.Interaction) error
		// wantStatus is the status of the last REST call of respond.
		wantStatus, wantCode int
		wantAckErr           bool
	}{
		{
			name: "ack after the deadline",
			opts: []Option{WithAckDeadline(50 * time.Millisecond), WithClock(clock)},
			respond: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				clock.Advance(200 * time.Millisecond)
				return dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
			},
			wantStatus: 404, wantCode: 10062, wantAckErr: true,
		},
		{
			name: "second ack",
			respond: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				r := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
				if err := dg.InteractionRespond(i, r); err != nil {
					return err
				}
				return dg.InteractionRespond(i, r)
			},
			wantStatus: 400, wantCode: 40060,
		},
		{
			name: "follow-up after the token expired",
			opts: []Option{WithTokenLifetime(100 * time.Millisecond), WithClock(clock)},
			respond: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				if err := dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
					return err
				}
				clock.Advance(300 * time.Millisecond)
				_, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "late"})
				return err
			},
			wantStatus: 401, wantCode: 50027,
		},
		{
			name: "2001 characters in the callback",
			respond: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				return dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{Content: strings.Repeat("x", 2001)}})
			},
			wantStatus: 400, wantCode: 50035, wantAckErr: true,
		},
		{
			name: "autocomplete answer to a command",
			respond: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				return dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
					Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}}})
			},
			wantStatus: 400, wantCode: 50035, wantAckErr: true,
		},
		{
			name: "edit before any ack",
			respond: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				content := "too early"
				_, err := dg.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content})
				dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
				return err
			},
			wantStatus: 404, wantCode: 10015,
		},
		{
			name: "follow-up, edited, ephemeral",
			respond: func(dg *discordgo.Session, i *discordgo.Interaction) error {
				if err := dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
					return err
				}
				m, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "part 2", Flags: discordgo.MessageFlagsEphemeral})
				if err != nil {
					return err
				}
				content := "part 2, edited"
				_, err = dg.FollowupMessageEdit(i, m.ID, &discordgo.WebhookEdit{Content: &content})
				return err
			},
			wantStatus: 200,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(t, append(tt.opts, WithSpecCheck(false))...)
			errc := make(chan error, 1)
			onInteraction(t, s, func(dg *discordgo.Session, ic *discordgo.InteractionCreate) {
				errc <- tt.respond(dg, ic.Interaction)
			})
			ctx := timeout(t)
			ix := s.SlashCommand(ctx, NewUser(1), ChannelID, GuildID, "ask", CommandOption{Name: "question", Value: "q"})
			var err error
			select {
			case err = <-errc:
			case <-ctx.Done():
				t.Fatal("the handler never ran")
			}
			status, code := restCode(err)
			if err == nil {
				status = 200
			}
			if status != tt.wantStatus || code != tt.wantCode {
				t.Errorf("got %d (code %d) %v; want %d (code %d)", status, code, err, tt.wantStatus, tt.wantCode)
			}
			if _, ackErr := ix.WaitAck(ctx); (ackErr != nil) != tt.wantAckErr {
				t.Errorf("WaitAck error = %v; want error %v", ackErr, tt.wantAckErr)
			}
			if tt.name == "follow-up, edited, ephemeral" {
				f := ix.Followups()
				if len(f) != 1 || f[0].Content != "part 2, edited" || !f[0].Ephemeral() {
					t.Errorf("follow-ups = %+v", f)
				}
			}
		})
	}
}

func TestDMCommandAndUnregistered(t *testing.T) {
	s := New(t)
	got := make(chan *discordgo.InteractionCreate, 2)
	dg := open(t, s, func(dg *discordgo.Session) {
		dg.AddHandler(func(dg *discordgo.Session, ic *discordgo.InteractionCreate) {
			got <- ic
			dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: "hi"}})
		})
	})
	if _, err := dg.ApplicationCommandBulkOverwrite(ApplicationID, "", askCommand); err != nil {
		t.Fatal(err)
	}
	ctx := timeout(t)
	u := NewUser(7)
	ix := s.SlashCommand(ctx, u, "", "", "ask", CommandOption{Name: "question", Value: "in a DM"})
	ic := <-got
	if ic.GuildID != "" || ic.Member != nil || ic.User == nil || ic.User.ID != u.ID || ic.ChannelID != s.DMChannel(u) {
		t.Errorf("DM interaction: guild %q member %v user %v channel %s; want the user in DM %s", ic.GuildID, ic.Member, ic.User, ic.ChannelID, s.DMChannel(u))
	}
	if _, err := ix.WaitFinal(ctx, nil); err != nil {
		t.Fatal(err)
	}

	s.SlashCommand(ctx, u, ChannelID, GuildID, "nosuch")
	<-got
	v := s.SpecViolations()
	if len(v) != 1 || !strings.Contains(v[0], "/nosuch: command not registered") {
		t.Errorf("violations = %q; want the unregistered command", v)
	}
}

func TestCommandRegistrationRules(t *testing.T) {
	s := New(t, WithSpecCheck(false))
	dg := client(t, s, Token)
	opt := func(name string, required bool) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Description: "d", Required: required}
	}
	tests := []struct {
		name string
		cmd  *discordgo.ApplicationCommand
		ok   bool
	}{
		{"valid", &discordgo.ApplicationCommand{Name: "ask", Description: "Ask"}, true},
		{"upper case", &discordgo.ApplicationCommand{Name: "Ask", Description: "Ask"}, false},
		{"no description", &discordgo.ApplicationCommand{Name: "ask"}, false},
		{"name too long", &discordgo.ApplicationCommand{Name: strings.Repeat("a", 33), Description: "d"}, false},
		{"required after optional", &discordgo.ApplicationCommand{Name: "ask", Description: "d",
			Options: []*discordgo.ApplicationCommandOption{opt("a", false), opt("b", true)}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dg.ApplicationCommandBulkOverwrite(ApplicationID, GuildID, []*discordgo.ApplicationCommand{tt.cmd})
			if status, code := restCode(err); (err == nil) != tt.ok || !tt.ok && (status != 400 || code != 50035) {
				t.Errorf("got %v; want ok %v (or 400, code 50035)", err, tt.ok)
			}
		})
	}
	list, err := dg.ApplicationCommands(ApplicationID, GuildID)
	if err != nil || len(list) != 1 || list[0].Name != "ask" {
		t.Errorf("GET commands = %v, %v; want the one valid command", list, err)
	}
	// Overwriting keeps a command's id, as Discord does.
	again, err := dg.ApplicationCommandBulkOverwrite(ApplicationID, GuildID, []*discordgo.ApplicationCommand{tests[0].cmd})
	if err != nil || again[0].ID != list[0].ID {
		t.Errorf("second overwrite = %v, %v; want the same id %s", again, err, list[0].ID)
	}
}

func TestConcurrentInteractions(t *testing.T) {
	for _, compress := range []bool{true, false} {
		t.Run(map[bool]string{true: "zlib", false: "text"}[compress], func(t *testing.T) {
			s := New(t, WithSpecCheck(false))
			dg := open(t, s, func(dg *discordgo.Session) {
				dg.Compress = compress
				dg.AddHandler(func(dg *discordgo.Session, ic *discordgo.InteractionCreate) {
					if err := dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
						t.Errorf("defer: %v", err)
						return
					}
					content := "answer to " + ic.ApplicationCommandData().Options[0].StringValue()
					if _, err := dg.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{Content: &content}); err != nil {
						t.Errorf("edit: %v", err)
					}
				})
			})
			if got := s.Identifies()[0].Compress; got != compress {
				t.Fatalf("IDENTIFY compress = %v; want %v", got, compress)
			}
			if _, err := dg.ApplicationCommandBulkOverwrite(ApplicationID, GuildID, askCommand); err != nil {
				t.Fatal(err)
			}
			ctx := timeout(t)
			var wg sync.WaitGroup
			for i := range 50 {
				wg.Go(func() {
					q := "question " + string(rune('A'+i%26)) + string(rune('a'+i/26))
					ix := s.SlashCommand(ctx, NewUser(i%10), ChannelID, GuildID, "ask", CommandOption{Name: "question", Value: q})
					m, err := ix.WaitFinal(ctx, nil)
					if err != nil {
						t.Error(err)
						return
					}
					if m.Content != "answer to "+q {
						t.Errorf("got %q; want the answer to %q", m.Content, q)
					}
				})
			}
			wg.Wait()
		})
	}
}
