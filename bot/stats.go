package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"byline/commands"
	"byline/history"
)

// /byline stats: what users asked and could not get answered, for the
// members who may manage the server, shown only to them.
const (
	cmdByline  = "byline"
	subStats   = "stats"
	optDays    = "days"
	statsDays  = 30
	msgNoStats = "Only members who can manage this server may see the stats."
	msgStatsDM = "Ask for the stats in the server, not in a direct message."
)

// statsRestriction: the stats quote what other members asked, so they are
// for members who may manage the server (or Administrators).
var statsRestriction = &restriction{perm: discordgo.PermissionManageServer, refusal: msgNoStats, inDM: msgStatsDM}

func statsCommand(rep Reporter) slashCommand {
	return slashCommand{
		spec: commandSpec{Type: typeChatInput, Name: cmdByline, Description: "Byline's own commands",
			Options: []optionSpec{{Type: typeSub, Name: subStats, Description: "Questions, refusals, 👎 and latency (only you see it)", Options: []optionSpec{
				{Type: typeInteger, Name: optDays, Description: fmt.Sprintf("How many days back (default %d)", statsDays)},
			}}}},
		ephemeral: true,
		restrict:  statsRestriction,
		job: func(o options) job {
			var sub options
			for _, opt := range o {
				if opt != nil && opt.Name == subStats {
					sub = opt.Options
				}
			}
			if sub == nil {
				return job{name: cmdByline, refusal: msgUnknown}
			}
			days := statsDays
			if n, ok := sub.Int(optDays); ok && n >= 1 && n <= 3650 {
				days = n
			}
			return job{name: cmdByline + " " + subStats, cheap: true,
				run: func(ctx context.Context, _ commands.Options) (*commands.Answer, error) {
					r, err := rep.Report(ctx, time.Now().AddDate(0, 0, -days))
					if err != nil {
						return nil, &commands.InputError{Msg: "No stats: " + err.Error()}
					}
					return &commands.Answer{Text: statsText(r)}, nil
				},
				render: func(a *commands.Answer, _ string) []message {
					var msgs []message
					for _, p := range splitMessage(a.Text, maxContent) {
						msgs = append(msgs, message{Content: p})
					}
					return msgs
				}}
		},
	}
}

// Int returns an integer option's value.
func (o options) Int(name string) (int, bool) {
	for _, opt := range o {
		if opt != nil && opt.Name == name {
			f, ok := opt.Value.(float64) // JSON numbers
			return int(f), ok
		}
	}
	return 0, false
}

// statsText is the report as Discord Markdown.
func statsText(r *history.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Since %s** — %d questions, %.0f%% refused, median %d ms\n",
		r.Since.Format(time.DateOnly), r.Questions, 100*r.RefusalRate, r.MedianLatencyMS)
	if len(r.PerDay) > 0 {
		b.WriteString("\n**Per day:** ")
		var days []string
		for _, d := range r.PerDay[max(0, len(r.PerDay)-7):] {
			days = append(days, fmt.Sprintf("%s %d", d.Date[5:], d.Questions))
		}
		b.WriteString(strings.Join(days, " · ") + "\n")
	}
	b.WriteString("\n**Not covered by the articles** (most asked):\n")
	if len(r.Gaps) == 0 {
		b.WriteString("none\n")
	}
	for _, g := range r.Gaps {
		fmt.Fprintf(&b, "• %d× `%s` — e.g. “%s”\n", g.Count, strings.Join(g.Terms, " "), truncate(oneLine(g.Questions[0]), 120))
	}
	b.WriteString("\n**Most 👎:**\n")
	if len(r.Disliked) == 0 {
		b.WriteString("none\n")
	}
	for _, d := range r.Disliked {
		fmt.Fprintf(&b, "• 👎 %d 👍 %d — “%s”\n", d.Down, d.Up, truncate(oneLine(d.Question), 120))
	}
	return b.String()
}

// oneLine keeps text on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
