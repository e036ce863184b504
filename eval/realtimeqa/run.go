package realtimeqa

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode"

	"byline/commands"
	"byline/eval/metrics"
	"byline/retrieval"
	"byline/retrieval/timeframe"
)

// Row is the figures of one system over the questions.
type Row struct {
	System    string `json:"system"`
	Questions int    `json:"questions"`
	// Choice is the share of questions whose answer text contains a
	// correct choice (as whole words, case aside).
	Choice float64 `json:"answer_contains_correct_choice"`
	// OnlyCorrect is the share whose answer contains a correct choice and
	// no wrong one.
	OnlyCorrect float64 `json:"answer_contains_only_correct_choice"`
	// Support is the share of questions with a supporting article cited.
	Support float64 `json:"supporting_article_cited"`
	// SupportRare is the share with a supporting article cited that
	// shares the question's rare words (Set.ShareRareWords).
	SupportRare float64 `json:"supporting_article_sharing_rare_words_cited"`
	// Later counts the questions that cite an article published after the
	// question's date (must be 0 with date handling).
	Later   int             `json:"questions_citing_later_articles"`
	Refused int             `json:"refused"`
	Latency metrics.Latency `json:"-"`
	P50MS   float64         `json:"p50_ms"`
}

// System is one way of answering: a name and the Service asked as of a
// question's day.
type System struct {
	Name string
	// For returns the Service that answers q.
	For func(q Question) *commands.Service
	// rec, when set, records the passages the Service retrieves.
	rec *recorder
}

// Systems are the rows of the report: Byline with dates (each question
// asked as of its day), then the same with each of the recency settings
// also, then the same Byline with no date handling at all (the
// reference).
func Systems(lg *slog.Logger, lib *retrieval.Library, model commands.ChatModel, modelName string, also ...retrieval.RecencyTuning) []System {
	cfg := commands.Config{ModelName: modelName}
	rec := &recorder{sr: lib}
	dated := commands.New(lg, lib, model, cfg, commands.WithSearcher(rec))
	out := []System{{Name: "byline as of the question's date", For: func(q Question) *commands.Service { return dated.AsOf(q.Date) }, rec: rec}}
	for _, t := range also {
		c := cfg
		c.Recency = &t
		rec := &recorder{sr: lib}
		svc := commands.New(lg, lib, model, c, commands.WithSearcher(rec))
		name := fmt.Sprintf("as of the date, weight %g latest %g half-life %g pool %d", t.Weight, t.Latest, t.HalfLifeDays, t.Pool)
		out = append(out, System{Name: name, For: func(q Question) *commands.Service { return svc.AsOf(q.Date) }, rec: rec})
	}
	cfg.Timeless = true
	rec = &recorder{sr: lib}
	timeless := commands.New(lg, lib, model, cfg, commands.WithSearcher(rec))
	return append(out, System{Name: "byline, no date handling", For: func(Question) *commands.Service { return timeless }, rec: rec})
}

// Outcome is how one system fared on one question (the lines of --log).
type Outcome struct {
	System   string `json:"system"`
	ID       string `json:"id"`
	Question string `json:"question"`
	Refused  bool   `json:"refused"`
	Choice   bool   `json:"choice"`
	Support  bool   `json:"support"`
	Answer   string `json:"answer"`
	// Retrieved is the passages the question's searches returned.
	Retrieved []Retrieved `json:"retrieved,omitempty"`
}

// Measure asks every question of every system, one after the other. Each
// question's outcome goes to log as a JSON line when log is not nil.
func Measure(ctx context.Context, set *Set, systems []System, log io.Writer) ([]Row, error) {
	dates := make(map[string]time.Time, len(set.Articles))
	for _, a := range set.Articles {
		dates[a.ID] = a.Date
	}
	rows := make([]Row, 0, len(systems))
	for _, sys := range systems {
		r := Row{System: sys.Name, Questions: len(set.Questions)}
		var lat []time.Duration
		var choice, only, support, rare int
		for _, q := range set.Questions {
			if sys.rec != nil {
				sys.rec.reset()
			}
			start := time.Now()
			ans, err := sys.For(q).Ask(ctx, q.Question, commands.Options{})
			if err != nil {
				return nil, fmt.Errorf("question %s: %w", q.ID, err)
			}
			lat = append(lat, time.Since(start))
			g := grade(q, ans, dates, set.Sharing[q.ID])
			r.Refused += b2i(ans.Refused)
			choice += b2i(g.choice)
			only += b2i(g.choice && !g.wrong)
			support += b2i(g.support)
			rare += b2i(g.rare)
			r.Later += b2i(g.later)
			if log != nil {
				o := Outcome{System: sys.Name, ID: q.ID, Question: q.Question, Refused: ans.Refused, Choice: g.choice, Support: g.support, Answer: ans.Text}
				if sys.rec != nil {
					cited := map[string]bool{}
					for _, c := range ans.Citations {
						cited[c.ArticleID] = true
					}
					o.Retrieved = retrieved(q, sys.rec.reset(), cited)
				}
				if err := json.NewEncoder(log).Encode(o); err != nil {
					return nil, fmt.Errorf("log: %w", err)
				}
			}
		}
		if n := float64(len(set.Questions)); n > 0 {
			r.Choice, r.OnlyCorrect, r.Support = float64(choice)/n, float64(only)/n, float64(support)/n
			r.SupportRare = float64(rare) / n
		}
		r.Latency = metrics.Summarize(lat)
		r.P50MS = float64(r.Latency.P50) / float64(time.Millisecond)
		rows = append(rows, r)
	}
	return rows, nil
}

// graded is how one answer fares.
type graded struct {
	choice, wrong, support, rare, later bool
}

// grade grades ans to q; sharing is q's supporting articles that share
// its rare words.
func grade(q Question, ans *commands.Answer, dates map[string]time.Time, sharing map[string]bool) graded {
	var g graded
	text := normalize(ans.Text)
	for _, c := range q.Choices {
		if !containsPhrase(text, normalize(c)) {
			continue
		}
		if slices.Contains(q.Answers, c) {
			g.choice = true
		} else {
			g.wrong = true
		}
	}
	for _, c := range ans.Citations {
		if slices.Contains(q.Support, c.ArticleID) {
			g.support = true
		}
		if sharing[c.ArticleID] {
			g.rare = true
		}
		if d := dates[c.ArticleID]; !d.IsZero() && timeframe.Day(d).After(q.Date) {
			g.later = true
		}
	}
	return g
}

// normalize lower-cases s and keeps its words, single-spaced, with a
// space each side, so that phrases match on word boundaries.
func normalize(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return " " + strings.Join(f, " ") + " "
}

func containsPhrase(text, phrase string) bool {
	return strings.TrimSpace(phrase) != "" && strings.Contains(text, phrase)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
