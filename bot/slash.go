package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"byline/commands"
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
	optPeriod   = "period"
	optText     = "text"
	optSpeaker  = "speaker"

	// maxQuestionLen is the longest question Discord lets a user type
	// (the commands layer allows 2000 characters).
	maxQuestionLen = 2000
	// maxPeriodLen bounds /articles period: it travels in the page
	// buttons' custom ids, which Discord caps at 100 characters.
	maxPeriodLen = 40
)

// commandSpec is an application command as registered. The bot compares
// the list it wants with the one Discord has in this normalised form, so
// fields Discord adds (ids, versions, permissions) do not count as changes.
type commandSpec struct {
	Type        int          `json:"type"`
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Options     []optionSpec `json:"options,omitempty"`
	// DefaultMemberPermissions is who may see the command by default (a
	// decimal permission bit set); "" = everyone.
	DefaultMemberPermissions permBits `json:"default_member_permissions,omitempty"`
}

// permBits is a permission bit set: sent as a number (as Discord's API
// description asks), read as Discord returns it, a string of digits.
type permBits int64

func (p *permBits) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		*p = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("permission bits %s: %w", b, err)
	}
	*p = permBits(n)
	return nil
}

type optionSpec struct {
	Type         int          `json:"type"`
	Name         string       `json:"name"`
	Description  string       `json:"description"`
	Required     bool         `json:"required,omitempty"`
	Autocomplete bool         `json:"autocomplete,omitempty"`
	Choices      []choiceSpec `json:"choices,omitempty"`
	MaxLength    int          `json:"max_length,omitempty"`
	Options      []optionSpec `json:"options,omitempty"` // of a subcommand
}

type choiceSpec struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

const (
	typeChatInput = int(discordgo.ChatApplicationCommand)
	typeString    = int(discordgo.ApplicationCommandOptionString)
	typeInteger   = int(discordgo.ApplicationCommandOptionInteger)
	typeSub       = int(discordgo.ApplicationCommandOptionSubCommand)
)

// speakerLister is implemented by answerers that know who is quoted; the
// /quote speaker option then autocompletes.
type speakerLister interface {
	Speakers(prefix string, max int) []string
}

// What each command needs from the commands layer; Answerer has them all.
type (
	asker interface {
		Ask(ctx context.Context, question string, opt commands.Options) (*commands.Answer, error)
	}
	summarizer interface {
		Summarize(ctx context.Context, target string, opt commands.Options) (*commands.Answer, error)
		Titles(prefix string, max int) []commands.ArticleInfo
	}
	quoter interface {
		Quote(ctx context.Context, fragment, speaker string) (*commands.Answer, error)
	}
	articleLister interface {
		ListArticles(ctx context.Context, f commands.ArticleFilter) (*commands.Answer, error)
	}
)

// slashCommand is one slash command: how it is registered, how its options
// become a job for the pipeline and, optionally, what its options suggest
// as the user types.
//
// To add a command: write a constructor like askCommand that takes only
// what the command uses, and list it in slashCommands. The pipeline
// (channel check, input check, cooldown and concurrency unless the job is
// cheap, acknowledgement, streaming, delivery, buttons) comes with it.
type slashCommand struct {
	spec commandSpec
	job  func(opts options) job
	// restrict, when set, limits the command to members with a permission
	// (others do not see it and get a refusal only they see).
	restrict *restriction
	// ephemeral answers are shown only to the user who asked.
	ephemeral bool
	// complete returns the choices for option as typed so far (nil: none).
	complete func(option, typed string) []*discordgo.ApplicationCommandOptionChoice
}

// options are a slash command's options as sent.
type options []*discordgo.ApplicationCommandInteractionDataOption

// String returns a string option's value, trimmed; wrong types (hostile or
// malformed payloads) count as absent instead of panicking as discordgo's
// StringValue would.
func (o options) String(name string) string {
	for _, opt := range o {
		if opt != nil && opt.Name == name {
			s, _ := opt.Value.(string)
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// slashCommands are the commands the bot offers.
func slashCommands(a Answerer, ad PageAdder, stats Reporter) []slashCommand {
	sl, _ := a.(speakerLister)
	cs := []slashCommand{articlesCommand(a), askCommand(a), quoteCommand(a, sl), summarizeCommand(a)}
	if ad != nil {
		cs = append([]slashCommand{addCommand(ad)}, cs...)
	}
	if stats != nil {
		cs = append(cs, statsCommand(stats))
	}
	for i := range cs {
		cs[i].spec.DefaultMemberPermissions = cs[i].restrict.visibleTo()
	}
	return cs
}

// askJob answers a question (from /ask or a message).
func askJob(a asker, name, q string) job {
	if q == "" {
		return job{name: name, refusal: msgNoQuestion}
	}
	return job{name: name, question: q, stream: true, keep: true, render: renderAnswer,
		run: func(ctx context.Context, opt commands.Options) (*commands.Answer, error) {
			return a.Ask(ctx, q, opt)
		}}
}

func askCommand(a asker) slashCommand {
	return slashCommand{
		spec: commandSpec{Type: typeChatInput, Name: cmdAsk, Description: "Ask a question about the news articles", Options: []optionSpec{
			{Type: typeString, Name: optQuestion, Description: "Your question", Required: true, MaxLength: maxQuestionLen},
		}},
		job: func(o options) job { return askJob(a, cmdAsk, o.String(optQuestion)) },
	}
}

func summarizeCommand(a summarizer) slashCommand {
	return slashCommand{
		spec: commandSpec{Type: typeChatInput, Name: cmdSummarize, Description: "Summarize an article, or what the articles say on a topic", Options: []optionSpec{
			{Type: typeString, Name: optArticle, Description: "An article (pick from the list) or a topic", Required: true, Autocomplete: true, MaxLength: 300},
			{Type: typeString, Name: optLength, Description: "How long the summary should be", Choices: []choiceSpec{
				{Name: "brief", Value: "brief"}, {Name: "detailed", Value: "detailed"},
			}},
		}},
		job: func(o options) job {
			target := o.String(optArticle)
			length := commands.Brief
			if o.String(optLength) == string(commands.Detailed) {
				length = commands.Detailed
			}
			return job{name: cmdSummarize, question: "Summarize: " + target, stream: true, keep: true, render: renderAnswer,
				run: func(ctx context.Context, opt commands.Options) (*commands.Answer, error) {
					opt.Length = length
					return a.Summarize(ctx, resolveArticle(a, target), opt)
				}}
		},
		complete: func(option, typed string) []*discordgo.ApplicationCommandOptionChoice {
			if option != optArticle {
				return nil
			}
			var out []*discordgo.ApplicationCommandOptionChoice
			for _, art := range a.Titles(typed, maxChoices) {
				out = append(out, articleChoice(art))
				if len(out) == maxChoices {
					break
				}
			}
			return out
		},
	}
}

// resolveArticle turns an autocomplete value (an article id) back into
// the title Summarize matches; anything else is a typed title or topic.
func resolveArticle(a summarizer, v string) string {
	for _, art := range a.Titles("", 0) {
		if art.ID == v && strings.TrimSpace(art.Title) != "" {
			return art.Title
		}
	}
	return v
}

// quoteCommand finds quotes; speakers, when not nil, autocompletes the
// speaker option.
func quoteCommand(a quoter, speakers speakerLister) slashCommand {
	c := slashCommand{
		spec: commandSpec{Type: typeChatInput, Name: cmdQuote, Description: "Find who said something, verbatim (give some words, a speaker, or both)", Options: []optionSpec{
			{Type: typeString, Name: optText, Description: "Some words of the quote", MaxLength: 500},
			{Type: typeString, Name: optSpeaker, Description: "Who said it", MaxLength: 100, Autocomplete: speakers != nil},
		}},
		job: func(o options) job {
			text, speaker := o.String(optText), o.String(optSpeaker)
			if text == "" && speaker == "" {
				return job{name: cmdQuote, refusal: msgNoQuote}
			}
			return job{name: cmdQuote, question: strings.TrimSpace("Who said “" + text + "” " + speaker), keep: true, render: renderAnswer,
				run: func(ctx context.Context, _ commands.Options) (*commands.Answer, error) {
					return a.Quote(ctx, text, speaker)
				}}
		},
	}
	if speakers != nil {
		c.complete = func(option, typed string) []*discordgo.ApplicationCommandOptionChoice {
			if option != optSpeaker {
				return nil
			}
			var out []*discordgo.ApplicationCommandOptionChoice
			for _, s := range speakers.Speakers(typed, maxChoices) {
				if s = truncate(strings.TrimSpace(s), maxChoiceLen); s != "" {
					out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
				}
				if len(out) == maxChoices {
					break
				}
			}
			return out
		}
	}
	return c
}

func articlesCommand(a articleLister) slashCommand {
	return slashCommand{
		spec: commandSpec{Type: typeChatInput, Name: cmdArticles, Description: "List the indexed news articles, newest first", Options: []optionSpec{
			{Type: typeString, Name: optPeriod, Description: "Only those published in a period: 2024, March 2025, last week…", MaxLength: maxPeriodLen},
		}},
		job: func(o options) job {
			period := o.String(optPeriod)
			return job{name: cmdArticles, cheap: true, run: func(ctx context.Context, _ commands.Options) (*commands.Answer, error) {
				return a.ListArticles(ctx, commands.ArticleFilter{Period: period})
			}, render: func(a *commands.Answer, _ string) []message { return []message{renderArticles(a, 0, period)} }}
		},
	}
}

// commandSpecs are the slash commands the bot registers, sorted by name.
func (b *Bot) commandSpecs() []commandSpec {
	var specs []commandSpec
	for _, c := range slashCommands(b.a, b.cfg.Adder, b.cfg.Stats) {
		specs = append(specs, c.spec)
	}
	sort.Slice(specs, func(i, j int) bool { return specs[i].Name < specs[j].Name })
	return specs
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
	if err := b.api.request(ctx, http.MethodGet, endpoint, nil, &have); err != nil {
		// Cannot compare (e.g. an unexpected shape): overwrite anyway.
		b.lg.WarnContext(ctx, "could not read the registered commands; overwriting them", "err", err)
		have = nil
	}
	if sameCommands(want, have) {
		b.lg.InfoContext(ctx, "slash commands up to date", "scope", scope, "commands", len(want))
		return nil
	}
	if err := b.api.request(ctx, http.MethodPut, endpoint, want, nil); err != nil {
		return fmt.Errorf("register slash commands (%s): %w", scope, err)
	}
	b.lg.InfoContext(ctx, "slash commands registered", "scope", scope, "commands", len(want))
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
