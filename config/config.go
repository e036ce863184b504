// Package config is every setting Byline reads from the environment and an
// optional .env file: one table of names, defaults and meanings, read and
// checked at once so that every problem is reported together, with the
// secrets never printed or logged. Only main calls Load.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"byline/bot"
	"byline/commands"
	"byline/commands/llm"
	"byline/internal/redact"
)

// Config is every setting Byline reads from the environment (and .env).
// Only main loads it; everything else is handed what it needs.
type Config struct {
	SeedsDir  string
	IndexPath string
	DBPath    string
	LogLevel  string
	LogFormat string // text or json

	HistoryDays int    // how long the question log, votes and threads are kept; 0 = nothing kept
	HTTPAddr    string // where /healthz, /readyz and /metrics are served; "" = off

	Feeds             []string
	FeedInterval      time.Duration // 0: no polling
	FetchDir          string
	FetchAllowPrivate bool

	OpenAIAPIKey  string // secret: never printed or logged
	OpenAIBaseURL string
	OpenAIModel   string
	LLMTimeout    time.Duration
	LLMMaxContext int
	LLMMaxAnswer  int
	LLMMaxRetries int

	DiscordToken            string // secret: never printed or logged
	DiscordGuildID          string
	DiscordAllowedChannels  []string
	DiscordAPIBaseURL       string
	DiscordUserCooldown     time.Duration
	DiscordGuildConcurrency int
	DiscordNewsChannel      string
}

// Setting is one environment variable: its name, default and meaning. The
// same table feeds Load, the help text and the tests that check
// .env.example and the README list every variable.
type Setting struct {
	Name, Default, Help string
}

// Settings lists every variable Byline reads.
var Settings = []Setting{
	{"SEEDS_DIR", "seeds", "folder of article files (.txt, .md, .html), read recursively"},
	{"INDEX_PATH", ".byline/index", "folder of the on-disk search index (built on first use)"},
	{"DB_PATH", ".byline/byline.db", "the SQLite database of Byline's lasting state (feed fetch state, ...)"},
	{"LOG_LEVEL", "info", "debug, info, warn or error; logs go to stderr"},
	{"FEEDS", "", "comma-separated RSS 2.0 / Atom 1.0 feed URLs to follow; empty = none"},
	{"FEED_INTERVAL", "30m", "time between two passes over FEEDS while the bot or console runs (0 = only byline fetch)"},
	{"FETCH_DIR", ".byline/articles", "folder where fetched articles are kept as Markdown files"},
	{"FETCH_ALLOW_PRIVATE", "false", "true lets fetching reach loopback, private and link-local addresses (tests, feeds on your own network)"},
	{"LOG_FORMAT", "text", "text (key=value lines) or json (one JSON object a line)"},
	{"HISTORY_DAYS", "30", "days the question log, votes and thread memory are kept (0 = keep nothing)"},
	{"HTTP_ADDR", "", "host:port serving /healthz, /readyz and /metrics for the bot and the console, e.g. 127.0.0.1:9090; empty = off"},
	{"OPENAI_API_KEY", "", "API key of an OpenAI-compatible server; empty and no OPENAI_BASE_URL = extractive answers only"},
	{"OPENAI_BASE_URL", "", "OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 for Ollama; empty = OpenAI's when a key is set"},
	{"OPENAI_MODEL", llm.DefaultModel, "chat model name"},
	{"LLM_TIMEOUT", fmt.Sprintf("%ds", int(commands.DefaultLLMTimeout/time.Second)), "time limit of one language-model call, retries included (a summary in parts: three in all)"},
	{"LLM_MAX_CONTEXT_TOKENS", strconv.Itoa(commands.DefaultMaxContextTokens), "prompt budget in tokens (passages are packed up to it)"},
	{"LLM_MAX_ANSWER_TOKENS", strconv.Itoa(commands.DefaultMaxAnswerTokens), "longest answer the model may write, in tokens"},
	{"LLM_MAX_RETRIES", "3", "retries of a language-model call after a 429 or 5xx (0 = none)"},
	{"DISCORD_TOKEN", "", "bot token; empty = interactive console in the terminal"},
	{"DISCORD_GUILD_ID", "", "server id to register slash commands to (instant, for development); empty = global"},
	{"DISCORD_ALLOWED_CHANNELS", "", "comma-separated channel ids the bot answers in; empty = everywhere"},
	{"DISCORD_API_BASE_URL", bot.DefaultAPIBaseURL, "Discord-compatible API base URL (for self-hosted backends and tests)"},
	{"DISCORD_USER_COOLDOWN", "5s", "minimum time between two questions of one user (0 = none)"},
	{"DISCORD_GUILD_CONCURRENCY", strconv.Itoa(bot.DefaultGuildConcurrency), "answers worked on at once per server"},
	{"DISCORD_NEWS_CHANNEL", "", "channel id that gets a short note per newly added article; empty = none"},
}

// Load reads the configuration. lookupEnv returns the real environment
// (it wins); dotenv is the path of an optional .env file whose values fill
// in what the environment does not set. Every bad value is reported, joined
// in one error.
func Load(lookupEnv func(string) (string, bool), dotenv string) (Config, error) {
	file, err := readDotenv(dotenv)
	if err != nil {
		return Config{}, err
	}
	r := &reader{lookupEnv: lookupEnv, file: file}
	var c Config
	r.files(&c)
	r.ops(&c)
	r.llm(&c)
	r.discord(&c)
	return c, errors.Join(r.errs...)
}

// reader reads settings by name and collects every bad value.
type reader struct {
	lookupEnv func(string) (string, bool)
	file      map[string]string
	errs      []error
}

// get is name's value: the environment's, else .env's, else the default.
func (r *reader) get(name string) string {
	if v, ok := r.lookupEnv(name); ok {
		return strings.TrimSpace(v)
	}
	if v, ok := r.file[name]; ok {
		return strings.TrimSpace(v)
	}
	for _, s := range Settings {
		if s.Name == name {
			return s.Default
		}
	}
	return ""
}

func (r *reader) bad(name, format string, args ...any) {
	r.errs = append(r.errs, fmt.Errorf("%s %s", name, fmt.Sprintf(format, args...)))
}

func (r *reader) nonEmpty(name string) string {
	v := r.get(name)
	if v == "" {
		r.bad(name, "must not be empty")
	}
	return v
}

func (r *reader) duration(name string, zeroOK bool) time.Duration {
	v := r.get(name)
	d, err := time.ParseDuration(v)
	switch {
	case err != nil:
		r.bad(name, "is %q, not a duration (write e.g. 30s, 2m)", v)
	case d < 0 || (d == 0 && !zeroOK):
		r.bad(name, "is %q; it must be more than 0", v)
	}
	return d
}

func (r *reader) integer(name string, min, max int) int {
	v := r.get(name)
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		r.bad(name, "is %q, not a whole number", v)
	case n < min || n > max:
		r.bad(name, "is %d; it must be between %d and %d", n, min, max)
	}
	return n
}

// isHTTPURL reports whether v is an absolute http(s) URL.
func isHTTPURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func (r *reader) httpURL(name string) string {
	v := r.get(name)
	if v != "" && !isHTTPURL(v) {
		r.bad(name, "is %q, not an http(s) URL (write e.g. https://example.com)", redact.URL(v))
	}
	return v
}

func (r *reader) discordID(name, v string) {
	if !bot.ValidID(v) {
		r.bad(name, "has %q, which is not a Discord id (a number such as 123456789012345678)", v)
	}
}

func (r *reader) secret(name string) string {
	v := r.get(name)
	if strings.ContainsAny(v, " \t\r\n") {
		r.bad(name, "contains spaces (value not shown)")
	}
	return v
}

// files reads where articles, the index and the database are, and the feeds.
func (r *reader) files(c *Config) {
	c.SeedsDir = r.nonEmpty("SEEDS_DIR")
	c.IndexPath = r.nonEmpty("INDEX_PATH")
	c.DBPath = r.nonEmpty("DB_PATH")
	c.FetchDir = r.nonEmpty("FETCH_DIR")
	for _, f := range strings.Split(r.get("FEEDS"), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !isHTTPURL(f) {
			r.bad("FEEDS", "has %q, which is not an http(s) URL", redact.URL(f))
			continue
		}
		c.Feeds = append(c.Feeds, f)
	}
	c.FeedInterval = r.duration("FEED_INTERVAL", true)
	if c.FeedInterval > 0 && c.FeedInterval < time.Second {
		r.bad("FEED_INTERVAL", "is %q; it must be 0 (off) or at least 1s", r.get("FEED_INTERVAL"))
	}
	switch v := strings.ToLower(r.get("FETCH_ALLOW_PRIVATE")); v {
	case "true", "1", "yes":
		c.FetchAllowPrivate = true
	case "false", "0", "no", "":
	default:
		r.bad("FETCH_ALLOW_PRIVATE", "is %q; use true or false", v)
	}
}

// ops reads logging, the question log's retention and the HTTP address.
func (r *reader) ops(c *Config) {
	c.LogLevel = strings.ToLower(r.get("LOG_LEVEL"))
	if _, err := ParseLevel(c.LogLevel); err != nil {
		r.bad("LOG_LEVEL", "is %q; use debug, info, warn or error", r.get("LOG_LEVEL"))
	}
	c.LogFormat = strings.ToLower(r.get("LOG_FORMAT"))
	if c.LogFormat != "text" && c.LogFormat != "json" {
		r.bad("LOG_FORMAT", "is %q; use text or json", r.get("LOG_FORMAT"))
	}
	c.HistoryDays = r.integer("HISTORY_DAYS", 0, 36500)
	c.HTTPAddr = r.get("HTTP_ADDR")
	if c.HTTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
			r.bad("HTTP_ADDR", "is %q, not host:port (write e.g. 127.0.0.1:9090 or :9090)", c.HTTPAddr)
		}
	}
}

// llm reads the language model's settings.
func (r *reader) llm(c *Config) {
	c.OpenAIAPIKey = r.secret("OPENAI_API_KEY")
	c.OpenAIBaseURL = r.httpURL("OPENAI_BASE_URL")
	c.OpenAIModel = r.nonEmpty("OPENAI_MODEL")
	c.LLMTimeout = r.duration("LLM_TIMEOUT", false)
	c.LLMMaxContext = r.integer("LLM_MAX_CONTEXT_TOKENS", 256, 10_000_000)
	c.LLMMaxAnswer = r.integer("LLM_MAX_ANSWER_TOKENS", 16, 1_000_000)
	if least := commands.MinContextTokens(c.LLMMaxAnswer); c.LLMMaxContext >= 256 && c.LLMMaxContext < least && c.LLMMaxAnswer >= 16 {
		r.bad("LLM_MAX_CONTEXT_TOKENS", "is %d, too small for one passage with LLM_MAX_ANSWER_TOKENS=%d: every answer would fall back to the extractive one; it must be at least %d",
			c.LLMMaxContext, c.LLMMaxAnswer, least)
	}
	c.LLMMaxRetries = r.integer("LLM_MAX_RETRIES", 0, 20)
}

// discord reads the bot's settings.
func (r *reader) discord(c *Config) {
	c.DiscordToken = r.secret("DISCORD_TOKEN")
	c.DiscordGuildID = r.get("DISCORD_GUILD_ID")
	if c.DiscordGuildID != "" {
		r.discordID("DISCORD_GUILD_ID", c.DiscordGuildID)
	}
	for _, id := range strings.Split(r.get("DISCORD_ALLOWED_CHANNELS"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			r.discordID("DISCORD_ALLOWED_CHANNELS", id)
			c.DiscordAllowedChannels = append(c.DiscordAllowedChannels, id)
		}
	}
	c.DiscordAPIBaseURL = r.httpURL("DISCORD_API_BASE_URL")
	if c.DiscordAPIBaseURL == "" {
		r.bad("DISCORD_API_BASE_URL", "must not be empty")
	}
	c.DiscordUserCooldown = r.duration("DISCORD_USER_COOLDOWN", true)
	c.DiscordGuildConcurrency = r.integer("DISCORD_GUILD_CONCURRENCY", 1, 1000)
	if c.DiscordNewsChannel = r.get("DISCORD_NEWS_CHANNEL"); c.DiscordNewsChannel != "" {
		r.discordID("DISCORD_NEWS_CHANNEL", c.DiscordNewsChannel)
	}
}

// ParseLevel turns LOG_LEVEL into a slog level.
func ParseLevel(s string) (slog.Level, error) {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("unknown log level %q", s)
}

// hide says whether a secret is set without showing it.
func hide(secret string) string {
	if secret == "" {
		return ""
	}
	return redact.Mark
}

// redacted is c with its secrets hidden: the key, the token and the user
// information of every URL.
func (c Config) redacted() Config {
	c.OpenAIAPIKey = hide(c.OpenAIAPIKey)
	c.DiscordToken = hide(c.DiscordToken)
	c.OpenAIBaseURL = redact.URL(c.OpenAIBaseURL)
	c.DiscordAPIBaseURL = redact.URL(c.DiscordAPIBaseURL)
	feeds := make([]string, len(c.Feeds))
	for i, f := range c.Feeds {
		feeds[i] = redact.URL(f)
	}
	c.Feeds = feeds
	return c
}

// Secrets are the configuration's secrets, to scrub from any text that
// came from outside before it is logged or shown.
func (c Config) Secrets() *redact.Secrets {
	s := &redact.Secrets{}
	s.Add(c.OpenAIAPIKey, c.DiscordToken)
	for _, u := range append([]string{c.OpenAIBaseURL, c.DiscordAPIBaseURL}, c.Feeds...) {
		s.AddURL(u)
	}
	return s
}

// String prints the configuration with secrets redacted, so that a stray
// fmt.Print or %v never leaks a token.
func (c Config) String() string {
	c = c.redacted()
	type plain Config // no String method: avoids recursion
	return fmt.Sprintf("%+v", plain(c))
}

// GoString keeps %#v from printing the secrets.
func (c Config) GoString() string { return c.String() }

// LogValue keeps slog from logging the secrets.
func (c Config) LogValue() slog.Value {
	c = c.redacted()
	return slog.GroupValue(
		slog.String("seeds_dir", c.SeedsDir),
		slog.String("index_path", c.IndexPath),
		slog.String("db_path", c.DBPath),
		slog.String("log_level", c.LogLevel),
		slog.Any("feeds", c.Feeds),
		slog.Duration("feed_interval", c.FeedInterval),
		slog.String("fetch_dir", c.FetchDir),
		slog.Bool("fetch_allow_private", c.FetchAllowPrivate),
		slog.String("log_format", c.LogFormat),
		slog.Int("history_days", c.HistoryDays),
		slog.String("http_addr", c.HTTPAddr),
		slog.String("openai_api_key", c.OpenAIAPIKey),
		slog.String("openai_base_url", c.OpenAIBaseURL),
		slog.String("openai_model", c.OpenAIModel),
		slog.Duration("llm_timeout", c.LLMTimeout),
		slog.Int("llm_max_context_tokens", c.LLMMaxContext),
		slog.Int("llm_max_answer_tokens", c.LLMMaxAnswer),
		slog.Int("llm_max_retries", c.LLMMaxRetries),
		slog.String("discord_token", c.DiscordToken),
		slog.String("discord_guild_id", c.DiscordGuildID),
		slog.Any("discord_allowed_channels", c.DiscordAllowedChannels),
		slog.String("discord_api_base_url", c.DiscordAPIBaseURL),
		slog.Duration("discord_user_cooldown", c.DiscordUserCooldown),
		slog.Int("discord_guild_concurrency", c.DiscordGuildConcurrency),
		slog.String("discord_news_channel", c.DiscordNewsChannel),
	)
}

// readDotenv reads the optional .env file. A syntax error is reported by
// line number only: godotenv's message quotes the text around it, which
// may be a token.
func readDotenv(name string) (map[string]string, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	file, err := godotenv.UnmarshalBytes(data)
	if err == nil {
		return file, nil
	}
	return nil, fmt.Errorf("read %s: syntax error at line %d (the line is not shown: it may hold a secret)", name, badLine(data))
}

// badLine is the first line at which data stops parsing as a .env file:
// the end of the shortest leading run of lines that fails to parse.
func badLine(data []byte) int {
	lines := bytes.SplitAfter(data, []byte("\n"))
	end := 0
	for i, l := range lines {
		end += len(l)
		if _, err := godotenv.UnmarshalBytes(data[:end]); err != nil {
			return i + 1
		}
	}
	return len(lines)
}
