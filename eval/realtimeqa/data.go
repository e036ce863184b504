package realtimeqa

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"time"

	"byline/eval/data"
	"byline/retrieval"
	"byline/retrieval/timeframe"
)

// Question is one RealTime QA quiz question, asked as of Date.
type Question struct {
	ID       string    `json:"id"`
	Date     time.Time `json:"-"` // the day the quiz was published: the question's "now"
	RawDate  string    `json:"date"`
	Source   string    `json:"source"`
	Question string    `json:"question"`
	Choices  []string  `json:"choices"`
	Answers  []string  `json:"answers"`
	// Support names the articles (file names; ids without ".md") published
	// up to 14 days before Date that contain a correct choice.
	Support []string `json:"support"`
}

// Set is the articles and questions of a RealTime QA archive.
type Set struct {
	Articles  []*retrieval.Article
	Questions []Question
	Skipped   int // article files that could not be read
	// Sharing is, by question id, the supporting articles that share the
	// question's rare words (set by ShareRareWords; nil before).
	Sharing map[string]map[string]bool
}

// Load reads a RealTime QA folder or .tar.gz (articles/*.md with front
// matter, questions.jsonl). An article's id is its file name without
// ".md", as the questions' support lists name them.
func Load(ctx context.Context, p string) (*Set, error) {
	files, err := data.ReadFiles(ctx, p)
	if err != nil {
		return nil, err
	}
	set := &Set{}
	var questions []byte
	for _, f := range files {
		switch {
		case path.Base(f.Name) == "questions.jsonl":
			questions = f.Data
		case strings.HasSuffix(f.Name, ".md") && path.Base(path.Dir(f.Name)) == "articles":
			id := strings.TrimSuffix(path.Base(f.Name), ".md")
			a, err := retrieval.Parse(id, f.Name, f.Data)
			if err != nil {
				set.Skipped++
				continue
			}
			a.ID = id
			set.Articles = append(set.Articles, a)
		}
	}
	if questions == nil {
		return nil, fmt.Errorf("realtimeqa %s: no questions.jsonl", p)
	}
	if len(set.Articles) == 0 {
		return nil, fmt.Errorf("realtimeqa %s: no articles/*.md", p)
	}
	if set.Questions, err = parseQuestions(questions); err != nil {
		return nil, fmt.Errorf("realtimeqa %s: %w", p, err)
	}
	return set, nil
}

func parseQuestions(b []byte) ([]Question, error) {
	var out []Question
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var q Question
		if err := json.Unmarshal(line, &q); err != nil {
			return nil, fmt.Errorf("questions.jsonl line %d: %w", n, err)
		}
		d, err := timeframe.ParseDay(q.RawDate)
		if err != nil {
			return nil, fmt.Errorf("questions.jsonl line %d: %w", n, err)
		}
		q.Date = d
		for i, s := range q.Support {
			q.Support[i] = strings.TrimSuffix(s, ".md")
		}
		out = append(out, q)
	}
	return out, sc.Err()
}
