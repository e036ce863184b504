package qa

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"byline/eval/data"
	"byline/retrieval"
)

//go:embed testdata/*.txt testdata/*.tsv
var testdata embed.FS

// LoadSQuAD is SQuAD v1.1's tuning questions (every step-th, at most
// limit; 0 for all) over its 2,067 paragraphs, each paragraph an article,
// and the off-topic questions written for that library
// (testdata/squad-offtopic.txt, 30 from session 1, and
// squad-offtopic-2.txt, 100 from session 4). dir is squad-v1.1-dev/derived.
func LoadSQuAD(ctx context.Context, dir string, step, limit int, lg *slog.Logger) (Part, error) {
	docs, err := data.LoadCorpus(filepath.Join(dir, "corpus.jsonl.gz"))
	if err != nil {
		return Part{}, err
	}
	arts := make([]*retrieval.Article, len(docs))
	for i, d := range docs {
		arts[i] = retrieval.NewArticle(d.ID, d.Title, d.Text)
	}
	var qs []Question
	n := 0
	err = data.EachJSONLine(filepath.Join(dir, "queries-tune.jsonl.gz"), func(line []byte, _ int) error {
		if n++; step > 1 && n%step != 0 || limit > 0 && len(qs) >= limit {
			return nil
		}
		var q struct {
			ID      string   `json:"_id"`
			Text    string   `json:"text"`
			Answers []string `json:"answers"`
		}
		if err := json.Unmarshal(line, &q); err != nil {
			return err
		}
		qs = append(qs, Question{ID: q.ID, Text: q.Text, Answers: q.Answers})
		return nil
	})
	if err != nil {
		return Part{}, fmt.Errorf("squad questions: %w", err)
	}
	off, err := offTopic("testdata/squad-offtopic.txt", "testdata/squad-offtopic-2.txt")
	if err != nil {
		return Part{}, err
	}
	return open(ctx, "SQuAD", arts, append(qs, off...), lg)
}

// LoadBBC is the BBC News articles (a folder or the .tar.gz) with the
// questions written for them (testdata/bbc-questions.tsv: question, tab,
// answers separated by "|") and the off-topic ones
// (testdata/bbc-offtopic.txt, bbc-offtopic-2.txt and bbc-offtopic-3.txt,
// the last written in session 5 and measured once, out of the refusal's
// tuning).
func LoadBBC(ctx context.Context, path string, lg *slog.Logger) (Part, error) {
	arts, _, err := data.LoadBBC(ctx, path, lg)
	if err != nil {
		return Part{}, err
	}
	b, err := testdata.ReadFile("testdata/bbc-questions.tsv")
	if err != nil {
		return Part{}, err
	}
	var qs []Question
	for i, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, answers, ok := strings.Cut(line, "\t")
		if !ok {
			return Part{}, fmt.Errorf("bbc-questions.tsv line %d: no tab", i+1)
		}
		qs = append(qs, Question{ID: fmt.Sprintf("bbc-%d", i+1), Text: q, Answers: strings.Split(answers, "|")})
	}
	off, err := offTopic("testdata/bbc-offtopic.txt", "testdata/bbc-offtopic-2.txt", "testdata/bbc-offtopic-3.txt")
	if err != nil {
		return Part{}, err
	}
	return open(ctx, "BBC", arts, append(qs, off...), lg)
}

func open(ctx context.Context, name string, arts []*retrieval.Article, qs []Question, lg *slog.Logger) (Part, error) {
	lib, _, err := retrieval.Open(ctx, arts, retrieval.Options{Logger: lg})
	if err != nil {
		return Part{}, fmt.Errorf("%s library: %w", name, err)
	}
	return Part{Name: name, Library: lib, Questions: qs}, nil
}

// offTopic reads files of questions, one a line, that the library
// cannot answer; each file is a set of its own (its name without
// ".txt").
func offTopic(names ...string) ([]Question, error) {
	var qs []Question
	for _, name := range names {
		b, err := testdata.ReadFile(name)
		if err != nil {
			return nil, err
		}
		set := strings.TrimSuffix(filepath.Base(name), ".txt")
		for i, line := range strings.Split(string(b), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				qs = append(qs, Question{ID: fmt.Sprintf("%s:%d", filepath.Base(name), i+1), Text: line, Set: set})
			}
		}
	}
	return qs, nil
}
