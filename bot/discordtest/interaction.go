package discordtest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"
)

// Interaction types (Discord's values).
const (
	InteractionCommand      = 2
	InteractionComponent    = 3
	InteractionAutocomplete = 4
)

// Interaction response (callback) types (Discord's values).
const (
	ResponseMessage        = 4 // CHANNEL_MESSAGE_WITH_SOURCE
	ResponseDeferred       = 5 // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
	ResponseDeferredUpdate = 6 // DEFERRED_UPDATE_MESSAGE (components)
	ResponseUpdate         = 7 // UPDATE_MESSAGE (components)
	ResponseAutocomplete   = 8 // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
	ResponseModal          = 9 // MODAL
)

// CommandOption is one option of a slash command as the user filled it in.
// Value is a string, an int, a float64 or a bool; a []CommandOption value
// makes a subcommand. Focused marks the option being typed (autocomplete).
type CommandOption struct {
	Name    string
	Value   any
	Focused bool
}

// Interaction is one interaction the fake dispatched, with what the bot
// answered to it.
type Interaction struct {
	ID, Token string
	Type      int    // InteractionCommand, InteractionComponent or InteractionAutocomplete
	Name      string // command name
	CustomID  string // component custom_id
	ChannelID string
	GuildID   string // "" in a DM
	User      User

	s         *Server
	messageID string // the message a component was clicked on
	// Guarded by s.mu.
	err          error
	dispatchedAt time.Time
	acks         []Response
	rejected     error // the first callback the fake refused
	originalID   string
	followups    []string
	edits        int
}

// Response is one accepted interaction callback.
type Response struct {
	Type          int     // ResponseDeferred, ResponseMessage, ResponseAutocomplete, …
	Data          Message // the message sent (types 4 and 7); Flags for type 5
	Choices       []Choice
	ReceivedAfter time.Duration // from the INTERACTION_CREATE dispatch to the callback
}

// Choice is one autocomplete choice.
type Choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Err reports why the interaction could not be dispatched (no client ready
// before ctx ended), or nil.
func (i *Interaction) Err() error {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	return i.err
}

// WaitAck waits for the interaction's callback (POST
// /interactions/{id}/{token}/callback). A callback the fake refused (too
// late, invalid) is an error.
func (i *Interaction) WaitAck(ctx context.Context) (Response, error) {
	var r Response
	var err error
	werr := i.s.waitFor(ctx, func() bool {
		switch {
		case i.err != nil:
			err = i.err
		case len(i.acks) > 0:
			r = i.acks[0]
		case i.rejected != nil:
			err = i.rejected
		default:
			return false
		}
		return true
	})
	if werr != nil {
		return Response{}, fmt.Errorf("wait for the callback of interaction %s (%s): %w", i.ID, i.label(), werr)
	}
	return r, err
}

func (i *Interaction) label() string {
	if i.CustomID != "" {
		return "button " + i.CustomID
	}
	return "/" + i.Name
}

// WaitFinal waits until the original response exists and pred holds for it
// (when pred is nil: until it is no longer a loading deferred response),
// and returns it as it is then.
func (i *Interaction) WaitFinal(ctx context.Context, pred func(Message) bool) (Message, error) {
	var m Message
	var err error
	werr := i.s.waitFor(ctx, func() bool {
		if i.err != nil {
			err = i.err
			return true
		}
		if i.rejected != nil && len(i.acks) == 0 {
			err = i.rejected
			return true
		}
		orig, ok := i.s.messages[i.originalID]
		if !ok || orig.deleted {
			return false
		}
		snap := i.s.snapshotLocked(orig)
		if pred == nil && snap.Flags&flagLoading == 0 || pred != nil && pred(snap) {
			m = snap
			return true
		}
		return false
	})
	if werr != nil {
		last, _ := i.Original()
		return last, fmt.Errorf("wait for the final response to interaction %s (%s), last %q: %w", i.ID, i.label(), truncate(last.Content, 200), werr)
	}
	return m, err
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Original returns the original response as last edited (for a button, the
// message clicked, once a type 6 or 7 callback made it the original).
func (i *Interaction) Original() (Message, bool) {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	m, ok := i.s.messages[i.originalID]
	if !ok || m.deleted {
		return Message{}, false
	}
	return i.s.snapshotLocked(m), true
}

// Followups returns the follow-up messages (POST /webhooks/{app}/{token}),
// as last edited, without deleted ones.
func (i *Interaction) Followups() []Message {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	var out []Message
	for _, id := range i.followups {
		if m := i.s.messages[id]; !m.deleted {
			out = append(out, i.s.snapshotLocked(m))
		}
	}
	return out
}

// Edits returns how many PATCH @original the fake accepted.
func (i *Interaction) Edits() int {
	i.s.mu.Lock()
	defer i.s.mu.Unlock()
	return i.edits
}

// SlashCommand dispatches INTERACTION_CREATE for /name run by u in the
// channel (guildID "" = a DM; channelID "" then means the user's DM
// channel). It waits, bounded by ctx, for a client to have identified once
// (see Interaction.Err); while the connection is down the event is queued
// and replayed on RESUME, and the 3 s deadline counts from the replay. Dispatching a command that is not registered is
// recorded in SpecViolations.
func (s *Server) SlashCommand(ctx context.Context, u User, channelID, guildID, name string, opts ...CommandOption) *Interaction {
	return s.command(ctx, InteractionCommand, u, channelID, guildID, name, opts)
}

// Autocomplete dispatches an autocomplete interaction for /name; mark the
// option being typed with Focused.
func (s *Server) Autocomplete(ctx context.Context, u User, channelID, guildID, name string, opts ...CommandOption) *Interaction {
	return s.command(ctx, InteractionAutocomplete, u, channelID, guildID, name, opts)
}

func (s *Server) command(ctx context.Context, typ int, u User, channelID, guildID, name string, opts []CommandOption) *Interaction {
	ix := s.newInteraction(typ, u, channelID, guildID, func(ix *Interaction) { ix.Name = name })
	s.mu.Lock()
	cmd, found := s.findCommandLocked(guildID, name)
	s.mu.Unlock()
	if !found {
		scope := "globally"
		if guildID != "" {
			scope = "globally or in guild " + guildID
		}
		s.violation("INTERACTION_CREATE /%s: command not registered %s", name, scope)
	}
	data := map[string]any{"id": cmd.ID, "name": name, "type": 1, "options": s.wireOptions(name, cmd.Options, opts)}
	if guildID != "" && cmd.GuildID != "" {
		data["guild_id"] = guildID
	}
	s.dispatchInteraction(ctx, ix, data, nil)
	return ix
}

// Button dispatches a click on the button customID of the message.
func (s *Server) Button(ctx context.Context, u User, channelID, guildID, messageID, customID string) *Interaction {
	ix := s.newInteraction(InteractionComponent, u, channelID, guildID, func(ix *Interaction) {
		ix.CustomID, ix.messageID = customID, messageID
	})
	s.mu.Lock()
	var msg map[string]any
	m, ok := s.messages[messageID]
	if ok {
		msg = s.wireLocked(m, true)
		has := false
		for _, b := range s.snapshotLocked(m).Buttons() {
			has = has || b.CustomID == customID && !b.Disabled
		}
		if !has {
			defer s.violation("INTERACTION_CREATE button %q: message %s has no enabled button with that custom_id", customID, messageID)
		}
	} else {
		msg = map[string]any{"id": messageID, "channel_id": channelID, "type": 0, "content": "", "flags": 0,
			"author": wireUser(BotUser()), "timestamp": timestamp(s.now())}
		defer s.violation("INTERACTION_CREATE button %q: message %s unknown to the fake", customID, messageID)
	}
	s.mu.Unlock()
	data := map[string]any{"custom_id": customID, "component_type": 2}
	s.dispatchInteraction(ctx, ix, data, msg)
	return ix
}

func (s *Server) newInteraction(typ int, u User, channelID, guildID string, set func(*Interaction)) *Interaction {
	if channelID == "" && guildID == "" {
		channelID = s.DMChannel(u)
	}
	id := s.snowflake()
	ix := &Interaction{ID: id, Token: "itok." + id + ".fake", Type: typ, ChannelID: channelID, GuildID: guildID, User: u, s: s}
	set(ix)
	s.mu.Lock()
	s.interactions[ix.ID] = ix
	s.byToken[ix.Token] = ix
	s.mu.Unlock()
	return ix
}

// dispatchInteraction waits for a ready client and sends INTERACTION_CREATE.
func (s *Server) dispatchInteraction(ctx context.Context, ix *Interaction, data map[string]any, msg map[string]any) {
	if err := s.waitSession(ctx); err != nil {
		s.mu.Lock()
		ix.err = fmt.Errorf("dispatch interaction %s: %w", ix.label(), err)
		s.notifyLocked()
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	ch, ok := s.channels[ix.ChannelID]
	var wch map[string]any
	if ok {
		wch = wireChannel(ch)
	} else {
		wch = map[string]any{"id": ix.ChannelID, "type": channelGuildText}
	}
	s.mu.Unlock()
	if !ok {
		s.violation("INTERACTION_CREATE %s: channel %s unknown to the fake", ix.label(), ix.ChannelID)
	}
	d := map[string]any{
		"id": ix.ID, "application_id": ApplicationID, "type": ix.Type, "token": ix.Token, "version": 1,
		"data": data, "channel_id": ix.ChannelID, "channel": wch, "locale": "en-US",
		"app_permissions": "2248473465835073", "entitlements": []any{}, "attachment_size_limit": 10485760,
	}
	if msg != nil {
		d["message"] = msg
	}
	if ix.GuildID != "" {
		d["guild_id"] = ix.GuildID
		d["guild"] = map[string]any{"id": ix.GuildID, "locale": "en-US", "features": []string{}}
		d["guild_locale"] = "en-US"
		d["member"] = wireMember(ix.User, true)
		s.mu.Lock()
		perms := cmp.Or(s.memberPerms[ix.User.ID], memberPermissions)
		s.mu.Unlock()
		d["member"].(map[string]any)["permissions"] = perms
		d["context"] = 0
		d["authorizing_integration_owners"] = map[string]string{"0": ix.GuildID}
	} else {
		d["user"] = wireUser(ix.User)
		d["context"] = 1
		d["authorizing_integration_owners"] = map[string]string{"0": "0"}
	}
	s.dispatch("INTERACTION_CREATE", d, func(time.Time) {
		s.mu.Lock()
		ix.dispatchedAt = s.now()
		s.mu.Unlock()
	})
}

// Option types (Discord's values).
const (
	optSubCommand = 1
	optString     = 3
	optInteger    = 4
	optBoolean    = 5
	optNumber     = 10
)

// wireOptions renders the filled-in options, typed as registered when the
// command is known, and records options the registration does not have.
func (s *Server) wireOptions(cmdName string, registered []registeredOption, opts []CommandOption) []any {
	out := []any{}
	for _, o := range opts {
		var reg *registeredOption
		for i := range registered {
			if registered[i].Name == o.Name {
				reg = &registered[i]
			}
		}
		if reg == nil && registered != nil {
			s.violation("INTERACTION_CREATE /%s: option %q not registered", cmdName, o.Name)
		}
		w := map[string]any{"name": o.Name}
		if sub, ok := o.Value.([]CommandOption); ok {
			var subReg []registeredOption
			if reg != nil {
				subReg = reg.Options
			}
			w["type"] = optSubCommand
			w["options"] = s.wireOptions(cmdName+" "+o.Name, subReg, sub)
			out = append(out, w)
			continue
		}
		typ := optString
		switch o.Value.(type) {
		case int, int64, int32:
			typ = optInteger
		case float64, float32:
			typ = optNumber
		case bool:
			typ = optBoolean
		}
		if reg != nil && reg.Type != 0 {
			typ = reg.Type
		}
		w["type"] = typ
		w["value"] = o.Value
		if o.Focused {
			w["focused"] = true
		}
		out = append(out, w)
	}
	return out
}

// rejectLocked records the first refused callback for WaitAck.
func (i *Interaction) rejectLocked(err error) {
	if i.rejected == nil {
		i.rejected = err
	}
	i.s.notifyLocked()
}

// callback serves POST /interactions/{id}/{token}/callback.
func (s *Server) callback(c *call) {
	now := s.now()
	id, token := c.r.PathValue("interaction_id"), c.r.PathValue("interaction_token")
	s.mu.Lock()
	defer s.mu.Unlock()
	ix, ok := s.interactions[id]
	if !ok || ix.Token != token {
		c.fail(404, 10062, "Unknown interaction", nil)
		return
	}
	var body struct {
		Type int             `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if !c.decode(&body) {
		ix.rejectLocked(fmt.Errorf("callback for %s: invalid JSON", ix.label()))
		return
	}
	after := now.Sub(ix.dispatchedAt)
	if ix.dispatchedAt.IsZero() || after > s.ackDeadline {
		ix.rejectLocked(fmt.Errorf("callback for %s came %v after dispatch, past the %v deadline: 404 Unknown interaction", ix.label(), after.Round(time.Millisecond), s.ackDeadline))
		c.fail(404, 10062, "Unknown interaction", nil)
		return
	}
	if len(ix.acks) > 0 {
		ix.rejectLocked(fmt.Errorf("second callback for %s: 400 already acknowledged", ix.label()))
		c.fail(400, 40060, "Interaction has already been acknowledged.", nil)
		return
	}
	allowed := map[int][]int{
		InteractionCommand:      {ResponseMessage, ResponseDeferred, ResponseModal},
		InteractionComponent:    {ResponseMessage, ResponseDeferred, ResponseDeferredUpdate, ResponseUpdate, ResponseModal},
		InteractionAutocomplete: {ResponseAutocomplete},
	}[ix.Type]
	okType := false
	for _, t := range allowed {
		okType = okType || t == body.Type
	}
	if !okType {
		ix.rejectLocked(fmt.Errorf("callback type %d is not valid for %s (interaction type %d)", body.Type, ix.label(), ix.Type))
		errs := formErrors{}
		errs.add([]string{"type"}, "BASE_TYPE_CHOICES", fmt.Sprintf("Value must be one of %v.", allowed))
		c.fail(400, 50035, "Invalid Form Body", errs)
		return
	}
	resp := Response{Type: body.Type, ReceivedAfter: after}
	switch body.Type {
	case ResponseMessage, ResponseDeferred:
		var mb messageBody
		if len(body.Data) > 0 && string(body.Data) != "null" {
			if err := json.Unmarshal(body.Data, &mb); err != nil {
				ix.rejectLocked(fmt.Errorf("callback for %s: data: %w", ix.label(), err))
				c.fail(400, 50109, "The request body contains invalid JSON.", nil)
				return
			}
		}
		flags := 0
		if mb.Flags != nil {
			flags = *mb.Flags & (flagEphemeral | 1<<2)
		}
		m := &message{
			id: s.snowflake(), channelID: ix.ChannelID, guildID: ix.GuildID, author: BotUser(),
			createdAt: now, webhookID: ApplicationID, typ: 20, flags: flags,
		}
		if ix.Type == InteractionComponent {
			m.typ = 0
		}
		if body.Type == ResponseMessage {
			if errs := checkMessage(&mb, true, "data"); len(errs) > 0 {
				ix.rejectLocked(fmt.Errorf("callback for %s refused: %v", ix.label(), errs))
				c.failForm(errs)
				return
			}
			mb.apply(m)
		} else {
			m.flags |= flagLoading
		}
		s.addMessageLocked(m)
		ix.originalID = m.id
		resp.Data = s.snapshotLocked(m)
	case ResponseDeferredUpdate, ResponseUpdate:
		m, ok := s.messages[ix.messageID]
		if !ok {
			ix.rejectLocked(fmt.Errorf("callback for %s: update of unknown message %s", ix.label(), ix.messageID))
			c.fail(404, 10008, "Unknown Message", nil)
			return
		}
		if body.Type == ResponseUpdate {
			var mb messageBody
			if err := json.Unmarshal(body.Data, &mb); err != nil {
				ix.rejectLocked(fmt.Errorf("callback for %s: data: %w", ix.label(), err))
				c.fail(400, 50109, "The request body contains invalid JSON.", nil)
				return
			}
			if errs := checkMessage(&mb, false, "data"); len(errs) > 0 {
				ix.rejectLocked(fmt.Errorf("callback for %s refused: %v", ix.label(), errs))
				c.failForm(errs)
				return
			}
			mb.apply(m)
			m.edits++
			m.editedAt = &now
		}
		ix.originalID = m.id
		resp.Data = s.snapshotLocked(m)
	case ResponseAutocomplete:
		var d struct {
			Choices []Choice `json:"choices"`
		}
		if len(body.Data) > 0 {
			if err := json.Unmarshal(body.Data, &d); err != nil {
				ix.rejectLocked(fmt.Errorf("callback for %s: data: %w", ix.label(), err))
				c.fail(400, 50109, "The request body contains invalid JSON.", nil)
				return
			}
		}
		errs := formErrors{}
		if len(d.Choices) > 25 {
			errs.add([]string{"data", "choices"}, "BASE_TYPE_MAX_LENGTH", maxLen(25))
		}
		for i, ch := range d.Choices {
			if n := utf8.RuneCountInString(ch.Name); n < 1 || n > 100 {
				errs.add([]string{"data", "choices", fmt.Sprint(i), "name"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
			}
			if v, ok := ch.Value.(string); ok && utf8.RuneCountInString(v) > 100 {
				errs.add([]string{"data", "choices", fmt.Sprint(i), "value"}, "BASE_TYPE_MAX_LENGTH", maxLen(100))
			}
		}
		if len(errs) > 0 {
			ix.rejectLocked(fmt.Errorf("autocomplete result for %s refused: %v", ix.label(), errs))
			c.fail(400, 50035, "Invalid Form Body", errs)
			return
		}
		resp.Choices = d.Choices
	}
	ix.acks = append(ix.acks, resp)
	s.notifyLocked()
	c.noContent()
}

// webhookInteractionLocked resolves /webhooks/{app}/{token}: the interaction, or
// an answer already written (and nil).
func (s *Server) webhookInteractionLocked(c *call) *Interaction {
	app, token := c.r.PathValue("webhook_id"), c.r.PathValue("webhook_token")
	ix, ok := s.byToken[token]
	if app != ApplicationID || !ok {
		c.fail(404, 10015, "Unknown Webhook", nil)
		return nil
	}
	if !ix.dispatchedAt.IsZero() && s.now().Sub(ix.dispatchedAt) > s.tokenLifetime {
		c.fail(401, 50027, "Invalid Webhook Token", nil)
		return nil
	}
	if len(ix.acks) == 0 {
		c.fail(404, 10015, "Unknown Webhook", nil)
		return nil
	}
	return ix
}

// webhookMessageLocked resolves {message_id} ("@original" or a follow-up).
func (s *Server) webhookMessageLocked(c *call, ix *Interaction) *message {
	id := c.r.PathValue("message_id")
	if id == "" || id == "@original" {
		id = ix.originalID
	} else if id != ix.originalID && !contains(ix.followups, id) {
		c.fail(404, 10008, "Unknown Message", nil)
		return nil
	}
	m, ok := s.messages[id]
	if !ok || m.deleted {
		c.fail(404, 10008, "Unknown Message", nil)
		return nil
	}
	return m
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// webhookGet serves GET /webhooks/{app}/{token}/messages/{@original|id}.
func (s *Server) webhookGet(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix := s.webhookInteractionLocked(c)
	if ix == nil {
		return
	}
	if m := s.webhookMessageLocked(c, ix); m != nil {
		c.json(200, s.wireLocked(m, true))
	}
}

// webhookEdit serves PATCH /webhooks/{app}/{token}/messages/{@original|id}.
func (s *Server) webhookEdit(c *call) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	ix := s.webhookInteractionLocked(c)
	if ix == nil {
		return
	}
	m := s.webhookMessageLocked(c, ix)
	if m == nil {
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
	m.flags &^= flagLoading
	m.edits++
	m.editedAt = &now
	if m.id == ix.originalID {
		ix.edits++
	}
	s.notifyLocked()
	c.json(200, s.wireLocked(m, true))
}

// webhookDelete serves DELETE /webhooks/{app}/{token}/messages/{@original|id}.
func (s *Server) webhookDelete(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix := s.webhookInteractionLocked(c)
	if ix == nil {
		return
	}
	if m := s.webhookMessageLocked(c, ix); m != nil {
		m.deleted = true
		s.notifyLocked()
		c.noContent()
	}
}

// webhookExecute serves POST /webhooks/{app}/{token}: a follow-up.
func (s *Server) webhookExecute(c *call) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	ix := s.webhookInteractionLocked(c)
	if ix == nil {
		return
	}
	var mb messageBody
	if !c.decode(&mb) {
		return
	}
	if errs := checkMessage(&mb, true); len(errs) > 0 {
		c.failForm(errs)
		return
	}
	flags := 0
	if mb.Flags != nil {
		flags = *mb.Flags & (flagEphemeral | 1<<2)
	}
	m := &message{
		id: s.snowflake(), channelID: ix.ChannelID, guildID: ix.GuildID, author: BotUser(),
		createdAt: now, webhookID: ApplicationID, typ: 0, flags: flags,
	}
	if c.r.URL.Query().Get("thread_id") != "" {
		m.channelID = c.r.URL.Query().Get("thread_id")
	}
	mb.apply(m)
	s.addMessageLocked(m)
	ix.followups = append(ix.followups, m.id)
	if c.r.URL.Query().Get("wait") == "true" {
		c.json(200, s.wireLocked(m, true))
		return
	}
	c.noContent()
}

// memberPermissions are a member's permissions in an interaction unless
// SetMemberPermissions says otherwise: those of @everyone, without Manage
// Server or Administrator.
const memberPermissions = "2248473465835073"

// SetMemberPermissions sets the permission bits (a decimal string, as
// Discord sends them) that u's interactions in guilds carry, e.g.
// "32" for Manage Server.
func (s *Server) SetMemberPermissions(u User, perms string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.memberPerms == nil {
		s.memberPerms = map[string]string{}
	}
	s.memberPerms[u.ID] = perms
}
