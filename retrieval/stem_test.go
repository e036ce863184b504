package retrieval

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// TestCachedEnSameTerms: the caching analyzer makes exactly the terms of
// Bleve's "en", when a word is first seen and when it comes from the
// cache, from concurrent callers too.
func TestCachedEnSameTerms(t *testing.T) {
	m := mapping.NewIndexMapping()
	want, got := m.AnalyzerNamed(en.AnalyzerName), m.AnalyzerNamed(cachedEnName)
	if want == nil || got == nil {
		t.Fatalf("analyzers: en %v, %s %v", want, cachedEnName, got)
	}
	texts := []string{"The ministers' relational running runners ran; Britain's generalizations", "COVID-19 3.5 e.g. U.S. café naïve"}
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*"))
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			texts = append(texts, string(b))
		}
	}
	if len(texts) < 5 {
		t.Fatalf("only %d texts: testdata missing?", len(texts))
	}
	check := func(text string) {
		w, g := want.Analyze([]byte(text)), got.Analyze([]byte(text))
		if len(w) != len(g) {
			t.Errorf("%d terms; want %d", len(g), len(w))
			return
		}
		for i := range w {
			if string(w[i].Term) != string(g[i].Term) || w[i].Start != g[i].Start || w[i].Position != g[i].Position {
				t.Errorf("term %d: got %q at %d; want %q at %d", i, g[i].Term, g[i].Start, w[i].Term, w[i].Start)
				return
			}
		}
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 2 { // the second pass is served from the cache
				for _, s := range texts {
					check(s)
				}
			}
		})
	}
	wg.Wait()
}

// TestCachedPorterBound: the memo stops growing at stemCacheTerms and
// still stems the words past it.
func TestCachedPorterBound(t *testing.T) {
	c := &cachedPorter{stems: make(map[string][]byte)}
	for i := range stemCacheTerms + 10 {
		c.Filter(analysis.TokenStream{{Term: []byte("walking" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26)) + string(rune('a'+i/17576%26)))}})
	}
	if len(c.stems) != stemCacheTerms {
		t.Errorf("%d stems remembered; want %d", len(c.stems), stemCacheTerms)
	}
	toks := c.Filter(analysis.TokenStream{{Term: []byte("relational")}})
	if string(toks[0].Term) != "relat" {
		t.Errorf("stem of relational past the bound: %q; want %q", toks[0].Term, "relat")
	}
}

// TestLessGCRestores: overlapping builds leave the collector as it was.
func TestLessGCRestores(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	a := lessGC()
	b := lessGC()
	a()
	if got := debug.SetGCPercent(buildGCPercent); got != buildGCPercent {
		t.Errorf("during the second build GC percent %d; want %d", got, buildGCPercent)
	}
	b()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after both builds GC percent %d; want 100", got)
	}
}
