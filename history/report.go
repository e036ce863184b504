package history

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"byline/retrieval/prose"
	"byline/store"
)

// Report is what the question log says since a time.
type Report struct {
	Since           time.Time      `json:"since"`
	Questions       int            `json:"questions"`
	Outcomes        map[string]int `json:"outcomes"`
	RefusalRate     float64        `json:"refusal_rate"`
	MedianLatencyMS int64          `json:"median_latency_ms"`
	PerDay          []Day          `json:"per_day"`
	// Gaps are the refused questions grouped by their key terms, most
	// asked first: what people could not get answered.
	Gaps []Gap `json:"gaps"`
	// Disliked are the answers with the most 👎, most first.
	Disliked []Disliked `json:"disliked"`
}

// Day counts the questions of one day (UTC).
type Day struct {
	Date      string `json:"date"`
	Questions int    `json:"questions"`
	Refused   int    `json:"refused"`
}

// Gap is a group of refused questions sharing their key terms.
type Gap struct {
	Terms     []string `json:"terms"`
	Count     int      `json:"count"`
	Questions []string `json:"questions"` // up to 3 examples, as asked
}

// Disliked is an answer with 👎 votes.
type Disliked struct {
	AnswerID string `json:"answer_id"`
	Question string `json:"question"`
	Down     int    `json:"down"`
	Up       int    `json:"up"`
}

// Report builds the report of what was asked since since.
func (l *Log) Report(ctx context.Context, since time.Time) (*Report, error) {
	if l.db == nil {
		return nil, ErrNoDatabase
	}
	qs, err := l.db.Questions(ctx, since)
	if err != nil {
		return nil, err
	}
	vs, err := l.db.Votes(ctx, since)
	if err != nil {
		return nil, err
	}
	return Build(since, qs, vs), nil
}

// Limits of a report's lists.
const (
	maxGaps     = 10
	maxDisliked = 10
	maxExamples = 3
)

// Build computes a report from rows.
func Build(since time.Time, qs []store.QuestionRow, vs []store.VoteRow) *Report {
	r := &Report{Since: since.UTC(), Questions: len(qs), Outcomes: map[string]int{}, PerDay: []Day{}, Gaps: []Gap{}, Disliked: []Disliked{}}
	var latencies []time.Duration
	var refused []string
	days := map[string]*Day{}
	for _, q := range qs {
		r.Outcomes[q.Outcome]++
		latencies = append(latencies, q.Latency)
		date := q.At.UTC().Format(time.DateOnly)
		d := days[date]
		if d == nil {
			d = &Day{Date: date}
			days[date] = d
		}
		d.Questions++
		if q.Outcome == string(Refused) {
			d.Refused++
			refused = append(refused, q.Question)
		}
	}
	for _, d := range days {
		r.PerDay = append(r.PerDay, *d)
	}
	sort.Slice(r.PerDay, func(i, j int) bool { return r.PerDay[i].Date < r.PerDay[j].Date })
	if len(qs) > 0 {
		r.RefusalRate = float64(len(refused)) / float64(len(qs))
		slices.Sort(latencies)
		r.MedianLatencyMS = median(latencies).Milliseconds()
	}
	r.Gaps = groupGaps(refused)
	r.Disliked = disliked(vs)
	return r
}

// median of sorted durations.
func median(ds []time.Duration) time.Duration {
	n := len(ds)
	if n%2 == 1 {
		return ds[n/2]
	}
	return (ds[n/2-1] + ds[n/2]) / 2
}

// groupGaps groups questions whose key-term sets overlap by half or more
// (Jaccard) with a group's first question; each group is named by the
// terms most of its questions share.
func groupGaps(questions []string) []Gap {
	type group struct {
		first  map[string]bool
		counts map[string]int
		gap    Gap
	}
	var groups []*group
	for _, q := range questions {
		set := prose.Set(prose.Terms(q))
		var g *group
		for _, c := range groups {
			if prose.Jaccard(set, c.first) >= 0.5 {
				g = c
				break
			}
		}
		if g == nil {
			g = &group{first: set, counts: map[string]int{}}
			groups = append(groups, g)
		}
		g.gap.Count++
		for t := range set {
			g.counts[t]++
		}
		if len(g.gap.Questions) < maxExamples && !slices.Contains(g.gap.Questions, q) {
			g.gap.Questions = append(g.gap.Questions, q)
		}
	}
	out := []Gap{}
	for _, g := range groups {
		for t, n := range g.counts {
			if 2*n >= g.gap.Count {
				g.gap.Terms = append(g.gap.Terms, t)
			}
		}
		sort.Slice(g.gap.Terms, func(i, j int) bool {
			a, b := g.gap.Terms[i], g.gap.Terms[j]
			return g.counts[a] > g.counts[b] || g.counts[a] == g.counts[b] && a < b
		})
		out = append(out, g.gap)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	if len(out) > maxGaps {
		out = out[:maxGaps]
	}
	return out
}

// disliked lists the answers with 👎, most first.
func disliked(vs []store.VoteRow) []Disliked {
	by := map[string]*Disliked{}
	var order []string
	for _, v := range vs {
		d := by[v.AnswerID]
		if d == nil {
			d = &Disliked{AnswerID: v.AnswerID}
			by[v.AnswerID] = d
			order = append(order, v.AnswerID)
		}
		if v.Question != "" {
			d.Question = v.Question
		}
		if v.Vote == "down" {
			d.Down++
		} else {
			d.Up++
		}
	}
	out := []Disliked{}
	for _, id := range order {
		if by[id].Down > 0 {
			out = append(out, *by[id])
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Down-out[i].Up > out[j].Down-out[j].Up })
	if len(out) > maxDisliked {
		out = out[:maxDisliked]
	}
	return out
}

// WriteText prints the report for a terminal.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Since %s: %d questions, %.0f%% refused, median latency %d ms\n",
		r.Since.Format(time.DateOnly), r.Questions, 100*r.RefusalRate, r.MedianLatencyMS)
	if len(r.Outcomes) > 0 {
		var parts []string
		for _, o := range []Outcome{Answered, Refused, ModelFailed, Failed} {
			if n := r.Outcomes[string(o)]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", o, n))
			}
		}
		fmt.Fprintf(&b, "Outcomes: %s\n", strings.Join(parts, ", "))
	}
	b.WriteString("\nQuestions per day:\n")
	for _, d := range r.PerDay {
		fmt.Fprintf(&b, "  %s  %4d  (%d refused)\n", d.Date, d.Questions, d.Refused)
	}
	b.WriteString("\nMost asked questions the articles did not cover:\n")
	if len(r.Gaps) == 0 {
		b.WriteString("  (none)\n")
	}
	for _, g := range r.Gaps {
		fmt.Fprintf(&b, "  %3d× [%s] e.g. %q\n", g.Count, strings.Join(g.Terms, " "), g.Questions[0])
	}
	b.WriteString("\nAnswers with the most 👎:\n")
	if len(r.Disliked) == 0 {
		b.WriteString("  (none)\n")
	}
	for _, d := range r.Disliked {
		fmt.Fprintf(&b, "  👎 %d 👍 %d  %s  %q\n", d.Down, d.Up, d.AnswerID, d.Question)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
