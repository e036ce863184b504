package data

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"byline/retrieval"
)

// LoadBBC parses the BBC News articles (a folder or the .tar.gz archive)
// with Byline's own parser. Each article's id is its NewsKey
// ("business/001"). Files the parser rejects are returned in skipped.
func LoadBBC(ctx context.Context, p string, lg *slog.Logger) (arts []*retrieval.Article, skipped []retrieval.Skipped, err error) {
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	files, err := ReadFiles(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range files {
		key := NewsKey(f.Name)
		if key == "" || strings.EqualFold(path0(f.Name), "readme") {
			continue
		}
		a, err := retrieval.Parse(key, f.Name, f.Data)
		if err != nil || a == nil {
			reason := "no article"
			if err != nil {
				reason = err.Error()
			}
			lg.WarnContext(ctx, "skip article", "file", f.Name, "reason", reason)
			skipped = append(skipped, retrieval.Skipped{Path: f.Name, Reason: reason})
			continue
		}
		arts = append(arts, a)
	}
	slices.SortFunc(arts, func(a, b *retrieval.Article) int { return strings.Compare(a.ID, b.ID) })
	if len(arts) == 0 {
		return nil, skipped, fmt.Errorf("no article in %s", p)
	}
	return arts, skipped, nil
}

// path0 is a file's base name without extension.
func path0(name string) string {
	base := name[strings.LastIndex(name, "/")+1:]
	if i := strings.LastIndex(base, "."); i > 0 {
		base = base[:i]
	}
	return base
}

// LoadAGNews reads the AG News CSV (label,title,description; plain or
// .gz) as short articles with ids "ag/<row>". In the descriptions a
// backslash stands for a line break.
func LoadAGNews(p string) ([]*retrieval.Article, error) {
	rc, err := openData(p)
	if err != nil {
		return nil, fmt.Errorf("load ag news: %w", err)
	}
	defer rc.Close()
	r := csv.NewReader(rc)
	r.FieldsPerRecord = -1
	var arts []*retrieval.Article
	row := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("load ag news %s: %w", p, err)
		}
		row++
		if row == 1 && len(rec) > 0 && strings.EqualFold(rec[0], "label") {
			continue
		}
		if len(rec) < 3 {
			continue
		}
		d := Doc{
			ID:    fmt.Sprintf("ag/%d", row-1),
			Title: strings.TrimSpace(rec[1]),
			Text:  strings.TrimSpace(strings.ReplaceAll(rec[2], `\`, "\n")),
		}
		if d.Text == "" {
			continue
		}
		arts = append(arts, Articles([]Doc{d})[0])
	}
	if len(arts) == 0 {
		return nil, fmt.Errorf("load ag news %s: no rows", p)
	}
	return arts, nil
}
