package bot

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"byline/commands"
	"byline/commands/grounding"
)

// Discord's message limits, in UTF-16 code units (see unitLen).
const (
	maxContent          = 2000
	maxEmbedTitle       = 256
	maxEmbedDescription = 4096
	maxEmbedFooter      = 2048
	maxEmbedTotal       = 6000 // all embeds of one message together
	maxEmbeds           = 10
	maxChoices          = 25  // autocomplete choices
	maxChoiceLen        = 100 // choice name and string value
	maxCustomID         = 100
	articlesPerPage     = 10
)

// message is one Discord message to send, whatever the route (interaction
// response, edit, follow-up or channel message).
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
}

// noMentions is put on everything the bot sends: text from articles or a
// language model must never ping anyone. discordgo serialises a non-nil
// empty Parse as "parse":[] (the field has no omitempty), which is what
// turns every mention off; a nil Parse would be sent as null.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// Custom id prefixes of the buttons; the rest of the id is the answer id
// (or the page number).
const (
	idSources  = "src:"
	idVoteUp   = "up:"
	idVoteDown = "down:"
	idArticles = "arts:"
)

// renderAnswer turns an answer to /ask or /summarize (or a mention) into
// messages: the text split to fit, then the sources and the buttons on the
// last part. answerID keys the buttons; "" renders no buttons.
func renderAnswer(a *commands.Answer, answerID string) []message {
	var b strings.Builder
	if a.Searched != "" {
		fmt.Fprintf(&b, "🔎 *Searched for: %s*\n\n", strings.TrimSpace(a.Searched))
	}
	if a.Notice != "" {
		fmt.Fprintf(&b, "⚠️ *%s*\n\n", strings.TrimSpace(a.Notice))
	}
	b.WriteString(strings.TrimSpace(a.Text))
	if a.Refused && len(a.Articles) > 0 {
		b.WriteString("\n\nThe nearest articles:")
		for i, art := range a.Articles {
			if i == 5 {
				break
			}
			b.WriteString("\n• " + articleLine(art))
		}
	}
	parts := splitMessage(b.String(), maxContent)
	if len(parts) == 0 {
		parts = []string{"I have no answer to that."}
	}
	msgs := make([]message, len(parts))
	for i, p := range parts {
		msgs[i].Content = p
	}
	last := &msgs[len(msgs)-1]
	if e := sourcesEmbed(a); e != nil {
		last.Embeds = []*discordgo.MessageEmbed{e}
	}
	if answerID != "" {
		last.Components = answerButtons(answerID, len(a.Citations) > 0)
	}
	return msgs
}

// sourcesEmbed lists the numbered sources of an answer compactly, with a
// footer saying how the answer was written. nil when there is nothing to say.
func sourcesEmbed(a *commands.Answer) *discordgo.MessageEmbed {
	footer := answerFooter(a)
	if len(a.Citations) == 0 && footer == "" {
		return nil
	}
	e := &discordgo.MessageEmbed{}
	if len(a.Citations) > 0 {
		e.Title = "Sources"
		var b strings.Builder
		for i, c := range a.Citations {
			line := truncate(fmt.Sprintf("**[%d]** %s", c.N, citationLabel(c)), 400)
			if unitLen(b.String())+unitLen(line)+40 > maxEmbedDescription {
				fmt.Fprintf(&b, "…and %d more", len(a.Citations)-i)
				break
			}
			b.WriteString(line + "\n")
		}
		e.Description = strings.TrimSpace(b.String())
	}
	if footer != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(footer, maxEmbedFooter)}
	}
	return e
}

// answerFooter says how the answer was made, and what could not be checked.
func answerFooter(a *commands.Answer) string {
	var notes []string
	switch a.Mode {
	case commands.ModeLLM:
		if a.Model != "" {
			notes = append(notes, "Written by "+a.Model+" from the cited passages")
		} else {
			notes = append(notes, "Written by a language model from the cited passages")
		}
	case commands.ModeExtractive:
		if len(a.Citations) > 0 {
			notes = append(notes, "Sentences taken from the articles")
		}
	}
	unverified := 0
	for _, q := range a.Quotes {
		if !q.Verified {
			unverified++
		}
	}
	if unverified > 0 {
		notes = append(notes, plural(unverified, "quote", "quotes")+" not found in the articles")
	}
	if n := len(a.Unsupported); n > 0 {
		notes = append(notes, plural(n, "sentence", "sentences")+" without a source")
	}
	return strings.Join(notes, " · ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// citationLabel is "Title — Author, date" with the title linked when the
// source has a web address.
func citationLabel(c commands.Citation) string {
	title := escapeLinkText(orDefault(c.Title, "Untitled"))
	if u := safeURL(c.URL); u != "" {
		title = "[" + title + "](" + u + ")"
	}
	return title + byline(c.Author, c.Date)
}

func byline(author, date string) string {
	var meta []string
	if author != "" {
		meta = append(meta, author)
	}
	if date != "" {
		meta = append(meta, date)
	}
	if len(meta) == 0 {
		return ""
	}
	return " — " + strings.Join(meta, ", ")
}

// articleLine is one article of a list.
func articleLine(a commands.ArticleInfo) string {
	return truncate("**"+escapeLinkText(orDefault(a.Title, "Untitled"))+"**"+byline(a.Author, a.Date), 180)
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// safeURL returns u when it is an http(s) address that cannot break out of
// a Markdown link, else "".
func safeURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	s := p.String()
	if strings.ContainsAny(s, " ()[]<>") || len(s) > 500 {
		return ""
	}
	return s
}

// escapeLinkText keeps a title from closing Markdown emphasis or links.
func escapeLinkText(s string) string {
	return strings.NewReplacer("[", "(", "]", ")", "*", "\\*", "_", "\\_", "`", "'", "\n", " ").Replace(s)
}

// answerButtons are the Sources and feedback buttons of an answer.
func answerButtons(answerID string, sources bool) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	if sources {
		row = append(row, discordgo.Button{Label: "Sources", Style: discordgo.SecondaryButton, CustomID: idSources + answerID})
	}
	row = append(row,
		discordgo.Button{Label: "👍", Style: discordgo.SecondaryButton, CustomID: idVoteUp + answerID},
		discordgo.Button{Label: "👎", Style: discordgo.SecondaryButton, CustomID: idVoteDown + answerID},
	)
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

// renderSources shows the cited passages of an answer (the Sources
// button): one embed per citation, at most 10, within the 6,000-unit total.
func renderSources(a *commands.Answer) message {
	cits := a.Citations
	if len(cits) == 0 {
		return message{Content: "This answer has no cited passages."}
	}
	m := message{}
	if len(cits) > maxEmbeds {
		m.Content = fmt.Sprintf("The first %d of %d sources:", maxEmbeds, len(cits))
		cits = cits[:maxEmbeds]
	}
	budget := maxEmbedTotal
	embeds := make([]*discordgo.MessageEmbed, len(cits))
	for i, c := range cits {
		e := &discordgo.MessageEmbed{
			Title:  truncate(fmt.Sprintf("[%d] %s", c.N, orDefault(c.Title, "Untitled")), maxEmbedTitle),
			URL:    safeURL(c.URL),
			Footer: &discordgo.MessageEmbedFooter{Text: truncate(strings.TrimPrefix(byline(c.Author, c.Date), " — "), 200)},
		}
		if e.Footer.Text == "" {
			e.Footer = nil
		}
		budget -= unitLen(e.Title)
		if e.Footer != nil {
			budget -= unitLen(e.Footer.Text)
		}
		embeds[i] = e
	}
	// Share what is left between the passages, so a long first passage
	// does not crowd out the others.
	for i, c := range cits {
		share := budget / (len(cits) - i)
		text := truncate(strings.TrimSpace(c.Text), min(maxEmbedDescription, share))
		if text == "" {
			text = "(empty passage)"
		}
		embeds[i].Description = text
		budget -= unitLen(text)
	}
	m.Embeds = embeds
	return m
}

// renderArticles shows one page (from 0) of the article list, with
// Previous/Next buttons when there is more than one page; the buttons
// carry the period the list was asked for ("" for all).
func renderArticles(a *commands.Answer, page int, period string) message {
	arts := a.Articles
	if len(arts) == 0 {
		return message{Content: orDefault(strings.TrimSpace(a.Text), "No articles are indexed yet.")}
	}
	pages := (len(arts) + articlesPerPage - 1) / articlesPerPage
	page = max(0, min(page, pages-1))
	var b strings.Builder
	what := plural(len(arts), "article", "articles")
	if period != "" {
		// The list's own heading names the period ("3 articles published in 2024, newest first:").
		what, _, _ = strings.Cut(strings.TrimSpace(a.Text), ", newest first")
	}
	fmt.Fprintf(&b, "**%s**, newest first", what)
	if pages > 1 {
		fmt.Fprintf(&b, " (page %d of %d)", page+1, pages)
	}
	b.WriteString(":\n")
	from := page * articlesPerPage
	for i, art := range arts[from:min(from+articlesPerPage, len(arts))] {
		fmt.Fprintf(&b, "%d. %s\n", from+i+1, articleLine(art))
	}
	m := message{Content: truncate(strings.TrimSpace(b.String()), maxContent)}
	if pages > 1 {
		m.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Previous", Style: discordgo.SecondaryButton, CustomID: articlesID(strconv.Itoa(page-1), period), Disabled: page == 0},
			discordgo.Button{Label: "Next", Style: discordgo.SecondaryButton, CustomID: articlesID(strconv.Itoa(page+1), period), Disabled: page == pages-1},
		}}}
		// Discord rejects two components with one custom id: the disabled
		// one at an edge gets a distinct id.
		row := m.Components[0].(discordgo.ActionsRow)
		if page == 0 {
			b := row.Components[0].(discordgo.Button)
			b.CustomID = articlesID("first", period)
			row.Components[0] = b
		}
		if page == pages-1 {
			b := row.Components[1].(discordgo.Button)
			b.CustomID = articlesID("last", period)
			row.Components[1] = b
		}
	}
	return m
}

// streamPreview is what a message shows while the language model writes:
// the text so far, cut to fit one message. Nothing of it is verified yet,
// so it shows no link and no sources block the model wrote.
func streamPreview(text string) string {
	text = strings.TrimSpace(grounding.Unlink(text))
	if text == "" {
		return "✍️ Writing…"
	}
	return truncate("✍️ "+text, maxContent-2) + " ▍"
}

// articlesID is the custom id of a page button: "arts:2", or
// "arts:2:last week" for a list of a period.
func articlesID(page, period string) string {
	if period == "" {
		return idArticles + page
	}
	return idArticles + page + ":" + period
}
