package retrieval

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"byline/retrieval/timeframe"
)

// Field names of a passage document in the index.
const (
	fieldArticle = "article_id"
	fieldTitle   = "title"
	fieldText    = "text"
	fieldDate    = "date"
)

// analyzerName is the analyzer of text and title, used again by Search,
// Terms and the highlighter so that they see the terms the index holds.
// It makes the same terms as Bleve's "en" (see stem.go), so an index
// built with "en" before it existed still answers the same.
const analyzerName = cachedEnName

// mappingVersion and splitVersion change whenever the mapping or the
// splitter change what is indexed; the manifest records them so that an
// index built by older code is rebuilt rather than half-matched.
const (
	mappingVersion = 4 // 3: the date field holds the publish day; 4: term vectors only with PhraseBoost
	splitVersion   = 2
)

// indexVersion names everything besides article content that decides what
// the index holds: the code versions, the passage size knobs and whether
// the text keeps term vectors.
func indexVersion(t Tuning) string {
	return fmt.Sprintf("mapping=%d split=%d words=%d/%d/%d vectors=%t", mappingVersion, splitVersion,
		t.TargetWords, t.MaxWords, t.MinWords, termVectors(t))
}

// termVectors reports whether the text field keeps term vectors (term
// positions): phrase queries need them, nothing else does, and they were
// 41% of the index on disk. They are kept only when the tuning asks for
// phrase matches.
func termVectors(t Tuning) bool { return t.PhraseBoost > 0 }

// newMapping is the explicit index mapping of a passage document: English
// analysis (lower case, stop words, stemming) for text and title, keyword
// for the article id, a datetime for the date, BM25 scoring. Nothing is
// stored: the Library keeps passages in memory and looks hits up by id.
// Only the text may keep term vectors, and only for phrase queries (see
// termVectors).
func newMapping(t Tuning) *mapping.IndexMappingImpl {
	text := indexOnly(mapping.NewTextFieldMapping(), analyzerName)
	text.IncludeTermVectors = termVectors(t)
	title := indexOnly(mapping.NewTextFieldMapping(), analyzerName)
	id := indexOnly(mapping.NewKeywordFieldMapping(), keyword.Name)

	date := mapping.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true

	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldText, text)
	doc.AddFieldMappingsAt(fieldTitle, title)
	doc.AddFieldMappingsAt(fieldArticle, id)
	doc.AddFieldMappingsAt(fieldDate, date)

	m := mapping.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = index.BM25Scoring
	return m
}

// indexOnly makes f an indexed field with the given analyzer that is not
// stored, not in _all, and has no term vectors or doc values.
func indexOnly(f *mapping.FieldMapping, analyzer string) *mapping.FieldMapping {
	f.Analyzer = analyzer
	f.Store = false
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.DocValues = false
	return f
}

// passageDoc is what the index holds for a passage. The text field holds
// the article's title too (as Anserini's best BM25 run on SciFact does,
// "title and text concatenated"): a passage deep in an article is then
// still found by the words of its headline, which the passage itself may
// never repeat. Measured on the SciFact train judgments: nDCG@10 +0.005 to
// +0.008. Passage offsets are unaffected: they point into the article's
// text, which the index does not store.
func passageDoc(p Passage) map[string]any {
	text := p.Text
	if p.Title != "" {
		text = p.Title + "\n\n" + p.Text
	}
	doc := map[string]any{
		fieldArticle: p.ArticleID,
		fieldTitle:   p.Title,
		fieldText:    text,
	}
	if !p.Date.IsZero() {
		// The publish day as written, at UTC midnight: date windows and
		// the as-of limit are whole days, whatever the article's zone.
		doc[fieldDate] = timeframe.Day(p.Date)
	}
	return doc
}
