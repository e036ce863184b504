package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// The bot builds its own request bodies instead of discordgo's structs:
// several of those send null for empty lists (components, sticker_ids),
// and every body here must carry allowed_mentions with an empty parse list.

// payload is the body of a message create or edit, an interaction
// response's data or a follow-up.
type payload struct {
	Content         string                            `json:"content"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds"`
	Components      []discordgo.MessageComponent      `json:"components"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Flags           discordgo.MessageFlags            `json:"flags,omitempty"`
	Reference       *reference                        `json:"message_reference,omitempty"`
}

// reference makes a message a reply. Replies would ping the author of the
// replied-to message; allowed_mentions (replied_user false) prevents it.
type reference struct {
	MessageID       string `json:"message_id"`
	ChannelID       string `json:"channel_id,omitempty"`
	GuildID         string `json:"guild_id,omitempty"`
	FailIfNotExists bool   `json:"fail_if_not_exists"`
}

func newPayload(m message, ephemeral bool) *payload {
	p := &payload{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      m.Components,
		AllowedMentions: noMentions(),
	}
	if p.Embeds == nil {
		p.Embeds = []*discordgo.MessageEmbed{}
	}
	if p.Components == nil {
		p.Components = []discordgo.MessageComponent{}
	}
	if ephemeral {
		p.Flags = discordgo.MessageFlagsEphemeral
	}
	return p
}

// callback is an interaction response.
type callback struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data any                               `json:"data,omitempty"`
}

// choices is the data of an autocomplete response; the list is sent even
// when empty.
type choices struct {
	Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
}

// api sends the bot's REST requests through its discordgo session. Replies
// hold it rather than the whole Bot: sending is all they do.
type api struct{ s *discordgo.Session }

// request sends one REST request through discordgo (which handles rate
// limits and retries 429s) and decodes the answer into out when not nil.
// Each URL is its own rate-limit bucket: discordgo would otherwise put all
// webhook edits of all interactions in one bucket and serialise them.
func (c *api) request(ctx context.Context, method, url string, body, out any) error {
	bucket := url
	if i := strings.IndexByte(url, '?'); i >= 0 {
		bucket = url[:i]
	}
	resp, err := c.s.RequestWithBucketID(method, url, body, bucket, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, redactURL(url), err)
	}
	if out != nil && len(resp) > 0 {
		if err := json.Unmarshal(resp, out); err != nil {
			return fmt.Errorf("%s %s: decode answer: %w", method, redactURL(url), err)
		}
	}
	return nil
}

// respond answers an interaction (the one callback it allows).
func (c *api) respond(ctx context.Context, i *discordgo.Interaction, typ discordgo.InteractionResponseType, data any) error {
	return c.request(ctx, http.MethodPost, discordgo.EndpointInteractionResponse(i.ID, i.Token), callback{Type: typ, Data: data}, nil)
}

// respondEphemeral answers an interaction with a message only its user sees.
func (c *api) respondEphemeral(ctx context.Context, i *discordgo.Interaction, text string) error {
	return c.respond(ctx, i, discordgo.InteractionResponseChannelMessageWithSource, newPayload(message{Content: truncate(text, maxContent)}, true))
}

// editOriginal replaces the interaction's original response and returns
// the message id.
func (c *api) editOriginal(ctx context.Context, i *discordgo.Interaction, m message) (string, error) {
	var out discordgo.Message
	err := c.request(ctx, http.MethodPatch, discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original"), newPayload(m, false), &out)
	return out.ID, err
}

// deleteOriginal deletes the interaction's original response.
func (c *api) deleteOriginal(ctx context.Context, i *discordgo.Interaction) error {
	return c.request(ctx, http.MethodDelete, discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original"), nil, nil)
}

// followup sends a further message for an interaction and returns its id.
func (c *api) followup(ctx context.Context, i *discordgo.Interaction, m message, ephemeral bool) (string, error) {
	var out discordgo.Message
	err := c.request(ctx, http.MethodPost, discordgo.EndpointWebhookToken(i.AppID, i.Token)+"?wait=true", newPayload(m, ephemeral), &out)
	return out.ID, err
}

// sendChannel posts a message in a channel, as a reply when ref is set.
func (c *api) sendChannel(ctx context.Context, channelID string, m message, ref *reference) (string, error) {
	p := newPayload(m, false)
	p.Reference = ref
	var out discordgo.Message
	err := c.request(ctx, http.MethodPost, discordgo.EndpointChannelMessages(channelID), p, &out)
	return out.ID, err
}

// editChannel replaces a message the bot posted in a channel.
func (c *api) editChannel(ctx context.Context, channelID, messageID string, m message) error {
	return c.request(ctx, http.MethodPatch, discordgo.EndpointChannelMessage(channelID, messageID), newPayload(m, false), nil)
}

// threadStart is the body of starting a thread from a message.
type threadStart struct {
	Name                string `json:"name"`
	AutoArchiveDuration int    `json:"auto_archive_duration"`
}

// startThread starts a public thread from a message and returns its id.
func (c *api) startThread(ctx context.Context, channelID, messageID, name string) (string, error) {
	var out discordgo.Channel
	err := c.request(ctx, http.MethodPost, discordgo.EndpointChannelMessageThread(channelID, messageID),
		threadStart{Name: name, AutoArchiveDuration: 1440}, &out)
	return out.ID, err
}

// tokenExpired reports whether err says the interaction token can no
// longer be used (15 minutes passed, or the interaction is unknown).
func tokenExpired(err error) bool {
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		return false
	}
	if re.Message != nil {
		switch re.Message.Code {
		case discordgo.ErrCodeInvalidWebhookTokenProvided, discordgo.ErrCodeUnknownWebhook, discordgo.ErrCodeUnknownInteraction:
			return true
		}
	}
	return re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized
}
