package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"byline/commands"
)

// checkMessage fails when m breaks one of Discord's message limits.
func checkMessage(t *testing.T, where string, m message) {
	t.Helper()
	if n := unitLen(m.Content); n > maxContent {
		t.Errorf("%s: content is %d units; limit %d", where, n, maxContent)
	}
	if len(m.Embeds) > maxEmbeds {
		t.Errorf("%s: %d embeds; limit %d", where, len(m.Embeds), maxEmbeds)
	}
	for i, e := range m.Embeds {
		if n := unitLen(e.Description); n > maxEmbedDescription {
			t.Errorf("%s: embed %d description is %d units", where, i, n)
		}
		if n := unitLen(e.Title); n > maxEmbedTitle {
			t.Errorf("%s: embed %d title is %d units", where, i, n)
		}
	}
	if n := embedsSize(m.Embeds); n > maxEmbedTotal {
		t.Errorf("%s: embeds total %d units; limit %d", where, n, maxEmbedTotal)
	}
	seen := map[string]bool{}
	for _, row := range m.Components {
		for _, c := range row.(discordgo.ActionsRow).Components {
			id := c.(discordgo.Button).CustomID
			if len(id) > maxCustomID || id == "" {
				t.Errorf("%s: bad custom id %q", where, id)
			}
			if seen[id] {
				t.Errorf("%s: custom id %q used twice", where, id)
			}
			seen[id] = true
		}
	}
}

func citations(n, textLen int) []commands.Citation {
	var cs []commands.Citation
	for i := 1; i <= n; i++ {
		cs = append(cs, commands.Citation{
			N: i, ArticleID: fmt.Sprint("a", i), Title: strings.Repeat("Long title ", 40),
			Author: "Jane Doe", Date: "2024-03-01", URL: "https://example.com/a" + fmt.Sprint(i),
			Text: strings.Repeat("passage words ", textLen/14),
		})
	}
	return cs
}

func TestRenderAnswerLimits(t *testing.T) {
	a := &commands.Answer{
		Text:      longAnswer(3000),
		Mode:      commands.ModeLLM,
		Model:     "test-model",
		Notice:    "The language model did not answer; here is what the articles say.",
		Citations: citations(40, 500),
		Quotes:    []commands.Quote{{Text: "x", Verified: false}},
	}
	msgs := renderAnswer(a, "abc1")
	if len(msgs) < 9 {
		t.Errorf("got %d messages; want the long answer split", len(msgs))
	}
	var text strings.Builder
	for i, m := range msgs {
		checkMessage(t, fmt.Sprint("part ", i), m)
		text.WriteString(m.Content)
		if i < len(msgs)-1 && (m.Embeds != nil || m.Components != nil) {
			t.Errorf("part %d has embeds or buttons; want them on the last part only", i)
		}
	}
	if !strings.HasPrefix(msgs[0].Content, "⚠️ *The language model did not answer") {
		t.Errorf("first part %q does not start with the notice", msgs[0].Content[:60])
	}
	last := msgs[len(msgs)-1]
	if len(last.Embeds) != 1 || !strings.Contains(last.Embeds[0].Description, "…and ") {
		t.Errorf("want one sources embed that says how many sources did not fit")
	}
	if f := last.Embeds[0].Footer.Text; !strings.Contains(f, "test-model") || !strings.Contains(f, "1 quote not found") {
		t.Errorf("footer %q; want the model and the unverified quote", f)
	}
}

func TestRenderAnswerNoMentionsSyntaxLeak(t *testing.T) {
	// The text is kept as is (allowed_mentions stops the pings), but
	// titles must not break out of their Markdown link.
	c := commands.Citation{N: 1, Title: "A [title](javascript:x) **bold**", URL: "javascript:alert(1)"}
	got := citationLabel(c)
	if strings.Contains(got, "javascript:") && strings.Contains(got, "](") {
		t.Errorf("citationLabel = %q; want no link from a javascript: address", got)
	}
	if strings.Contains(got, "[title]") {
		t.Errorf("citationLabel = %q; want brackets in the title neutralised", got)
	}
}

func TestRenderSourcesLimits(t *testing.T) {
	for _, n := range []int{0, 1, 3, 10, 12} {
		a := &commands.Answer{Citations: citations(n, 5000)}
		m := renderSources(a)
		checkMessage(t, fmt.Sprint(n, " citations"), m)
		if n > 0 && len(m.Embeds) != min(n, maxEmbeds) {
			t.Errorf("%d citations: %d embeds", n, len(m.Embeds))
		}
		if n == 0 && m.Content == "" {
			t.Errorf("no citations: empty message")
		}
	}
}

func TestRenderArticlesPages(t *testing.T) {
	var arts []commands.ArticleInfo
	for i := range 23 {
		arts = append(arts, commands.ArticleInfo{ID: fmt.Sprint(i), Title: fmt.Sprintf("Article %02d %s", i, strings.Repeat("x", 300)), Date: "2024-01-01"})
	}
	a := &commands.Answer{Articles: arts}
	tests := []struct {
		page           int
		wantFirst      string
		prevID, nextID string
	}{
		{0, "1. **Article 00", "arts:first", "arts:1"},
		{1, "11. **Article 10", "arts:0", "arts:2"},
		{2, "21. **Article 20", "arts:1", "arts:last"},
		{7, "21. **Article 20", "arts:1", "arts:last"}, // out of range: clamped
		{-3, "1. **Article 00", "arts:first", "arts:1"},
	}
	for _, tt := range tests {
		m := renderArticles(a, tt.page, "")
		checkMessage(t, fmt.Sprint("page ", tt.page), m)
		lines := strings.Split(m.Content, "\n")
		if !strings.HasPrefix(lines[1], tt.wantFirst) {
			t.Errorf("page %d: first line %q; want prefix %q", tt.page, lines[1], tt.wantFirst)
		}
		row := m.Components[0].(discordgo.ActionsRow)
		prev, next := row.Components[0].(discordgo.Button), row.Components[1].(discordgo.Button)
		if prev.CustomID != tt.prevID || next.CustomID != tt.nextID {
			t.Errorf("page %d: buttons %q, %q; want %q, %q", tt.page, prev.CustomID, next.CustomID, tt.prevID, tt.nextID)
		}
	}
	if m := renderArticles(&commands.Answer{Articles: arts[:3]}, 0, ""); m.Components != nil {
		t.Error("one page: want no buttons")
	}
}

func TestNoMentionsSerialisesEmptyParse(t *testing.T) {
	b, err := json.Marshal(noMentions())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if p := string(got["parse"]); p != "[]" {
		t.Errorf("allowed_mentions = %s; want \"parse\":[]", b)
	}
}

func TestStreamPreview(t *testing.T) {
	// Issue 10: the preview showed the model's links before verification.
	if got := streamPreview("Read [this](https://evil.example/x) or https://evil.example/y\nSources:\n[1] Fake — https://evil.example"); strings.Contains(got, "evil") {
		t.Errorf("streamPreview kept a link: %q", got)
	}
	if got := streamPreview(""); got != "✍️ Writing…" {
		t.Errorf("empty preview = %q", got)
	}
	long := streamPreview(strings.Repeat("word ", 1000))
	if n := unitLen(long); n > maxContent {
		t.Errorf("preview is %d units", n)
	}
}

// embedsSize is the length of the embeds as Discord totals them.
func embedsSize(es []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range es {
		n += unitLen(e.Title) + unitLen(e.Description)
		if e.Footer != nil {
			n += unitLen(e.Footer.Text)
		}
		if e.Author != nil {
			n += unitLen(e.Author.Name)
		}
		for _, f := range e.Fields {
			n += unitLen(f.Name) + unitLen(f.Value)
		}
	}
	return n
}
