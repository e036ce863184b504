package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// routes registers every REST route the fake serves. Paths are Discord's,
// with the OpenAPI document's parameter names.
func (s *Server) routes() {
	for _, rt := range []route{
		{"GET", "/gateway", false, s.getGateway},
		{"GET", "/gateway/bot", true, s.getGatewayBot},
		{"GET", "/users/@me", true, s.getMe},
		{"GET", "/users/{user_id}", true, s.getUser},
		{"POST", "/users/@me/channels", true, s.createDM},
		{"GET", "/applications/@me", true, s.getApplication},
		{"GET", "/oauth2/applications/@me", true, s.getApplication},

		{"GET", "/applications/{application_id}/commands", true, s.listCommands},
		{"PUT", "/applications/{application_id}/commands", true, s.overwriteCommands},
		{"GET", "/applications/{application_id}/guilds/{guild_id}/commands", true, s.listCommands},
		{"PUT", "/applications/{application_id}/guilds/{guild_id}/commands", true, s.overwriteCommands},

		{"POST", "/interactions/{interaction_id}/{interaction_token}/callback", false, s.callback},
		{"GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", false, s.webhookGet},
		{"PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", false, s.webhookEdit},
		{"DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", false, s.webhookDelete},
		{"GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", false, s.webhookGet},
		{"PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", false, s.webhookEdit},
		{"DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", false, s.webhookDelete},
		{"POST", "/webhooks/{webhook_id}/{webhook_token}", false, s.webhookExecute},

		{"GET", "/channels/{channel_id}", true, s.getChannel},
		{"POST", "/channels/{channel_id}/messages", true, s.createMessage},
		{"GET", "/channels/{channel_id}/messages/{message_id}", true, s.getMessage},
		{"PATCH", "/channels/{channel_id}/messages/{message_id}", true, s.editMessage},
		{"DELETE", "/channels/{channel_id}/messages/{message_id}", true, s.deleteMessage},
		{"POST", "/channels/{channel_id}/messages/{message_id}/threads", true, s.startThreadFromMessage},
		{"POST", "/channels/{channel_id}/threads", true, s.startThread},
		{"POST", "/channels/{channel_id}/typing", true, s.typingIndicator},
		{"PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me", true, s.addReaction},
		{"DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me", true, s.removeReaction},
	} {
		s.handle(rt)
	}
}

func (s *Server) getGateway(c *call) {
	c.json(200, map[string]any{"url": s.GatewayURL()})
}

func (s *Server) getGatewayBot(c *call) {
	c.json(200, map[string]any{"url": s.GatewayURL(), "shards": 1, "session_start_limit": map[string]any{
		"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1,
	}})
}

func (s *Server) getMe(c *call) { c.json(200, s.botUserObject()) }

func (s *Server) getUser(c *call) {
	id := c.r.PathValue("user_id")
	if id == BotUserID {
		c.json(200, wireUser(BotUser()))
		return
	}
	if !strings.HasPrefix(id, "4") || len(id) != 18 {
		c.fail(404, 10013, "Unknown User", nil)
		return
	}
	var n int
	fmt.Sscanf(id[1:], "%d", &n)
	c.json(200, wireUser(NewUser(n)))
}

func (s *Server) createDM(c *call) {
	var body struct {
		RecipientID string `json:"recipient_id"`
	}
	if !c.decode(&body) {
		return
	}
	if body.RecipientID == "" {
		errs := formErrors{}
		errs.add([]string{"recipient_id"}, "BASE_TYPE_REQUIRED", "This field is required")
		c.fail(400, 50035, "Invalid Form Body", errs)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := User{ID: body.RecipientID, Username: "user"}
	if len(u.ID) == 18 && u.ID[0] == '4' {
		var n int
		fmt.Sscanf(u.ID[1:], "%d", &n)
		u = NewUser(n)
	}
	id := s.dmChannelLocked(u)
	c.json(200, wireChannel(s.channels[id]))
}

func (s *Server) getApplication(c *call) {
	c.json(200, map[string]any{
		"id": ApplicationID, "name": BotUsername, "icon": nil, "description": "Byline test application",
		"bot_public": false, "bot_require_code_grant": false, "verify_key": "00", "flags": 0,
		"bot": wireUser(BotUser()), "owner": wireUser(NewUser(0)), "team": nil,
		"summary": "", "type": nil, "rpc_origins": []string{}, "tags": []string{},
	})
}

// Commands.

type registeredCommand struct {
	ID          string             `json:"id"`
	Name        string             `json:"name"`
	Type        int                `json:"type"`
	GuildID     string             `json:"guild_id"`
	Description string             `json:"description"`
	Options     []registeredOption `json:"options"`
}

type registeredOption struct {
	Type         int                `json:"type"`
	Name         string             `json:"name"`
	Description  string             `json:"description"`
	Required     bool               `json:"required"`
	Autocomplete bool               `json:"autocomplete"`
	Choices      []json.RawMessage  `json:"choices"`
	Options      []registeredOption `json:"options"`
}

// findCommandLocked finds /name as the guild (then globally) registered it.
func (s *Server) findCommandLocked(guildID, name string) (registeredCommand, bool) {
	scopes := []string{""}
	if guildID != "" {
		scopes = []string{guildID, ""}
	}
	for _, scope := range scopes {
		for _, raw := range s.commands[scope] {
			var cmd registeredCommand
			if json.Unmarshal(raw, &cmd) == nil && cmd.Name == name && (cmd.Type == 0 || cmd.Type == 1) {
				return cmd, true
			}
		}
	}
	return registeredCommand{ID: s.snowflake(), Name: name}, false
}

func (s *Server) scope(c *call) (string, bool) {
	if c.r.PathValue("application_id") != ApplicationID {
		c.fail(403, 50001, "Missing Access", nil)
		return "", false
	}
	g := c.r.PathValue("guild_id")
	if g != "" && g != GuildID {
		c.fail(403, 50001, "Missing Access", nil)
		return "", false
	}
	return g, true
}

func (s *Server) listCommands(c *call) {
	scope, ok := s.scope(c)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.commands[scope]
	if list == nil {
		list = []json.RawMessage{}
	}
	c.json(200, list)
}

var commandName = regexp.MustCompile(`^[-_\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// overwriteCommands serves the bulk overwrite (PUT) of global or guild
// commands, enforcing Discord's naming and size rules.
func (s *Server) overwriteCommands(c *call) {
	scope, ok := s.scope(c)
	if !ok {
		return
	}
	var objs []map[string]any
	if !c.decode(&objs) {
		return
	}
	var cmds []registeredCommand
	if err := json.Unmarshal(c.body, &cmds); err != nil {
		c.fail(400, 50109, "The request body contains invalid JSON.", nil)
		return
	}
	errs := formErrors{}
	if len(cmds) > 100 {
		errs.add(nil, "BASE_TYPE_MAX_LENGTH", maxLen(100))
	}
	seen := map[string]bool{}
	for i, cmd := range cmds {
		idx := fmt.Sprint(i)
		typ := cmd.Type
		if typ == 0 {
			typ = 1
		}
		if !commandName.MatchString(cmd.Name) || typ == 1 && cmd.Name != strings.ToLower(cmd.Name) {
			errs.add([]string{idx, "name"}, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
		}
		key := fmt.Sprintf("%d/%s", typ, cmd.Name)
		if seen[key] {
			errs.add([]string{idx, "name"}, "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
		}
		seen[key] = true
		if n := utf8.RuneCountInString(cmd.Description); typ == 1 && (n < 1 || n > 100) {
			errs.add([]string{idx, "description"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		checkOptions(cmd.Options, errs, []string{idx, "options"})
	}
	if len(errs) > 0 {
		c.fail(400, 50035, "Invalid Form Body", errs)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]json.RawMessage, 0, len(objs))
	for i, obj := range objs {
		typ := cmds[i].Type
		if typ == 0 {
			typ = 1
		}
		key := scope + "/" + cmds[i].Name
		id, ok := s.commandIDs[key]
		if !ok {
			id = s.snowflake()
			s.commandIDs[key] = id
		}
		obj["id"] = id
		obj["application_id"] = ApplicationID
		obj["version"] = s.snowflake()
		obj["type"] = typ
		if scope != "" {
			obj["guild_id"] = scope
		}
		for k, v := range map[string]any{"default_member_permissions": nil, "nsfw": false, "options": []any{},
			"integration_types": []int{0}, "contexts": nil, "dm_permission": true} {
			if _, set := obj[k]; !set || obj[k] == nil && k == "options" {
				obj[k] = v
			}
		}
		b, _ := json.Marshal(obj)
		out = append(out, b)
	}
	s.commands[scope] = out
	s.overwrites++
	s.notifyLocked()
	c.json(200, out)
}

func checkOptions(opts []registeredOption, errs formErrors, path []string) {
	if len(opts) > 25 {
		errs.add(path, "BASE_TYPE_MAX_LENGTH", maxLen(25))
	}
	optional := false
	for j, o := range opts {
		p := append(append([]string(nil), path...), fmt.Sprint(j))
		if !commandName.MatchString(o.Name) || o.Name != strings.ToLower(o.Name) {
			errs.add(append(p, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
		}
		if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 {
			errs.add(append(p, "description"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
		}
		if o.Type < 1 || o.Type > 11 {
			errs.add(append(p, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.")
		}
		if len(o.Choices) > 25 {
			errs.add(append(p, "choices"), "BASE_TYPE_MAX_LENGTH", maxLen(25))
		}
		if o.Autocomplete && len(o.Choices) > 0 {
			errs.add(append(p, "autocomplete"), "AUTOCOMPLETE_CHOICES_INCOMPATIBLE", "Autocomplete and choices cannot both be set")
		}
		if o.Type == optSubCommand || o.Type == 2 {
			checkOptions(o.Options, errs, append(p, "options"))
			continue
		}
		if o.Required && optional {
			errs.add(append(p, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
		}
		optional = optional || !o.Required
	}
}

// Commands returns the registered application commands, global ones first,
// then GuildID's.
func (s *Server) Commands() []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append(append([]json.RawMessage(nil), s.commands[""]...), s.commands[GuildID]...)
}

// GuildCommands returns the commands registered for guildID ("" for the
// global ones).
func (s *Server) GuildCommands(guildID string) []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]json.RawMessage(nil), s.commands[guildID]...)
}

// CommandOverwrites returns how many bulk overwrites (PUT) succeeded.
func (s *Server) CommandOverwrites() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.overwrites
}

// WaitCommands waits until at least one bulk overwrite succeeded.
func (s *Server) WaitCommands(ctx context.Context) error {
	if err := s.waitFor(ctx, func() bool { return s.overwrites > 0 }); err != nil {
		return fmt.Errorf("wait for command registration: %w", err)
	}
	return nil
}

// Channels and messages.

func (s *Server) channelLocked(c *call) *channel {
	ch, ok := s.channels[c.r.PathValue("channel_id")]
	if !ok {
		c.fail(404, 10003, "Unknown Channel", nil)
		return nil
	}
	return ch
}

func (s *Server) getChannel(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.channelLocked(c); ch != nil {
		c.json(200, wireChannel(ch))
	}
}

func (s *Server) createMessage(c *call) {
	now := time.Now()
	s.mu.Lock()
	ch := s.channelLocked(c)
	if ch == nil {
		s.mu.Unlock()
		return
	}
	var mb messageBody
	if !c.decode(&mb) {
		s.mu.Unlock()
		return
	}
	errs := checkMessage(&mb, true)
	refID := ""
	if mb.MessageReference != nil {
		refID = mb.MessageReference.MessageID
		if ref, ok := s.messages[refID]; !ok || ref.channelID != ch.ID {
			errs.add([]string{"message_reference"}, "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")
		}
	}
	if len(errs) > 0 {
		s.mu.Unlock()
		c.failForm(errs)
		return
	}
	m := &message{
		id: s.snowflake(), channelID: ch.ID, guildID: ch.GuildID, author: BotUser(), createdAt: now,
		refID: refID, viaChannel: true,
	}
	if mb.Flags != nil {
		m.flags = *mb.Flags & (1 << 2) // only SUPPRESS_EMBEDS may be set here
	}
	if refID != "" {
		m.typ = 19
	}
	mb.apply(m)
	s.addMessageLocked(m)
	w := s.wireLocked(m, true)
	s.mu.Unlock()
	c.json(200, w)
	s.dispatchMessageCreate(m) // as on Discord: a bot must ignore its own messages
}

// messageLocked resolves {channel_id}/{message_id}.
func (s *Server) messageLocked(c *call) *message {
	if s.channelLocked(c) == nil {
		return nil
	}
	m, ok := s.messages[c.r.PathValue("message_id")]
	if !ok || m.deleted || m.channelID != c.r.PathValue("channel_id") {
		c.fail(404, 10008, "Unknown Message", nil)
		return nil
	}
	return m
}

func (s *Server) getMessage(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.messageLocked(c); m != nil {
		c.json(200, s.wireLocked(m, true))
	}
}

func (s *Server) editMessage(c *call) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.messageLocked(c)
	if m == nil {
		return
	}
	if m.author.ID != BotUserID {
		c.fail(403, 50005, "Cannot edit a message authored by another user", nil)
		return
	}
	var mb messageBody
	if !c.decode(&mb) {
		return
	}
	if errs := checkMessage(&mb, false); len(errs) > 0 {
		c.failForm(errs)
		return
	}
	mb.apply(m)
	m.edits++
	m.editedAt = &now
	s.notifyLocked()
	c.json(200, s.wireLocked(m, true))
}

func (s *Server) deleteMessage(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.messageLocked(c); m != nil {
		m.deleted = true
		s.notifyLocked()
		c.noContent()
	}
}

type threadBody struct {
	Name                string `json:"name"`
	Type                int    `json:"type"`
	AutoArchiveDuration int    `json:"auto_archive_duration"`
}

func checkThread(b threadBody) formErrors {
	errs := formErrors{}
	if n := utf8.RuneCountInString(b.Name); n < 1 || n > 100 {
		errs.add([]string{"name"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
	}
	switch b.AutoArchiveDuration {
	case 0, 60, 1440, 4320, 10080:
	default:
		errs.add([]string{"auto_archive_duration"}, "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.")
	}
	return errs
}

func (s *Server) startThreadFromMessage(c *call) {
	var body threadBody
	if !c.decode(&body) {
		return
	}
	s.mu.Lock()
	m := s.messageLocked(c)
	if m == nil {
		s.mu.Unlock()
		return
	}
	parent := s.channels[m.channelID]
	switch {
	case parent.Type != channelGuildText:
		s.mu.Unlock()
		c.fail(400, 50024, "Cannot execute action on this channel type", nil)
		return
	case s.channels[m.id] != nil:
		s.mu.Unlock()
		c.fail(400, 160004, "A thread has already been created for this message", nil)
		return
	}
	if errs := checkThread(body); len(errs) > 0 {
		s.mu.Unlock()
		c.fail(400, 50035, "Invalid Form Body", errs)
		return
	}
	// A thread started from a message has the message's id.
	th := &channel{ID: m.id, GuildID: parent.GuildID, ParentID: parent.ID, Name: body.Name,
		Type: channelPublicThread, MessageID: m.id, OwnerID: BotUserID}
	s.channels[th.ID] = th
	s.threads = append(s.threads, th.ID)
	s.notifyLocked()
	w := wireChannel(th)
	s.mu.Unlock()
	c.json(201, w)
	s.dispatchThreadCreate(w)
}

func (s *Server) startThread(c *call) {
	var body threadBody
	if !c.decode(&body) {
		return
	}
	s.mu.Lock()
	parent := s.channelLocked(c)
	if parent == nil {
		s.mu.Unlock()
		return
	}
	if parent.Type != channelGuildText {
		s.mu.Unlock()
		c.fail(400, 50024, "Cannot execute action on this channel type", nil)
		return
	}
	errs := checkThread(body)
	typ := body.Type
	if typ == 0 {
		typ = channelPrivateThread // Discord's v9 default
	}
	if typ != channelPublicThread && typ != channelPrivateThread {
		errs.add([]string{"type"}, "BASE_TYPE_CHOICES", "Value must be one of {10, 11, 12}.")
	}
	if len(errs) > 0 {
		s.mu.Unlock()
		c.fail(400, 50035, "Invalid Form Body", errs)
		return
	}
	th := &channel{ID: s.snowflake(), GuildID: parent.GuildID, ParentID: parent.ID, Name: body.Name,
		Type: typ, OwnerID: BotUserID}
	s.channels[th.ID] = th
	s.threads = append(s.threads, th.ID)
	s.notifyLocked()
	w := wireChannel(th)
	s.mu.Unlock()
	c.json(201, w)
	s.dispatchThreadCreate(w)
}

func (s *Server) dispatchThreadCreate(w map[string]any) {
	if intents, ok := s.currentIntents(); ok && intents&IntentGuilds != 0 {
		d := map[string]any{"newly_created": true}
		for k, v := range w {
			d[k] = v
		}
		s.dispatch("THREAD_CREATE", d, nil)
	}
}

func (s *Server) typingIndicator(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.channelLocked(c); ch != nil {
		s.typing[ch.ID]++
		s.notifyLocked()
		c.noContent()
	}
}

func (s *Server) addReaction(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.messageLocked(c); m != nil {
		emoji, err := url.PathUnescape(c.r.PathValue("emoji_name"))
		if err != nil || emoji == "" {
			c.fail(400, 10014, "Unknown Emoji", nil)
			return
		}
		s.reactions[m.id] = append(s.reactions[m.id], emoji)
		s.notifyLocked()
		c.noContent()
	}
}

func (s *Server) removeReaction(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.messageLocked(c); m != nil {
		emoji, _ := url.PathUnescape(c.r.PathValue("emoji_name"))
		list := s.reactions[m.id]
		for i, e := range list {
			if e == emoji {
				s.reactions[m.id] = append(list[:i], list[i+1:]...)
				break
			}
		}
		s.notifyLocked()
		c.noContent()
	}
}
