package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"byline/bot/discordtest"
)

// TestE2EDiscordBotFollowsTheNews runs the real binary as the Discord bot
// with a feed on a loopback site. An article published after the bot
// started is answered about (feed pass, page fetch, live index update) and
// offered by /summarize's autocomplete and /articles, a note about it goes
// to DISCORD_NEWS_CHANNEL, a file dropped into SEEDS_DIR
// is answered about too, `byline ask` from another process is answered
// by the running bot, and `byline fetch` and `byline add` from another
// process work beside it (the page added is answered about).
func TestE2EDiscordBotFollowsTheNews(t *testing.T) {
	srv := discordtest.New(t)
	site := newNewsSite(t)
	seeds := t.TempDir()
	data, err := os.ReadFile(filepath.Join(seedsDir, "000_ae6f07c6b2a57295.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(seeds, "seed.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"SEEDS_DIR=" + seeds,
		"DISCORD_TOKEN=" + discordtest.Token,
		"DISCORD_API_BASE_URL=" + srv.URL(),
		"DISCORD_GUILD_ID=" + discordtest.GuildID,
		"DISCORD_NEWS_CHANNEL=" + discordtest.OtherChannelID,
		"FEEDS=" + site.URL + "/feed.xml",
		"FEED_INTERVAL=1s",
		"FETCH_ALLOW_PRIVATE=true",
	}
	ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
	defer cancel()
	cmd, _, stderr, exited := startByline(t, ctx, env)
	if err := srv.WaitCommands(ctx); err != nil {
		t.Fatalf("the bot did not register its commands: %v", err)
	}

	u := discordtest.NewUser(1)
	ask := func(q, want string) bool {
		ix := srv.SlashCommand(ctx, u, discordtest.ChannelID, discordtest.GuildID, "ask", discordtest.CommandOption{Name: "question", Value: q})
		m, err := ix.WaitFinal(ctx, func(m discordtest.Message) bool { return m.Content != "" && !strings.HasPrefix(m.Content, "✍️") })
		return err == nil && strings.Contains(m.Content, want)
	}
	eventually := func(what string, f func() bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !f() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 30s", what)
			}
			time.Sleep(500 * time.Millisecond)
		}
	}

	// Published after the bot started.
	site.publish("/lantern", "Skerry Point lighthouse gets a new lantern", "Maren Holt", lighthouseStory...)
	eventually("the bot answers about the article from the feed", func() bool {
		return ask("How far can the new Skerry Point light be seen?", "twenty-two nautical miles")
	})
	// ... and, without a restart, it is offered by /summarize's
	// autocomplete and listed by /articles.
	ac := srv.Autocomplete(ctx, u, discordtest.ChannelID, discordtest.GuildID, "summarize",
		discordtest.CommandOption{Name: "article", Value: "Skerry", Focused: true})
	if ack, err := ac.WaitAck(ctx); err != nil || len(ack.Choices) != 1 || !strings.HasPrefix(ack.Choices[0].Name, "Skerry Point lighthouse gets a new lantern") {
		t.Errorf("autocomplete of \"Skerry\": %+v, %v; want the new article", ack.Choices, err)
	}
	list := srv.SlashCommand(ctx, u, discordtest.ChannelID, discordtest.GuildID, "articles")
	if m, err := list.WaitFinal(ctx, func(m discordtest.Message) bool { return m.Content != "" }); err != nil ||
		!strings.Contains(m.Content, "Skerry Point lighthouse gets a new lantern") || !strings.Contains(m.Content, "2 articles") {
		t.Errorf("/articles: %q, %v; want the new article among 2", m.Content, err)
	}
	eventually("a note in the news channel", func() bool {
		for _, m := range srv.ChannelMessages(discordtest.OtherChannelID) {
			if strings.Contains(m.Content, "Skerry Point lighthouse gets a new lantern") && strings.Contains(m.Content, site.URL+"/lantern") {
				return true
			}
		}
		return false
	})

	// A file dropped into SEEDS_DIR while the bot runs.
	os.WriteFile(filepath.Join(seeds, "otters.md"), []byte("---\ntitle: Otters return to the Ashburn\n---\n\n"+
		"Otters have returned to the river Ashburn for the first time in forty years, volunteers counting them said on Saturday.\n"), 0o644)
	eventually("the bot answers about the dropped file", func() bool {
		return ask("When did otters last live in the Ashburn river?", "forty years")
	})

	// Another process is answered by the running bot.
	stdout, errOut, code := runByline(t, env, "", "ask", "How far can the new Skerry Point light be seen?")
	if code != 0 || !strings.Contains(stdout, "twenty-two nautical miles") {
		t.Errorf("byline ask while the bot runs: exit %d\n%s\n%s", code, stdout, errOut)
	}
	// byline fetch and byline add work from another shell (the same state
	// database, at once), and the bot picks up the page added.
	if stdout, errOut, code = runByline(t, env, "", "fetch"); code != 0 || !strings.Contains(stdout, "0 failed") {
		t.Errorf("byline fetch while the bot runs: exit %d\n%s\n%s", code, stdout, errOut)
	}
	site.page("/gallery", "Portmoor museum plans a lighthouse gallery", "Ines Calder",
		"The Portmoor maritime museum will open a lighthouse gallery in June, its director Ines Calder said on Monday.",
		"The gallery will show the old paraffin lamp from Skerry Point beside lenses from three other lighthouses.")
	if stdout, errOut, code = runByline(t, env, "", "add", site.URL+"/gallery"); code != 0 || !strings.HasPrefix(stdout, "Added: Portmoor museum plans a lighthouse gallery") {
		t.Errorf("byline add while the bot runs: exit %d\n%s\n%s", code, stdout, errOut)
	}
	eventually("the bot answers about the page added from another shell", func() bool {
		return ask("When will the Portmoor museum open its lighthouse gallery?", "June")
	})

	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		exited <- err
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("byline did not stop")
	}
	noCrash(t, stderr.String())
	for _, v := range srv.SpecViolations() {
		t.Errorf("spec violation: %s", v)
	}
}
