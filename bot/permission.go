package bot

import "github.com/bwmarrin/discordgo"

// restriction limits a slash command to members with a permission
// (/add, /byline stats: Manage Server). The command is also registered
// hidden from other members (default_member_permissions), but a server
// can change who sees it, so every use is checked here; the refusals,
// shown only to the user, are the command's own.
type restriction struct {
	perm    int64  // the permission bits needed (Administrator implies all)
	refusal string // to a member without them
	inDM    string // in a direct message, where there are no server permissions
}

// check returns the refusal for whoever sent i ("" = allowed). Discord
// computes the member's permissions in the channel and sends them with
// the interaction.
func (r *restriction) check(i *discordgo.Interaction) string {
	if r == nil {
		return ""
	}
	if i.GuildID == "" || i.Member == nil {
		return r.inDM
	}
	p := i.Member.Permissions
	if p&r.perm == r.perm || p&discordgo.PermissionAdministrator != 0 {
		return ""
	}
	return r.refusal
}

// visibleTo is the default_member_permissions the command is registered
// with: only members with the permission see it.
func (r *restriction) visibleTo() permBits {
	if r == nil {
		return 0
	}
	return permBits(r.perm)
}
