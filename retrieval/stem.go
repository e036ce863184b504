package retrieval

import (
	"bytes"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// cachedEnName is Bleve's "en" analyzer (Unicode words, English
// possessives dropped, lower case, English stop words, Porter stemming)
// with the stemmer's results remembered: a profile of the SciFact build
// put 18% of its CPU in the Porter stemmer, which runs again for every
// occurrence of a word although news prose repeats a few thousand words
// most of the time. The terms are the same as "en"'s (a test checks), so
// an index built with either answers the same.
const cachedEnName = "byline_en"

// cachedPorterName is the caching Porter filter inside cachedEnName.
const cachedPorterName = "byline_porter_cached"

// stemCacheTerms bounds the stems one index remembers (a few MB): the
// first distinct words seen are kept, which in prose include the frequent
// ones; rarer words past the bound are stemmed each time.
const stemCacheTerms = 1 << 16

// cachedPorter is a Porter stemmer token filter with a bounded memo,
// safe for Bleve's concurrent analysis workers. One exists per index
// mapping (Bleve's registry cache builds one filter per mapping).
type cachedPorter struct {
	mu    sync.RWMutex
	stems map[string][]byte
}

// Filter stems the tokens of one field in place. The stems it hands out
// are shared between tokens and must not be written to (Bleve and the
// Library only read terms after the last filter).
func (c *cachedPorter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var miss []*analysis.Token
	c.mu.RLock()
	for _, tok := range input {
		if tok.KeyWord {
			continue
		}
		if s, ok := c.stems[string(tok.Term)]; ok {
			tok.Term = s
		} else {
			miss = append(miss, tok)
		}
	}
	c.mu.RUnlock()
	if len(miss) == 0 {
		return input
	}
	stems := make([][]byte, len(miss))
	for i, tok := range miss {
		s := analysis.BuildTermFromRunes(porterstemmer.StemWithoutLowerCasing(bytes.Runes(tok.Term)))
		stems[i] = s[:len(s):len(s)]
	}
	c.mu.Lock()
	for i, tok := range miss {
		if len(c.stems) < stemCacheTerms {
			c.stems[string(tok.Term)] = stems[i]
		}
		tok.Term = stems[i]
	}
	c.mu.Unlock()
	return input
}

func init() {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterTokenFilter(cachedPorterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return &cachedPorter{stems: make(map[string][]byte)}, nil
	}))
	must(registry.RegisterAnalyzer(cachedEnName, func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		tokenizer, err := cache.TokenizerNamed(unicode.Name)
		if err != nil {
			return nil, err
		}
		var filters []analysis.TokenFilter
		for _, name := range []string{en.PossessiveName, lowercase.Name, en.StopName, cachedPorterName} {
			f, err := cache.TokenFilterNamed(name)
			if err != nil {
				return nil, err
			}
			filters = append(filters, f)
		}
		return &analysis.DefaultAnalyzer{Tokenizer: tokenizer, TokenFilters: filters}, nil
	}))
}
