package data

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testLogger sends slog output to t.Log.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func TestArticles(t *testing.T) {
	a := Articles([]Doc{{ID: "x", Title: "T", Text: "body"}, {ID: "y", Title: "T", Text: "body2"}})
	if a[0].ID != "x" || a[0].Title != "T" || a[0].Text != "body" || len(a[0].Hash) != 64 {
		t.Errorf("Articles[0] = %+v; want id x, title T, text body, a sha256 hash", a[0])
	}
	if a[0].Hash == a[1].Hash {
		t.Errorf("different texts share hash %s", a[0].Hash)
	}
}

func writeTarGz(t *testing.T, path string, files map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.WriteHeader(&tar.Header{Name: "bbc/sport/", Mode: 0o755, Typeflag: tar.TypeDir})
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadFilesAndLoadBBC(t *testing.T) {
	files := map[string]string{
		"bbc/README.TXT":          "Consists of 2225 documents.",
		"bbc/business/001.txt":    "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76% to $1.13bn.\n\nThe firm said so.\n",
		"bbc/sport/199.txt":       "Price of a ticket\n\nA ticket costs \xa340 this year, up from \xa330.\n",
		"./bbc/tech/002.txt":      "Robots learn to walk\n\nEngineers taught robots to walk on ice.\n",
		"bbc/tech/empty.txt":      "",
		"bbc/tech/notes.markdown": "# not a .txt file",
	}
	dir := t.TempDir()
	archive := filepath.Join(dir, "bbc.tar.gz")
	writeTarGz(t, archive, files)
	folder := filepath.Join(dir, "unpacked")
	for name, body := range files {
		p := filepath.Join(folder, filepath.FromSlash(strings.TrimPrefix(name, "./")))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	for _, src := range []string{archive, folder} {
		t.Run(filepath.Base(src), func(t *testing.T) {
			got, err := ReadFiles(t.Context(), src)
			if err != nil {
				t.Fatalf("ReadFiles: %v", err)
			}
			if len(got) != len(files) {
				t.Errorf("ReadFiles: %d files; want %d", len(got), len(files))
			}
			arts, skipped, err := LoadBBC(t.Context(), src, testLogger(t))
			if err != nil {
				t.Fatalf("LoadBBC: %v", err)
			}
			var ids []string
			for _, a := range arts {
				ids = append(ids, a.ID)
			}
			if strings.Join(ids, " ") != "business/001 sport/199 tech/002" {
				t.Errorf("LoadBBC ids = %v; want business/001 sport/199 tech/002", ids)
			}
			if len(skipped) != 1 || !strings.Contains(skipped[0].Path, "empty.txt") {
				t.Errorf("LoadBBC skipped = %v; want only the empty file", skipped)
			}
			for _, a := range arts {
				if a.ID == "sport/199" && !strings.Contains(a.Text, "£40") {
					t.Errorf("sport/199 text %q: want the Latin-1 £ repaired", a.Text)
				}
				if a.ID == "business/001" && a.Title != "Ad sales boost Time Warner profit" {
					t.Errorf("business/001 title %q", a.Title)
				}
			}
		})
	}
	if _, err := ReadFiles(t.Context(), filepath.Join(dir, "missing.tar.gz")); err == nil {
		t.Error("ReadFiles of a missing archive: no error")
	}
	bad := filepath.Join(dir, "bad.tar.gz")
	os.WriteFile(bad, []byte("not gzip"), 0o644)
	if _, err := ReadFiles(t.Context(), bad); err == nil {
		t.Error("ReadFiles of a corrupt archive: no error")
	}
}

func TestNewsKey(t *testing.T) {
	for in, want := range map[string]string{
		"bbc/business/001.txt":       "business/001",
		"summaries/business/001.txt": "business/001",
		"business/001.TXT":           "business/001",
		"001.txt":                    "",
		"bbc/business/001.md":        "",
		"a/b/c/sport/199.txt":        "sport/199",
	} {
		if got := NewsKey(in); got != want {
			t.Errorf("NewsKey(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestLoadAGNews(t *testing.T) {
	p := filepath.Join(t.TempDir(), "test.csv")
	csv := "label,title,description\n" +
		"3,Fears for T N pension after talks,Unions representing workers at Turner   Newall say they are 'disappointed'.\n" +
		"4,\"The Race is On, again\",\"SPACE.com - A second\\team of rocketeers, quoted \"\"here\"\".\"\n" +
		"1,Empty,\n"
	os.WriteFile(p, []byte(csv), 0o644)
	arts, err := LoadAGNews(p)
	if err != nil {
		t.Fatalf("LoadAGNews: %v", err)
	}
	if len(arts) != 2 {
		t.Fatalf("LoadAGNews: %d items; want 2 (the empty one dropped)", len(arts))
	}
	if arts[1].ID != "ag/2" || arts[1].Title != "The Race is On, again" || !strings.Contains(arts[1].Text, "second\nteam") || !strings.Contains(arts[1].Text, `"here"`) {
		t.Errorf("item 2 = %+v; want id ag/2, the quoted title, the backslash as a line break", arts[1])
	}
}

// sharedData is ../../../shared/data seen from this package, or "" when
// it is absent.
func sharedData(t testing.TB) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "data")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data not found at %s: the real data sets were not checked", p)
	}
	return p
}

func TestSharedDatasets(t *testing.T) {
	data := sharedData(t)
	tests := []struct {
		name, corpus, queries, qrels string
		docs, queriesJudged          int
	}{
		{"scifact", "beir-scifact/corpus.jsonl.gz", "beir-scifact/queries.jsonl", "beir-scifact/qrels/train.tsv", 5183, 809},
		{"squad", "squad-v1.1-dev/derived/corpus.jsonl.gz", "squad-v1.1-dev/derived/queries-tune.jsonl.gz", "squad-v1.1-dev/derived/qrels-tune.tsv", 2067, 5397},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := LoadDataset(tt.name, filepath.Join(data, tt.corpus), filepath.Join(data, tt.queries), filepath.Join(data, tt.qrels), SplitAll)
			if err != nil {
				t.Fatalf("LoadDataset: %v", err)
			}
			if len(ds.Docs) != tt.docs || len(ds.Queries) != tt.queriesJudged {
				t.Errorf("%s: %d docs, %d judged queries; want %d and %d", tt.name, len(ds.Docs), len(ds.Queries), tt.docs, tt.queriesJudged)
			}
		})
	}
	t.Run("bbc", func(t *testing.T) {
		arts, skipped, err := LoadBBC(t.Context(), filepath.Join(data, "bbc-news", "bbc-fulltext.tar.gz"), testLogger(t))
		if err != nil {
			t.Fatalf("LoadBBC: %v", err)
		}
		if len(arts) != 2225 || len(skipped) != 0 {
			t.Errorf("LoadBBC: %d articles, skipped %v; want 2225 and none (sport/199 has a Latin-1 byte)", len(arts), skipped)
		}
	})
	t.Run("agnews", func(t *testing.T) {
		arts, err := LoadAGNews(filepath.Join(data, "ag-news-test", "test.csv.gz"))
		if err != nil {
			t.Fatalf("LoadAGNews: %v", err)
		}
		if len(arts) != 7600 {
			t.Errorf("LoadAGNews: %d items; want 7600", len(arts))
		}
	})
}
