package qa

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"byline/commands"
	"byline/retrieval"
)

// Question is one question of a part. Answers empty means the library
// cannot answer it: it should be refused.
type Question struct {
	ID      string
	Text    string
	Answers []string
	// Set names the file an unanswerable question comes from, so that
	// each set of off-topic questions is also scored on its own.
	Set string
}

// Answerable reports whether the question has reference answers.
func (q Question) Answerable() bool { return len(q.Answers) > 0 }

// Part is one library and the questions asked of it.
type Part struct {
	Name      string
	Library   *retrieval.Library
	Questions []Question
}

// Method is one way of answering, run on every part.
type Method struct {
	Name string
	// New builds the answering service for a library.
	New func(lib *retrieval.Library) *commands.Service
}

// Score is how one method did on one part.
type Score struct {
	Part, Method string
	Answerable   int // questions with reference answers
	Unanswerable int
	// Contains counts answerable questions whose answer (not refused)
	// contains a reference answer.
	Contains int
	// First counts those whose first sentence (up to its first
	// citation) holds a reference answer: the sentence ranked first.
	First             int
	RefusedAnswerable int
	RefusedOff        int // unanswerable questions refused
	// MedianChars is the median length of the answers given to answerable
	// questions (refusals left out), in characters.
	MedianChars int
	Errors      int
	Elapsed     time.Duration
	// OffTopic is the unanswerable questions by set, in the order met.
	OffTopic []SetScore
	// Failures are the refusal's mistakes: answerable questions refused
	// and unanswerable ones answered.
	Failures []Failure `json:"-"`
}

// SetScore is how many questions of one off-topic set were asked and
// refused.
type SetScore struct {
	Set            string
	Asked, Refused int
}

// Failure is one question the refusal got wrong, with the start of the
// answer given, or the refusal's reason.
type Failure struct {
	Question, Answer string
	Refused          bool
}

func (sc *Score) countOff(set string, refused bool) {
	i := slices.IndexFunc(sc.OffTopic, func(s SetScore) bool { return s.Set == set })
	if i < 0 {
		sc.OffTopic = append(sc.OffTopic, SetScore{Set: set})
		i = len(sc.OffTopic) - 1
	}
	sc.OffTopic[i].Asked++
	if refused {
		sc.OffTopic[i].Refused++
	}
}

// Run asks every question of every part with every method.
func Run(ctx context.Context, parts []Part, methods []Method) ([]Score, error) {
	var out []Score
	for _, p := range parts {
		for _, m := range methods {
			sc, err := runOne(ctx, p, m)
			if err != nil {
				return nil, err
			}
			out = append(out, sc)
		}
	}
	return out, nil
}

func runOne(ctx context.Context, p Part, m Method) (Score, error) {
	sc := Score{Part: p.Name, Method: m.Name}
	svc := m.New(p.Library)
	start := time.Now()
	var lengths []int
	for _, q := range p.Questions {
		if err := ctx.Err(); err != nil {
			return sc, err
		}
		a, err := svc.Ask(ctx, q.Text, commands.Options{})
		if err != nil {
			sc.Errors++
			continue
		}
		if !q.Answerable() {
			sc.Unanswerable++
			sc.countOff(q.Set, a.Refused)
			if a.Refused {
				sc.RefusedOff++
			} else {
				sc.Failures = append(sc.Failures, Failure{Question: q.Text, Answer: firstSentence(a.Text)})
			}
			continue
		}
		sc.Answerable++
		if a.Refused {
			sc.RefusedAnswerable++
			sc.Failures = append(sc.Failures, Failure{Question: q.Text, Answer: a.Text, Refused: true})
			continue
		}
		lengths = append(lengths, len([]rune(a.Text)))
		if Contains(a.Text, q.Answers) {
			sc.Contains++
		}
		if Contains(firstSentence(a.Text), q.Answers) {
			sc.First++
		}
	}
	sc.Elapsed = time.Since(start)
	sc.MedianChars = median(lengths)
	if sc.Errors > 0 && sc.Errors == len(p.Questions) {
		return sc, fmt.Errorf("%s, %s: every question failed", p.Name, m.Name)
	}
	return sc, nil
}

// Contains reports whether text holds one of the answers, compared in
// lower case with punctuation and spacing ignored.
func Contains(text string, answers []string) bool {
	t := " " + norm(text) + " "
	for _, a := range answers {
		if n := norm(a); n != "" && strings.Contains(t, " "+n+" ") {
			return true
		}
	}
	return false
}

// firstSentence is an answer's text up to its first citation mark ("[1]"),
// after a header line if there is one.
func firstSentence(text string) string {
	if i := strings.Index(text, ":\n\n"); i >= 0 && i < 200 {
		text = text[i+3:]
	}
	if i := strings.Index(text, " ["); i >= 0 {
		return text[:i]
	}
	return text
}

func norm(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

func median(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// Pct is part of whole in percent (0 when whole is 0).
func Pct(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}

// Methods are the two ways of answering `byline eval qa` compares: the
// extractive answers before question analysis ("before") and today's.
func Methods(cfg commands.Config) []Method {
	before := cfg
	before.PlainAnswers = true
	return []Method{
		{Name: "before", New: func(lib *retrieval.Library) *commands.Service { return commands.New(nil, lib, nil, before) }},
		{Name: "byline", New: func(lib *retrieval.Library) *commands.Service { return commands.New(nil, lib, nil, cfg) }},
	}
}
