package bot

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"byline/commands"
)

// maxHistoryAnswer bounds the previous answer given to a follow-up.
const maxHistoryAnswer = 3000

// mentionRE matches user mentions, <@id> and <@!id>.
var mentionRE = regexp.MustCompile(`<@!?([0-9]+)>`)

// anyMentionRE matches user, role and channel mentions, which would show
// as raw ids in a thread name.
var anyMentionRE = regexp.MustCompile(`<[@#][!&]?[0-9]+>`)

// stripSelf removes the bot's own mentions from a message's text.
func stripSelf(content, self string) string {
	return strings.TrimSpace(mentionRE.ReplaceAllStringFunc(content, func(m string) string {
		if mentionRE.FindStringSubmatch(m)[1] == self {
			return " "
		}
		return m
	}))
}

// onMessage answers a message that mentions the bot, a direct message, a
// reply to one of its answers or a message in a thread it started, like
// /ask. Follow-ups get the previous question and answer as history. Other
// messages, and messages from bots, are ignored.
func (b *Bot) onMessage(ctx context.Context, m *discordgo.Message) {
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.System {
		return
	}
	self := b.selfID()
	if self == "" || m.Author.ID == self {
		return
	}
	r, ok := b.messageRequest(ctx, m, self)
	if !ok {
		return
	}
	b.pipeline()(ctx, r)
}

// messageRequest turns a message into a request for the pipeline; false
// when the message is not addressed to the bot.
func (b *Bot) messageRequest(ctx context.Context, m *discordgo.Message, self string) (*request, bool) {
	dm := m.GuildID == ""
	mentioned := false
	for _, u := range m.Mentions {
		if u != nil && u.ID == self {
			mentioned = true
		}
	}
	thread, inThread := b.convs.Get(ctx, "c:"+m.ChannelID)
	if !inThread && !dm {
		// A thread started from a message has that message's id, so a
		// channel named like one of our answers is the thread started from
		// it, even before startThread has returned and recorded it.
		thread, inThread = b.convs.Get(ctx, "m:"+m.ChannelID)
	}
	var prev turn
	followUp := false
	if ref := m.MessageReference; ref != nil && ref.MessageID != "" {
		prev, followUp = b.convs.Get(ctx, "m:"+ref.MessageID)
		if !followUp && m.ReferencedMessage != nil && m.ReferencedMessage.Author != nil && m.ReferencedMessage.Author.ID == self {
			// A reply to an answer the bot no longer remembers: answer it
			// without history rather than not at all.
			mentioned = true
		}
	}
	if !followUp && inThread {
		prev, followUp = thread, true
	}
	if !dm && !mentioned && !followUp {
		return nil, false
	}
	q := stripSelf(m.Content, self)
	if q == "" && m.Content == "" && !dm && !mentioned {
		// Without the MESSAGE_CONTENT intent, thread messages that do not
		// mention the bot arrive empty: nothing to answer.
		return nil, false
	}
	r := &request{
		lg:       b.lg.With("message", m.ID, "user", m.Author.ID, "guild", m.GuildID, "channel", m.ChannelID),
		received: time.Now(),
		guildID:  m.GuildID,
		channel:  m.ChannelID,
		home:     m.ChannelID,
		userID:   m.Author.ID,
		quiet:    true,
		job:      askJob(b.a, "mention", q),
	}
	if inThread {
		r.parent, r.home = thread.channel, thread.channel
	}
	if followUp {
		r.job.history = []commands.Message{
			{Role: "user", Content: prev.question},
			{Role: "assistant", Content: truncate(prev.answer, maxHistoryAnswer)},
		}
	}
	r.reply = &messageReply{api: b.api, lg: r.lg, m: m, convs: b.convs,
		inThread: inThread, newConversation: !dm && !followUp && !inThread}
	return r, true
}

// messageReply answers a message with replies in its channel: a
// placeholder first, edited into the answer.
type messageReply struct {
	api   *api
	lg    *slog.Logger
	m     *discordgo.Message
	convs *conversations
	// inThread: the message was asked in a thread the bot started;
	// newConversation: a first question in a guild channel, continued in
	// a thread from the answer.
	inThread, newConversation bool

	first string // the placeholder's id, once sent
}

func (mr *messageReply) reference() *reference {
	return &reference{MessageID: mr.m.ID, ChannelID: mr.m.ChannelID, GuildID: mr.m.GuildID}
}

func (mr *messageReply) refuse(ctx context.Context, text string) {
	if _, err := mr.api.sendChannel(ctx, mr.m.ChannelID, message{Content: text}, mr.reference()); err != nil {
		mr.lg.WarnContext(ctx, "could not reply", "err", err)
	}
}

// ack replies with a placeholder that the answer will replace.
func (mr *messageReply) ack(ctx context.Context) error {
	id, err := mr.api.sendChannel(ctx, mr.m.ChannelID, message{Content: msgThinking}, mr.reference())
	mr.first = id
	return err
}

func (mr *messageReply) preview(ctx context.Context, text string) error {
	return mr.api.editChannel(ctx, mr.m.ChannelID, mr.first, message{Content: text})
}

// deliver edits the placeholder into the answer's first part and sends the
// other parts after it.
func (mr *messageReply) deliver(ctx context.Context, msgs []message) []string {
	if err := mr.api.editChannel(ctx, mr.m.ChannelID, mr.first, msgs[0]); err != nil {
		mr.lg.ErrorContext(ctx, "could not send the answer", "err", err)
		if err := mr.api.editChannel(ctx, mr.m.ChannelID, mr.first, message{Content: msgFailed}); err != nil {
			mr.lg.ErrorContext(ctx, "could not report the failure", "err", err)
		}
		return nil
	}
	ids := []string{mr.first}
	for k, part := range msgs[1:] {
		id, err := mr.api.sendChannel(ctx, mr.m.ChannelID, part, nil)
		if err != nil {
			mr.lg.ErrorContext(ctx, "could not send a part of the answer", "part", k+1, "parts", len(msgs), "err", err)
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

func (mr *messageReply) fail(ctx context.Context, text string) {
	if err := mr.api.editChannel(context.WithoutCancel(ctx), mr.m.ChannelID, mr.first, message{Content: text}); err != nil {
		mr.lg.ErrorContext(ctx, "could not report the error", "err", err)
	}
}

// continueAfter keeps the conversation going: in the thread it was asked
// in, or, for a new question in a guild channel, in a thread started from
// the answer. Not possible everywhere (already a thread, missing
// permission); then the reply alone will do.
func (mr *messageReply) continueAfter(ctx context.Context, t turn) {
	switch {
	case mr.inThread:
		mr.convs.Put(ctx, "c:"+mr.m.ChannelID, t)
	case mr.newConversation:
		threadID, err := mr.api.startThread(ctx, mr.m.ChannelID, mr.first, threadName(t.question))
		if err != nil {
			mr.lg.InfoContext(ctx, "no thread started for the answer", "err", err)
			return
		}
		mr.convs.Put(ctx, "c:"+threadID, t)
	}
}

// threadName names a thread after the question (1 to 100 characters).
func threadName(q string) string {
	name := truncate(strings.Join(strings.Fields(anyMentionRE.ReplaceAllString(q, "")), " "), 90)
	if name == "" {
		return "Question"
	}
	return name
}
