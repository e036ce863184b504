// Package bot is Byline's Discord front end: it turns slash commands,
// mentions and direct messages into [commands] calls and the answers into
// Discord messages.
//
// It keeps Discord's rules: every interaction is acknowledged (deferred)
// before the slow work, an answer being written grows by edits at most once
// per [Config.EditInterval], long answers are split within the message
// limits, and everything sent carries allowed_mentions with an empty parse
// list so that no text from an article or a language model ever pings
// anyone. It is the only package that imports discordgo.
//
// Slash commands and messages go through one pipeline of small steps
// (recover, track for shutdown, channel check, input check, admission,
// acknowledge, answer; see pipeline.go); a slash command is a table entry
// in slash.go built from only the commands-layer methods it uses.
//
// [New] builds a [Bot]; [Bot.Run] connects, registers the slash commands
// (only when they changed) and serves until its context ends, then stops
// taking work, finishes the answers in flight and closes the gateway.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"byline/commands"
)

// Answerer is what the bot needs from the commands layer; *commands.Service
// implements it.
type Answerer interface {
	Ask(ctx context.Context, question string, opt commands.Options) (*commands.Answer, error)
	Summarize(ctx context.Context, target string, opt commands.Options) (*commands.Answer, error)
	Quote(ctx context.Context, fragment, speaker string) (*commands.Answer, error)
	ListArticles(ctx context.Context, f commands.ArticleFilter) (*commands.Answer, error)
	// Titles returns up to max articles whose title matches prefix as
	// typed so far; all of them when max <= 0.
	Titles(prefix string, max int) []commands.ArticleInfo
}

// DefaultAPIBaseURL is Discord's own API host.
const DefaultAPIBaseURL = "https://discord.com"

// Defaults for the zero values of Config.
const (
	DefaultGuildConcurrency = 4
	DefaultEditInterval     = time.Second
	DefaultShutdownTimeout  = 30 * time.Second
)

// Config holds the bot's settings.
type Config struct {
	Token   string // the bot token, with or without the "Bot " prefix
	GuildID string // register the commands in this guild (instant); "" = globally
	// AllowedChannels, when not empty, are the only guild channels (and
	// their threads) where the bot answers. Direct messages are not
	// restricted by it.
	AllowedChannels []string
	// APIBaseURL is a Discord-compatible server; "" means DefaultAPIBaseURL.
	APIBaseURL string
	// UserCooldown is the minimum time between two questions of a user;
	// 0 means none.
	UserCooldown time.Duration
	// GuildConcurrency is how many answers may be written at once per
	// guild (and per user in DMs); 0 means DefaultGuildConcurrency.
	GuildConcurrency int
	// EditInterval is the least time between two edits of a streaming
	// answer; 0 means DefaultEditInterval.
	EditInterval time.Duration
	// ShutdownTimeout bounds how long Run waits for answers in flight
	// after its context ends; 0 means DefaultShutdownTimeout.
	ShutdownTimeout time.Duration
	// Adder, when set, backs /add (members with Manage Server only).
	Adder PageAdder

	// Recorder, when set, is told of every question and vote.
	Recorder Recorder
	// Memory, when set, keeps conversations beyond a restart.
	Memory Memory
	// Stats, when set, offers /byline stats to members who may manage
	// the server.
	Stats Reporter
	// OnRateLimit, when set, is told of each wait for a Discord rate limit.
	OnRateLimit func(wait time.Duration)
}

// ValidID reports whether s is a Discord id (a snowflake): a non-zero
// unsigned 64-bit number in decimal. It is the one check of ids, used by
// the bot's Config and by main's configuration.
func ValidID(s string) bool {
	n, err := strconv.ParseUint(s, 10, 64)
	return err == nil && n != 0 && len(s) <= 20
}

// check validates c, reporting every problem at once, and fills defaults.
func (c Config) check() (Config, *url.URL, error) {
	var errs []error
	c.Token = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(c.Token), "Bot "))
	switch {
	case c.Token == "":
		errs = append(errs, errors.New("discord token is empty"))
	case strings.ContainsAny(c.Token, " \t\r\n"):
		errs = append(errs, errors.New("discord token contains whitespace"))
	}
	if c.GuildID != "" && !ValidID(c.GuildID) {
		errs = append(errs, fmt.Errorf("discord guild id %q is not a Discord id (digits)", c.GuildID))
	}
	for _, ch := range c.AllowedChannels {
		if !ValidID(ch) {
			errs = append(errs, fmt.Errorf("allowed channel %q is not a Discord id (digits)", ch))
		}
	}
	if c.APIBaseURL == "" {
		c.APIBaseURL = DefaultAPIBaseURL
	}
	base, err := url.Parse(c.APIBaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" || base.RawQuery != "" || base.Fragment != "" {
		errs = append(errs, fmt.Errorf("discord API base URL %q is not an http(s) URL like %s", c.APIBaseURL, DefaultAPIBaseURL))
	}
	if c.UserCooldown < 0 {
		errs = append(errs, fmt.Errorf("discord user cooldown %v is negative", c.UserCooldown))
	}
	if c.GuildConcurrency < 0 {
		errs = append(errs, fmt.Errorf("discord guild concurrency %d is negative", c.GuildConcurrency))
	}
	if c.EditInterval < 0 {
		errs = append(errs, fmt.Errorf("edit interval %v is negative", c.EditInterval))
	}
	if c.ShutdownTimeout < 0 {
		errs = append(errs, fmt.Errorf("shutdown timeout %v is negative", c.ShutdownTimeout))
	}
	if len(errs) > 0 {
		return c, nil, fmt.Errorf("bot config: %w", errors.Join(errs...))
	}
	if c.GuildConcurrency == 0 {
		c.GuildConcurrency = DefaultGuildConcurrency
	}
	if c.EditInterval == 0 {
		c.EditInterval = DefaultEditInterval
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = DefaultShutdownTimeout
	}
	return c, base, nil
}

// Intents the bot asks for: guilds, guild messages and direct messages.
// Not the privileged MESSAGE_CONTENT: messages that mention the bot and
// direct messages arrive with their content without it.
const Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages

// Bot is a Discord bot answering from an Answerer.
type Bot struct {
	lg      *slog.Logger
	cfg     Config
	a       Answerer
	s       *discordgo.Session
	api     *api
	allowed map[string]bool
	// commands are the slash commands by name.
	commands map[string]slashCommand

	answers *store[string, storedAnswer] // for the buttons, by answer id
	convs   *conversations
	cool    *cooldowns
	slots   *slots
	work    inflight

	idPrefix string // makes answer ids of this process unique
	seq      atomic.Uint64
	started  atomic.Bool
}

// storedAnswer is an answer kept for its buttons.
type storedAnswer struct {
	answer   *commands.Answer
	question string
}

// turn is the last question and answer of a conversation, for follow-ups.
type turn struct {
	question, answer string
	channel          string // the guild channel the conversation lives in (a thread's parent)
}

// New builds a Bot; nothing connects before Run.
func New(lg *slog.Logger, cfg Config, a Answerer) (*Bot, error) {
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	if a == nil {
		return nil, errors.New("bot: no answerer")
	}
	cfg, base, err := cfg.check()
	if err != nil {
		return nil, err
	}
	s, err := discordgo.New("Bot " + cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("create discord session: %w", err)
	}
	s.Client = &http.Client{Timeout: 30 * time.Second, Transport: newRewriteTransport(base, defaultTransport())}
	s.Dialer = &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		NetDialContext:   (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		HandshakeTimeout: 10 * time.Second,
	}
	s.Identify.Intents = Intents
	s.ShouldReconnectOnError = true
	s.ShouldRetryOnRateLimit = true
	s.StateEnabled = true
	s.LogLevel = discordgo.LogWarning
	routeDiscordgoLogs(lg, cfg.Token)
	b := &Bot{
		lg:       lg,
		cfg:      cfg,
		a:        a,
		s:        s,
		api:      &api{s: s},
		allowed:  make(map[string]bool),
		commands: make(map[string]slashCommand),
		answers:  newStore[string, storedAnswer](2000, 24*time.Hour),
		convs:    &conversations{cache: newStore[string, turn](5000, 24*time.Hour), mem: cfg.Memory},
		cool:     newCooldowns(cfg.UserCooldown),
		slots:    newSlots(cfg.GuildConcurrency),
		idPrefix: randomID(),
	}
	for _, ch := range cfg.AllowedChannels {
		b.allowed[ch] = true
	}
	for _, c := range slashCommands(a, cfg.Adder, cfg.Stats) {
		b.commands[c.spec.Name] = c
	}
	return b, nil
}

// Run connects to Discord, registers the slash commands when they changed
// and answers until ctx ends. It then answers new interactions with "shutting
// down", waits up to Config.ShutdownTimeout for the answers in flight and
// closes the gateway. Run may be called once.
func (b *Bot) Run(ctx context.Context) error {
	if !b.started.CompareAndSwap(false, true) {
		return errors.New("bot: Run called twice")
	}
	// Answers in flight outlive ctx (they are finished during shutdown);
	// stopWork cancels them when the shutdown wait runs out.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	removers := []func(){
		b.s.AddHandler(func(_ *discordgo.Session, e *discordgo.InteractionCreate) {
			b.onInteraction(workCtx, e.Interaction)
		}),
		b.s.AddHandler(func(_ *discordgo.Session, e *discordgo.MessageCreate) {
			b.onMessage(workCtx, e.Message)
		}),
		b.s.AddHandler(func(_ *discordgo.Session, e *discordgo.Ready) {
			b.lg.InfoContext(ctx, "discord gateway ready", "user", userName(e.User), "guilds", len(e.Guilds))
		}),
		b.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
			b.lg.InfoContext(ctx, "discord gateway resumed")
		}),
		b.s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			if b.work.Closed() {
				b.lg.InfoContext(ctx, "discord gateway closed")
				return
			}
			b.lg.WarnContext(ctx, "discord gateway disconnected; discordgo reconnects")
		}),
		b.s.AddHandler(func(_ *discordgo.Session, e *discordgo.RateLimit) {
			b.lg.WarnContext(ctx, "discord rate limit; retrying", "url", redactURL(e.URL), "retry_after", e.RetryAfter)
			if b.cfg.OnRateLimit != nil {
				b.cfg.OnRateLimit(e.RetryAfter)
			}
		}),
	}
	defer func() {
		for _, remove := range removers {
			remove()
		}
	}()

	if err := b.s.Open(); err != nil {
		return fmt.Errorf("connect to discord gateway: %w", err)
	}
	appID := b.applicationID()
	if err := b.registerCommands(ctx, appID); err != nil {
		b.s.Close()
		if ctx.Err() != nil {
			return nil // stopped while starting: not a failure
		}
		return err
	}
	b.lg.InfoContext(ctx, "discord bot running", "application", appID, "guild", b.cfg.GuildID, "allowed_channels", len(b.allowed))

	<-ctx.Done()
	idle := b.work.Close()
	b.lg.InfoContext(ctx, "discord bot shutting down; finishing answers in flight")
	select {
	case <-idle:
	case <-time.After(b.cfg.ShutdownTimeout):
		b.lg.WarnContext(ctx, "answers still in flight after the shutdown timeout; cancelling them", "timeout", b.cfg.ShutdownTimeout)
		stopWork()
		select {
		case <-idle:
		case <-time.After(5 * time.Second):
		}
	}
	if err := b.s.Close(); err != nil {
		return fmt.Errorf("close discord gateway: %w", err)
	}
	b.lg.InfoContext(ctx, "discord bot stopped")
	return nil
}

// Ready returns nil while the gateway session is connected and ready, for
// a readiness check.
func (b *Bot) Ready() error {
	b.s.RLock()
	defer b.s.RUnlock()
	if !b.s.DataReady {
		return errors.New("discord gateway not connected")
	}
	return nil
}

// applicationID is the application the bot belongs to (for real bots the
// same id as its user), as READY reported it.
func (b *Bot) applicationID() string {
	b.s.State.RLock()
	defer b.s.State.RUnlock()
	if app := b.s.State.Application; app != nil && app.ID != "" {
		return app.ID
	}
	if b.s.State.User != nil {
		return b.s.State.User.ID
	}
	return ""
}

// selfID is the bot's own user id ("" before READY).
func (b *Bot) selfID() string {
	b.s.State.RLock()
	defer b.s.State.RUnlock()
	if b.s.State.User != nil {
		return b.s.State.User.ID
	}
	return ""
}

// allowedChannel reports whether the bot answers in a guild channel (or in a
// thread of one, given as parent). Direct messages are always allowed.
func (b *Bot) allowedChannel(guildID, channelID, parentID string) bool {
	if guildID == "" || len(b.allowed) == 0 {
		return true
	}
	if b.allowed[channelID] || (parentID != "" && b.allowed[parentID]) {
		return true
	}
	// A thread the gateway told us about (its parent is in the state).
	if ch, err := b.s.State.Channel(channelID); err == nil && ch.ParentID != "" {
		return b.allowed[ch.ParentID]
	}
	return false
}

// notHere is the refusal for a channel outside AllowedChannels.
func (b *Bot) notHere() string {
	var chans []string
	for _, id := range b.cfg.AllowedChannels {
		chans = append(chans, "<#"+id+">")
		if len(chans) == 5 {
			break
		}
	}
	return truncate("I only answer in "+strings.Join(chans, ", ")+".", maxContent)
}

// remember keeps an answer for its buttons and returns its id.
func (b *Bot) remember(a *commands.Answer, question string) string {
	id := b.idPrefix + fmt.Sprintf("%x", b.seq.Add(1))
	b.answers.Put(id, storedAnswer{answer: a, question: question})
	return id
}

func userName(u *discordgo.User) string {
	if u == nil {
		return ""
	}
	return u.Username
}
