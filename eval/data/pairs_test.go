package data

import (
	"archive/tar"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tarDir packs dir into a .tar.gz under t.TempDir(), as the shared data ships.
func tarDir(t *testing.T, dir, prefix string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), prefix+".tar.gz")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	err = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := tw.WriteHeader(&tar.Header{Name: prefix + "/" + filepath.ToSlash(rel), Mode: 0o644, Size: int64(len(data))}); err != nil {
			return err
		}
		_, err = tw.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tw.Close()
	zw.Close()
	f.Close()
	return out
}

func TestLoadPairs(t *testing.T) {
	arts, sums := filepath.Join("testdata", "bbc", "articles"), filepath.Join("testdata", "bbc", "summaries")
	for _, tt := range []struct{ name, arts, sums string }{
		{"folders", arts, sums},
		{"archives", tarDir(t, arts, "bbc"), tarDir(t, sums, "summaries")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pairs, skipped, err := LoadPairs(t.Context(), tt.arts, tt.sums, testLogger(t))
			if err != nil {
				t.Fatalf("LoadPairs: %v", err)
			}
			if len(pairs) != 3 {
				t.Fatalf("LoadPairs: %d pairs; want 3", len(pairs))
			}
			if len(skipped) != 1 || skipped[0].Path != "sport/200" {
				t.Errorf("skipped = %v; want sport/200 (no summary)", skipped)
			}
			for _, p := range pairs {
				if p.Article.ID == "sport/199" {
					// Both files have a Latin-1 £: repaired in the article and the reference.
					if !strings.Contains(p.Article.Text, "£400") || !strings.Contains(p.Reference, "£400") {
						t.Errorf("sport/199: article %q, reference %q: want £400 in both", p.Article.Text, p.Reference)
					}
				}
			}
		})
	}
	if _, _, err := LoadPairs(t.Context(), arts, filepath.Join("testdata", "bbc", "articles", "sport"), testLogger(t)); err == nil {
		t.Error("LoadPairs with unrelated summaries: no error")
	}
}
