package commands

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"byline/commands/grounding"
	"byline/commands/prompt"
	"byline/retrieval"
)

// genRequest is one LLM-written answer to produce.
type genRequest struct {
	Task     string // "ask" or "summarize"
	Question string // the user's question, or the summary's title/topic
	// Article: Question is the title of the one article summarized. A
	// title is article content, so it is kept out of the instructions
	// (the passages carry it inside their fence).
	Article bool
	// Kind is the kind of answer the question expects (question.Type:
	// "when", "quantity", "who", "said" …); the prompt asks to lead with it.
	Kind string
	// Passages are the retrieved passages, best first. generate packs as
	// many as fit the token budget; for "summarize" of a long article it
	// summarizes in parts and then combines them.
	Passages []retrieval.Passage
	History  []Message
	Length   Length
	OnDelta  func(string)
}

// genMaxParts bounds the model calls for one summary of a long article
// (parts, plus one to combine them). An article needing more is too long
// to summarize this way; the caller falls back to the extractive summary.
const genMaxParts = 8

// Answer lengths, in sentences.
const (
	genAskSentences      = 5
	genBriefSentences    = 4
	genDetailedSentences = 8
)

// genHistoryTurns and genHistoryChars bound what a follow-up carries of
// the conversation so far.
const (
	genHistoryTurns = 4
	genHistoryChars = 1500
)

// generate writes an answer through the ChatModel and verifies it
// (citations, quotes, unsupported sentences). It returns ErrNoModel when no
// model is configured, and an error when the model failed; the caller then
// falls back to the extractive answer with a Notice.
func (s *Service) generate(ctx context.Context, req genRequest) (*Answer, error) {
	if s.model == nil {
		return nil, ErrNoModel
	}
	task := req.Task
	if task != "summarize" {
		task = "ask"
	}
	passages := prompt.Dedupe(req.Passages)
	if len(passages) == 0 {
		return nil, errors.New("generate: no passages to answer from")
	}
	g := &genRun{s: s, onDelta: req.OnDelta}

	var (
		text     string
		inPrompt []retrieval.Passage
		err      error
	)
	if task == "summarize" && genOneArticle(passages) {
		text, inPrompt, err = g.summarizeArticle(ctx, req, passages)
	} else {
		text, inPrompt, err = g.single(ctx, task, req, passages)
	}
	if err != nil {
		return nil, fmt.Errorf("generate %s: %w", task, err)
	}

	ans := s.verify(text, inPrompt)
	ans.Model = g.model
	if ans.Model == "" {
		ans.Model = s.cfg.ModelName
	}
	ans.PromptTokens = g.promptTokens
	ans.RemovedCitations += g.removed
	s.lg.DebugContext(ctx, "llm answer verified", "task", task, "model", ans.Model, "calls", g.calls,
		"prompt_tokens", ans.PromptTokens, "passages", len(inPrompt), "citations", len(ans.Citations),
		"removed_citations", ans.RemovedCitations, "quotes", len(ans.Quotes), "unsupported", len(ans.Unsupported))
	return ans, nil
}

// verify checks an LLM answer against its prompt's passages and the
// library's articles (grounding.Verify) and makes it an Answer (without
// Model and PromptTokens, which the caller knows).
func (s *Service) verify(text string, passages []retrieval.Passage) *Answer {
	in := grounding.Input{Text: text, Passages: passages}
	if s.lib != nil {
		in.Candidates = s.quoteCandidates
		in.PassagesOf = s.lib.Passages
		in.Article = s.lib.Article
		in.SpeakerAt = s.lib.SpeakerAt
		in.Normalized = s.normalizedArticle
	}
	r := grounding.Verify(in)
	return &Answer{Text: r.Text, Mode: ModeLLM, Citations: r.Citations, Quotes: r.Quotes,
		Unsupported: r.Unsupported, RemovedCitations: r.Removed}
}

// genRun is one generate call: its model calls and what they cost.
type genRun struct {
	s            *Service
	onDelta      func(string)
	promptTokens int
	model        string
	calls        int
	removed      int // citations dropped from part summaries
}

// genOneArticle reports whether ps all come from one article: a summary of
// that article rather than of a topic.
func genOneArticle(ps []retrieval.Passage) bool {
	for _, p := range ps[1:] {
		if p.ArticleID != ps[0].ArticleID {
			return false
		}
	}
	return true
}

// genSentences is the answer length for task, in sentences.
func genSentences(task string, l Length) int {
	switch {
	case task == "ask":
		return genAskSentences
	case l == Detailed:
		return genDetailedSentences
	default:
		return genBriefSentences
	}
}

// minQuestionTokens is the room MinContextTokens keeps for a question.
const minQuestionTokens = 60

// MinContextTokens is the smallest LLM_MAX_CONTEXT_TOKENS with which a
// model can be given one passage of the largest size: the longest system
// prompt, a question, the answer (maxAnswer tokens) and one passage. A
// smaller context would make every answer fall back to the extractive one,
// so main refuses it at start.
func MinContextTokens(maxAnswer int) int {
	system := 0
	for _, task := range []string{"ask", "summarize", "combine"} {
		text, err := prompt.Render("system.tmpl", prompt.Data{Task: task, Sentences: genDetailedSentences, Today: "30 September 2025"})
		if err == nil {
			system = max(system, prompt.Tokens(text))
		}
	}
	// A passage of MaxWords words, its title and its tags; at most 1.5
	// tokens a word as prompt.Tokens counts them for English text.
	passage := retrieval.DefaultTuning.MaxWords*3/2 + 60
	return system + minQuestionTokens + maxAnswer + 60 + passage
}

// genCiteRE finds citation numbers, to strip them from history: they
// refer to the passages of an earlier prompt.
var genCiteRE = regexp.MustCompile(`\s*\[\d+(?:\s*[,;-]\s*\d+)*\]`)

// genHistory turns the previous turns into chat messages: the last few,
// each shortened, citations removed.
func genHistory(h []Message) []Message {
	var out []Message
	for _, m := range h {
		if m.Role != "user" && m.Role != "assistant" {
			continue
		}
		c := strings.TrimSpace(genCiteRE.ReplaceAllString(grounding.Clean(m.Content), ""))
		if c == "" {
			continue
		}
		if r := []rune(c); len(r) > genHistoryChars {
			c = string(r[:genHistoryChars]) + " …"
		}
		out = append(out, Message{Role: m.Role, Content: prompt.Neutralize(c)})
	}
	if len(out) > genHistoryTurns {
		out = out[len(out)-genHistoryTurns:]
	}
	// A conversation must not start with the assistant's turn.
	for len(out) > 0 && out[0].Role != "user" {
		out = out[1:]
	}
	return out
}

// today is the as-of day as the system prompt states it.
func (g *genRun) today() string { return g.s.Today().Format(longDate) }

// budget is what the passages may use of the context window once the
// system prompt, history, question and answer are counted.
func (g *genRun) budget(system string, history []Message, question string) int {
	used := prompt.Tokens(system) + prompt.Tokens(question) + g.s.cfg.MaxAnswerTokens + 60
	for _, m := range history {
		used += prompt.Tokens(m.Content) + 4
	}
	return g.s.cfg.MaxContextTokens - used
}

// single answers from the best passages that fit, in one call.
func (g *genRun) single(ctx context.Context, task string, req genRequest, passages []retrieval.Passage) (string, []retrieval.Passage, error) {
	system, err := prompt.Render("system.tmpl", prompt.Data{Task: task, Sentences: genSentences(task, req.Length), Today: g.today()})
	if err != nil {
		return "", nil, err
	}
	history := genHistory(req.History)
	question := prompt.Neutralize(grounding.Clean(req.Question))
	budget := g.budget(system, history, question)
	kept, _ := prompt.Budget(passages, budget)
	if len(kept) == 0 {
		return "", nil, fmt.Errorf("no passage fits the context budget of %d tokens (LLM_MAX_CONTEXT_TOKENS=%d)",
			max(budget, 0), g.s.cfg.MaxContextTokens)
	}
	tmpl := "ask.tmpl"
	if task == "summarize" {
		tmpl = "summarize.tmpl"
		question = prompt.Attr(question)
		if req.Article {
			question = ""
		}
	}
	user, err := prompt.Render(tmpl, prompt.Data{Task: task, Question: question, Kind: req.Kind, Passages: prompt.PassagesOf(1, kept)})
	if err != nil {
		return "", nil, err
	}
	msgs := append([]Message{{Role: "system", Content: system}}, history...)
	msgs = append(msgs, Message{Role: "user", Content: user})
	text, err := g.call(ctx, msgs, g.onDelta)
	return text, kept, err
}

// summarizeArticle summarizes one article: in one call when it fits, else
// part by part and then combined, all of it within summaryTimeouts
// LLMTimeouts. Passages are numbered across the whole article, so the
// parts' citations stay valid in the combined summary.
func (g *genRun) summarizeArticle(ctx context.Context, req genRequest, passages []retrieval.Passage) (string, []retrieval.Passage, error) {
	ordered := slices.Clone(passages)
	slices.SortStableFunc(ordered, func(a, b retrieval.Passage) int { return a.Seq - b.Seq })

	sentences := genSentences("summarize", req.Length)
	system, err := prompt.Render("system.tmpl", prompt.Data{Task: "summarize", Sentences: sentences, Today: g.today()})
	if err != nil {
		return "", nil, err
	}
	title := prompt.Attr(grounding.Clean(req.Question))
	if req.Article {
		title = ""
	}
	budget := g.budget(system, nil, title)
	if budget <= 0 {
		return "", nil, fmt.Errorf("no room for passages in a context of %d tokens", g.s.cfg.MaxContextTokens)
	}
	parts := prompt.Parts(ordered, budget)
	if len(parts) == 1 {
		return g.single(ctx, "summarize", req, ordered)
	}
	if len(parts) > genMaxParts {
		return "", nil, fmt.Errorf("the article needs %d parts of %d tokens; at most %d are summarized this way",
			len(parts), budget, genMaxParts)
	}

	whole := summaryTimeouts * g.s.cfg.LLMTimeout
	sctx, cancel := context.WithTimeout(ctx, whole)
	defer cancel()
	text, err := g.summarizeParts(sctx, system, title, sentences, parts)
	if err != nil {
		if sctx.Err() != nil && ctx.Err() == nil {
			err = fmt.Errorf("a summary in %d parts may take %s in all: %w", len(parts), whole, err)
		}
		return "", nil, err
	}
	return text, slices.Concat(parts...), nil
}

// summarizeParts summarizes each part, then combines the part summaries.
// Passages are numbered across the parts, as summarizeArticle says.
func (g *genRun) summarizeParts(ctx context.Context, system, title string, sentences int, parts [][]retrieval.Passage) (string, error) {
	var summaries []prompt.Summary
	first := 1
	for i, part := range parts {
		user, err := prompt.Render("summarize.tmpl", prompt.Data{Task: "summarize", Question: title,
			Passages: prompt.PassagesOf(first, part), Part: i + 1, Parts: len(parts)})
		if err != nil {
			return "", err
		}
		text, err := g.call(ctx, []Message{{Role: "system", Content: system}, {Role: "user", Content: user}}, nil)
		if err != nil {
			return "", fmt.Errorf("part %d of %d: %w", i+1, len(parts), err)
		}
		text, removed := grounding.KeepCitations(text, first, first+len(part)-1)
		g.removed += removed
		summaries = append(summaries, prompt.Summary{Part: i + 1, Text: prompt.Neutralize(text)})
		first += len(part)
	}

	combine, err := prompt.Render("system.tmpl", prompt.Data{Task: "combine", Sentences: sentences, Today: g.today()})
	if err != nil {
		return "", err
	}
	user, err := prompt.Render("combine.tmpl", prompt.Data{Task: "combine", Question: title, Summaries: summaries})
	if err != nil {
		return "", err
	}
	if t := prompt.Tokens(combine) + prompt.Tokens(user) + g.s.cfg.MaxAnswerTokens; t > g.s.cfg.MaxContextTokens {
		return "", fmt.Errorf("the partial summaries (%d tokens) do not fit the context of %d tokens", t, g.s.cfg.MaxContextTokens)
	}
	text, err := g.call(ctx, []Message{{Role: "system", Content: combine}, {Role: "user", Content: user}}, g.onDelta)
	if err != nil {
		return "", fmt.Errorf("combining %d parts: %w", len(parts), err)
	}
	return text, nil
}

// call makes one model call under LLMTimeout (the one place it is
// applied; the ChatModel has no limit of its own) and counts
// its prompt tokens: the server's figure when it reports usage, else the
// estimate.
func (g *genRun) call(ctx context.Context, msgs []Message, onDelta func(string)) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, g.s.cfg.LLMTimeout)
	defer cancel()
	g.calls++
	comp, err := g.s.model.Complete(ctx, msgs, onDelta)
	if err != nil {
		return "", err
	}
	if comp.PromptTokens > 0 {
		g.promptTokens += comp.PromptTokens
	} else {
		for _, m := range msgs {
			g.promptTokens += prompt.Tokens(m.Content) + 4
		}
	}
	if comp.Model != "" {
		g.model = comp.Model
	}
	return comp.Text, nil
}

// quoteCandidates are the articles, with their text, where a quotation
// of these words can be (see retrieval.Library.ArticlesWith).
func (s *Service) quoteCandidates(quote string) []*retrieval.Article {
	metas, err := s.lib.ArticlesWith(context.Background(), quote)
	if err != nil {
		s.lg.Warn("verify: find articles for a quotation", "err", err)
		return nil
	}
	out := make([]*retrieval.Article, 0, len(metas))
	for _, m := range metas {
		if a, ok := s.lib.Article(m.ID); ok {
			out = append(out, a)
		}
	}
	return out
}

// normalizedArticle is an article's text as quotation checks compare it,
// made once per article for the Service's lifetime rather than once per
// answer (the articles of a Library do not change; the hash guards
// against a reused id).
func (s *Service) normalizedArticle(a *retrieval.Article) string {
	key := a.ID + "\x00" + a.Hash
	if v, ok := s.norms.Load(key); ok {
		return v.(string)
	}
	norm := grounding.Normalize(a.Text)
	s.norms.Store(key, norm)
	return norm
}
