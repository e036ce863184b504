package data

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"byline/retrieval"
)

// Dataset is a judged retrieval benchmark ready to run.
type Dataset struct {
	Name    string
	Docs    []Doc
	Queries []Query // the judged queries of the selected split, in file order
	Qrels   Qrels
	Split   string
}

// ErrSplit is the error of a split that is not one of these.
var ErrSplit = errors.New("want all, even or odd")

// Splits accepted by [SelectSplit].
const (
	SplitAll  = "all"
	SplitEven = "even"
	SplitOdd  = "odd"
)

// LoadDataset reads a BEIR data set and keeps the judged queries of split
// (see [SelectSplit]).
func LoadDataset(name, corpus, queries, qrels, split string) (*Dataset, error) {
	docs, err := LoadCorpus(corpus)
	if err != nil {
		return nil, err
	}
	qs, err := LoadQueries(queries)
	if err != nil {
		return nil, err
	}
	qr, err := LoadQrels(qrels)
	if err != nil {
		return nil, err
	}
	sel, err := SelectSplit(qs, qr, split)
	if err != nil {
		return nil, err
	}
	return &Dataset{Name: name, Docs: docs, Queries: sel, Qrels: qr, Split: split}, nil
}

var squadParagraphID = regexp.MustCompile(`^(\d+)_\d+$`)

// SelectSplit keeps the queries that have at least one relevant judgment,
// then, for split "even" or "odd", half of them. When every judged document
// id has the SQuAD-derived form "<article>_<paragraph>", the half is chosen
// by the parity of the article index (the data owners' split: even articles
// tune, odd ones are held out); otherwise by the parity of the query's
// position among the judged queries, which gives a held-out half inside a
// tuning set (tune on even, check on odd).
func SelectSplit(qs []Query, qrels Qrels, split string) ([]Query, error) {
	if split == "" {
		split = SplitAll
	}
	if split != SplitAll && split != SplitEven && split != SplitOdd {
		return nil, fmt.Errorf("split %q: %w", split, ErrSplit)
	}
	var judged []Query
	for _, q := range qs {
		if qrels.Relevant(q.ID) > 0 {
			judged = append(judged, q)
		}
	}
	if len(judged) == 0 {
		return nil, errors.New("no query has a relevance judgment: are the queries and qrels of the same data set?")
	}
	if split == SplitAll {
		return judged, nil
	}
	byArticle := true
	for _, q := range judged {
		for id := range qrels[q.ID] {
			if !squadParagraphID.MatchString(id) {
				byArticle = false
			}
		}
	}
	want := 0
	if split == SplitOdd {
		want = 1
	}
	var out []Query
	for i, q := range judged {
		parity := i % 2
		if byArticle {
			for id, g := range qrels[q.ID] {
				if g > 0 {
					a, _ := strconv.Atoi(squadParagraphID.FindStringSubmatch(id)[1])
					parity = a % 2
					break
				}
			}
		}
		if parity == want {
			out = append(out, q)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no judged query in the %s split (held-out questions are kept aside by the data owners)", split)
	}
	return out, nil
}

// Sample keeps about n of the dataset's queries, evenly spaced, for quick
// tuning runs; n <= 0 or n >= the count keeps them all.
func (ds *Dataset) Sample(n int) {
	if n <= 0 || n >= len(ds.Queries) {
		return
	}
	step := float64(len(ds.Queries)) / float64(n)
	out := make([]Query, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, ds.Queries[int(float64(i)*step)])
	}
	ds.Queries = out
}

// Articles turns BEIR documents into Byline articles, built in memory the
// way Load would return them.
func Articles(docs []Doc) []*retrieval.Article {
	out := make([]*retrieval.Article, len(docs))
	for i, d := range docs {
		h := sha256.New()
		h.Write([]byte(d.Title))
		h.Write([]byte{0})
		h.Write([]byte(d.Text))
		out[i] = &retrieval.Article{ID: d.ID, Title: d.Title, Text: d.Text, Hash: hex.EncodeToString(h.Sum(nil))}
	}
	return out
}

// CorpusMB is the size of docs' titles and texts, in 10^6 bytes.
func CorpusMB(docs []Doc) float64 {
	n := 0
	for _, d := range docs {
		n += len(d.Title) + len(d.Text)
	}
	return float64(n) / 1e6
}
