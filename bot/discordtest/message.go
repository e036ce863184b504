package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// User is a Discord user the test acts as.
type User struct{ ID, Username string }

// NewUser returns the deterministic test user n: id "4" followed by n padded
// to 17 digits (NewUser(1).ID == "400000000000000001"), username "user<n>".
func NewUser(n int) User {
	return User{ID: fmt.Sprintf("4%017d", n), Username: fmt.Sprintf("user%d", n)}
}

// BotUser is the bot itself.
func BotUser() User { return User{ID: BotUserID, Username: BotUsername} }

// Message is a message as the fake holds it now (after the last edit),
// decoded into the parts tests assert on. Raw is the whole Discord message
// object as the fake would serve it.
type Message struct {
	ID, ChannelID, GuildID string
	Author                 User
	Content                string
	Embeds                 []Embed
	Components             []Component // top level: action rows holding buttons
	Flags                  int         // 64 = ephemeral, 128 = loading (deferred, not edited yet)
	// AllowedMentions is the allowed_mentions of the last request that
	// created or edited the message; nil when that request had none (Discord
	// then parses every mention: use Pings to see what would notify).
	AllowedMentions  *AllowedMentions
	MessageReference string // id of the message this one replies to
	Edits            int    // number of edits after creation
	Raw              json.RawMessage
}

// Ephemeral reports whether only the invoking user sees the message.
func (m Message) Ephemeral() bool { return m.Flags&flagEphemeral != 0 }

// Buttons returns every button of the message, in order, out of its rows.
func (m Message) Buttons() []Component {
	var out []Component
	var walk func([]Component)
	walk = func(cs []Component) {
		for _, c := range cs {
			if c.Type == 2 {
				out = append(out, c)
			}
			walk(c.Components)
		}
	}
	walk(m.Components)
	return out
}

var (
	userMention = regexp.MustCompile(`<@!?(\d+)>`)
	roleMention = regexp.MustCompile(`<@&(\d+)>`)
)

// Pings returns what the message would notify on Discord, given its content
// (mentions in embeds never ping) and its allowed_mentions: "@everyone",
// "@here", "<@id>" and "<@&id>" entries. An empty result means nobody is
// pinged.
func (m Message) Pings() []string {
	am := m.AllowedMentions
	allow := func(kind string, id string, ids []string) bool {
		if am == nil {
			return true
		}
		return slices.Contains(am.Parse, kind) || (id != "" && slices.Contains(ids, id))
	}
	var out []string
	if strings.Contains(m.Content, "@everyone") && allow("everyone", "", nil) {
		out = append(out, "@everyone")
	}
	if strings.Contains(m.Content, "@here") && allow("everyone", "", nil) {
		out = append(out, "@here")
	}
	for _, sm := range userMention.FindAllStringSubmatch(m.Content, -1) {
		if allow("users", sm[1], am.usersOrNil()) {
			out = append(out, "<@"+sm[1]+">")
		}
	}
	for _, sm := range roleMention.FindAllStringSubmatch(m.Content, -1) {
		if allow("roles", sm[1], am.rolesOrNil()) {
			out = append(out, "<@&"+sm[1]+">")
		}
	}
	return out
}

// AllowedMentions is a request's allowed_mentions. Parse is non-nil (maybe
// empty) when the request sent "parse".
type AllowedMentions struct {
	Parse       []string `json:"parse"`
	Users       []string `json:"users,omitempty"`
	Roles       []string `json:"roles,omitempty"`
	RepliedUser bool     `json:"replied_user"`
}

func (a *AllowedMentions) usersOrNil() []string {
	if a == nil {
		return nil
	}
	return a.Users
}

func (a *AllowedMentions) rolesOrNil() []string {
	if a == nil {
		return nil
	}
	return a.Roles
}

// Embed is the decoded subset of an embed.
type Embed struct {
	Title       string       `json:"title"`
	Description string       `json:"description"`
	URL         string       `json:"url"`
	Color       int          `json:"color"`
	Fields      []EmbedField `json:"fields"`
	Footer      EmbedFooter  `json:"footer"`
	Author      EmbedAuthor  `json:"author"`
}

// EmbedField is one name/value field of an embed.
type EmbedField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline"`
}

// EmbedFooter is an embed's footer.
type EmbedFooter struct {
	Text string `json:"text"`
}

// EmbedAuthor is an embed's author line.
type EmbedAuthor struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// Component is the decoded subset of a message component: an action row
// (Type 1) holding buttons (Type 2) or select menus.
type Component struct {
	Type       int         `json:"type"`
	CustomID   string      `json:"custom_id"`
	Label      string      `json:"label"`
	Style      int         `json:"style"`
	URL        string      `json:"url"`
	Disabled   bool        `json:"disabled"`
	Emoji      *Emoji      `json:"emoji"`
	Components []Component `json:"components"`
}

// Emoji is a component's emoji.
type Emoji struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Channel is a channel the fake knows: the guild text channels, DM channels
// and the threads the bot started.
type Channel struct {
	ID, GuildID, ParentID, Name string
	Type                        int    // 0 text, 1 DM, 11 public thread, 12 private thread
	MessageID                   string // for a thread started from a message
	OwnerID                     string
}

const (
	channelGuildText     = 0
	channelDM            = 1
	channelPublicThread  = 11
	channelPrivateThread = 12

	flagEphemeral = 1 << 6
	flagLoading   = 1 << 7
)

type channel = Channel

// message is the fake's record of one message.
type message struct {
	id, channelID, guildID string
	author                 User
	content                string
	embeds                 []json.RawMessage
	components             []json.RawMessage
	flags                  int
	allowed                *AllowedMentions
	refID                  string
	mentions               []User
	typ                    int
	createdAt              time.Time
	editedAt               *time.Time
	webhookID              string // application id for interaction responses
	edits                  int
	deleted                bool
	viaChannel             bool // created by the bot with POST /channels/{id}/messages
}

// messageBody is what the bot sends to create or edit a message.
type messageBody struct {
	Content          *string            `json:"content"`
	Embeds           *[]json.RawMessage `json:"embeds"`
	Components       *[]json.RawMessage `json:"components"`
	AllowedMentions  *AllowedMentions   `json:"allowed_mentions"`
	Flags            *int               `json:"flags"`
	MessageReference *struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
}

// apply copies the parts the body sets onto m.
func (b *messageBody) apply(m *message) {
	if b.Content != nil {
		m.content = *b.Content
	}
	if b.Embeds != nil {
		m.embeds = *b.Embeds
	}
	if b.Components != nil {
		m.components = *b.Components
	}
	m.allowed = b.AllowedMentions
}

// formErrors builds Discord's nested {"field":{"_errors":[…]}} error tree.
type formErrors map[string]any

func (f formErrors) add(path []string, code, msg string) {
	cur := map[string]any(f)
	for _, p := range path {
		next, ok := cur[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[p] = next
		}
		cur = next
	}
	list, _ := cur["_errors"].([]any)
	cur["_errors"] = append(list, map[string]any{"code": code, "message": msg})
}

func maxLen(n int) string { return fmt.Sprintf("Must be %d or fewer in length.", n) }

// checkMessage enforces Discord's message limits on a create or edit body.
// The errors are rooted at prefix ("data" inside an interaction callback).
func checkMessage(b *messageBody, creating bool, prefix ...string) formErrors {
	errs := formErrors{}
	at := func(p ...string) []string { return append(append([]string(nil), prefix...), p...) }
	if b.Content != nil && utf8.RuneCountInString(*b.Content) > 2000 {
		errs.add(at("content"), "BASE_TYPE_MAX_LENGTH", maxLen(2000))
	}
	if b.Embeds != nil {
		embeds := *b.Embeds
		if len(embeds) > 10 {
			errs.add(at("embeds"), "BASE_TYPE_MAX_LENGTH", maxLen(10))
		}
		total := 0
		for i, raw := range embeds {
			var e Embed
			if err := json.Unmarshal(raw, &e); err != nil {
				errs.add(at("embeds", fmt.Sprint(i)), "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
				continue
			}
			idx := fmt.Sprint(i)
			check := func(field, v string, limit int) {
				n := utf8.RuneCountInString(v)
				total += n
				if n > limit {
					errs.add(at("embeds", idx, field), "BASE_TYPE_MAX_LENGTH", maxLen(limit))
				}
			}
			check("title", e.Title, 256)
			check("description", e.Description, 4096)
			if len(e.Fields) > 25 {
				errs.add(at("embeds", idx, "fields"), "BASE_TYPE_MAX_LENGTH", maxLen(25))
			}
			for j, f := range e.Fields {
				fi := fmt.Sprint(j)
				n, v := utf8.RuneCountInString(f.Name), utf8.RuneCountInString(f.Value)
				total += n + v
				if n == 0 {
					errs.add(at("embeds", idx, "fields", fi, "name"), "BASE_TYPE_REQUIRED", "This field is required")
				}
				if v == 0 {
					errs.add(at("embeds", idx, "fields", fi, "value"), "BASE_TYPE_REQUIRED", "This field is required")
				}
				if n > 256 {
					errs.add(at("embeds", idx, "fields", fi, "name"), "BASE_TYPE_MAX_LENGTH", maxLen(256))
				}
				if v > 1024 {
					errs.add(at("embeds", idx, "fields", fi, "value"), "BASE_TYPE_MAX_LENGTH", maxLen(1024))
				}
			}
			if n := utf8.RuneCountInString(e.Footer.Text); n > 2048 {
				errs.add(at("embeds", idx, "footer", "text"), "BASE_TYPE_MAX_LENGTH", maxLen(2048))
			} else {
				total += n
			}
			check("author", e.Author.Name, 256)
		}
		if total > 6000 {
			errs.add(at("embeds"), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
		}
	}
	if b.Components != nil {
		checkComponents(*b.Components, errs, at("components"))
	}
	if creating && len(errs) == 0 && isEmpty(b) {
		// Reported with its own code, not as a form error.
		return formErrors{"_empty": true}
	}
	return errs
}

func isEmpty(b *messageBody) bool {
	return (b.Content == nil || *b.Content == "") &&
		(b.Embeds == nil || len(*b.Embeds) == 0) &&
		(b.Components == nil || len(*b.Components) == 0)
}

func checkComponents(rows []json.RawMessage, errs formErrors, path []string) {
	if len(rows) > 5 {
		errs.add(path, "BASE_TYPE_MAX_LENGTH", maxLen(5))
	}
	seen := map[string]bool{}
	for i, raw := range rows {
		var row Component
		ri := fmt.Sprint(i)
		if err := json.Unmarshal(raw, &row); err != nil || row.Type != 1 {
			errs.add(append(path, ri, "type"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "Top-level components must be action rows")
			continue
		}
		if len(row.Components) == 0 || len(row.Components) > 5 {
			errs.add(append(path, ri, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
		}
		for j, c := range row.Components {
			ci := fmt.Sprint(j)
			p := append(append([]string(nil), path...), ri, "components", ci)
			if c.Type != 2 {
				continue
			}
			if utf8.RuneCountInString(c.Label) > 80 {
				errs.add(append(p, "label"), "BASE_TYPE_MAX_LENGTH", maxLen(80))
			}
			if c.Style == 5 {
				if c.URL == "" {
					errs.add(append(p, "url"), "BASE_TYPE_REQUIRED", "This field is required")
				}
				continue
			}
			switch {
			case c.CustomID == "":
				errs.add(append(p, "custom_id"), "BASE_TYPE_REQUIRED", "This field is required")
			case utf8.RuneCountInString(c.CustomID) > 100:
				errs.add(append(p, "custom_id"), "BASE_TYPE_MAX_LENGTH", maxLen(100))
			case seen[c.CustomID]:
				errs.add(append(p, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
			}
			seen[c.CustomID] = true
			if c.Label == "" && c.Emoji == nil {
				errs.add(append(p, "label"), "BASE_TYPE_REQUIRED", "This field is required")
			}
		}
	}
}

// failForm answers a failed checkMessage as Discord does.
func (c *call) failForm(errs formErrors) {
	if errs["_empty"] == true {
		c.fail(400, 50006, "Cannot send an empty message", nil)
		return
	}
	c.fail(400, 50035, "Invalid Form Body", errs)
}

func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000+00:00") }

func wireUser(u User) map[string]any {
	m := map[string]any{
		"id": u.ID, "username": u.Username, "global_name": u.Username, "discriminator": "0",
		"avatar": nil, "public_flags": 0, "flags": 0,
	}
	if u.ID == BotUserID {
		m["bot"] = true
	}
	return m
}

func wireMember(u User, withUser bool) map[string]any {
	m := map[string]any{
		"roles": []string{}, "joined_at": "2025-01-01T00:00:00.000000+00:00", "nick": nil,
		"deaf": false, "mute": false, "flags": 0, "pending": false, "avatar": nil,
		"premium_since": nil, "communication_disabled_until": nil,
	}
	if withUser {
		m["user"] = wireUser(u)
	}
	return m
}

// wireLocked renders m as Discord's message object.
func (s *Server) wireLocked(m *message, withRef bool) map[string]any {
	mentions := []any{}
	for _, u := range m.mentions {
		mentions = append(mentions, wireUser(u))
	}
	embeds := m.embeds
	if embeds == nil {
		embeds = []json.RawMessage{}
	}
	components := m.components
	if components == nil {
		components = []json.RawMessage{}
	}
	out := map[string]any{
		"id": m.id, "type": m.typ, "channel_id": m.channelID, "author": wireUser(m.author),
		"content": m.content, "timestamp": timestamp(m.createdAt), "edited_timestamp": nil,
		"tts": false, "mention_everyone": false, "mentions": mentions, "mention_roles": []string{},
		"attachments": []any{}, "embeds": embeds, "components": components, "pinned": false,
		"flags": m.flags,
	}
	if m.editedAt != nil {
		out["edited_timestamp"] = timestamp(*m.editedAt)
	}
	if m.webhookID != "" {
		out["webhook_id"] = m.webhookID
		out["application_id"] = ApplicationID
	}
	if m.refID != "" {
		out["message_reference"] = map[string]any{"type": 0, "message_id": m.refID, "channel_id": m.channelID, "guild_id": m.guildID}
		if ref, ok := s.messages[m.refID]; ok && withRef && !ref.deleted {
			out["referenced_message"] = s.wireLocked(ref, false)
		} else {
			out["referenced_message"] = nil
		}
	}
	return out
}

// snapshotLocked turns the record into the exported Message.
func (s *Server) snapshotLocked(m *message) Message {
	out := Message{
		ID: m.id, ChannelID: m.channelID, GuildID: m.guildID, Author: m.author, Content: m.content,
		Flags: m.flags, MessageReference: m.refID, Edits: m.edits,
	}
	if m.allowed != nil {
		a := *m.allowed
		out.AllowedMentions = &a
	}
	for _, raw := range m.embeds {
		var e Embed
		if json.Unmarshal(raw, &e) == nil {
			out.Embeds = append(out.Embeds, e)
		}
	}
	for _, raw := range m.components {
		var c Component
		if json.Unmarshal(raw, &c) == nil {
			out.Components = append(out.Components, c)
		}
	}
	out.Raw, _ = json.Marshal(s.wireLocked(m, true))
	return out
}

// addMessageLocked stores a new message.
func (s *Server) addMessageLocked(m *message) {
	s.messages[m.id] = m
	s.order = append(s.order, m.id)
	s.notifyLocked()
}

// MessageSpec describes a message a user sends (dispatched as MESSAGE_CREATE).
type MessageSpec struct {
	Author    User
	ChannelID string // ChannelID, a DM channel id (see DMChannel), or a thread id
	GuildID   string // "" for a DM
	Content   string // e.g. "<@100000000000000001> why did …" for a mention
	// MentionBot puts the bot in mentions[]. Without the privileged
	// MESSAGE_CONTENT intent Discord only delivers the content of guild
	// messages that mention the bot (a reply pings its author by default,
	// so set it for replies to the bot too), so without it the bot receives
	// an empty content, as on Discord.
	MentionBot bool
	ReplyTo    string // message id this one replies to (message_reference + referenced_message)
}

// SendMessage stores the user's message and dispatches MESSAGE_CREATE (when
// the bot's intents ask for guild or direct messages, as on Discord). It
// waits, bounded by ctx, for a client to have identified once; while the
// connection is down the event is queued and replayed on RESUME. On failure
// it reports a test error and returns the id anyway.
func (s *Server) SendMessage(ctx context.Context, m MessageSpec) (messageID string) {
	id := s.snowflake()
	if m.ChannelID == "" && m.GuildID == "" {
		m.ChannelID = s.DMChannel(m.Author)
	}
	msg := &message{
		id: id, channelID: m.ChannelID, guildID: m.GuildID, author: m.Author, content: m.Content,
		refID: m.ReplyTo, createdAt: time.Now(),
	}
	if m.ReplyTo != "" {
		msg.typ = 19
	}
	if m.MentionBot {
		msg.mentions = append(msg.mentions, BotUser())
	}
	for _, sm := range userMention.FindAllStringSubmatch(m.Content, -1) {
		if sm[1] != BotUserID {
			msg.mentions = append(msg.mentions, User{ID: sm[1], Username: "user"})
		}
	}
	s.mu.Lock()
	if _, ok := s.channels[m.ChannelID]; !ok {
		s.mu.Unlock()
		s.t.Errorf("discordtest: SendMessage to unknown channel %q (use ChannelID, DMChannel or a thread id)", m.ChannelID)
		return id
	}
	s.addMessageLocked(msg)
	s.mu.Unlock()
	if err := s.waitSession(ctx); err != nil {
		s.t.Errorf("discordtest: SendMessage: no client ready: %v", err)
		return id
	}
	s.dispatchMessageCreate(msg)
	return id
}

// dispatchMessageCreate sends MESSAGE_CREATE for msg if the identified
// intents cover it, blanking the content when Discord would.
func (s *Server) dispatchMessageCreate(msg *message) {
	intents, ok := s.currentIntents()
	if !ok {
		return
	}
	need := IntentGuildMessages
	if msg.guildID == "" {
		need = IntentDirectMessages
	}
	if intents&need == 0 {
		s.logf("MESSAGE_CREATE %s not dispatched: intents %d lack %d", msg.id, intents, need)
		return
	}
	s.mu.Lock()
	d := s.wireLocked(msg, true)
	s.mu.Unlock()
	mentionsBot := slices.ContainsFunc(msg.mentions, func(u User) bool { return u.ID == BotUserID })
	if msg.guildID != "" {
		d["guild_id"] = msg.guildID
		d["member"] = wireMember(msg.author, false)
		if intents&IntentMessageContent == 0 && !mentionsBot && msg.author.ID != BotUserID {
			d["content"], d["embeds"], d["attachments"], d["components"] = "", []any{}, []any{}, []any{}
		}
	}
	s.dispatch("MESSAGE_CREATE", d, nil)
}

// DMChannel returns the id of the DM channel between the bot and u,
// creating it if needed (as POST /users/@me/channels does).
func (s *Server) DMChannel(u User) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dmChannelLocked(u)
}

func (s *Server) dmChannelLocked(u User) string {
	if id, ok := s.dms[u.ID]; ok {
		return id
	}
	id := s.snowflake()
	s.dms[u.ID] = id
	s.channels[id] = &channel{ID: id, Type: channelDM, OwnerID: u.ID, Name: u.Username}
	return id
}

// ChannelMessages returns the messages the bot created in the channel with
// POST /channels/{id}/messages, as last edited, without deleted ones.
// Interaction responses are read through their Interaction.
func (s *Server) ChannelMessages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.channelMessagesLocked(channelID)
}

func (s *Server) channelMessagesLocked(channelID string) []Message {
	var out []Message
	for _, id := range s.order {
		m := s.messages[id]
		if m.channelID == channelID && m.viaChannel && !m.deleted {
			out = append(out, s.snapshotLocked(m))
		}
	}
	return out
}

// WaitChannelMessage waits for a message the bot created in the channel
// (see ChannelMessages) for which pred holds (any when pred is nil), and
// returns it as it is at that moment.
func (s *Server) WaitChannelMessage(ctx context.Context, channelID string, pred func(Message) bool) (Message, error) {
	var found Message
	err := s.waitFor(ctx, func() bool {
		for _, m := range s.channelMessagesLocked(channelID) {
			if pred == nil || pred(m) {
				found = m
				return true
			}
		}
		return false
	})
	if err != nil {
		return Message{}, fmt.Errorf("wait for a bot message in channel %s: %w", channelID, err)
	}
	return found, nil
}

// Message returns any message the fake knows by id (user or bot, deleted
// ones too, as last edited).
func (s *Server) Message(id string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok {
		return Message{}, false
	}
	return s.snapshotLocked(m), true
}

// Threads returns the threads the bot started, in order.
func (s *Server) Threads() []Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Channel, 0, len(s.threads))
	for _, id := range s.threads {
		out = append(out, *s.channels[id])
	}
	return out
}

// Typing returns how many times the bot triggered the typing indicator in
// the channel.
func (s *Server) Typing(channelID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.typing[channelID]
}

// Reactions returns the emoji the bot added to the message, in order.
func (s *Server) Reactions(messageID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reactions[messageID]...)
}

func wireChannel(c *channel) map[string]any {
	out := map[string]any{"id": c.ID, "type": c.Type, "flags": 0}
	switch c.Type {
	case channelDM:
		out["recipients"] = []any{wireUser(User{ID: c.OwnerID, Username: c.Name})}
		out["last_message_id"] = nil
	default:
		out["guild_id"] = c.GuildID
		out["name"] = c.Name
		out["position"] = 0
		out["permission_overwrites"] = []any{}
		out["nsfw"] = false
		out["parent_id"] = nil
		out["rate_limit_per_user"] = 0
		out["topic"] = nil
		out["last_message_id"] = nil
	}
	if c.Type == channelPublicThread || c.Type == channelPrivateThread {
		out["parent_id"] = c.ParentID
		out["owner_id"] = c.OwnerID
		out["member_count"] = 1
		out["message_count"] = 0
		out["total_message_sent"] = 0
		out["thread_metadata"] = map[string]any{
			"archived": false, "auto_archive_duration": 1440, "locked": false,
			"archive_timestamp": timestamp(time.Now()), "create_timestamp": timestamp(time.Now()),
		}
		delete(out, "permission_overwrites")
	}
	return out
}
