package bot

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"time"

	"byline/commands"
	"byline/history"
)

// One pipeline answers every question, whether it came as a slash command
// or as a message: a chain of small steps in the manner of disgo's handler
// middleware, each doing one thing and handing the request on (or not):
//
//	recoverPanics → track → checkChannel → checkInput → admit → acknowledge → answer
//
// What differs between an interaction and a message is only where the
// lines go, which the request's [reply] knows.

// request is one thing a user asked, on its way through the pipeline.
type request struct {
	lg       *slog.Logger
	received time.Time
	guildID  string // "" in direct messages
	channel  string // where it was asked
	parent   string // the channel of a thread the bot started, when asked in one
	home     string // the channel the conversation lives in, remembered for follow-ups
	userID   string
	// quiet requests get no reply outside the allowed channels: a
	// message there was not necessarily meant for the bot.
	quiet bool
	job   job
	reply reply
}

// reply is where the lines for one request go: an interaction's responses
// or replies to a message.
type reply interface {
	// refuse tells the user one line before anything was acknowledged.
	refuse(ctx context.Context, text string)
	// ack shows the user the request is being worked on.
	ack(ctx context.Context) error
	// preview shows an answer being written.
	preview(ctx context.Context, text string) error
	// deliver shows the answer and returns the ids of its messages.
	deliver(ctx context.Context, msgs []message) []string
	// fail replaces the acknowledgement with an error line.
	fail(ctx context.Context, text string)
}

// conversation is a reply that continues a conversation after an answer
// (in a thread); t is the turn to remember.
type conversation interface {
	continueAfter(ctx context.Context, t turn)
}

// job is the answer to produce for a request.
type job struct {
	name     string // the command, for the log and the question log
	question string // remembered for follow-ups and the buttons
	// refusal, when set, is the line telling the user why the input
	// cannot be answered; nothing runs.
	refusal string
	stream  bool // show the LLM text while it is written
	cheap   bool // no cooldown, no concurrency slot (a listing)
	keep    bool // remember the answer for its buttons and follow-ups
	history []commands.Message
	run     func(ctx context.Context, opt commands.Options) (*commands.Answer, error)
	render  func(a *commands.Answer, answerID string) []message
}

// handler handles a request; a step wraps a handler with one concern.
type (
	handler func(ctx context.Context, r *request)
	step    func(next handler) handler
)

// chain wraps h in steps, the first outermost.
func chain(h handler, steps ...step) handler {
	for i := len(steps) - 1; i >= 0; i-- {
		h = steps[i](h)
	}
	return h
}

// pipeline is the chain every question goes through.
func (b *Bot) pipeline() handler {
	return chain(b.answer, b.recoverPanics, b.track, b.checkChannel, checkInput, b.admit, acknowledge)
}

// recoverPanics logs a panic of a handler instead of letting it kill the bot.
func (b *Bot) recoverPanics(next handler) handler {
	return func(ctx context.Context, r *request) {
		defer func() {
			if p := recover(); p != nil {
				r.lg.ErrorContext(ctx, "panic in discord handler", "panic", p, "stack", string(debug.Stack()))
			}
		}()
		next(ctx, r)
	}
}

// track counts the request as work in flight, so shutdown waits for it;
// once shutdown has begun the user is told so instead.
func (b *Bot) track(next handler) handler {
	return func(ctx context.Context, r *request) {
		if !b.work.Begin() {
			r.reply.refuse(ctx, msgShuttingDown)
			return
		}
		defer b.work.Done()
		next(ctx, r)
	}
}

// checkChannel keeps the bot to the allowed channels.
func (b *Bot) checkChannel(next handler) handler {
	return func(ctx context.Context, r *request) {
		if !b.allowedChannel(r.guildID, r.channel, r.parent) {
			if !r.quiet {
				r.reply.refuse(ctx, b.notHere())
			}
			return
		}
		next(ctx, r)
	}
}

// checkInput refuses a request its job cannot answer (no question, an
// unknown command).
func checkInput(next handler) handler {
	return func(ctx context.Context, r *request) {
		if r.job.refusal != "" {
			r.reply.refuse(ctx, r.job.refusal)
			return
		}
		next(ctx, r)
	}
}

// admit applies the per-guild concurrency limit and the per-user cooldown
// to every job but the cheap ones.
func (b *Bot) admit(next handler) handler {
	return func(ctx context.Context, r *request) {
		if r.job.cheap {
			next(ctx, r)
			return
		}
		key := "g:" + r.guildID
		if r.guildID == "" {
			key = "dm:" + r.userID
		}
		if !b.slots.Acquire(key) {
			r.reply.refuse(ctx, msgBusy)
			return
		}
		defer b.slots.Release(key)
		if wait := b.cool.Allow(r.userID); wait > 0 {
			r.reply.refuse(ctx, fmt.Sprintf(msgCooldown, int(math.Ceil(wait.Seconds()))))
			return
		}
		next(ctx, r)
	}
}

// acknowledge shows the user the request is being worked on before any
// slow work: Discord drops interactions not answered within 3 seconds.
func acknowledge(next handler) handler {
	return func(ctx context.Context, r *request) {
		if err := r.reply.ack(ctx); err != nil {
			r.lg.ErrorContext(ctx, "could not acknowledge the request", "err", err, "after", time.Since(r.received))
			return
		}
		r.lg.DebugContext(ctx, "request acknowledged", "after", time.Since(r.received))
		next(ctx, r)
	}
}

// answer runs the job (showing the text as it streams), delivers the
// answer and remembers it for its buttons and follow-ups.
func (b *Bot) answer(ctx context.Context, r *request) {
	j := r.job
	opt := commands.Options{History: j.history}
	var st *streamer
	if j.stream {
		st = startStreamer(ctx, r.lg, b.cfg.EditInterval, r.reply.preview)
		opt.OnDelta = st.Add
	}
	a, err := runJob(ctx, j, opt)
	if st != nil {
		st.Stop()
	}
	if err != nil {
		r.reply.fail(ctx, userError(ctx, r.lg, err))
		b.record(ctx, r, nil, err, "")
		return
	}
	id := ""
	if j.keep {
		id = b.remember(a, j.question)
	}
	defer b.record(ctx, r, a, nil, id)
	ids := r.reply.deliver(ctx, j.render(a, id))
	if j.keep && len(ids) > 0 {
		t := turn{question: j.question, answer: a.Text, channel: r.home}
		for _, mid := range ids {
			b.convs.Put(ctx, "m:"+mid, t)
		}
		if c, ok := r.reply.(conversation); ok {
			c.continueAfter(ctx, t)
		}
	}
	r.lg.InfoContext(ctx, "answered", "answer", id, "mode", a.Mode, "parts", len(ids),
		"citations", len(a.Citations), "follow_up", len(j.history) > 0, "took", time.Since(r.received))
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

// record tells the Recorder about a question (not about listings and
// other commands that keep no answer).
func (b *Bot) record(ctx context.Context, r *request, a *commands.Answer, err error, answerID string) {
	if b.cfg.Recorder == nil || !r.job.keep {
		return
	}
	b.cfg.Recorder.Question(ctx, history.Question{
		Source: "discord", Command: r.job.name, Text: r.job.question, Outcome: history.OutcomeOf(a, err),
		Sources: history.SourcesOf(a), Latency: time.Since(r.received), AnswerID: answerID, User: r.userID,
	})
}
