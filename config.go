package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"byline/commands"
)

// Config is every setting Byline reads from the environment (and .env).
// Only main reads the environment; everything else is handed what it needs.
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

// setting is one environment variable: its name, default and meaning. The
// same table feeds loadConfig, the help text and the tests that check
// .env.example and the README list every variable.
type setting struct {
	Name, Default, Help string
}

var settings = []setting{
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
	{"OPENAI_MODEL", "gpt-4o-mini", "chat model name"},
	{"LLM_TIMEOUT", fmt.Sprintf("%ds", int(commands.DefaultLLMTimeout/time.Second)), "time limit of one language-model call"},
	{"LLM_MAX_CONTEXT_TOKENS", strconv.Itoa(commands.DefaultMaxContextTokens), "prompt budget in tokens (passages are packed up to it)"},
	{"LLM_MAX_ANSWER_TOKENS", strconv.Itoa(commands.DefaultMaxAnswerTokens), "longest answer the model may write, in tokens"},
	{"LLM_MAX_RETRIES", "3", "retries of a language-model call after a 429 or 5xx (0 = none)"},
	{"DISCORD_TOKEN", "", "bot token; empty = interactive console in the terminal"},
	{"DISCORD_GUILD_ID", "", "server id to register slash commands to (instant, for development); empty = global"},
	{"DISCORD_ALLOWED_CHANNELS", "", "comma-separated channel ids the bot answers in; empty = everywhere"},
	{"DISCORD_API_BASE_URL", "https://discord.com", "Discord-compatible API base URL (for self-hosted backends and tests)"},
	{"DISCORD_USER_COOLDOWN", "5s", "minimum time between two questions of one user (0 = none)"},
	{"DISCORD_GUILD_CONCURRENCY", "4", "answers worked on at once per server"},
	{"DISCORD_NEWS_CHANNEL", "", "channel id that gets a short note per newly added article; empty = none"},
}

// loadConfig reads the configuration. getenv returns the real environment
// (it wins); dotenv is the path of an optional .env file whose values fill
// in what the environment does not set. Every bad value is reported, joined
// in one error.
func loadConfig(getenv func(string) (string, bool), dotenv string) (Config, error) {
	file, err := godotenv.Read(dotenv)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Config{}, fmt.Errorf("read %s: %w", dotenv, err)
	}
	get := func(name string) string {
		if v, ok := getenv(name); ok {
			return strings.TrimSpace(v)
		}
		if v, ok := file[name]; ok {
			return strings.TrimSpace(v)
		}
		for _, s := range settings {
			if s.Name == name {
				return s.Default
			}
		}
		return ""
	}

	var c Config
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s %s", name, fmt.Sprintf(format, args...)))
	}
	nonEmpty := func(name string) string {
		v := get(name)
		if v == "" {
			bad(name, "must not be empty")
		}
		return v
	}
	duration := func(name string, zeroOK bool) time.Duration {
		v := get(name)
		d, err := time.ParseDuration(v)
		switch {
		case err != nil:
			bad(name, "is %q, not a duration (write e.g. 30s, 2m)", v)
		case d < 0 || (d == 0 && !zeroOK):
			bad(name, "is %q; it must be more than 0", v)
		}
		return d
	}
	integer := func(name string, min, max int) int {
		v := get(name)
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			bad(name, "is %q, not a whole number", v)
		case n < min || n > max:
			bad(name, "is %d; it must be between %d and %d", n, min, max)
		}
		return n
	}
	httpURL := func(name string) string {
		v := get(name)
		if v == "" {
			return ""
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad(name, "is %q, not an http(s) URL (write e.g. https://example.com)", v)
		}
		return v
	}
	snowflake := func(name, v string) {
		if n, err := strconv.ParseUint(v, 10, 64); err != nil || n == 0 || len(v) > 20 {
			bad(name, "has %q, which is not a Discord id (a number such as 123456789012345678)", v)
		}
	}

	c.SeedsDir = nonEmpty("SEEDS_DIR")
	c.IndexPath = nonEmpty("INDEX_PATH")
	c.DBPath = nonEmpty("DB_PATH")
	c.FetchDir = nonEmpty("FETCH_DIR")
	for _, f := range strings.Split(get("FEEDS"), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if u, err := url.Parse(f); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("FEEDS", "has %q, which is not an http(s) URL", f)
			continue
		}
		c.Feeds = append(c.Feeds, f)
	}
	c.FeedInterval = duration("FEED_INTERVAL", true)
	if c.FeedInterval > 0 && c.FeedInterval < time.Second {
		bad("FEED_INTERVAL", "is %q; it must be 0 (off) or at least 1s", get("FEED_INTERVAL"))
	}
	switch v := strings.ToLower(get("FETCH_ALLOW_PRIVATE")); v {
	case "true", "1", "yes":
		c.FetchAllowPrivate = true
	case "false", "0", "no", "":
	default:
		bad("FETCH_ALLOW_PRIVATE", "is %q; use true or false", v)
	}
	c.LogLevel = strings.ToLower(get("LOG_LEVEL"))
	if _, err := parseLevel(c.LogLevel); err != nil {
		bad("LOG_LEVEL", "is %q; use debug, info, warn or error", get("LOG_LEVEL"))
	}

	c.LogFormat = strings.ToLower(get("LOG_FORMAT"))
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("LOG_FORMAT", "is %q; use text or json", get("LOG_FORMAT"))
	}
	c.HistoryDays = integer("HISTORY_DAYS", 0, 36500)
	c.HTTPAddr = get("HTTP_ADDR")
	if c.HTTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
			bad("HTTP_ADDR", "is %q, not host:port (write e.g. 127.0.0.1:9090 or :9090)", c.HTTPAddr)
		}
	}

	c.OpenAIAPIKey = get("OPENAI_API_KEY")
	if strings.ContainsAny(c.OpenAIAPIKey, " \t\r\n") {
		bad("OPENAI_API_KEY", "contains spaces (value not shown)")
	}
	c.OpenAIBaseURL = httpURL("OPENAI_BASE_URL")
	c.OpenAIModel = nonEmpty("OPENAI_MODEL")
	c.LLMTimeout = duration("LLM_TIMEOUT", false)
	c.LLMMaxContext = integer("LLM_MAX_CONTEXT_TOKENS", 256, 10_000_000)
	c.LLMMaxAnswer = integer("LLM_MAX_ANSWER_TOKENS", 16, 1_000_000)
	c.LLMMaxRetries = integer("LLM_MAX_RETRIES", 0, 20)

	c.DiscordToken = get("DISCORD_TOKEN")
	if strings.ContainsAny(c.DiscordToken, " \t\r\n") {
		bad("DISCORD_TOKEN", "contains spaces (value not shown)")
	}
	c.DiscordGuildID = get("DISCORD_GUILD_ID")
	if c.DiscordGuildID != "" {
		snowflake("DISCORD_GUILD_ID", c.DiscordGuildID)
	}
	for _, id := range strings.Split(get("DISCORD_ALLOWED_CHANNELS"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			snowflake("DISCORD_ALLOWED_CHANNELS", id)
			c.DiscordAllowedChannels = append(c.DiscordAllowedChannels, id)
		}
	}
	c.DiscordAPIBaseURL = httpURL("DISCORD_API_BASE_URL")
	if c.DiscordAPIBaseURL == "" {
		bad("DISCORD_API_BASE_URL", "must not be empty")
	}
	c.DiscordUserCooldown = duration("DISCORD_USER_COOLDOWN", true)
	c.DiscordGuildConcurrency = integer("DISCORD_GUILD_CONCURRENCY", 1, 1000)
	if c.DiscordNewsChannel = get("DISCORD_NEWS_CHANNEL"); c.DiscordNewsChannel != "" {
		snowflake("DISCORD_NEWS_CHANNEL", c.DiscordNewsChannel)
	}

	return c, errors.Join(errs...)
}

// parseLevel turns LOG_LEVEL into a slog level.
func parseLevel(s string) (slog.Level, error) {
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

// redact says whether a secret is set without showing it.
func redact(secret string) string {
	if secret == "" {
		return ""
	}
	return "[redacted]"
}

// String prints the configuration with secrets redacted, so that a stray
// fmt.Print or %v never leaks a token.
func (c Config) String() string {
	c.OpenAIAPIKey = redact(c.OpenAIAPIKey)
	c.DiscordToken = redact(c.DiscordToken)
	type plain Config // no String method: avoids recursion
	return fmt.Sprintf("%+v", plain(c))
}

// GoString keeps %#v from printing the secrets.
func (c Config) GoString() string { return c.String() }

// LogValue keeps slog from logging the secrets.
func (c Config) LogValue() slog.Value {
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
		slog.String("openai_api_key", redact(c.OpenAIAPIKey)),
		slog.String("openai_base_url", c.OpenAIBaseURL),
		slog.String("openai_model", c.OpenAIModel),
		slog.Duration("llm_timeout", c.LLMTimeout),
		slog.Int("llm_max_context_tokens", c.LLMMaxContext),
		slog.Int("llm_max_answer_tokens", c.LLMMaxAnswer),
		slog.Int("llm_max_retries", c.LLMMaxRetries),
		slog.String("discord_token", redact(c.DiscordToken)),
		slog.String("discord_guild_id", c.DiscordGuildID),
		slog.Any("discord_allowed_channels", c.DiscordAllowedChannels),
		slog.String("discord_api_base_url", c.DiscordAPIBaseURL),
		slog.Duration("discord_user_cooldown", c.DiscordUserCooldown),
		slog.Int("discord_guild_concurrency", c.DiscordGuildConcurrency),
		slog.String("discord_news_channel", c.DiscordNewsChannel),
	)
}
