package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"byline/commands"
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

// recoverHandler logs a panic of a handler instead of letting it kill the bot.
func (b *Bot) recoverHandler(lg *slog.Logger) {
	if r := recover(); r != nil {
		lg.Error("panic in discord handler", "panic", r, "stack", string(debug.Stack()))
	}
}

// onInteraction handles one INTERACTION_CREATE; discordgo runs it in its own goroutine.
func (b *Bot) onInteraction(ctx context.Context, i *discordgo.Interaction) {
	received := time.Now()
	u := interactionUser(i)
	lg := b.lg.With("interaction", i.ID, "type", i.Type.String(), "user", u.ID, "guild", i.GuildID, "channel", i.ChannelID)
	defer b.recoverHandler(lg)
	if !b.work.Begin() {
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			b.respond(ctx, i, discordgo.InteractionApplicationCommandAutocompleteResult, choices{Choices: nil})
			return
		}
		if err := b.respondEphemeral(ctx, i, msgShuttingDown); err != nil {
			lg.Warn("could not answer during shutdown", "err", err)
		}
		return
	}
	defer b.work.Done()
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		b.onCommand(ctx, lg, i, received)
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.onAutocomplete(ctx, lg, i)
	case discordgo.InteractionMessageComponent:
		b.onComponent(ctx, lg, i)
	case discordgo.InteractionPing:
		// Only sent to HTTP-endpoint applications, never on the gateway.
	default:
		lg.Info("ignoring interaction type")
	}
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

// stringOption returns a string option's value; wrong types (hostile or
// malformed payloads) count as absent instead of panicking as discordgo's
// StringValue would.
func stringOption(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o != nil && o.Name == name {
			s, _ := o.Value.(string)
			return s
		}
	}
	return ""
}

// job is one answer to produce for an interaction or a message.
type job struct {
	name     string // for the log
	question string // remembered for follow-ups
	stream   bool   // show the LLM text while it is written
	run      func(ctx context.Context, opt commands.Options) (*commands.Answer, error)
	render   func(a *commands.Answer, answerID string) []message
}

// onCommand handles a slash command.
func (b *Bot) onCommand(ctx context.Context, lg *slog.Logger, i *discordgo.Interaction, received time.Time) {
	data := i.ApplicationCommandData()
	lg = lg.With("command", data.Name)
	if !b.allowedChannel(i.GuildID, i.ChannelID, b.threadParent(i.ChannelID)) {
		if err := b.respondEphemeral(ctx, i, b.notHere()); err != nil {
			lg.Warn("could not refuse a command outside the allowed channels", "err", err)
		}
		return
	}
	var j job
	switch data.Name {
	case cmdAsk:
		q := strings.TrimSpace(stringOption(data.Options, optQuestion))
		if q == "" {
			b.refuse(ctx, lg, i, msgNoQuestion)
			return
		}
		j = job{name: cmdAsk, question: q, stream: true, render: renderAnswer,
			run: func(ctx context.Context, opt commands.Options) (*commands.Answer, error) {
				return b.a.Ask(ctx, q, opt)
			}}
	case cmdSummarize:
		target := strings.TrimSpace(stringOption(data.Options, optArticle))
		length := commands.Brief
		if stringOption(data.Options, optLength) == string(commands.Detailed) {
			length = commands.Detailed
		}
		j = job{name: cmdSummarize, question: "Summarize: " + target, stream: true, render: renderAnswer,
			run: func(ctx context.Context, opt commands.Options) (*commands.Answer, error) {
				opt.Length = length
				return b.a.Summarize(ctx, b.resolveArticle(target), opt)
			}}
	case cmdQuote:
		text := strings.TrimSpace(stringOption(data.Options, optText))
		speaker := strings.TrimSpace(stringOption(data.Options, optSpeaker))
		if text == "" && speaker == "" {
			b.refuse(ctx, lg, i, msgNoQuote)
			return
		}
		j = job{name: cmdQuote, question: strings.TrimSpace("Who said “" + text + "” " + speaker), render: renderAnswer,
			run: func(ctx context.Context, _ commands.Options) (*commands.Answer, error) {
				return b.a.Quote(ctx, text, speaker)
			}}
	case cmdArticles:
		// Cheap: no cooldown, no slot.
		if !b.ack(ctx, lg, i, received) {
			return
		}
		a, err := b.a.Articles(ctx)
		if err != nil {
			b.failInteraction(ctx, lg, i, err)
			return
		}
		if _, err := b.editOriginal(ctx, i, renderArticles(a, 0)); err != nil {
			lg.Error("could not show the articles", "err", err)
		}
		return
	default:
		b.refuse(ctx, lg, i, msgUnknown)
		return
	}
	b.answerInteraction(ctx, lg, i, received, j)
}

// threadParent is the channel of a thread the bot started ("" otherwise).
func (b *Bot) threadParent(channelID string) string {
	t, _ := b.convs.Get("c:" + channelID)
	return t.channel
}

// refuse answers an interaction with an ephemeral line.
func (b *Bot) refuse(ctx context.Context, lg *slog.Logger, i *discordgo.Interaction, text string) {
	if err := b.respondEphemeral(ctx, i, text); err != nil {
		lg.Warn("could not answer the interaction", "err", err, "text", text)
	}
}

// admit applies the per-guild concurrency limit and the per-user
// cooldown. It returns a release func, or the line to tell the user.
func (b *Bot) admit(guildID, userID string) (release func(), refusal string) {
	key := "g:" + guildID
	if guildID == "" {
		key = "dm:" + userID
	}
	if !b.slots.Acquire(key) {
		return nil, msgBusy
	}
	if wait := b.cool.Allow(userID); wait > 0 {
		b.slots.Release(key)
		return nil, fmt.Sprintf(msgCooldown, int(math.Ceil(wait.Seconds())))
	}
	return func() { b.slots.Release(key) }, ""
}

// ack acknowledges an interaction with a deferred response ("thinking…"):
// Discord drops interactions not answered within 3 seconds, so this comes
// before any slow work.
func (b *Bot) ack(ctx context.Context, lg *slog.Logger, i *discordgo.Interaction, received time.Time) bool {
	if err := b.respond(ctx, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, nil); err != nil {
		lg.Error("could not acknowledge the interaction", "err", err, "after", time.Since(received))
		return false
	}
	lg.Debug("interaction acknowledged", "after", time.Since(received))
	return true
}

// answerInteraction acknowledges, runs the job (showing the text as it
// streams), then replaces the response with the final answer.
func (b *Bot) answerInteraction(ctx context.Context, lg *slog.Logger, i *discordgo.Interaction, received time.Time, j job) {
	u := interactionUser(i)
	release, refusal := b.admit(i.GuildID, u.ID)
	if refusal != "" {
		b.refuse(ctx, lg, i, refusal)
		return
	}
	defer release()
	if !b.ack(ctx, lg, i, received) {
		return
	}
	var opt commands.Options
	var st *streamer
	if j.stream {
		st = startStreamer(ctx, lg, b.cfg.EditInterval, func(ctx context.Context, preview string) error {
			_, err := b.editOriginal(ctx, i, message{Content: preview})
			return err
		})
		opt.OnDelta = st.Add
	}
	a, err := runJob(ctx, j, opt)
	if st != nil {
		st.Stop()
	}
	if err != nil {
		b.failInteraction(ctx, lg, i, err)
		return
	}
	id := b.remember(a, j.question)
	ids := b.deliver(ctx, lg, i, received, j.render(a, id))
	t := turn{question: j.question, answer: a.Text, channel: i.ChannelID}
	for _, mid := range ids {
		b.convs.Put("m:"+mid, t)
	}
	lg.Info("answered", "answer", id, "mode", a.Mode, "parts", len(ids), "citations", len(a.Citations), "took", time.Since(received))
}

// runJob runs j, turning a panic in the commands layer into an error so
// the user is told something went wrong instead of waiting forever.
func runJob(ctx context.Context, j job, opt commands.Options) (a *commands.Answer, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s panicked: %v\n%s", j.name, r, debug.Stack())
		}
	}()
	a, err = j.run(ctx, opt)
	if err == nil && a == nil {
		err = fmt.Errorf("%s returned no answer", j.name)
	}
	return a, err
}

// deliver sends the parts of an answer: the first replaces the deferred
// response, the rest are follow-ups. Once the interaction token has
// expired (15 minutes) the remaining parts go to the channel instead. It
// returns the ids of the messages sent.
func (b *Bot) deliver(ctx context.Context, lg *slog.Logger, i *discordgo.Interaction, received time.Time, msgs []message) []string {
	var ids []string
	viaChannel := time.Since(received) > tokenLifetime
	for k, m := range msgs {
		var id string
		var err error
		if !viaChannel {
			if k == 0 {
				id, err = b.editOriginal(ctx, i, m)
			} else {
				id, err = b.followup(ctx, i, m, false)
			}
			if err != nil && tokenExpired(err) {
				lg.Warn("interaction token expired; sending the rest of the answer to the channel", "part", k)
				viaChannel = true
			}
		}
		if viaChannel {
			id, err = b.sendChannel(ctx, i.ChannelID, m, nil)
		}
		if err != nil {
			lg.Error("could not send a part of the answer", "part", k, "parts", len(msgs), "err", err)
			if k == 0 {
				// Do not leave the user with "thinking…" forever.
				if _, err := b.editOriginal(ctx, i, message{Content: msgFailed}); err != nil {
					lg.Error("could not report the failure", "err", err)
				}
				return ids
			}
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// failInteraction tells the user, ephemerally, that the command failed: an
// InputError's own message, else one honest line (details to the log).
func (b *Bot) failInteraction(ctx context.Context, lg *slog.Logger, i *discordgo.Interaction, err error) {
	text := userError(ctx, lg, err)
	// The deferred response is visible to everyone; an ephemeral
	// follow-up replaces it so only the user sees the error.
	ctx = context.WithoutCancel(ctx)
	if err := b.deleteOriginal(ctx, i); err != nil {
		lg.Warn("could not delete the deferred response; editing it instead", "err", err)
		if _, err := b.editOriginal(ctx, i, message{Content: text}); err != nil {
			lg.Error("could not report the error to the user", "err", err)
		}
		return
	}
	if _, err := b.followup(ctx, i, message{Content: text}, true); err != nil {
		lg.Error("could not report the error to the user", "err", err)
	}
}

// userError is the line shown for err; unexpected errors are logged.
func userError(ctx context.Context, lg *slog.Logger, err error) string {
	var ie *commands.InputError
	switch {
	case errors.As(err, &ie):
		lg.Info("input refused", "reason", ie.Msg)
		return truncate(ie.Msg, maxContent)
	case ctx.Err() != nil:
		lg.Warn("answer cancelled", "err", err)
		return msgCancelled
	default:
		lg.Error("answer failed", "err", err)
		return msgFailed
	}
}

// resolveArticle turns an autocomplete value (an article id) back into
// the title Summarize matches; anything else is a typed title or topic.
func (b *Bot) resolveArticle(v string) string {
	for _, a := range b.a.Titles("", 0) {
		if a.ID == v && strings.TrimSpace(a.Title) != "" {
			return a.Title
		}
	}
	return v
}

// onAutocomplete suggests article titles for /summarize (and speakers for
// /quote when the answerer knows them): at most 25, matched as typed.
func (b *Bot) onAutocomplete(ctx context.Context, lg *slog.Logger, i *discordgo.Interaction) {
	data := i.ApplicationCommandData()
	var focused *discordgo.ApplicationCommandInteractionDataOption
	for _, o := range data.Options {
		if o != nil && o.Focused {
			focused = o
		}
	}
	out := []*discordgo.ApplicationCommandOptionChoice{}
	if focused != nil && b.allowedChannel(i.GuildID, i.ChannelID, b.threadParent(i.ChannelID)) {
		typed, _ := focused.Value.(string)
		switch data.Name + "/" + focused.Name {
		case cmdSummarize + "/" + optArticle:
			for _, a := range b.a.Titles(typed, maxChoices) {
				out = append(out, articleChoice(a))
				if len(out) == maxChoices {
					break
				}
			}
		case cmdQuote + "/" + optSpeaker:
			if sl, ok := b.a.(speakerLister); ok {
				for _, s := range sl.Speakers(typed, maxChoices) {
					if s = truncate(strings.TrimSpace(s), maxChoiceLen); s != "" {
						out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
					}
					if len(out) == maxChoices {
						break
					}
				}
			}
		}
	}
	if err := b.respond(ctx, i, discordgo.InteractionApplicationCommandAutocompleteResult, choices{Choices: out}); err != nil {
		lg.Warn("could not answer autocomplete", "err", err)
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
func (b *Bot) onComponent(ctx context.Context, lg *slog.Logger, i *discordgo.Interaction) {
	id := i.MessageComponentData().CustomID
	u := interactionUser(i)
	switch {
	case strings.HasPrefix(id, idSources):
		sa, ok := b.answers.Get(strings.TrimPrefix(id, idSources))
		if !ok {
			b.refuse(ctx, lg, i, msgExpired)
			return
		}
		if err := b.respond(ctx, i, discordgo.InteractionResponseChannelMessageWithSource, newPayload(renderSources(sa.answer), true)); err != nil {
			lg.Error("could not show the sources", "err", err)
		}
	case strings.HasPrefix(id, idVoteUp), strings.HasPrefix(id, idVoteDown):
		vote, answerID := "up", strings.TrimPrefix(id, idVoteUp)
		if strings.HasPrefix(id, idVoteDown) {
			vote, answerID = "down", strings.TrimPrefix(id, idVoteDown)
		}
		sa, known := b.answers.Get(answerID)
		attrs := []any{"user", u.ID, "interaction", i.ID, "answer", answerID, "vote", vote, "known", known}
		if known {
			attrs = append(attrs, "question", truncate(sa.question, 200), "mode", sa.answer.Mode)
		}
		lg.Info("answer feedback", attrs...)
		b.refuse(ctx, lg, i, msgThanks)
	case strings.HasPrefix(id, idArticles):
		page := 0
		switch p := strings.TrimPrefix(id, idArticles); p {
		case "first":
		case "last":
			page = math.MaxInt32
		default:
			page, _ = strconv.Atoi(p)
		}
		a, err := b.a.Articles(ctx)
		if err != nil {
			lg.Error("could not list the articles", "err", err)
			b.refuse(ctx, lg, i, msgFailed)
			return
		}
		if err := b.respond(ctx, i, discordgo.InteractionResponseUpdateMessage, newPayload(renderArticles(a, page), false)); err != nil {
			lg.Error("could not turn the page", "err", err)
		}
	default:
		b.refuse(ctx, lg, i, msgExpired)
	}
}
