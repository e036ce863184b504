package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"byline/bot/discordtest"
)

// syncBuffer is a bytes.Buffer safe to read while the process writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startByline starts the real binary with env in the background; it is
// killed at the end of the test (after its stderr is logged) unless the
// test stopped it. exited delivers Wait's error once; put it back for the
// cleanup when a test reads it.
func startByline(t *testing.T, ctx context.Context, env []string) (cmd *exec.Cmd, stdout, stderr *syncBuffer, exited chan error) {
	t.Helper()
	cmd = exec.CommandContext(ctx, bylineBin)
	cmd.Dir = bylineWorkDir(t)
	cmd.Env = bylineEnv(t, env)
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited = make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
		t.Logf("stderr:\n%s", stderr.String())
	})
	return cmd, stdout, stderr, exited
}

// TestE2EDiscordBot runs the real binary as the Discord bot (DISCORD_TOKEN
// set, DISCORD_API_BASE_URL at the loopback fake Discord), asks the seed
// question with /ask, then stops it with SIGTERM as a service manager would.
func TestE2EDiscordBot(t *testing.T) {
	srv := discordtest.New(t)
	ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
	defer cancel()
	cmd, stdout, stderr, exited := startByline(t, ctx, []string{
		"DISCORD_TOKEN=" + discordtest.Token,
		"DISCORD_API_BASE_URL=" + srv.URL(),
		"DISCORD_GUILD_ID=" + discordtest.GuildID,
		"DISCORD_ALLOWED_CHANNELS=" + discordtest.ChannelID,
		"LOG_LEVEL=debug",
	})

	if err := srv.WaitCommands(ctx); err != nil {
		t.Fatalf("the bot did not register its commands: %v", err)
	}
	u := discordtest.NewUser(1)
	ix := srv.SlashCommand(ctx, u, discordtest.ChannelID, discordtest.GuildID, "ask",
		discordtest.CommandOption{Name: "question", Value: seedQuestion})
	if ack, err := ix.WaitAck(ctx); err != nil || ack.Type != discordtest.ResponseDeferred {
		t.Fatalf("acknowledgement: %v, type %d", err, ack.Type)
	}
	m, err := ix.WaitFinal(ctx, func(m discordtest.Message) bool { return strings.Contains(m.Content, "[1]") })
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	if !strings.Contains(m.Content, "Sheinbaum") || len(m.Embeds) != 1 ||
		!strings.Contains(m.Embeds[0].Description, "Mexico Rejects US Military Intervention") {
		t.Errorf("answer %q with embeds %+v; want the seed article cited", m.Content, m.Embeds)
	}
	// DISCORD_ALLOWED_CHANNELS reached the bot.
	other := srv.SlashCommand(ctx, u, discordtest.OtherChannelID, discordtest.GuildID, "ask",
		discordtest.CommandOption{Name: "question", Value: seedQuestion})
	if ack, err := other.WaitAck(ctx); err != nil || !ack.Data.Ephemeral() || !strings.Contains(ack.Data.Content, "I only answer in") {
		t.Errorf("other channel: %v, %+v; want an ephemeral refusal", err, ack.Data)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		exited <- err // for the deferred Wait
		if err != nil {
			t.Errorf("byline exited with %v after SIGTERM; want 0", err)
		}
	case <-ctx.Done():
		t.Fatal("byline did not stop after SIGTERM")
	}
	errOut := stderr.String()
	noCrash(t, errOut)
	if strings.Contains(errOut, discordtest.Token) || strings.Contains(stdout.String(), discordtest.Token) {
		t.Error("the Discord token appears in the output")
	}
	for _, want := range []string{"discord bot running", "discord bot stopped"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
	for _, v := range srv.SpecViolations() {
		t.Errorf("spec violation: %s", v)
	}
}
