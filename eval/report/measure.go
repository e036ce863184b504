package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"byline/eval"
	"byline/eval/data"
	"byline/eval/ranking"
	"byline/eval/realtimeqa"
	"byline/eval/scale"
	"byline/eval/summaries"
	"byline/retrieval"
)

// retrievalSet is one judged data set of the report.
type retrievalSet struct {
	name, corpus, queries, qrels string
}

func (s retrievalSet) command() string {
	return fmt.Sprintf("go run . eval retrieval --corpus %s --queries %s --qrels %s", s.corpus, s.queries, s.qrels)
}

func retrievalSets(dir string) []retrievalSet {
	sci := filepath.Join(dir, "beir-scifact")
	squad := filepath.Join(dir, "squad-v1.1-dev", "derived")
	return []retrievalSet{
		{"SciFact (train qrels)", filepath.Join(sci, "corpus.jsonl.gz"), filepath.Join(sci, "queries.jsonl"), filepath.Join(sci, "qrels", "train.tsv")},
		{"SQuAD v1.1 dev paragraphs (tuning questions)", filepath.Join(squad, "corpus.jsonl.gz"), filepath.Join(squad, "queries-tune.jsonl.gz"), filepath.Join(squad, "qrels-tune.tsv")},
	}
}

// gridChanges are the one-knob changes from DefaultTuning the report runs.
var gridChanges = []string{
	"",
	"TargetWords=90,MaxWords=140,MinWords=25",
	"TargetWords=300,MaxWords=450,MinWords=80",
	"TitleBoost=0", "TitleBoost=0.3", "TitleBoost=0.6",
	"PhraseBoost=0.5,PhraseSlop=0", "PhraseBoost=0.5,PhraseSlop=2",
	"FeedbackDocs=5,FeedbackTerms=10,FeedbackWeight=0.2",
}

type gridRow struct {
	label string
	res   *ranking.Result
}

// measured is everything the report prints.
type measured struct {
	dir      string
	sizes    []int
	sets     []retrievalSet
	runs     []*ranking.Run // one per set, Byline and the reference
	grids    [][]gridRow    // one per set
	variants []*ranking.Result
	sum      *summaries.Report
	points   []scale.Point
	rtqa     *realtimeqa.Report // nil when the archive is absent
}

func measure(ctx context.Context, env eval.Env, dir string, sizes []int, limit int) (*measured, error) {
	m := &measured{dir: dir, sizes: sizes, sets: retrievalSets(dir)}
	for _, s := range m.sets {
		ds, err := data.LoadDataset(s.name, s.corpus, s.queries, s.qrels, data.SplitAll)
		if err != nil {
			return nil, err
		}
		run, err := ranking.Measure(ctx, ds, retrieval.DefaultTuning, ranking.Options{Depth: 200, IndexRuns: 3, Logger: env.Logger}, true)
		if err != nil {
			return nil, err
		}
		m.runs = append(m.runs, run)
	}
	for _, r := range m.runs {
		g, err := tuningGrid(ctx, env, r.Data)
		if err != nil {
			return nil, err
		}
		m.grids = append(m.grids, g)
	}
	var err error
	if m.variants, err = indexVariants(ctx, env, m.runs[0]); err != nil {
		return nil, err
	}
	if m.sum, err = summaries.Measure(ctx, env, m.bbcArticles(), m.bbcSummaries(), limit, 20, false); err != nil {
		return nil, err
	}
	if m.points, err = scale.MeasureNews(ctx, dir, sizes, 200, env.Logger); err != nil {
		return nil, err
	}
	if _, err := os.Stat(m.realtimeQA()); err == nil {
		if m.rtqa, err = realtimeqa.Answers(ctx, env, m.realtimeQA(), 0); err != nil {
			return nil, err
		}
	} else {
		env.Logger.Warn("RealTime QA left out of the report: archive absent", "path", m.realtimeQA())
	}
	return m, nil
}

func (m *measured) realtimeQA() string {
	return filepath.Join(m.dir, "realtimeqa-news", "news-2023-2024.tar.gz")
}

func (m *measured) bbcArticles() string {
	return filepath.Join(m.dir, "bbc-news", "bbc-fulltext.tar.gz")
}

func (m *measured) bbcSummaries() string {
	return filepath.Join(m.dir, "bbc-news", "bbc-news-summary-summaries.tar.gz")
}

// tuningGrid reruns ds with one knob of DefaultTuning changed at a time.
func tuningGrid(ctx context.Context, env eval.Env, ds *data.Dataset) ([]gridRow, error) {
	var rows []gridRow
	for _, change := range gridChanges {
		t, err := ranking.ParseTuning(retrieval.DefaultTuning, change)
		if err != nil {
			return nil, err
		}
		opt := ranking.Options{Depth: 200, IndexRuns: 1, SkipLatency: true, Logger: env.Logger}
		run, err := ranking.Measure(ctx, ds, t, opt, false)
		if err != nil {
			return nil, err
		}
		label := "`" + change + "`"
		if change == "" {
			label = "none (DefaultTuning)"
		}
		rows = append(rows, gridRow{label, run.Byline})
	}
	return rows, nil
}

// indexVariants measures index builds that show what helps indexing speed.
func indexVariants(ctx context.Context, env eval.Env, run *ranking.Run) ([]*ranking.Result, error) {
	b, r := *run.Byline, *run.Reference
	b.System = "Byline, DefaultTuning"
	r.System = fmt.Sprintf("reference, batches of %d", ranking.DefaultReferenceBatch)
	out := []*ranking.Result{&b, &r}
	small := retrieval.DefaultTuning
	small.TargetWords, small.MaxWords, small.MinWords = 90, 140, 25
	for _, v := range []struct {
		name  string
		opt   ranking.Options
		isRef bool
	}{
		{"Byline, 90-word passages (the first default)", ranking.Options{Tuning: &small}, false},
		{"reference, batches of 10", ranking.Options{ReferenceBatch: 10}, true},
		{"reference, batches of 2000", ranking.Options{ReferenceBatch: 2000}, true},
	} {
		v.opt.IndexRuns, v.opt.Logger = 3, env.Logger
		res, err := ranking.MeasureIndex(ctx, run.Data, v.opt, v.isRef)
		if err != nil {
			return nil, err
		}
		res.System = v.name
		out = append(out, res)
	}
	return out, nil
}
