package bot

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"

	"byline/bot/discordtest"
	"byline/commands"
	"byline/history"
)

// addFunc is a PageAdder from a function.
type addFunc func(ctx context.Context, url string) (*commands.Answer, error)

func (f addFunc) AddPage(ctx context.Context, url string) (*commands.Answer, error) {
	return f(ctx, url)
}

func TestSlashAddNeedsManageServer(t *testing.T) {
	var mu sync.Mutex
	var added []string
	adder := addFunc(func(ctx context.Context, url string) (*commands.Answer, error) {
		mu.Lock()
		defer mu.Unlock()
		added = append(added, url)
		return &commands.Answer{Text: "Added: Harbour reopens <" + url + ">"}, nil
	})
	h := startBot(t, service(t), harnessOpt{cfg: func(c *Config) { c.Adder = adder }})
	const page = "https://news.example/harbour"

	// A member without Manage Server: a refusal only they see; nothing fetched.
	ix := h.srv.SlashCommand(h.ctx(), guildUser, discordtest.ChannelID, discordtest.GuildID, cmdAdd,
		discordtest.CommandOption{Name: optURL, Value: page})
	if got := h.ephemeral(ix); got != msgNotPermitted {
		t.Errorf("refusal %q; want %q", got, msgNotPermitted)
	}

	// With Manage Server (or Administrator) the page is added.
	for i, perms := range []string{"32", "8"} {
		u := discordtest.NewUser(20 + i)
		h.srv.SetMemberPermissions(u, perms)
		ix = h.srv.SlashCommand(h.ctx(), u, discordtest.ChannelID, discordtest.GuildID, cmdAdd,
			discordtest.CommandOption{Name: optURL, Value: page})
		if m := h.final(ix); !strings.Contains(m.Content, "Added: Harbour reopens") {
			t.Errorf("permissions %s: answer %q", perms, m.Content)
		}
	}
	mu.Lock()
	if len(added) != 2 {
		t.Errorf("AddPage called %d times; want 2", len(added))
	}
	mu.Unlock()

	// An empty URL is refused before anything runs.
	ix = h.srv.SlashCommand(h.ctx(), discordtest.NewUser(20), discordtest.ChannelID, discordtest.GuildID, cmdAdd,
		discordtest.CommandOption{Name: optURL, Value: "  "})
	if got := h.ephemeral(ix); got != msgNoURL {
		t.Errorf("empty url: %q", got)
	}
	h.checkRules()
}

func TestNoAddWithoutAdder(t *testing.T) {
	h := startBot(t, service(t), harnessOpt{})
	for _, s := range h.bot.commandSpecs() {
		if s.Name == cmdAdd {
			t.Fatal("/add registered without an Adder")
		}
	}
}

func TestRestriction(t *testing.T) {
	member := func(p int64) *discordgo.Interaction {
		return &discordgo.Interaction{GuildID: "1", Member: &discordgo.Member{Permissions: p}}
	}
	dm := &discordgo.Interaction{User: &discordgo.User{ID: "2"}}
	for _, tc := range []struct {
		r    *restriction
		i    *discordgo.Interaction
		want string
	}{
		{addRestriction, member(discordgo.PermissionManageServer), ""},
		{addRestriction, member(discordgo.PermissionAdministrator), ""},
		{addRestriction, member(discordgo.PermissionSendMessages | discordgo.PermissionManageMessages), msgNotPermitted},
		{addRestriction, member(0), msgNotPermitted},
		{addRestriction, dm, msgNotInGuild},
		{statsRestriction, member(discordgo.PermissionManageServer | discordgo.PermissionSendMessages), ""},
		{statsRestriction, member(discordgo.PermissionSendMessages), msgNoStats},
		{statsRestriction, dm, msgStatsDM},
		{nil, member(0), ""}, // a command for everyone
	} {
		if got := tc.r.check(tc.i); got != tc.want {
			t.Errorf("check(%+v) = %q; want %q", tc.i.Member, got, tc.want)
		}
	}
}

// Restricted commands are registered hidden from members without the
// permission; the others are visible to everyone.
func TestRestrictedCommandsHidden(t *testing.T) {
	adder := addFunc(func(ctx context.Context, url string) (*commands.Answer, error) { return nil, nil })
	for _, c := range slashCommands(service(t), adder, history.New(t.Context(), nil, nil, 30)) {
		want := permBits(0)
		if c.spec.Name == cmdAdd || c.spec.Name == cmdByline {
			want = permBits(discordgo.PermissionManageServer)
		}
		if c.spec.DefaultMemberPermissions != want {
			t.Errorf("/%s default_member_permissions = %d; want %d", c.spec.Name, c.spec.DefaultMemberPermissions, want)
		}
	}
}
