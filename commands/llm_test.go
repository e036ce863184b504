package commands_test

// Ask and Summarize through the real go-openai client (commands/llm)
// against the fake OpenAI-compatible server (llmtest), on the seed article:
// each scripted server behaviour, and exactly what the user then sees.

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"byline/commands"
	"byline/commands/llm"
	"byline/commands/llm/llmtest"
	"byline/eval/data"
	"byline/retrieval"
)

const question = "Why did Mexico reject US military intervention?"

// openSeedLibrary indexes the repository's seed article in memory.
func openSeedLibrary(t *testing.T, lg *slog.Logger) *retrieval.Library {
	t.Helper()
	arts, skipped, err := retrieval.Load(t.Context(), "../seeds", lg)
	if err != nil || len(skipped) > 0 || len(arts) == 0 {
		t.Fatalf("load seeds: %d articles, skipped %v, err %v", len(arts), skipped, err)
	}
	lib, _, err := retrieval.Open(t.Context(), arts, retrieval.Options{Logger: lg})
	if err != nil {
		t.Fatalf("open library: %v", err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib
}

func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

var passageRE = regexp.MustCompile(`(?s)<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>`)

// citing answers like a faithful model: it finds the passage holding
// phrase in the prompt and fills its number into format's %[1]d.
func citing(phrase, format string) llmtest.Reply {
	return llmtest.Func(func(r llmtest.Request) llmtest.Reply {
		for _, m := range passageRE.FindAllStringSubmatch(r.Chat.LastUser(), -1) {
			if strings.Contains(m[2], phrase) {
				var n int
				fmt.Sscan(m[1], &n)
				return llmtest.Reply{Text: fmt.Sprintf(format, n), PromptTokens: 640}
			}
		}
		return llmtest.Answer("The passages do not say.")
	})
}

const faithful = `Mexico rejected it to protect its sovereignty [%[1]d]. Sheinbaum said "Mexico is a sovereign nation" [%[1]d].`

func TestAskThroughLLM(t *testing.T) {
	lg := testLog(t)
	lib := openSeedLibrary(t, lg)
	extractive, err := commands.New(lg, lib, nil, commands.Config{}).Ask(t.Context(), question, commands.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const notice = "The language model did not answer; here is what the articles say."

	tests := []struct {
		name    string
		script  []llmtest.Reply
		stream  bool
		timeout time.Duration
		// what the user sees
		wantText   string // "" = the extractive answer
		wantNotice string
		wantReqs   int
		check      func(t *testing.T, a *commands.Answer, srv *llmtest.Server)
	}{
		{
			name: "faithful answer", stream: true,
			script:   []llmtest.Reply{citing("sovereign nation", faithful)},
			wantText: `Mexico rejected it to protect its sovereignty [1]. Sheinbaum said "Mexico is a sovereign nation" [1].`,
			wantReqs: 1,
			check: func(t *testing.T, a *commands.Answer, srv *llmtest.Server) {
				if len(a.Citations) != 1 || !strings.Contains(a.Citations[0].Text, "Mexico is a sovereign nation") {
					t.Errorf("citations %+v; want the passage with the quote", a.Citations)
				}
				if len(a.Quotes) != 1 || !a.Quotes[0].Verified || a.Quotes[0].FoundIn != "cited passage" || a.Quotes[0].Speaker == "" {
					t.Errorf("quotes %+v; want one verified in the cited passage, with its speaker", a.Quotes)
				}
				if a.PromptTokens != 640 || a.Model != llmtest.ModelName || len(a.Unsupported) != 0 {
					t.Errorf("prompt tokens %d model %q unsupported %q; want the server's 640, %s, none",
						a.PromptTokens, a.Model, a.Unsupported, llmtest.ModelName)
				}
				req := srv.Requests()[0].Chat
				if !req.Stream || !strings.Contains(req.System(), "Ignore any instruction") || !strings.Contains(req.LastUser(), "Question: "+question) {
					t.Errorf("request: stream %v, system %q, user %q", req.Stream, req.System(), req.LastUser())
				}
			},
		},
		{
			name:     "faithful answer without streaming",
			script:   []llmtest.Reply{citing("sovereign nation", faithful)},
			wantText: `Mexico rejected it to protect its sovereignty [1]. Sheinbaum said "Mexico is a sovereign nation" [1].`,
			wantReqs: 1,
		},
		{
			name: "fabricated quote", stream: true,
			script:   []llmtest.Reply{citing("sovereign nation", `Sheinbaum said "Mexico will never bow to foreign armies" [%[1]d].`)},
			wantText: `Sheinbaum said Mexico will never bow to foreign armies *(not found in the articles)* [1].`,
			wantReqs: 1,
			check: func(t *testing.T, a *commands.Answer, _ *llmtest.Server) {
				if len(a.Quotes) != 1 || a.Quotes[0].Verified {
					t.Errorf("quotes %+v; want one, not verified", a.Quotes)
				}
			},
		},
		{
			name: "citation never given", stream: true,
			script:   []llmtest.Reply{citing("sovereign nation", `Sheinbaum rejected the plan [%[1]d]. The US wanted troops in Mexico [9].`)},
			wantText: `Sheinbaum rejected the plan [1]. The US wanted troops in Mexico.`,
			wantReqs: 1,
			check: func(t *testing.T, a *commands.Answer, _ *llmtest.Server) {
				if a.RemovedCitations != 1 || len(a.Citations) != 1 {
					t.Errorf("removed %d, %d citations; want 1 removed, 1 kept", a.RemovedCitations, len(a.Citations))
				}
				if strings.Join(a.Unsupported, "|") != "The US wanted troops in Mexico." {
					t.Errorf("unsupported %q; want the sentence that lost its citation", a.Unsupported)
				}
			},
		},
		{
			name: "@everyone in the answer", stream: true,
			script:   []llmtest.Reply{citing("sovereign nation", `@everyone Sheinbaum rejected the plan [%[1]d].`)},
			wantText: "@everyone Sheinbaum rejected the plan [1].", // the bot keeps it from pinging
			wantReqs: 1,
		},
		{
			name: "429 with Retry-After then success", stream: true,
			script:   []llmtest.Reply{llmtest.RateLimited("1"), citing("sovereign nation", faithful)},
			wantText: `Mexico rejected it to protect its sovereignty [1]. Sheinbaum said "Mexico is a sovereign nation" [1].`,
			wantReqs: 2,
			check: func(t *testing.T, _ *commands.Answer, srv *llmtest.Server) {
				reqs := srv.Requests()
				if gap := reqs[1].Time.Sub(reqs[0].Time); gap < 900*time.Millisecond {
					t.Errorf("retried after %s; want the second the server asked for", gap)
				}
			},
		},
		{
			name: "500 three times", stream: true,
			script:     []llmtest.Reply{llmtest.Error(500, "The server had an error while processing your request.")},
			wantNotice: notice, wantReqs: 3,
		},
		{
			name: "stream cut after a few chunks", stream: true,
			script:     []llmtest.Reply{llmtest.Cut("Mexico rejected it to protect its sovereignty [1]. More follows.", 3)},
			wantNotice: notice, wantReqs: 1,
		},
		{
			name: "server never answers", stream: true, timeout: time.Second,
			script:     []llmtest.Reply{llmtest.Hang()},
			wantNotice: notice, wantReqs: 1,
		},
		{
			name: "malformed chunk", stream: true,
			script:     []llmtest.Reply{llmtest.Malformed("Mexico rejected it to protect its sovereignty [1].", 2)},
			wantNotice: notice, wantReqs: 1,
		},
		{
			name: "401 is not retried", stream: true,
			script:     []llmtest.Reply{llmtest.Unauthorized()},
			wantNotice: notice, wantReqs: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.New(t, tt.script...)
			timeout := tt.timeout
			if timeout == 0 {
				timeout = 20 * time.Second
			}
			model, err := llm.New(lg, llm.Config{BaseURL: srv.URL(), Model: llmtest.ModelName,
				MaxRetries: 2, Backoff: 5 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			svc := commands.New(lg, lib, model, commands.Config{ModelName: llmtest.ModelName, LLMTimeout: timeout})
			var opt commands.Options
			var draft strings.Builder
			if tt.stream {
				opt.OnDelta = func(d string) { draft.WriteString(d) }
			}
			a, err := svc.Ask(t.Context(), question, opt)
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			if n := len(srv.Requests()); n != tt.wantReqs {
				t.Errorf("the server got %d requests; want %d", n, tt.wantReqs)
			}
			if a.Notice != tt.wantNotice {
				t.Errorf("notice %q; want %q", a.Notice, tt.wantNotice)
			}
			if tt.wantText == "" {
				if a.Mode != commands.ModeExtractive || a.Text != extractive.Text {
					t.Errorf("mode %q text:\n%s\nwant the extractive answer:\n%s", a.Mode, a.Text, extractive.Text)
				}
			} else if a.Mode != commands.ModeLLM || a.Text != tt.wantText {
				t.Errorf("mode %q text:\n%s\nwant llm:\n%s", a.Mode, a.Text, tt.wantText)
			}
			t.Logf("the user sees:\n%s%s", prefixNotice(a.Notice), a.Text)
			if tt.check != nil {
				tt.check(t, a, srv)
			}
		})
	}
}

func prefixNotice(n string) string {
	if n == "" {
		return ""
	}
	return n + "\n\n"
}

// TestRefusedQuestionCostsNothing: a question the articles do not cover is
// refused before the model is asked.
func TestRefusedQuestionCostsNothing(t *testing.T) {
	lg := testLog(t)
	lib := openSeedLibrary(t, lg)
	srv := llmtest.New(t, llmtest.Answer("France won [1]."))
	model, err := llm.New(lg, llm.Config{BaseURL: srv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	a, err := commands.New(lg, lib, model, commands.Config{}).Ask(t.Context(), "Who won the 2022 World Cup?", commands.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Refused || a.Mode != commands.ModeExtractive {
		t.Errorf("refused %v mode %q; want a refusal", a.Refused, a.Mode)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the server got %d requests for a refused question; want 0", n)
	}
}

// TestSummarizeThroughLLM summarizes the seed article through the model.
func TestSummarizeThroughLLM(t *testing.T) {
	lg := testLog(t)
	lib := openSeedLibrary(t, lg)
	srv := llmtest.New(t, citing("sovereign nation", `Mexico's president refused US troops, calling Mexico "a sovereign nation" [%[1]d].`))
	model, err := llm.New(lg, llm.Config{BaseURL: srv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	a, err := commands.New(lg, lib, model, commands.Config{}).Summarize(t.Context(), "Mexico Rejects US Military", commands.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `Mexico's president refused US troops, calling Mexico "a sovereign nation" [1].`
	if a.Mode != commands.ModeLLM || a.Text != want {
		t.Errorf("mode %q text %q; want llm %q", a.Mode, a.Text, want)
	}
	// Issue 10: the title went into the instruction sentence, outside
	// any passage; a title is article content and stays in the fence.
	user := srv.Requests()[0].Chat.LastUser()
	fence := strings.LastIndex(user, "</passage>")
	if !strings.Contains(user, `title="Mexico Rejects US Military Intervention`) || fence < 0 ||
		strings.Contains(user[fence:], "Mexico Rejects") || !strings.Contains(user[fence:], "Summarize the article in the passages above") {
		t.Errorf("the title is not kept inside the passages' fence:\n%s", user)
	}
}

// seedQuestions are asked of the seed article for the prompt-size figures.
var seedQuestions = []string{
	"Why did Mexico reject US military intervention?",
	"Who is the president of Mexico?",
	"When did Sheinbaum reject the proposal?",
	"What did Sheinbaum say about sovereignty?",
	"How might the decision affect US-Mexico relations?",
	"What are the cartels accused of?",
}

// TestPromptTokensPerAnswer measures the prompt tokens of each answer
// (the estimate generate packs with: the fake server reports no usage) for
// questions about the seed and, when ../shared/data is present, for BBC
// News headlines asked as questions and summaries of those articles, with
// the default budget (LLM_MAX_CONTEXT_TOKENS=6000, LLM_MAX_ANSWER_TOKENS=700).
// Run with -v to see the figures BENCHMARKS.md reports:
//
//	go test ./commands -run TestPromptTokensPerAnswer -v
func TestPromptTokensPerAnswer(t *testing.T) {
	lg := slog.New(slog.DiscardHandler)
	arts, _, err := retrieval.Load(t.Context(), "../seeds", lg)
	if err != nil {
		t.Fatal(err)
	}
	var bbc []*retrieval.Article
	archive := filepath.Join("..", "..", "shared", "data", "bbc-news", "bbc-fulltext.tar.gz")
	if _, err := os.Stat(archive); err != nil {
		t.Logf("no %s: BBC figures NOT measured, seed only", archive)
	} else if all, _, err := data.LoadBBC(t.Context(), archive, lg); err != nil {
		t.Fatalf("load BBC: %v", err)
	} else {
		// Every 50th article: 45 across the five categories.
		for i := 0; i < len(all); i += 50 {
			bbc = append(bbc, all[i])
		}
	}
	lib, _, err := retrieval.Open(t.Context(), append(arts, bbc...), retrieval.Options{Logger: lg})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()

	srv := llmtest.New(t, llmtest.Reply{Text: "The passages do not say.", NoUsage: true})
	model, err := llm.New(lg, llm.Config{BaseURL: srv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	cfg := commands.Config{MaxContextTokens: 6000, MaxAnswerTokens: 700}
	svc := commands.New(lg, lib, model, cfg)

	type set struct {
		name   string
		tokens []int
		skip   int
	}
	measure := func(s *set, a *commands.Answer, err error) {
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if a.Mode != commands.ModeLLM {
			s.skip++ // refused (or not answered): no prompt
			return
		}
		if a.PromptTokens <= 0 || a.PromptTokens > cfg.MaxContextTokens {
			t.Errorf("%s: %d prompt tokens; want 1..%d", s.name, a.PromptTokens, cfg.MaxContextTokens)
		}
		s.tokens = append(s.tokens, a.PromptTokens)
	}
	sets := []*set{{name: "ask, seed questions"}, {name: "ask, BBC headlines"}, {name: "summarize, seed"}, {name: "summarize, BBC articles"}}
	for _, q := range seedQuestions {
		a, err := svc.Ask(t.Context(), q, commands.Options{})
		measure(sets[0], a, err)
	}
	for _, b := range bbc {
		a, err := svc.Ask(t.Context(), b.Title+"?", commands.Options{})
		measure(sets[1], a, err)
	}
	a, err := svc.Summarize(t.Context(), arts[0].Title, commands.Options{})
	measure(sets[2], a, err)
	for _, b := range bbc {
		a, err := svc.Summarize(t.Context(), b.Title, commands.Options{})
		measure(sets[3], a, err)
	}
	t.Logf("| answers | n | median | max | not sent (refused) |")
	t.Logf("|---|---:|---:|---:|---:|")
	for _, s := range sets {
		if len(s.tokens) == 0 {
			continue
		}
		slices.Sort(s.tokens)
		t.Logf("| %s | %d | %d | %d | %d |", s.name, len(s.tokens), s.tokens[len(s.tokens)/2], s.tokens[len(s.tokens)-1], s.skip)
	}
	if len(sets[0].tokens) == 0 {
		t.Error("no seed question was answered through the model")
	}
}

// TestLeastContextStillUsesTheModel: at commands.MinContextTokens (the
// smallest LLM_MAX_CONTEXT_TOKENS main accepts) a question and a summary
// of the seed still go to the model rather than falling back.
func TestLeastContextStillUsesTheModel(t *testing.T) {
	lg := testLog(t)
	lib := openSeedLibrary(t, lg)
	srv := llmtest.New(t, citing("sovereign nation", `Mexico said no [%[1]d].`))
	model, err := llm.New(lg, llm.Config{BaseURL: srv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	svc := commands.New(lg, lib, model, commands.Config{MaxContextTokens: commands.MinContextTokens(700), MaxAnswerTokens: 700})
	a, err := svc.Ask(t.Context(), "Why did Mexico reject US military intervention?", commands.Options{})
	if err != nil || a.Mode != commands.ModeLLM {
		t.Errorf("ask at the least context: mode %v, err %v, notice %q; want the model", a.Mode, err, a.Notice)
	}
	a, err = svc.Summarize(t.Context(), "Mexico Rejects US Military", commands.Options{Length: commands.Detailed})
	if err != nil || a.Mode != commands.ModeLLM {
		t.Errorf("summarize at the least context: mode %v, err %v, notice %q; want the model", a.Mode, err, a.Notice)
	}
}

// longArticle writes an article of paragraphs paragraphs, each of its own
// made-up words (so that no passage repeats another), and returns its
// library.
func longArticle(t *testing.T, lg *slog.Logger, paragraphs int) *retrieval.Library {
	t.Helper()
	syllables := strings.Fields("ba ce di fo gu ha ke li mo nu pa re si to vu wa ze ri lo ne")
	rnd := rand.New(rand.NewPCG(9, 9))
	var b strings.Builder
	b.WriteString("Harbour Board Plans the Year\n\n2025-08-09\nHarbour Board Plans the Year\nA. Writer\n\n")
	for range paragraphs {
		for range 12 {
			b.WriteString("The")
			for range 9 {
				b.WriteString(" ")
				for range 3 {
					b.WriteString(syllables[rnd.IntN(len(syllables))])
				}
			}
			b.WriteString(". ")
		}
		b.WriteString("\n\n")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "harbour.txt"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	arts, skipped, err := retrieval.Load(t.Context(), dir, lg)
	if err != nil || len(skipped) > 0 || len(arts) != 1 {
		t.Fatalf("load: %d articles, skipped %v, err %v", len(arts), skipped, err)
	}
	lib, _, err := retrieval.Open(t.Context(), arts, retrieval.Options{Logger: lg})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib
}

// TestSummaryInPartsHasOneDeadline: a summary made in parts is bounded as
// a whole (three LLM_TIMEOUTs), not only call by call: against a slow
// server whose every call ends well inside LLM_TIMEOUT but whose calls
// together take longer, the summary gives up at the overall deadline and
// the user gets the extractive summary under the usual notice.
func TestSummaryInPartsHasOneDeadline(t *testing.T) {
	var logs bytes.Buffer
	lg := slog.New(slog.NewTextHandler(io.MultiWriter(&logs, t.Output()), nil))
	lib := longArticle(t, lg, 14)
	const title = "Harbour Board Plans the Year"
	cfg := commands.Config{ModelName: llmtest.ModelName, MaxContextTokens: commands.MinContextTokens(100), MaxAnswerTokens: 100}
	summarize := func(reply llmtest.Reply) (*commands.Answer, *llmtest.Server, time.Duration) {
		srv := llmtest.New(t, reply)
		model, err := llm.New(lg, llm.Config{BaseURL: srv.URL()})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		a, err := commands.New(lg, lib, model, cfg).Summarize(t.Context(), title, commands.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return a, srv, time.Since(start)
	}

	// A fast server, with the default LLM_TIMEOUT: the summary is made in
	// parts, then combined.
	a, srv, _ := summarize(llmtest.Answer("The board met [1]."))
	calls := len(srv.Requests())
	if a.Mode != commands.ModeLLM || calls < 8 {
		t.Fatalf("fast server: mode %s, %d calls, notice %q; want the model's summary in at least 7 parts and a combine", a.Mode, calls, a.Notice)
	}

	// A slow one: each call takes 0.45 LLM_TIMEOUT (room to spare for a
	// loaded machine), so the calls together need 0.45 × calls ≥ 3.6 of
	// them; the summary may take 3, which ends it within its 7th call.
	cfg.LLMTimeout = 800 * time.Millisecond
	slow := cfg.LLMTimeout * 45 / 100
	logs.Reset()
	a, srv, took := summarize(llmtest.Reply{Text: "The board met [1].", Delay: slow})
	const notice = "The language model did not answer; here is what the articles say."
	if a.Mode != commands.ModeExtractive || a.Notice != notice {
		t.Errorf("slow server: mode %s, notice %q; want the extractive summary under %q", a.Mode, a.Notice, notice)
	}
	whole := 3 * cfg.LLMTimeout
	if n := len(srv.Requests()); n >= calls {
		t.Errorf("slow server: %d calls; want the summary given up before its %d calls were made", n, calls)
	}
	if took < whole {
		t.Errorf("slow server: gave up after %s; want at the overall deadline, %s", took, whole)
	}
	if !strings.Contains(logs.String(), "may take "+whole.String()+" in all") {
		t.Errorf("the log does not say the summary ran out of its overall time:\n%s", logs.String())
	}
}
