package data

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseQrels(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Qrels
		wantErr string
	}{
		{
			name: "header and CRLF",
			in:   "query-id\tcorpus-id\tscore\r\n1\t31715818\t1\r\n3\t14717500\t1\r\n3\t23389795\t0\r\n",
			want: Qrels{"1": {"31715818": 1}, "3": {"14717500": 1, "23389795": 0}},
		},
		{
			name: "no header, LF, blank lines",
			in:   "q1\td1\t2\n\nq1\td2\t1\n",
			want: Qrels{"q1": {"d1": 2, "d2": 1}},
		},
		{
			name: "TREC layout with iteration column",
			in:   "q1\t0\td1\t1\n",
			want: Qrels{"q1": {"d1": 1}},
		},
		{name: "bad score after the header", in: "query-id\tcorpus-id\tscore\nq1\td1\tyes\n", wantErr: "not an integer"},
		{name: "wrong field count", in: "q1 d1 1\n", wantErr: "want 3 tab-separated fields"},
		{name: "header only", in: "query-id\tcorpus-id\tscore\r\n", wantErr: "no judgments"},
		{name: "empty", in: "", wantErr: "no judgments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseQrels(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseQrels error = %v; want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseQrels: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseQrels (-want +got):\n%s", diff)
			}
		})
	}
}

func writeGz(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestLoadCorpusAndQueries(t *testing.T) {
	corpus := `{"_id": "4983", "title": "Microstructural development", "text": "Alterations of the architecture."}` + "\n" +
		"\n" + // blank lines are skipped
		`{"_id": 17, "title": "", "text": "A numeric id, no title.", "metadata": {}}` + "\r\n"
	queries := `{"_id": "0", "text": "0-dimensional biomaterials lack inductive properties."}` + "\n" +
		`{"_id": "56be", "text": "Which NFL team?", "answers": ["Denver Broncos"], "paragraph_id": "0_0"}` + "\n"
	wantDocs := []Doc{
		{ID: "4983", Title: "Microstructural development", Text: "Alterations of the architecture."},
		{ID: "17", Text: "A numeric id, no title."},
	}
	wantQueries := []Query{
		{ID: "0", Text: "0-dimensional biomaterials lack inductive properties."},
		{ID: "56be", Text: "Which NFL team?"},
	}
	for _, gz := range []bool{false, true} {
		name := "plain"
		if gz {
			name = "gzip"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			cp, qp := filepath.Join(dir, "corpus.jsonl"), filepath.Join(dir, "queries.jsonl")
			if gz {
				cp, qp = cp+".gz", qp+".gz"
				writeGz(t, cp, corpus)
				writeGz(t, qp, queries)
			} else {
				os.WriteFile(cp, []byte(corpus), 0o644)
				os.WriteFile(qp, []byte(queries), 0o644)
			}
			docs, err := LoadCorpus(cp)
			if err != nil {
				t.Fatalf("LoadCorpus: %v", err)
			}
			if diff := cmp.Diff(wantDocs, docs); diff != "" {
				t.Errorf("LoadCorpus (-want +got):\n%s", diff)
			}
			qs, err := LoadQueries(qp)
			if err != nil {
				t.Fatalf("LoadQueries: %v", err)
			}
			if diff := cmp.Diff(wantQueries, qs); diff != "" {
				t.Errorf("LoadQueries (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadCorpusErrors(t *testing.T) {
	tests := []struct {
		name, content, wantErr string
		gz                     bool
	}{
		{name: "not JSON", content: "{\"_id\": \"1\", \"text\": \"x\"}\nnot json\n", wantErr: "line 2"},
		{name: "missing id", content: `{"title": "t", "text": "x"}`, wantErr: `without "_id"`},
		{name: "duplicate id", content: "{\"_id\": \"1\"}\n{\"_id\": \"1\"}\n", wantErr: "duplicate"},
		{name: "bad id type", content: `{"_id": [1]}`, wantErr: "neither a string nor a number"},
		{name: "not gzip", content: "plain text", gz: true, wantErr: "gunzip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "corpus.jsonl")
			if tt.gz {
				p += ".gz"
			}
			if err := os.WriteFile(p, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadCorpus(p)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("LoadCorpus error = %v; want one containing %q", err, tt.wantErr)
			}
		})
	}
	if _, err := LoadCorpus(filepath.Join(t.TempDir(), "missing.jsonl")); err == nil {
		t.Error("LoadCorpus of a missing file: no error")
	}
}

func TestSelectSplit(t *testing.T) {
	qs := []Query{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}, {ID: "unjudged"}, {ID: "zero"}}
	generic := Qrels{"a": {"x": 1}, "b": {"y": 1}, "c": {"x": 1}, "d": {"z": 1}, "zero": {"x": 0}}
	squad := Qrels{"a": {"0_3": 1}, "b": {"1_0": 1}, "c": {"2_5": 1}, "d": {"4_1": 1}}
	ids := func(qs []Query) []string {
		var out []string
		for _, q := range qs {
			out = append(out, q.ID)
		}
		return out
	}
	tests := []struct {
		name    string
		qrels   Qrels
		split   string
		want    []string
		wantErr string
	}{
		{"all judged", generic, "all", []string{"a", "b", "c", "d"}, ""},
		{"default is all", generic, "", []string{"a", "b", "c", "d"}, ""},
		{"even positions", generic, "even", []string{"a", "c"}, ""},
		{"odd positions", generic, "odd", []string{"b", "d"}, ""},
		{"squad even articles", squad, "even", []string{"a", "c", "d"}, ""},
		{"squad odd articles", squad, "odd", []string{"b"}, ""},
		{"squad odd held out", Qrels{"a": {"0_1": 1}}, "odd", nil, "held-out"},
		{"bad split", generic, "train", nil, "want all, even or odd"},
		{"nothing judged", Qrels{"other": {"x": 1}}, "all", nil, "no query has a relevance judgment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SelectSplit(qs, tt.qrels, tt.split)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("SelectSplit error = %v; want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("SelectSplit: %v", err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("SelectSplit (-want +got):\n%s", diff)
			}
		})
	}
}
