package config

import (
	"byline/commands"
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/joho/godotenv"
)

// envOf is a lookupEnv over a map.
func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	c, err := Load(envOf(nil), filepath.Join(t.TempDir(), "missing.env"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := Config{
		SeedsDir: "seeds", IndexPath: ".byline/index", DBPath: ".byline/byline.db", LogLevel: "info", LogFormat: "text", HistoryDays: 30,
		FeedInterval: 30 * time.Minute, FetchDir: ".byline/articles",
		OpenAIModel: "gpt-4o-mini", LLMTimeout: 60 * time.Second,
		LLMMaxContext: 6000, LLMMaxAnswer: 700, LLMMaxRetries: 3,
		DiscordAPIBaseURL: "https://discord.com", DiscordUserCooldown: 5 * time.Second, DiscordGuildConcurrency: 4,
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

func TestLoadConfigDotenvAndEnvironment(t *testing.T) {
	dotenv := filepath.Join(t.TempDir(), ".env")
	content := "SEEDS_DIR=from-file\nLOG_LEVEL=debug\nOPENAI_MODEL=llama3.1\n" +
		"DISCORD_ALLOWED_CHANNELS= 123456789012345678 , 223456789012345678,\nLLM_TIMEOUT=2m\n"
	if err := os.WriteFile(dotenv, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(envOf(map[string]string{"SEEDS_DIR": "from-env", "LLM_MAX_RETRIES": "0"}), dotenv)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.SeedsDir != "from-env" {
		t.Errorf("SeedsDir = %q; want the environment to win over .env", c.SeedsDir)
	}
	if c.LogLevel != "debug" || c.OpenAIModel != "llama3.1" || c.LLMTimeout != 2*time.Minute || c.LLMMaxRetries != 0 {
		t.Errorf("config %v; want .env values and LLM_MAX_RETRIES=0", c)
	}
	if diff := cmp.Diff([]string{"123456789012345678", "223456789012345678"}, c.DiscordAllowedChannels); diff != "" {
		t.Errorf("allowed channels (-want +got):\n%s", diff)
	}
}

func TestLoadConfigReportsEveryProblem(t *testing.T) {
	bad := map[string]string{
		"SEEDS_DIR":                 " ",
		"LOG_LEVEL":                 "verbose",
		"OPENAI_BASE_URL":           "localhost:11434",
		"OPENAI_API_KEY":            "sk-has a space",
		"LLM_TIMEOUT":               "-3s",
		"LLM_MAX_CONTEXT_TOKENS":    "lots",
		"LLM_MAX_ANSWER_TOKENS":     "0",
		"LLM_MAX_RETRIES":           "-1",
		"DISCORD_GUILD_ID":          "my-server",
		"DISCORD_ALLOWED_CHANNELS":  "123456789012345678,general",
		"DISCORD_API_BASE_URL":      "ftp://discord.com",
		"DISCORD_USER_COOLDOWN":     "5 seconds",
		"DISCORD_GUILD_CONCURRENCY": "0",
	}
	_, err := Load(envOf(bad), filepath.Join(t.TempDir(), ".env"))
	if err == nil {
		t.Fatal("Load accepted bad values")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(bad) {
		t.Errorf("%d problems reported; want %d:\n%s", len(lines), len(bad), err)
	}
	for name := range bad {
		if !strings.Contains(err.Error(), name+" ") {
			t.Errorf("no problem reported for %s:\n%s", name, err)
		}
	}
	if strings.Contains(err.Error(), "sk-has") {
		t.Errorf("the error shows the API key:\n%s", err)
	}
}

func TestLoadConfigBadDotenv(t *testing.T) {
	dotenv := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(dotenv, []byte("LOG_LEVEL='unterminated\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(envOf(nil), dotenv); err == nil || !strings.Contains(err.Error(), ".env") {
		t.Errorf("Load with a broken .env: %v; want an error naming the file", err)
	}
}

// TestSecretsNeverInConfigErrors: issue 10 saw a URL's password in config
// errors and a token in godotenv's syntax error.
func TestSecretsNeverInConfigErrors(t *testing.T) {
	dotenv := filepath.Join(t.TempDir(), ".env")
	content := "LOG_LEVEL=info\n# comment\nDISCORD_TOKEN=abc.SECRET-TOKEN.xyz\nBAD LINE=\"SECRET-TOKEN\n"
	if err := os.WriteFile(dotenv, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(envOf(nil), dotenv)
	if err == nil || strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("Load with a broken .env: %v; want line 4, no value", err)
	}
	_, err = Load(envOf(map[string]string{
		"OPENAI_BASE_URL":      "ftp://user:SECRET-PASS@host/v1",
		"DISCORD_API_BASE_URL": "localhost://SECRET-USER@host",
		"FEEDS":                "gopher://u:SECRET@feeds.example/rss",
	}), filepath.Join(t.TempDir(), "none.env"))
	if err == nil || strings.Contains(err.Error(), "SECRET") || strings.Count(err.Error(), "[redacted]@") != 3 {
		t.Errorf("bad URLs: %v; want 3 errors without the user information", err)
	}
	c := Config{OpenAIBaseURL: "http://user:SECRET-PASS@llm/v1", DiscordAPIBaseURL: "http://SECRET-USER@discord",
		Feeds: []string{"https://u:SECRET@feeds.example/rss"}}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "config", c)
	for _, out := range []string{logs.String(), c.String(), fmt.Sprintf("%#v", c)} {
		if strings.Contains(out, "SECRET") {
			t.Errorf("a URL's user information is shown: %s", out)
		}
	}
	if c.Feeds[0] != "https://u:SECRET@feeds.example/rss" {
		t.Errorf("redacting changed the configuration: %v", c.Feeds)
	}
	got := c.Secrets().Text("401: bad password SECRET-PASS for http://user:SECRET-PASS@llm/v1")
	if strings.Contains(got, "SECRET") {
		t.Errorf("Secrets().Text = %q", got)
	}
}

func TestConfigNeverShowsSecrets(t *testing.T) {
	c := Config{OpenAIAPIKey: "sk-secret-key", DiscordToken: "discord.secret.token", OpenAIModel: "m"}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "config", c)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "config", c)
	for _, s := range []string{c.String(), fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprint(&c), logs.String()} {
		if strings.Contains(s, "secret") {
			t.Errorf("secret shown in %q", s)
		}
		if !strings.Contains(s, "redacted") {
			t.Errorf("%q does not say the secrets are set", s)
		}
	}
}

// TestEveryVariableIsDocumented keeps .env.example and the README's table
// in step with what Load reads and the defaults it uses.
func TestEveryVariableIsDocumented(t *testing.T) {
	example, err := godotenv.Read("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Settings {
		v, ok := example[s.Name]
		if !ok {
			t.Errorf(".env.example lacks %s", s.Name)
		} else if v != s.Default {
			t.Errorf(".env.example has %s=%q; the default is %q", s.Name, v, s.Default)
		}
		def := "(empty)"
		if s.Default != "" {
			def = "`" + s.Default + "`"
		}
		if row := "| `" + s.Name + "` | " + def + " |"; !strings.Contains(string(readme), row) {
			t.Errorf("README.md does not document `%s` with its default: no row starting %q", s.Name, row)
		}
		delete(example, s.Name)
	}
	for name := range example {
		t.Errorf(".env.example has %s, which byline does not read", name)
	}
}

// TestContextTooSmallForAPassage: issue 10 saw LLM_MAX_CONTEXT_TOKENS
// values too small for any passage accepted, then every answer fell back.
func TestContextTooSmallForAPassage(t *testing.T) {
	least := commands.MinContextTokens(700)
	_, err := Load(envOf(map[string]string{"LLM_MAX_CONTEXT_TOKENS": strconv.Itoa(least - 1)}), filepath.Join(t.TempDir(), ".env"))
	if err == nil || !strings.Contains(err.Error(), "LLM_MAX_CONTEXT_TOKENS") || !strings.Contains(err.Error(), "at least "+strconv.Itoa(least)) {
		t.Errorf("context %d: %v; want a refusal naming %d", least-1, err, least)
	}
	if _, err := Load(envOf(map[string]string{"LLM_MAX_CONTEXT_TOKENS": strconv.Itoa(least)}), filepath.Join(t.TempDir(), ".env")); err != nil {
		t.Errorf("context %d: %v", least, err)
	}
	if least > commands.DefaultMaxContextTokens-commands.DefaultMaxAnswerTokens {
		t.Errorf("the default context is refused: least %d", least)
	}
}
