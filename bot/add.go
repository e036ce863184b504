package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"byline/commands"
)

// PageAdder adds article pages to the library by URL (/add). main gives
// one in Config.Adder; without it the bot offers no /add.
type PageAdder interface {
	// AddPage fetches url and adds its article; a *commands.InputError is
	// shown to the user as it is.
	AddPage(ctx context.Context, url string) (*commands.Answer, error)
}

const (
	cmdAdd = "add"
	optURL = "url"

	msgNoURL        = "Give the address of an article page, starting with https://."
	msgNotPermitted = "Only members with the Manage Server permission can add articles."
	msgNotInGuild   = "Articles can be added from a server, by members with the Manage Server permission."
)

// addRestriction: /add is for members with Manage Server (or
// Administrator, which implies every permission).
var addRestriction = &restriction{perm: discordgo.PermissionManageServer, refusal: msgNotPermitted, inDM: msgNotInGuild}

func addCommand(x PageAdder) slashCommand {
	return slashCommand{
		spec: commandSpec{Type: typeChatInput, Name: cmdAdd, Description: "Add a news article page to the library (Manage Server only)",
			Options: []optionSpec{{Type: typeString, Name: optURL, Description: "Address of the article page", Required: true, MaxLength: 2000}}},
		restrict: addRestriction,
		job: func(o options) job {
			u := o.String(optURL)
			if u == "" {
				return job{name: cmdAdd, refusal: msgNoURL}
			}
			return job{name: cmdAdd, cheap: true, run: func(ctx context.Context, _ commands.Options) (*commands.Answer, error) {
				return x.AddPage(ctx, u)
			}, render: func(a *commands.Answer, _ string) []message { return []message{{Content: a.Text}} }}
		},
	}
}

// Announce posts text in a channel (DISCORD_NEWS_CHANNEL's notes about new
// articles); like everything the bot sends, it pings no one.
func (b *Bot) Announce(ctx context.Context, channelID, text string) error {
	_, err := b.api.sendChannel(ctx, channelID, message{Content: text}, nil)
	return err
}
