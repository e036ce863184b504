package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Doc is one document of a BEIR corpus.
type Doc struct {
	ID    string
	Title string
	Text  string
}

// Query is one BEIR query.
type Query struct {
	ID   string
	Text string
}

// Qrels are relevance judgments: query id -> document id -> grade. Only
// grades above 0 count as relevant, as in trec_eval.
type Qrels map[string]map[string]int

// maxLine bounds one JSON line of a corpus or queries file.
const maxLine = 64 << 20

// flexID accepts an id written as a JSON string or a JSON number: BEIR sets
// differ in how they write "_id".
type flexID string

func (f *flexID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("id is neither a string nor a number: %s", b)
	}
	*f = flexID(n.String())
	return nil
}

// openData opens path for reading, transparently gunzipping files whose
// name ends in .gz.
func openData(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(path, ".gz") {
		return f, nil
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("gunzip %s: %w", path, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, closers{zr, f}}, nil
}

type closers []io.Closer

func (cs closers) Close() error {
	var errs []error
	for _, c := range cs {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// EachJSONLine calls fn with every non-blank line of a JSON-lines file
// (gzipped when its name ends in .gz); n counts lines from 1.
func EachJSONLine(path string, fn func(line []byte, n int) error) error {
	rc, err := openData(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 0, 1<<20), maxLine)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if err := fn(line, n); err != nil {
			return fmt.Errorf("%s line %d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// LoadCorpus reads a BEIR corpus.jsonl (or .jsonl.gz): one JSON object a
// line with "_id", "title" and "text".
func LoadCorpus(path string) ([]Doc, error) {
	var docs []Doc
	seen := map[string]bool{}
	err := EachJSONLine(path, func(line []byte, _ int) error {
		var d struct {
			ID    flexID `json:"_id"`
			Title string `json:"title"`
			Text  string `json:"text"`
		}
		if err := json.Unmarshal(line, &d); err != nil {
			return err
		}
		if d.ID == "" {
			return errors.New(`document without "_id"`)
		}
		if seen[string(d.ID)] {
			return fmt.Errorf("duplicate document id %q", d.ID)
		}
		seen[string(d.ID)] = true
		docs = append(docs, Doc{ID: string(d.ID), Title: d.Title, Text: d.Text})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	return docs, nil
}

// LoadQueries reads a BEIR queries.jsonl (or .jsonl.gz): one JSON object a
// line with "_id" and "text"; other keys are ignored.
func LoadQueries(path string) ([]Query, error) {
	var qs []Query
	err := EachJSONLine(path, func(line []byte, _ int) error {
		var q struct {
			ID   flexID `json:"_id"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(line, &q); err != nil {
			return err
		}
		if q.ID == "" {
			return errors.New(`query without "_id"`)
		}
		qs = append(qs, Query{ID: string(q.ID), Text: q.Text})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load queries: %w", err)
	}
	return qs, nil
}

// LoadQrels reads a BEIR qrels TSV file (query-id, corpus-id, score), with
// or without its header line, with LF or CRLF line ends.
func LoadQrels(path string) (Qrels, error) {
	rc, err := openData(path)
	if err != nil {
		return nil, fmt.Errorf("load qrels: %w", err)
	}
	defer rc.Close()
	q, err := ParseQrels(rc)
	if err != nil {
		return nil, fmt.Errorf("load qrels %s: %w", path, err)
	}
	return q, nil
}

// ParseQrels parses qrels TSV text; see [LoadQrels].
func ParseQrels(r io.Reader) (Qrels, error) {
	q := Qrels{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n, first := 0, true
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		header := first
		first = false
		f := strings.Split(line, "\t")
		if len(f) == 4 { // TREC layout: qid 0 docid grade
			f = []string{f[0], f[2], f[3]}
		}
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: want 3 tab-separated fields, got %d", n, len(f))
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		grade, err := strconv.Atoi(f[2])
		if err != nil {
			if header {
				continue // "query-id	corpus-id	score"
			}
			return nil, fmt.Errorf("line %d: score %q is not an integer", n, f[2])
		}
		if f[0] == "" || f[1] == "" {
			return nil, fmt.Errorf("line %d: empty id", n)
		}
		if q[f[0]] == nil {
			q[f[0]] = map[string]int{}
		}
		q[f[0]][f[1]] = grade
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(q) == 0 {
		return nil, errors.New("no judgments")
	}
	return q, nil
}

// Relevant reports how many documents are relevant (grade > 0) to query id.
func (q Qrels) Relevant(id string) int {
	n := 0
	for _, g := range q[id] {
		if g > 0 {
			n++
		}
	}
	return n
}
