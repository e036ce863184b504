package retrieval

import (
	"context"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// speechBlock is how many articles eachSpeech works out at once, in
// parallel, before handing them on in order.
const speechBlock = 64

// maxCandidatePassages bounds the passages a look-up by words (a quote, a
// speaker) takes its candidate articles from on a large library.
const maxCandidatePassages = 1000

// speechOf returns an article's sentences, words and quotes: cached, or
// worked out now and cached. a must carry its text.
func (l *Library) speechOf(a *Article) *articleSpeech {
	if s, ok := l.speech.get(a.ID); ok {
		return s
	}
	s := l.safeAnalyzeSpeech(a)
	l.speech.put(a.ID, s)
	return s
}

// weight estimates the bytes an articleSpeech holds (measured: about
// ten times its article's text), for the cache's bound.
func (s *articleSpeech) weight() int64 {
	n := int64(len(s.sentences))*24 + int64(len(s.sentPara))*8 + int64(len(s.wordSent))*8
	for _, w := range s.words {
		n += 32 + int64(len(w.Norm)) + 8
	}
	for _, q := range s.quotes {
		n += 128 + int64(len(q.Text)+len(q.Speaker)+len(q.Sentence))
	}
	return n + 128
}

// eachSpeech calls fn, in order, with each article of arts (with its
// text) and its speech data, worked out a block at a time in parallel;
// it stops when fn returns false. Articles whose text cannot be read are
// left out (and logged by Article).
func (l *Library) eachSpeech(ctx context.Context, arts []*Article, fn func(a *Article, s *articleSpeech) bool) error {
	type item struct {
		a *Article
		s *articleSpeech
	}
	block := make([]item, speechBlock)
	workers := max(1, runtime.GOMAXPROCS(0))
	for from := 0; from < len(arts); from += speechBlock {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("quotes: %w", err)
		}
		part := arts[from:min(len(arts), from+speechBlock)]
		var wg sync.WaitGroup
		for w := range min(workers, len(part)) {
			wg.Go(func() {
				for i := w; i < len(part); i += workers {
					block[i] = item{}
					if a, ok := l.article(part[i].ID); ok {
						block[i] = item{a, l.speechOf(a)}
					}
				}
			})
		}
		wg.Wait()
		for _, it := range block[:len(part)] {
			if it.a != nil && !fn(it.a, it.s) {
				return nil
			}
		}
	}
	return nil
}

// small reports whether the library is small enough to scan whole for a
// quote: up to Options.NearScanWords words (about 6 bytes a word), whose
// speech data then fits the cache.
func (l *Library) small() bool { return l.textBytes/6 <= l.nearScanWords }

// articlesWithWords returns the articles (metadata, newest first) with a
// passage holding every searchable word of text, from the first
// maxCandidatePassages such passages: where a quote of those words or a
// speaker of that name can be, on a library too large to scan whole.
func (l *Library) articlesWithWords(ctx context.Context, text string) ([]*Article, error) {
	text = cleanQuery(text)
	if len(l.analyze(text)) == 0 {
		return nil, nil
	}
	mq := query.NewMatchQuery(text)
	mq.SetField(fieldText)
	mq.Analyzer = analyzerName
	mq.SetOperator(query.MatchQueryOperatorAnd)
	req := bleve.NewSearchRequestOptions(mq, maxCandidatePassages, 0, false)
	res, err := l.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("find candidate articles: %w", err)
	}
	seen := map[string]bool{}
	var out []*Article
	for _, h := range res.Hits {
		aid, _, ok := parsePassageID(h.ID)
		if e, known := l.entries[aid]; ok && known && !seen[aid] {
			seen[aid] = true
			out = append(out, e.meta)
		}
	}
	slices.SortFunc(out, newestFirst)
	return out, nil
}

// QuotesIn returns the quoted speech of one article, in the order of its
// text: what an answer citing that article needs, without working out
// the rest of the library.
func (l *Library) QuotesIn(articleID string) []Quote {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return slices.Clone(l.quotesIn(articleID))
}

// quotesIn is QuotesIn, not copied, for callers that hold l.mu.
func (l *Library) quotesIn(articleID string) []Quote {
	a, ok := l.article(articleID)
	if !ok {
		return nil
	}
	return l.speechOf(a).quotes
}

// SpeakerCounts returns how many quotes each speaker has in the whole
// library. It is worked out on first use after a change, article by
// article without keeping their speech data; later calls return a copy
// of it. The counting runs on a snapshot of the library without holding
// its lock, so an update (Apply, Rescan) and the readers behind it do not
// wait for it.
func (l *Library) SpeakerCounts() map[string]int {
	l.speakersMu.Lock() // one count at a time; a second caller gets the first's
	defer l.speakersMu.Unlock()
	l.mu.RLock()
	gen := l.gen
	if l.speakers != nil && l.speakersGen == gen {
		l.mu.RUnlock()
		return maps.Clone(l.speakers)
	}
	entries := make([]*entry, 0, len(l.newest))
	for _, a := range l.newest {
		entries = append(entries, l.entries[a.ID])
	}
	l.mu.RUnlock()
	l.speakers, l.speakersGen = l.countSpeakers(entries), gen
	return maps.Clone(l.speakers)
}

// countSpeakers counts the quotes of the entries' articles by speaker, in
// parallel, without keeping the speech data it did not find cached.
// Entries are never changed once made, so no lock is needed.
func (l *Library) countSpeakers(entries []*entry) map[string]int {
	counts := map[string]int{}
	workers := max(1, runtime.GOMAXPROCS(0))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			local := map[string]int{}
			for i := w; i < len(entries); i += workers {
				a, err := l.text(entries[i])
				if err != nil {
					continue
				}
				s, cached := l.speech.get(a.ID)
				if !cached {
					s = l.safeAnalyzeSpeech(a)
				}
				for _, q := range s.quotes {
					if q.Speaker != "" {
						local[q.Speaker]++
					}
				}
			}
			mu.Lock()
			for k, v := range local {
				counts[k] += v
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	return counts
}

// SpeakerMatches reports whether a quote's speaker answers to a speaker
// filter as [Library.Quotes] compares them (case-insensitive, partial
// names match, "" matches everyone).
func SpeakerMatches(filter, speaker string) bool { return speakerMatches(filter, speaker) }

// ArticlesWith returns the articles (metadata; [Library.Article] gives the
// text) where a quotation of text can be: those with a passage holding
// all of text's searchable words (see quoteCandidates).
func (l *Library) ArticlesWith(ctx context.Context, text string) ([]*Article, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	arts, err := l.quoteCandidates(ctx, text)
	return slices.Clone(arts), err
}

// SpeakerAt returns the speaker of the quoted speech of an article that
// overlaps its text's bytes [start, end), or "" when none does or the
// speaker is unknown.
func (l *Library) SpeakerAt(articleID string, start, end int) string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	for _, q := range l.quotesIn(articleID) {
		if q.Start < end && start < q.End && q.Speaker != "" {
			return q.Speaker
		}
	}
	return ""
}
