package history

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"byline/commands"
	"byline/store"
)

func open(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// Votes, questions and turns are in the database file: a new process (a
// new Open of the same file) sees them; users are only hashes.
func TestFeedbackSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "byline.db")
	db := open(t, path)
	l := New(ctx, nil, db, 30)
	l.Question(ctx, Question{Source: "discord", Command: "ask", Text: "Why did the mayor resign?", Outcome: Answered,
		Latency: 120 * time.Millisecond, AnswerID: "a1", User: "400000000000000001", Sources: []string{"Mayor resigns"}})
	l.Vote(ctx, Vote{AnswerID: "a1", Question: "Why did the mayor resign?", User: "400000000000000001", Up: true})
	l.Vote(ctx, Vote{AnswerID: "a1", Question: "Why did the mayor resign?", User: "400000000000000001", Up: false}) // changed their mind
	l.Vote(ctx, Vote{AnswerID: "a1", User: "400000000000000002", Up: false})
	l.SaveTurn(ctx, "c:77", Turn{Question: "q", Answer: "a", Channel: "300"})
	db.Close()

	db = open(t, path)
	defer db.Close()
	l = New(ctx, nil, db, 30)
	r, err := l.Report(ctx, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Disliked) != 1 || r.Disliked[0].Down != 2 || r.Disliked[0].Up != 0 || r.Disliked[0].Question != "Why did the mayor resign?" {
		t.Errorf("disliked %+v; want a1 with 2 👎 (a changed vote counts once)", r.Disliked)
	}
	if r.Questions != 1 || r.MedianLatencyMS != 120 {
		t.Errorf("questions %d, median %d ms; want 1, 120", r.Questions, r.MedianLatencyMS)
	}
	if turn, ok := l.Turn(ctx, "c:77"); !ok || turn.Answer != "a" || turn.Channel != "300" {
		t.Errorf("turn after restart: %+v %v", turn, ok)
	}
	votes, _ := db.Votes(ctx, time.Time{})
	qs, _ := db.Questions(ctx, time.Time{})
	for _, h := range []string{votes[0].UserHash, votes[1].UserHash, qs[0].UserHash} {
		if h == "" || strings.Contains(h, "40000000000000000") {
			t.Errorf("user kept as %q; want a hash", h)
		}
	}
}

func TestReportGroupsRefusedQuestions(t *testing.T) {
	day := time.Date(2025, 8, 9, 12, 0, 0, 0, time.UTC)
	q := func(text, outcome string, ms int, d int) store.QuestionRow {
		return store.QuestionRow{At: day.AddDate(0, 0, d), Command: "ask", Question: text, Outcome: outcome, Latency: time.Duration(ms) * time.Millisecond}
	}
	rows := []store.QuestionRow{
		q("Who won the 2022 World Cup?", "refused", 10, 0),
		q("who won the world cup in 2022", "refused", 20, 0),
		q("Which team won the 2022 World Cup final?", "refused", 30, 1),
		q("What is the weather in Paris tomorrow?", "refused", 40, 1),
		q("Why did Mexico reject US military intervention?", "answered", 50, 1),
	}
	r := Build(day, rows, nil)
	if len(r.Gaps) != 2 || r.Gaps[0].Count != 3 || r.Gaps[1].Count != 1 {
		t.Fatalf("gaps %+v; want the three World Cup questions together, then the weather", r.Gaps)
	}
	for _, want := range []string{"cup", "world", "2022"} {
		if !strings.Contains(" "+strings.Join(r.Gaps[0].Terms, " ")+" ", " "+want+" ") {
			t.Errorf("group terms %v; want %q among them", r.Gaps[0].Terms, want)
		}
	}
	if r.RefusalRate != 0.8 || r.MedianLatencyMS != 30 || len(r.PerDay) != 2 || r.PerDay[1].Questions != 3 {
		t.Errorf("refusal rate %v, median %d, per day %+v", r.RefusalRate, r.MedianLatencyMS, r.PerDay)
	}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil || !strings.Contains(b.String(), "3× [") {
		t.Errorf("text report %q, %v", b.String(), err)
	}
}

// HISTORY_DAYS=0 keeps nothing; a retention purges older rows.
func TestRetention(t *testing.T) {
	ctx := context.Background()
	db := open(t, filepath.Join(t.TempDir(), "byline.db"))
	defer db.Close()
	off := New(ctx, nil, db, 0)
	off.Question(ctx, Question{Command: "ask", Text: "kept?", Outcome: Answered})
	off.Vote(ctx, Vote{AnswerID: "x", User: "1"})
	if qs, _ := db.Questions(ctx, time.Time{}); len(qs) != 0 {
		t.Errorf("HISTORY_DAYS=0 kept %d questions", len(qs))
	}
	l := New(ctx, nil, db, 1)
	l.now = func() time.Time { return time.Now().Add(-48 * time.Hour) }
	l.Question(ctx, Question{Command: "ask", Text: "old", Outcome: Answered})
	l.now = time.Now
	l.Question(ctx, Question{Command: "ask", Text: "new", Outcome: Answered})
	l.Purge(ctx)
	qs, _ := db.Questions(ctx, time.Time{})
	if len(qs) != 1 || qs[0].Question != "new" {
		t.Errorf("after purge %+v; want only the new question", qs)
	}
}

func TestOutcomeOf(t *testing.T) {
	for _, tt := range []struct {
		a    *commands.Answer
		want Outcome
	}{
		{&commands.Answer{Mode: commands.ModeExtractive}, Answered},
		{&commands.Answer{Refused: true}, Refused},
		{&commands.Answer{Mode: commands.ModeExtractive, Notice: "The language model did not answer"}, ModelFailed},
		{nil, Failed},
	} {
		if got := OutcomeOf(tt.a, nil); got != tt.want {
			t.Errorf("OutcomeOf(%+v) = %s; want %s", tt.a, got, tt.want)
		}
	}
}

func TestSourcesOf(t *testing.T) {
	a := &commands.Answer{Citations: []commands.Citation{{Title: "B"}, {Title: "A"}, {Title: "B"}}}
	if got := SourcesOf(a); strings.Join(got, "|") != "B|A" {
		t.Errorf("SourcesOf = %q; want [B A]", got)
	}
	if got := SourcesOf(nil); got != nil {
		t.Errorf("SourcesOf(nil) = %q; want nil", got)
	}
}
