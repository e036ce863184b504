package retrieval

import (
	"context"
	"errors"
	"log/slog"
)

// MaxArticleBytes is the largest article file Load reads; larger files are skipped.
const MaxArticleBytes = 5 << 20

// Load reads every article under dir (recursively): plain text (.txt, and
// files without an extension), Markdown (.md, .markdown) and HTML (.html,
// .htm). Files that cannot be read as an article are skipped, logged with
// their path and reason, and returned in skipped; the rest still load.
func Load(ctx context.Context, dir string, lg *slog.Logger) (articles []*Article, skipped []Skipped, err error) {
	return nil, nil, errors.New("not implemented")
}

// Parse reads one article file. id is its stable id; the format is chosen
// from the path's extension (and sniffed for HTML).
func Parse(id, path string, data []byte) (*Article, error) {
	return nil, errors.New("not implemented")
}

// Split cuts an article into passages that respect paragraph and sentence
// boundaries, each carrying the article's metadata and exact offsets.
func Split(a *Article) []Passage { return nil }
