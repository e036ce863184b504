package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// MaxArticleBytes is the largest article file Load reads; larger files are skipped.
const MaxArticleBytes = 5 << 20

// format is how a file is read, chosen from its extension.
type format int

const (
	formatNone format = iota
	formatText
	formatMarkdown
	formatHTML
)

func formatOf(path string) format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".text", "":
		return formatText
	case ".md", ".markdown":
		return formatMarkdown
	case ".html", ".htm", ".xhtml":
		return formatHTML
	}
	return formatNone
}

// Load reads every article under dir (recursively): plain text (.txt, and
// files without an extension), Markdown (.md, .markdown) and HTML (.html,
// .htm). Files that cannot be read as an article are skipped, logged with
// their path and reason, and returned in skipped; the rest still load.
// Hidden files and folders (".git", ".byline") are ignored. Articles come
// back sorted by ID.
//
// Load reads every file whole; [OpenDir] reads only the files that changed
// since the index was built.
func Load(ctx context.Context, dir string, lg *slog.Logger) (articles []*Article, skipped []Skipped, err error) {
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	files, skipped, err := listFiles(ctx, dir, false)
	if err != nil {
		return nil, nil, err
	}
	results, err := readFiles(ctx, files)
	if err != nil {
		return nil, nil, fmt.Errorf("load articles from %s: %w", dir, err)
	}
	for i, r := range results {
		if r.err != nil {
			skipped = append(skipped, Skipped{Path: files[i].path, Reason: r.err.Error()})
			continue
		}
		articles = append(articles, r.a)
	}
	for _, s := range skipped {
		lg.WarnContext(ctx, "skipped file", "path", s.Path, "reason", s.Reason)
	}
	slices.SortFunc(articles, func(a, b *Article) int { return strings.Compare(a.ID, b.ID) })
	lg.InfoContext(ctx, "loaded articles", "dir", dir, "articles", len(articles), "skipped", len(skipped))
	return articles, skipped, nil
}

// articleFile is an article file found under the seeds folder.
type articleFile struct {
	path, id    string
	size, mtime int64 // mtime in Unix nanoseconds; both 0 unless listFiles was asked to stat
}

// listFiles walks dir for article files, skipping (and reporting) what is
// not one and files whose id another file already has. With stat, each
// file's size and modification time are filled in: one lstat per file,
// which is all an unchanged article costs at start.
func listFiles(ctx context.Context, dir string, stat bool) (files []articleFile, skipped []Skipped, err error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("load articles: %w", err)
	}
	if !info.IsDir() {
		return nil, nil, fmt.Errorf("load articles: %s is not a folder", dir)
	}
	seen := map[string]string{}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			skipped = append(skipped, Skipped{Path: path, Reason: err.Error()})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if path != dir && strings.HasPrefix(name, ".") {
			// Hidden: left out on purpose, but said, so that a file named
			// ".draft.md" is not silently missing from the library.
			if d.IsDir() {
				skipped = append(skipped, Skipped{Path: path, Reason: "hidden folder (name starts with a dot), not read"})
				return fs.SkipDir
			}
			skipped = append(skipped, Skipped{Path: path, Reason: "hidden file (name starts with a dot)"})
			return nil
		}
		if d.IsDir() {
			return ctx.Err()
		}
		switch {
		case !d.Type().IsRegular():
			skipped = append(skipped, Skipped{Path: path, Reason: "not a regular file"})
			return nil
		case formatOf(path) == formatNone:
			skipped = append(skipped, Skipped{Path: path, Reason: "unsupported file type " + filepath.Ext(path)})
			return nil
		case strings.EqualFold(strings.TrimSuffix(name, filepath.Ext(name)), "readme"):
			skipped = append(skipped, Skipped{Path: path, Reason: "a README, not an article"})
			return nil
		}
		f := articleFile{path: path, id: ArticleID(dir, path)}
		if prev, dup := seen[f.id]; dup {
			skipped = append(skipped, Skipped{Path: path, Reason: fmt.Sprintf("same article id %q as %s", f.id, prev)})
			return nil
		}
		if stat {
			fi, err := d.Info()
			if err != nil {
				skipped = append(skipped, Skipped{Path: path, Reason: err.Error()})
				return nil
			}
			f.size, f.mtime = fi.Size(), fi.ModTime().UnixNano()
		}
		seen[f.id] = path
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("load articles from %s: %w", dir, err)
	}
	return files, skipped, nil
}

// readResult is one file read by readFiles.
type readResult struct {
	a   *Article
	err error
}

// readFiles reads and parses files in parallel: large collections are
// mostly parse time.
func readFiles(ctx context.Context, files []articleFile) ([]readResult, error) {
	results := make([]readResult, len(files))
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range work {
				results[i].a, results[i].err = readArticle(files[i].id, files[i].path)
			}
		})
	}
feed:
	for i := range files {
		select {
		case work <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return results, nil
}

// readArticle reads and parses one file, refusing oversized ones before
// reading them whole.
func readArticle(id, path string) (*Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxArticleBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxArticleBytes {
		return nil, fmt.Errorf("%w (%d bytes)", errTooLarge, MaxArticleBytes)
	}
	return Parse(id, path, data)
}

// ArticleID is the stable id of the article at path under root: its path
// relative to root, without extension, with "/" between folders
// ("000_ae6f07c6b2a57295", "sport/199").
func ArticleID(root, path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = filepath.Base(path)
	}
	rel = strings.TrimSuffix(rel, filepath.Ext(rel))
	return filepath.ToSlash(rel)
}

// Parse reads one article file. id is its stable id; the format is chosen
// from the path's extension (and sniffed for HTML).
func Parse(id, path string, data []byte) (*Article, error) {
	if len(data) > MaxArticleBytes {
		return nil, fmt.Errorf("%w (%d bytes)", errTooLarge, MaxArticleBytes)
	}
	s, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	fm := formatOf(path)
	if fm != formatHTML && looksLikeHTML(s) {
		fm = formatHTML
	}
	var a *Article
	switch fm {
	case formatHTML:
		a, err = parseHTML(s, "", ReadableBody)
	case formatMarkdown:
		a, err = parseMarkdown(s)
	default:
		a, err = parseText(s)
	}
	if err != nil {
		return nil, err
	}
	if a.Text == "" {
		return nil, errNoBody
	}
	if a.Date.IsZero() {
		a.Date = datelineDate(a.Text)
	}
	a.ID = id
	a.Path = path
	// The metadata may be slices of the whole file: copies let the file's
	// bytes go once the text (built separately) is all that is used.
	a.Title, a.Author, a.URL = strings.Clone(a.Title), strings.Clone(a.Author), strings.Clone(a.URL)
	a.Hash = hashArticle(a)
	return a, nil
}

// looksLikeHTML sniffs a document that is HTML whatever its extension says.
func looksLikeHTML(s string) bool {
	head := strings.ToLower(strings.TrimSpace(s[:min(len(s), 512)]))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
}

// hashArticle is the sha256 of everything the index holds for an article.
func hashArticle(a *Article) string {
	h := sha256.New()
	for _, f := range []string{a.Title, a.Author, a.URL, a.Text} {
		io.WriteString(h, f)
		h.Write([]byte{0})
	}
	if !a.Date.IsZero() {
		io.WriteString(h, a.Date.UTC().Format("2006-01-02T15:04:05Z"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// NewArticle builds an article from text held in memory (evaluation
// corpora, tests): paragraphs are cleaned and joined as Parse does, and
// the Hash is filled in.
func NewArticle(id, title, text string) *Article {
	paras := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n")
	a := &Article{ID: id, Title: cleanLine(strings.ToValidUTF8(title, "\uFFFD")), Text: joinParagraphs(validAll(paras))}
	a.Hash = hashArticle(a)
	return a
}

func validAll(ss []string) []string {
	for i, s := range ss {
		ss[i] = strings.ToValidUTF8(s, "\uFFFD")
	}
	return ss
}
