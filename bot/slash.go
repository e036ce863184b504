package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"

	"github.com/bwmarrin/discordgo"
)

// Slash command and option names.
const (
	cmdAsk       = "ask"
	cmdSummarize = "summarize"
	cmdQuote     = "quote"
	cmdArticles  = "articles"

	optQuestion = "question"
	optArticle  = "article"
	optLength   = "length"
	optText     = "text"
	optSpeaker  = "speaker"

	// maxQuestionLen is the longest question Discord lets a user type
	// (the commands layer allows 2000 characters).
	maxQuestionLen = 2000
)

// commandSpec is an application command as registered. The bot compares
// the list it wants with the one Discord has in this normalised form, so
// fields Discord adds (ids, versions, permissions) do not count as changes.
type commandSpec struct {
	Type        int          `json:"type"`
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Options     []optionSpec `json:"options,omitempty"`
}

type optionSpec struct {
	Type         int          `json:"type"`
	Name         string       `json:"name"`
	Description  string       `json:"description"`
	Required     bool         `json:"required,omitempty"`
	Autocomplete bool         `json:"autocomplete,omitempty"`
	Choices      []choiceSpec `json:"choices,omitempty"`
	MaxLength    int          `json:"max_length,omitempty"`
}

type choiceSpec struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

const (
	typeChatInput = int(discordgo.ChatApplicationCommand)
	typeString    = int(discordgo.ApplicationCommandOptionString)
)

// speakerLister is implemented by answerers that know who is quoted; the
// /quote speaker option then autocompletes.
type speakerLister interface {
	Speakers(prefix string, max int) []string
}

// commandSpecs are the slash commands the bot offers, sorted by name.
func (b *Bot) commandSpecs() []commandSpec {
	_, speakers := b.a.(speakerLister)
	return []commandSpec{
		{Type: typeChatInput, Name: cmdArticles, Description: "List the indexed news articles, newest first"},
		{Type: typeChatInput, Name: cmdAsk, Description: "Ask a question about the news articles", Options: []optionSpec{
			{Type: typeString, Name: optQuestion, Description: "Your question", Required: true, MaxLength: maxQuestionLen},
		}},
		{Type: typeChatInput, Name: cmdQuote, Description: "Find who said something, verbatim (give some words, a speaker, or both)", Options: []optionSpec{
			{Type: typeString, Name: optText, Description: "Some words of the quote", MaxLength: 500},
			{Type: typeString, Name: optSpeaker, Description: "Who said it", MaxLength: 100, Autocomplete: speakers},
		}},
		{Type: typeChatInput, Name: cmdSummarize, Description: "Summarize an article, or what the articles say on a topic", Options: []optionSpec{
			{Type: typeString, Name: optArticle, Description: "An article (pick from the list) or a topic", Required: true, Autocomplete: true, MaxLength: 300},
			{Type: typeString, Name: optLength, Description: "How long the summary should be", Choices: []choiceSpec{
				{Name: "brief", Value: "brief"}, {Name: "detailed", Value: "detailed"},
			}},
		}},
	}
}

// registerCommands overwrites the application's commands (in the guild
// when one is configured, else globally) when they differ from what
// Discord has; global changes take a while to reach every client, so
// needless overwrites are avoided.
func (b *Bot) registerCommands(ctx context.Context, appID string) error {
	if appID == "" {
		return fmt.Errorf("register commands: the gateway did not say which application this is")
	}
	endpoint := discordgo.EndpointApplicationGlobalCommands(appID)
	scope := "global"
	if b.cfg.GuildID != "" {
		endpoint = discordgo.EndpointApplicationGuildCommands(appID, b.cfg.GuildID)
		scope = "guild " + b.cfg.GuildID
	}
	want := b.commandSpecs()
	var have []commandSpec
	if err := b.request(ctx, http.MethodGet, endpoint, nil, &have); err != nil {
		// Cannot compare (e.g. an unexpected shape): overwrite anyway.
		b.lg.Warn("could not read the registered commands; overwriting them", "err", err)
		have = nil
	}
	if sameCommands(want, have) {
		b.lg.Info("slash commands up to date", "scope", scope, "commands", len(want))
		return nil
	}
	if err := b.request(ctx, http.MethodPut, endpoint, want, nil); err != nil {
		return fmt.Errorf("register slash commands (%s): %w", scope, err)
	}
	b.lg.Info("slash commands registered", "scope", scope, "commands", len(want))
	return nil
}

// sameCommands compares two command lists in their normalised form.
func sameCommands(a, b []commandSpec) bool {
	norm := func(cs []commandSpec) []byte {
		cs = append([]commandSpec(nil), cs...)
		for i := range cs {
			if cs[i].Type == 0 {
				cs[i].Type = typeChatInput
			}
		}
		sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
		out, _ := json.Marshal(cs)
		return out
	}
	return bytes.Equal(norm(a), norm(b))
}
