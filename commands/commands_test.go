package commands

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"byline/retrieval"

	"byline/retrieval/prose"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// seedID is the id of the seed article (seeds/ in the repository).
const seedID = "000_ae6f07c6b2a57295"

// testLogger sends logs to the test's output.
func testLogger(t testing.TB) *slog.Logger {
	if _, ok := t.(*testing.B); ok {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// newTestService builds a real in-memory library from testdata/articles
// and the repository's seed article.
func newTestService(t testing.TB, model ChatModel) *Service {
	t.Helper()
	lg := testLogger(t)
	var all []*retrieval.Article
	for _, dir := range []string{"testdata/articles", "../seeds"} {
		arts, skipped, err := retrieval.Load(t.Context(), dir, lg)
		if err != nil {
			t.Fatalf("load %s: %v", dir, err)
		}
		if len(skipped) > 0 {
			t.Fatalf("load %s skipped %v", dir, skipped)
		}
		all = append(all, arts...)
	}
	lib, _, err := retrieval.Open(t.Context(), all, retrieval.Options{Logger: lg})
	if err != nil {
		t.Fatalf("open library: %v", err)
	}
	t.Cleanup(func() { lib.Close() })
	return New(lg, lib, model, Config{})
}

// golden compares got with testdata/golden/name.golden (rewritten with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test ./commands -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// goldenText is what golden files hold of an answer: its text and sources.
func goldenText(a *Answer) string {
	var b strings.Builder
	if a.Notice != "" {
		b.WriteString(a.Notice + "\n\n")
	}
	b.WriteString(a.Text + "\n")
	if a.Refused && len(a.Articles) > 0 {
		b.WriteString("\nThe nearest articles:\n")
		for _, art := range a.Articles {
			fmt.Fprintf(&b, "- %s (%s)\n", describe(art.Title, art.Author, art.Date), art.ID)
		}
	}
	if len(a.Citations) > 0 {
		b.WriteString("\nSources:\n")
		for _, c := range a.Citations {
			fmt.Fprintf(&b, "[%d] %s (%s)\n", c.N, describe(c.Title, c.Author, c.Date), c.PassageID)
		}
	}
	return b.String()
}

var citationRE = regexp.MustCompile(`\[(\d+)\]`)

// checkCitations checks that every [n] of the text is a citation, that they
// are numbered in order of first use, that each citation is used, and that
// each one's text is exactly the article's text at its offsets.
func checkCitations(t *testing.T, s *Service, a *Answer) {
	t.Helper()
	next := 1
	used := map[int]bool{}
	for _, m := range citationRE.FindAllStringSubmatch(a.Text, -1) {
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > len(a.Citations) {
			t.Errorf("text cites [%d]; there are %d citations", n, len(a.Citations))
			continue
		}
		if !used[n] {
			if n != next {
				t.Errorf("citation [%d] is used first after [%d]; want numbering in order of first use", n, next-1)
			}
			used[n] = true
			next++
		}
	}
	for i, c := range a.Citations {
		if c.N != i+1 {
			t.Errorf("citation %d has N=%d", i, c.N)
		}
		if !used[c.N] {
			t.Errorf("citation [%d] is never used in the text", c.N)
		}
		art, ok := s.lib.Article(c.ArticleID)
		if !ok {
			t.Errorf("citation [%d]: unknown article %q", c.N, c.ArticleID)
			continue
		}
		if c.Start < 0 || c.End > len(art.Text) || c.Start > c.End || art.Text[c.Start:c.End] != c.Text {
			t.Errorf("citation [%d]: text is not the article's text at [%d:%d]", c.N, c.Start, c.End)
		}
		if c.Title == "" || c.PassageID == "" {
			t.Errorf("citation [%d] lacks title or passage id: %+v", c.N, c)
		}
	}
}

func TestAskAnswersFromTheArticles(t *testing.T) {
	s := newTestService(t, nil)
	tests := []struct {
		name, question string
		article        string // the first citation's article
		want           []string
	}{
		{"seed-why", "Why did Mexico reject US military intervention?", seedID, []string{"sovereign"}},
		{"seed-strategy", "What is Mexico's strategy against the cartels?", seedID, []string{"corruption"}},
		{"seed-us-response", "How did the US government respond to the rejection?", seedID, []string{"disappointment"}},
		{"seed-lowercase", "why did mexico reject us military intervention", seedID, []string{"sovereign"}},
		{"reef-cause", "What causes coral bleaching?", "reef-bleaching", []string{"temperatures"}},
		{"ai-ban", "What does the AI Act ban?", "ai-act", []string{"social scoring"}},
		{"chess-final", "Who did Gukesh beat in the final round?", "chess", []string{"Fedoseev"}},
		// Hostile but meaningful: syntax, control characters and broken UTF-8 are plain text.
		{"syntax", `title:Mexico "cartels" /sovereignty/ AND intervention~2`, seedID, nil},
		{"control", "Why did Mexico\x00 reject \x1b[31mUS military\u202e intervention?", seedID, []string{"sovereign"}},
		{"invalid-utf8", "Why did Mexico \xff\xfe reject US military intervention?", seedID, []string{"sovereign"}},
		{"emoji", "🇲🇽 Why did Mexico reject US military intervention? 🤔", seedID, []string{"sovereign"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := s.Ask(t.Context(), tt.question, Options{})
			if err != nil {
				t.Fatalf("Ask(%q): %v", tt.question, err)
			}
			if a.Refused {
				t.Fatalf("Ask(%q) refused: %s", tt.question, a.Text)
			}
			if a.Mode != ModeExtractive || a.Notice != "" {
				t.Errorf("mode %q notice %q; want extractive, no notice", a.Mode, a.Notice)
			}
			checkCitations(t, s, a)
			if len(a.Citations) == 0 || !strings.Contains(a.Citations[0].ArticleID, tt.article) {
				t.Errorf("first citation %+v; want article %q", a.Citations, tt.article)
			}
			if n := len(citationRE.FindAllString(a.Text, -1)); n < 1 || n > 5 {
				t.Errorf("answer has %d cited sentences; want 1 to 5:\n%s", n, a.Text)
			}
			for _, w := range tt.want {
				if !strings.Contains(a.Text, w) {
					t.Errorf("answer lacks %q:\n%s", w, a.Text)
				}
			}
			golden(t, "ask-"+tt.name, goldenText(a))
		})
	}
}

func TestAskRefusesWhatTheArticlesDoNotCover(t *testing.T) {
	s := newTestService(t, nil)
	tests := []struct{ question, mentions string }{
		{"Who won the 2022 World Cup?", "Cup"},
		{"who won the cricket world cup final", ""},
		{"What did Sheinbaum say about Bitcoin?", "Bitcoin"},
		{"How did Justin Trudeau respond to Mexico?", "Trudeau"},
		{"What is the capital of Australia?", "Australia"},
		{"Explain quantum entanglement", "quantum"},
		{"title:x", ""},
		{"/.*/", ""},
		{`"`, ""},
		{"🇲🇽🚀🔥", ""},
		{"What?", ""},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			a, err := s.Ask(t.Context(), tt.question, Options{})
			if err != nil {
				t.Fatalf("Ask(%q): %v", tt.question, err)
			}
			if !a.Refused {
				t.Fatalf("Ask(%q) answered; want a refusal:\n%s", tt.question, a.Text)
			}
			if !strings.HasPrefix(a.Text, "The articles don't cover") {
				t.Errorf("text = %q; want it to start \"The articles don't cover\"", a.Text)
			}
			if !strings.Contains(a.Text, tt.mentions) {
				t.Errorf("text = %q; want it to name %q", a.Text, tt.mentions)
			}
			if len(a.Citations) != 0 || a.Citations == nil || a.Quotes == nil {
				t.Errorf("citations %v quotes %v; want empty, non-nil", a.Citations, a.Quotes)
			}
			if len(a.Articles) == 0 {
				t.Errorf("no nearest articles:\n%s", a.Text)
			}
		})
	}
	a, err := s.Ask(t.Context(), "Who won the 2022 World Cup?", Options{})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "ask-refused-world-cup", goldenText(a))
}

func TestAskRejectsBadInput(t *testing.T) {
	s := newTestService(t, nil)
	tests := []struct{ name, question, want string }{
		{"empty", "", "Please type a question."},
		{"blank", " \t\n\r ", "Please type a question."},
		{"controls-only", "\x00\x01\x1b", "Please type a question."},
		{"too-long", strings.Repeat("mexico ", 1500), "the limit is 2000"},
		{"too-long-emoji", strings.Repeat("🇲🇽", 2500), "the limit is 2000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := s.Ask(t.Context(), tt.question, Options{})
			var inputErr *InputError
			if !errors.As(err, &inputErr) {
				t.Fatalf("Ask: answer %v, error %v; want an InputError", a, err)
			}
			if !strings.Contains(inputErr.Msg, tt.want) {
				t.Errorf("message %q; want it to contain %q", inputErr.Msg, tt.want)
			}
		})
	}
}

func TestAskFollowUpUsesThePreviousQuestion(t *testing.T) {
	s := newTestService(t, nil)
	history := []Message{
		{Role: "user", Content: "What did Sheinbaum say about US military intervention?"},
		{Role: "assistant", Content: "“Mexico is a sovereign nation,” she stated firmly. [1]"},
	}
	a, err := s.Ask(t.Context(), "What did she say next?", Options{History: history})
	if err != nil {
		t.Fatal(err)
	}
	if a.Refused {
		t.Fatalf("follow-up refused:\n%s", a.Text)
	}
	checkCitations(t, s, a)
	if a.Citations[0].ArticleID != seedID {
		t.Errorf("follow-up cites %q first; want the seed", a.Citations[0].ArticleID)
	}
	// A follow-up about something the articles never mention is still
	// refused, rather than answered on the previous subject.
	for _, q := range []string{"And what about Canada?", "what about the economy?", "and her views on bitcoin"} {
		a, err = s.Ask(t.Context(), q, Options{History: history})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Refused {
			t.Errorf("follow-up %q answered:\n%s", q, a.Text)
		}
	}
}

func TestAskWithAModel(t *testing.T) {
	const q = "Why did Mexico reject US military intervention?"
	answers := func(context.Context, int, []Message) (Completion, error) {
		return Completion{Text: "Mexico said no. [1]", Model: "fake"}, nil
	}
	tests := []struct {
		name       string
		reply      func(context.Context, int, []Message) (Completion, error) // nil: no model
		wantMode   string
		wantNotice string
	}{
		{"answers", answers, ModeLLM, ""},
		{"fails", func(context.Context, int, []Message) (Completion, error) {
			return Completion{}, fmt.Errorf("stream cut after 3 chunks: %w", ErrModelIncomplete)
		}, ModeExtractive, noticeModelFailed},
		{"times-out", func(ctx context.Context, _ int, _ []Message) (Completion, error) {
			ctx, cancel := context.WithTimeout(ctx, 0)
			defer cancel()
			<-ctx.Done()
			return Completion{}, ctx.Err() // its own deadline, not the caller's
		}, ModeExtractive, noticeModelFailed},
		{"no-model", nil, ModeExtractive, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m *FakeModel
			s := newTestService(t, nil)
			if tt.reply != nil {
				m = &FakeModel{Reply: tt.reply}
				s = newTestService(t, m)
			}
			a, err := s.Ask(t.Context(), q, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.Mode != tt.wantMode || a.Notice != tt.wantNotice || a.Refused {
				t.Errorf("mode %q notice %q refused %v; want mode %q notice %q", a.Mode, a.Notice, a.Refused, tt.wantMode, tt.wantNotice)
			}
			if a.Mode == ModeExtractive {
				checkCitations(t, s, a)
			}
			if m == nil {
				return
			}
			calls := m.Calls()
			if len(calls) != 1 {
				t.Fatalf("%d model calls; want 1", len(calls))
			}
			if user := calls[0][len(calls[0])-1].Content; !strings.Contains(user, q) || !strings.Contains(user, `title="Mexico Rejects`) {
				t.Errorf("the model was not asked the question over the seed's passages:\n%s", user)
			}
		})
	}

	m := &FakeModel{Reply: answers}
	s := newTestService(t, m)
	// Off-corpus questions are refused before the model is asked.
	if a, err := s.Ask(t.Context(), "Who won the 2022 World Cup?", Options{}); err != nil || !a.Refused || len(m.Calls()) > 0 {
		t.Errorf("off-corpus: %+v, %v, model called %v; want a refusal without asking the model", a, err, len(m.Calls()) > 0)
	}
	// Summaries of an article go to the model with all its passages.
	if a, err := s.Summarize(t.Context(), "Mexico Rejects", Options{Length: Detailed}); err != nil || a.Mode != ModeLLM {
		t.Errorf("Summarize: %+v, %v; want the model's answer", a, err)
	}
	calls := m.Calls()
	if len(calls) != 1 || strings.Count(calls[0][len(calls[0])-1].Content, "<passage ") != len(s.lib.Passages(seedID)) ||
		!strings.Contains(calls[0][0].Content, strconv.Itoa(genDetailedSentences)) {
		t.Errorf("summarize request: %d calls; want one, detailed, with all %d of the seed's passages", len(calls), len(s.lib.Passages(seedID)))
	}

	// When the caller gives up, the error is returned rather than hidden.
	ctx, cancel := context.WithCancel(t.Context())
	m.Reply = func(ctx context.Context, _ int, _ []Message) (Completion, error) {
		cancel()
		return Completion{}, ctx.Err()
	}
	if a, err := s.Ask(ctx, q, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Ask with the caller's context cancelled: %+v, %v; want context.Canceled", a, err)
	}
}

func TestSummarize(t *testing.T) {
	s := newTestService(t, nil)
	tests := []struct {
		name, target string
		length       Length
		article      string // every citation's article; "" for several
		min, max     int    // cited sentences
	}{
		{"seed-partial-title", "mexico rejects us military", Brief, seedID, 3, 3},
		{"seed-detailed", "Sheinbaum Stands Firm", Detailed, seedID, 4, 6},
		{"reef-title", "Great Barrier Reef", Brief, "reef-bleaching", 2, 3},
		{"topic-climate", "climate change and warming seas", Brief, "", 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := s.Summarize(t.Context(), tt.target, Options{Length: tt.length})
			if err != nil {
				t.Fatal(err)
			}
			if a.Refused {
				t.Fatalf("refused:\n%s", a.Text)
			}
			checkCitations(t, s, a)
			if n := len(citationRE.FindAllString(a.Text, -1)); n < tt.min || n > tt.max {
				t.Errorf("%d cited sentences; want %d to %d:\n%s", n, tt.min, tt.max, a.Text)
			}
			for _, c := range a.Citations {
				if tt.article != "" && !strings.Contains(c.ArticleID, tt.article) {
					t.Errorf("cites %q; want only %q", c.ArticleID, tt.article)
				}
			}
			golden(t, "summarize-"+tt.name, goldenText(a))
		})
	}

	a, err := s.Summarize(t.Context(), "the cricket world cup final", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Refused || len(a.Articles) == 0 {
		t.Errorf("off-corpus topic: refused %v, articles %d; want a refusal with the nearest articles:\n%s", a.Refused, len(a.Articles), a.Text)
	}
	var inputErr *InputError
	if _, err := s.Summarize(t.Context(), " \x00 ", Options{}); !errors.As(err, &inputErr) {
		t.Errorf("Summarize(blank): %v; want an InputError", err)
	}
}

func TestQuote(t *testing.T) {
	s := newTestService(t, nil)
	tests := []struct {
		name, fragment, speaker string
		refused, exact          bool
		want                    string // in the answer text
	}{
		{"exact", "sovereign nation", "", false, true, "Mexico is a sovereign nation"},
		{"exact-curly-and-case", "“mexico IS a sovereign   nation”", "", false, true, "Mexico is a sovereign nation"},
		{"exact-with-speaker", "running out of time", "Carter", false, true, "We are running out of time"},
		{"near", "Mexico is a sovereign country", "", false, false, "not an exact quote"},
		{"not-found", "the moon is made of green cheese", "", true, false, "No quote found"},
		{"speaker-only", "", "Breton", false, true, "global standard-setter"},
		{"unknown-speaker", "", "Napoleon Bonaparte", true, false, "No quote found by “Napoleon Bonaparte”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := s.Quote(t.Context(), tt.fragment, tt.speaker)
			if err != nil {
				t.Fatal(err)
			}
			if a.Refused != tt.refused {
				t.Fatalf("refused = %v; want %v:\n%s", a.Refused, tt.refused, a.Text)
			}
			if !strings.Contains(a.Text, tt.want) {
				t.Errorf("text lacks %q:\n%s", tt.want, a.Text)
			}
			if tt.refused {
				return
			}
			checkCitations(t, s, a)
			if len(a.Quotes) == 0 {
				t.Fatalf("no quotes in the answer")
			}
			q := a.Quotes[0]
			if q.Exact != tt.exact || (q.Exact && q.Similarity != 1) || (!q.Exact && (q.Similarity <= 0 || q.Similarity >= 1)) {
				t.Errorf("quote exact %v similarity %v; want exact %v", q.Exact, q.Similarity, tt.exact)
			}
			art, ok := s.lib.Article(q.ArticleID)
			if !ok || art.Text[q.Start:q.End] != q.Text && prose.OneSpace(art.Text[q.Start:q.End]) != q.Text {
				t.Errorf("quote %q is not the article's text at its offsets", q.Text)
			}
			if q.Title == "" || q.Date == "" || !q.Verified {
				t.Errorf("quote lacks title/date or is unverified: %+v", q)
			}
			golden(t, "quote-"+tt.name, goldenText(a))
		})
	}
	var inputErr *InputError
	if _, err := s.Quote(t.Context(), "  ", "\x00"); !errors.As(err, &inputErr) {
		t.Errorf("Quote(blank, blank): %v; want an InputError", err)
	}
}

func TestArticlesNewestFirst(t *testing.T) {
	s := newTestService(t, nil)
	a, err := s.Articles(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, info := range a.Articles {
		got = append(got, info.Date)
		if info.Passages < 1 || info.Title == "" {
			t.Errorf("article %+v lacks a title or passages", info)
		}
	}
	want := []string{"2025-08-09", "2024-09-22", "2024-04-17", "2024-03-13"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("article dates (-want +got):\n%s", diff)
	}
	golden(t, "articles", goldenText(a))
}

func TestTitles(t *testing.T) {
	s := newTestService(t, nil)
	tests := []struct {
		prefix string
		max    int
		want   []string // title starts, in order
	}{
		{"", 0, []string{"Mexico Rejects", "India Wins", "Great Barrier", "European Parliament"}},
		{"", 2, []string{"Mexico Rejects", "India Wins"}},
		{"mex", 25, []string{"Mexico Rejects"}},
		{"CHESS", 25, []string{"India Wins"}},
		{"parl", 25, []string{"European Parliament"}},
		{"eef", 25, []string{"Great Barrier"}},
		{"zzz", 25, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, info := range s.Titles(tt.prefix, tt.max) {
			for _, w := range tt.want {
				if strings.HasPrefix(info.Title, w) {
					got = append(got, w)
				}
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Titles(%q, %d) (-want +got):\n%s", tt.prefix, tt.max, diff)
		}
	}
}

// TestConcurrentUse runs every command from many goroutines at once, as the
// bot does (run with -race).
func TestConcurrentUse(t *testing.T) {
	s := newTestService(t, nil)
	calls := []func() (*Answer, error){
		func() (*Answer, error) {
			return s.Ask(t.Context(), "Why did Mexico reject US military intervention?", Options{})
		},
		func() (*Answer, error) { return s.Ask(t.Context(), "Who won the 2022 World Cup?", Options{}) },
		func() (*Answer, error) {
			return s.Summarize(t.Context(), "Great Barrier Reef", Options{Length: Detailed})
		},
		func() (*Answer, error) { return s.Quote(t.Context(), "sovereign nation", "") },
		func() (*Answer, error) { return s.Articles(t.Context()) },
	}
	errs := make(chan error, 40)
	for i := range 40 {
		go func() {
			a, err := calls[i%len(calls)]()
			if err == nil && a.Text == "" {
				err = fmt.Errorf("call %d: empty answer", i%len(calls))
			}
			errs <- err
		}()
	}
	for range 40 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// hitsSearcher is a Searcher over a fixed list of hits that records its
// queries: a second search backend in miniature.
type hitsSearcher struct {
	hits    []retrieval.Hit
	queries []string
}

func (h *hitsSearcher) SearchWhen(_ context.Context, q string, k int, _ retrieval.When) ([]retrieval.Hit, error) {
	h.queries = append(h.queries, q)
	return h.hits[:min(k, len(h.hits))], nil
}

// TestWithSearcher: Ask and Summarize find passages through the Searcher
// given, not the Library's index.
func TestWithSearcher(t *testing.T) {
	base := newTestService(t, nil)
	var hits []retrieval.Hit
	for _, p := range base.lib.Passages("reef-bleaching") {
		hits = append(hits, retrieval.Hit{Passage: p, Score: 1})
	}
	sr := &hitsSearcher{hits: hits}
	s := New(nil, base.lib, nil, Config{}, WithSearcher(sr))
	a, err := s.Ask(t.Context(), "What causes coral bleaching?", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sr.queries) == 0 || len(a.Citations) == 0 {
		t.Fatalf("searcher asked %q, %d citations; want the answer from the searcher's hits", sr.queries, len(a.Citations))
	}
	for _, c := range a.Citations {
		if c.ArticleID != "reef-bleaching" {
			t.Errorf("citation of %s; want only the searcher's article", c.ArticleID)
		}
	}
}
