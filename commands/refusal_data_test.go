package commands

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"byline/retrieval"
)

// sharedData is the evaluation data beside the repository (../shared in CI).
const sharedData = "../../shared/data"

// readJSONLines calls fn with each line of a JSON-lines file (gzipped when
// it ends in .gz).
func readJSONLines(t *testing.T, path string, fn func([]byte)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = z
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		fn(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
}

// TestRefusalOnData guards the refusal rule on real questions: SQuAD v1.1
// questions asked of its own paragraphs must mostly be answered (with the
// answer in the extractive text), and SciFact claims asked of the same
// paragraphs must mostly be refused. The full measurement (every tenth
// question) is in coverage.go; this samples every twentieth.
func TestRefusalOnData(t *testing.T) {
	squad := filepath.Join(sharedData, "squad-v1.1-dev", "derived")
	scifact := filepath.Join(sharedData, "beir-scifact", "queries.jsonl")
	for _, p := range []string{squad, scifact} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("%s is absent: the refusal rate on SQuAD and SciFact questions was not checked", p)
		}
	}
	if testing.Short() {
		t.Skip("-short: the refusal rate on SQuAD and SciFact questions was not checked")
	}

	var arts []*retrieval.Article
	readJSONLines(t, filepath.Join(squad, "corpus.jsonl.gz"), func(b []byte) {
		var doc struct {
			ID    string `json:"_id"`
			Title string `json:"title"`
			Text  string `json:"text"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, retrieval.NewArticle(doc.ID, doc.Title, doc.Text))
	})
	lib, _, err := retrieval.Open(t.Context(), arts, retrieval.Options{Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	s := New(nil, lib, nil, Config{})

	asked, refused, found := 0, 0, 0
	i := 0
	readJSONLines(t, filepath.Join(squad, "queries-tune.jsonl.gz"), func(b []byte) {
		if i++; i%20 != 0 {
			return
		}
		var q struct {
			Text    string   `json:"text"`
			Answers []string `json:"answers"`
		}
		if err := json.Unmarshal(b, &q); err != nil {
			t.Fatal(err)
		}
		a, err := s.Ask(t.Context(), q.Text, Options{})
		if err != nil {
			t.Fatalf("Ask(%q): %v", q.Text, err)
		}
		asked++
		if a.Refused {
			refused++
			return
		}
		for _, ans := range q.Answers {
			if strings.Contains(a.Text, ans) {
				found++
				break
			}
		}
	})
	t.Logf("SQuAD: %d questions, %d refused, answer in the text of %d", asked, refused, found)
	if asked < 200 || float64(refused) > 0.08*float64(asked) || float64(found) < 0.7*float64(asked) {
		t.Errorf("SQuAD: %d of %d answerable questions refused (want at most 8%%), answer in %d (want at least 70%%)", refused, asked, found)
	}

	offAsked, offRefused := 0, 0
	readJSONLines(t, scifact, func(b []byte) {
		if offAsked == 200 {
			return
		}
		var q struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(b, &q); err != nil {
			t.Fatal(err)
		}
		a, err := s.Ask(t.Context(), q.Text, Options{})
		if err != nil {
			t.Fatalf("Ask(%q): %v", q.Text, err)
		}
		offAsked++
		if a.Refused {
			offRefused++
		}
	})
	t.Logf("SciFact claims asked of SQuAD: %d, %d refused", offAsked, offRefused)
	if float64(offRefused) < 0.9*float64(offAsked) {
		t.Errorf("%d of %d off-corpus claims refused; want at least 90%%", offRefused, offAsked)
	}
}
