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
	received := time.Now()
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.System {
		return
	}
	self := b.selfID()
	if self == "" || m.Author.ID == self {
		return
	}
	lg := b.lg.With("message", m.ID, "user", m.Author.ID, "guild", m.GuildID, "channel", m.ChannelID)
	defer b.recoverHandler(lg)

	dm := m.GuildID == ""
	mentioned := false
	for _, u := range m.Mentions {
		if u != nil && u.ID == self {
			mentioned = true
		}
	}
	thread, inThread := b.convs.Get("c:" + m.ChannelID)
	if !inThread && !dm {
		// A thread started from a message has that message's id, so a
		// channel named like one of our answers is the thread started from
		// it, even before startThread has returned and recorded it.
		thread, inThread = b.convs.Get("m:" + m.ChannelID)
	}
	var prev turn
	followUp := false
	if ref := m.MessageReference; ref != nil && ref.MessageID != "" {
		prev, followUp = b.convs.Get("m:" + ref.MessageID)
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
		return
	}
	parent := ""
	if inThread {
		parent = thread.channel
	}
	if !b.allowedChannel(m.GuildID, m.ChannelID, parent) {
		return // silence outside the allowed channels
	}
	q := stripSelf(m.Content, self)
	if q == "" {
		if m.Content == "" && !dm && !mentioned {
			// Without the MESSAGE_CONTENT intent, thread messages that do
			// not mention the bot arrive empty: nothing to answer.
			return
		}
		b.replyLine(ctx, lg, m, msgNoQuestion)
		return
	}
	if !b.work.Begin() {
		b.replyLine(ctx, lg, m, msgShuttingDown)
		return
	}
	defer b.work.Done()
	release, refusal := b.admit(m.GuildID, m.Author.ID)
	if refusal != "" {
		b.replyLine(ctx, lg, m, refusal)
		return
	}
	defer release()

	ref := &reference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}
	first, err := b.sendChannel(ctx, m.ChannelID, message{Content: msgThinking}, ref)
	if err != nil {
		lg.Error("could not reply to the message", "err", err)
		return
	}
	var opt commands.Options
	if followUp {
		opt.History = []commands.Message{
			{Role: "user", Content: prev.question},
			{Role: "assistant", Content: truncate(prev.answer, maxHistoryAnswer)},
		}
	}
	st := startStreamer(ctx, lg, b.cfg.EditInterval, func(ctx context.Context, preview string) error {
		return b.editChannel(ctx, m.ChannelID, first, message{Content: preview})
	})
	opt.OnDelta = st.Add
	a, err := runJob(ctx, job{name: "mention", run: func(ctx context.Context, opt commands.Options) (*commands.Answer, error) {
		return b.a.Ask(ctx, q, opt)
	}}, opt)
	st.Stop()
	if err != nil {
		if eerr := b.editChannel(context.WithoutCancel(ctx), m.ChannelID, first, message{Content: userError(ctx, lg, err)}); eerr != nil {
			lg.Error("could not report the error", "err", eerr)
		}
		return
	}
	id := b.remember(a, q)
	msgs := renderAnswer(a, id)
	ids := []string{first}
	if err := b.editChannel(ctx, m.ChannelID, first, msgs[0]); err != nil {
		lg.Error("could not send the answer", "err", err)
		if eerr := b.editChannel(ctx, m.ChannelID, first, message{Content: msgFailed}); eerr != nil {
			lg.Error("could not report the failure", "err", eerr)
		}
		return
	}
	for k, part := range msgs[1:] {
		mid, err := b.sendChannel(ctx, m.ChannelID, part, nil)
		if err != nil {
			lg.Error("could not send a part of the answer", "part", k+1, "parts", len(msgs), "err", err)
			continue
		}
		ids = append(ids, mid)
	}

	channel := m.ChannelID
	if inThread {
		channel = thread.channel
	}
	t := turn{question: q, answer: a.Text, channel: channel}
	for _, mid := range ids {
		b.convs.Put("m:"+mid, t)
	}
	switch {
	case inThread:
		b.convs.Put("c:"+m.ChannelID, t)
	case !dm && !followUp:
		// A new conversation in a guild channel: continue it in a thread
		// from the answer. Not possible everywhere (already a thread,
		// missing permission); then the reply alone will do.
		threadID, err := b.startThread(ctx, m.ChannelID, first, threadName(q))
		if err != nil {
			lg.Info("no thread started for the answer", "err", err)
		} else {
			b.convs.Put("c:"+threadID, t)
		}
	}
	lg.Info("answered message", "answer", id, "mode", a.Mode, "parts", len(ids), "follow_up", followUp, "took", time.Since(received))
}

// replyLine replies to a message with one line.
func (b *Bot) replyLine(ctx context.Context, lg *slog.Logger, m *discordgo.Message, text string) {
	ref := &reference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}
	if _, err := b.sendChannel(ctx, m.ChannelID, message{Content: text}, ref); err != nil {
		lg.Warn("could not reply", "err", err)
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
