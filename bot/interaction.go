package bot

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"byline/commands"
	"byline/history"
)

// What users are told. Short and honest; details go to the log.
const (
	msgShuttingDown = "I'm shutting down — try again in a minute."
	msgBusy         = "I'm answering several questions here — try again in a few seconds."
	msgCooldown     = "You're asking quickly — try again in %d s."
	msgFailed       = "Something went wrong while answering; the error was logged."
	msgCancelled    = "I was stopped before I could finish; please ask again."
	msgExpired      = "I no longer remember that answer — ask again to see its sources."
	msgThanks       = "Thanks for the feedback!"
	msgNoQuestion   = "Ask me a question about the news articles, e.g. `/ask` or a mention with your question."
	msgNoQuote      = "Give some words of the quote, a speaker, or both."
	msgThinking     = "🔎 Looking through the articles…"
	msgUnknown      = "I don't know that command any more."
)

// tokenLifetime is how long an interaction token can be used for edits
// and follow-ups; past it, parts of an answer go to the channel instead.
// The margin covers clock skew and the time a request takes.
const tokenLifetime = 15*time.Minute - 30*time.Second

// onInteraction handles one INTERACTION_CREATE; discordgo runs it in its own goroutine.
func (b *Bot) onInteraction(ctx context.Context, i *discordgo.Interaction) {
	u := interactionUser(i)
	r := &request{
		lg:       b.lg.With("interaction", i.ID, "type", i.Type.String(), "user", u.ID, "guild", i.GuildID, "channel", i.ChannelID),
		received: time.Now(),
		guildID:  i.GuildID,
		channel:  i.ChannelID,
		parent:   b.threadParent(ctx, i.ChannelID),
		home:     i.ChannelID,
		userID:   u.ID,
	}
	r.reply = &interactionReply{api: b.api, lg: r.lg, i: i, received: r.received}
	var h handler
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data := i.ApplicationCommandData()
		r.lg = r.lg.With("command", data.Name)
		r.job = job{name: data.Name, refusal: msgUnknown}
		if c, ok := b.commands[data.Name]; ok {
			r.job = c.job(options(data.Options))
			if no := c.restrict.check(i); no != "" {
				r.job = job{name: data.Name, refusal: no}
			}
			r.reply.(*interactionReply).ephemeral = c.ephemeral
		}
		h = b.pipeline()
	case discordgo.InteractionApplicationCommandAutocomplete:
		h = chain(func(ctx context.Context, r *request) { b.onAutocomplete(ctx, r, i) }, b.recoverPanics, b.track)
	case discordgo.InteractionMessageComponent:
		h = chain(func(ctx context.Context, r *request) { b.onComponent(ctx, r, i) }, b.recoverPanics, b.track)
	case discordgo.InteractionPing:
		return // only sent to HTTP-endpoint applications, never on the gateway
	default:
		r.lg.InfoContext(ctx, "ignoring interaction type")
		return
	}
	h(ctx, r)
}

// interactionUser is who triggered an interaction (Member in guilds, User in DMs).
func interactionUser(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	if i.User != nil {
		return i.User
	}
	return &discordgo.User{}
}

// threadParent is the channel of a thread the bot started ("" otherwise).
func (b *Bot) threadParent(ctx context.Context, channelID string) string {
	t, _ := b.convs.Get(ctx, "c:"+channelID)
	return t.channel
}

// interactionReply answers an interaction: refusals are ephemeral, the
// acknowledgement is a deferred response that the answer replaces.
type interactionReply struct {
	api      *api
	lg       *slog.Logger
	i        *discordgo.Interaction
	received time.Time
	// ephemeral: the acknowledgement, and so the answer, only the user sees.
	ephemeral bool
}

func (ir *interactionReply) refuse(ctx context.Context, text string) {
	var err error
	if ir.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		// Autocomplete takes choices, not messages.
		err = ir.api.respond(ctx, ir.i, discordgo.InteractionApplicationCommandAutocompleteResult, choices{Choices: nil})
	} else {
		err = ir.api.respondEphemeral(ctx, ir.i, text)
	}
	if err != nil {
		ir.lg.WarnContext(ctx, "could not answer the interaction", "err", err, "text", text)
	}
}

// ack sends a deferred response ("thinking…").
func (ir *interactionReply) ack(ctx context.Context) error {
	var data any
	if ir.ephemeral {
		data = struct {
			Flags           discordgo.MessageFlags            `json:"flags"`
			AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
		}{discordgo.MessageFlagsEphemeral, noMentions()}
	}
	return ir.api.respond(ctx, ir.i, discordgo.InteractionResponseDeferredChannelMessageWithSource, data)
}

func (ir *interactionReply) preview(ctx context.Context, text string) error {
	_, err := ir.api.editOriginal(ctx, ir.i, message{Content: text})
	return err
}

// deliver sends the parts of an answer: the first replaces the deferred
// response, the rest are follow-ups. Once the interaction token has
// expired (15 minutes) the remaining parts go to the channel instead.
func (ir *interactionReply) deliver(ctx context.Context, msgs []message) []string {
	var ids []string
	viaChannel := time.Since(ir.received) > tokenLifetime
	for k, m := range msgs {
		var id string
		var err error
		if !viaChannel {
			if k == 0 {
				id, err = ir.api.editOriginal(ctx, ir.i, m)
			} else {
				id, err = ir.api.followup(ctx, ir.i, m, false)
			}
			if err != nil && tokenExpired(err) {
				ir.lg.WarnContext(ctx, "interaction token expired; sending the rest of the answer to the channel", "part", k)
				viaChannel = true
			}
		}
		if viaChannel {
			id, err = ir.api.sendChannel(ctx, ir.i.ChannelID, m, nil)
		}
		if err != nil {
			ir.lg.ErrorContext(ctx, "could not send a part of the answer", "part", k, "parts", len(msgs), "err", err)
			if k == 0 {
				// Do not leave the user with "thinking…" forever.
				if _, err := ir.api.editOriginal(ctx, ir.i, message{Content: msgFailed}); err != nil {
					ir.lg.ErrorContext(ctx, "could not report the failure", "err", err)
				}
				return ids
			}
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// fail tells the user, ephemerally, that the command failed. The deferred
// response is visible to everyone; an ephemeral follow-up replaces it so
// only the user sees the error.
func (ir *interactionReply) fail(ctx context.Context, text string) {
	ctx = context.WithoutCancel(ctx)
	if err := ir.api.deleteOriginal(ctx, ir.i); err != nil {
		ir.lg.WarnContext(ctx, "could not delete the deferred response; editing it instead", "err", err)
		if _, err := ir.api.editOriginal(ctx, ir.i, message{Content: text}); err != nil {
			ir.lg.ErrorContext(ctx, "could not report the error to the user", "err", err)
		}
		return
	}
	if _, err := ir.api.followup(ctx, ir.i, message{Content: text}, true); err != nil {
		ir.lg.ErrorContext(ctx, "could not report the error to the user", "err", err)
	}
}

// userError is the line shown for err; unexpected errors are logged.
func userError(ctx context.Context, lg *slog.Logger, err error) string {
	var ie *commands.InputError
	switch {
	case errors.As(err, &ie):
		lg.InfoContext(ctx, "input refused", "reason", ie.Msg)
		return truncate(ie.Msg, maxContent)
	case ctx.Err() != nil:
		lg.WarnContext(ctx, "answer cancelled", "err", err)
		return msgCancelled
	default:
		lg.ErrorContext(ctx, "answer failed", "err", err)
		return msgFailed
	}
}

// onAutocomplete suggests what a command's focused option may be (article
// titles for /summarize, speakers for /quote): at most 25, matched as typed.
func (b *Bot) onAutocomplete(ctx context.Context, r *request, i *discordgo.Interaction) {
	data := i.ApplicationCommandData()
	var focused *discordgo.ApplicationCommandInteractionDataOption
	for _, o := range data.Options {
		if o != nil && o.Focused {
			focused = o
		}
	}
	out := []*discordgo.ApplicationCommandOptionChoice{}
	if c, ok := b.commands[data.Name]; ok && c.complete != nil && focused != nil && b.allowedChannel(r.guildID, r.channel, r.parent) {
		typed, _ := focused.Value.(string)
		if got := c.complete(focused.Name, typed); len(got) > 0 {
			out = got
		}
	}
	if err := b.api.respond(ctx, i, discordgo.InteractionApplicationCommandAutocompleteResult, choices{Choices: out}); err != nil {
		r.lg.WarnContext(ctx, "could not answer autocomplete", "err", err)
	}
}

// articleChoice is an autocomplete choice for an article: its title (and
// date) as the name, its id as the value when the id fits, else the
// truncated title, which Summarize matches as a partial title.
func articleChoice(a commands.ArticleInfo) *discordgo.ApplicationCommandOptionChoice {
	title := orDefault(strings.Join(strings.Fields(a.Title), " "), "Untitled")
	name := title
	if a.Date != "" {
		name = truncate(title, maxChoiceLen-len(a.Date)-3) + " (" + a.Date + ")"
	}
	value := a.ID
	if value == "" || unitLen(value) > maxChoiceLen {
		value = truncate(title, maxChoiceLen)
	}
	return &discordgo.ApplicationCommandOptionChoice{Name: truncate(name, maxChoiceLen), Value: value}
}

// onComponent handles the buttons: Sources, 👍/👎 and article pages.
func (b *Bot) onComponent(ctx context.Context, r *request, i *discordgo.Interaction) {
	lg := r.lg
	id := i.MessageComponentData().CustomID
	switch {
	case strings.HasPrefix(id, idSources):
		sa, ok := b.answers.Get(strings.TrimPrefix(id, idSources))
		if !ok {
			r.reply.refuse(ctx, msgExpired)
			return
		}
		if err := b.api.respond(ctx, i, discordgo.InteractionResponseChannelMessageWithSource, newPayload(renderSources(sa.answer), true)); err != nil {
			lg.ErrorContext(ctx, "could not show the sources", "err", err)
		}
	case strings.HasPrefix(id, idVoteUp), strings.HasPrefix(id, idVoteDown):
		vote, answerID := "up", strings.TrimPrefix(id, idVoteUp)
		if strings.HasPrefix(id, idVoteDown) {
			vote, answerID = "down", strings.TrimPrefix(id, idVoteDown)
		}
		sa, known := b.answers.Get(answerID)
		attrs := []any{"user", r.userID, "interaction", i.ID, "answer", answerID, "vote", vote, "known", known}
		if known {
			attrs = append(attrs, "question", truncate(sa.question, 200), "mode", sa.answer.Mode)
		}
		lg.InfoContext(ctx, "answer feedback", attrs...)
		if b.cfg.Recorder != nil {
			b.cfg.Recorder.Vote(ctx, history.Vote{AnswerID: answerID, Question: sa.question, User: r.userID, Up: vote == "up"})
		}
		r.reply.refuse(ctx, msgThanks)
	case strings.HasPrefix(id, idArticles):
		page := 0
		p, period, _ := strings.Cut(strings.TrimPrefix(id, idArticles), ":")
		switch p {
		case "first":
		case "last":
			page = math.MaxInt32
		default:
			page, _ = strconv.Atoi(p)
		}
		a, err := b.a.ListArticles(ctx, commands.ArticleFilter{Period: period})
		var inputErr *commands.InputError
		if errors.As(err, &inputErr) {
			r.reply.refuse(ctx, inputErr.Msg)
			return
		}
		if err != nil {
			lg.ErrorContext(ctx, "could not list the articles", "err", err)
			r.reply.refuse(ctx, msgFailed)
			return
		}
		if err := b.api.respond(ctx, i, discordgo.InteractionResponseUpdateMessage, newPayload(renderArticles(a, page, period), false)); err != nil {
			lg.ErrorContext(ctx, "could not turn the page", "err", err)
		}
	default:
		r.reply.refuse(ctx, msgExpired)
	}
}
