package scale

import (
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"byline/retrieval"
)

// WriteLibrary writes n article files under dir/all (Markdown with front
// matter), drawn from pool in order and then again as copies whose text
// is made distinct: in copy r, about one word in six of four letters or
// more (title included) is swapped for a word of the pool's vocabulary,
// chosen by a hash of r, the word and its position. Term statistics stay
// those of real news; no two copies index the same. Files already there
// are kept (a library is generated once and reused).
func WriteLibrary(dir string, pool []*retrieval.Article, n int) (string, error) {
	all := filepath.Join(dir, "all")
	if err := os.MkdirAll(all, 0o755); err != nil {
		return "", fmt.Errorf("write library: %w", err)
	}
	vocab := vocabulary(pool, 50_000)
	for i := range n {
		path := filepath.Join(all, fmt.Sprintf("%07d.md", i))
		if _, err := os.Stat(path); err == nil {
			continue
		}
		a := pool[i%len(pool)]
		r := i / len(pool)
		title, text := a.Title, a.Text
		if r > 0 {
			title, text = perturb(title, r, vocab), perturb(text, r, vocab)
		}
		date := "2025-01-01"
		if !a.Date.IsZero() {
			date = a.Date.Format("2006-01-02")
		}
		doc := fmt.Sprintf("---\ntitle: %s\ndate: %s\n---\n\n%s\n", strings.ReplaceAll(title, "\n", " "), date, text)
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			return "", fmt.Errorf("write library: %w", err)
		}
	}
	return all, nil
}

// LinkLibrary makes dir/nN hold the first n files of dir/all, as hard
// links (no copy of the text).
func LinkLibrary(dir string, n int) (string, error) {
	out := filepath.Join(dir, fmt.Sprintf("n%d", n))
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", fmt.Errorf("link library: %w", err)
	}
	for i := range n {
		name := fmt.Sprintf("%07d.md", i)
		dst := filepath.Join(out, name)
		if _, err := os.Lstat(dst); err == nil {
			continue
		}
		if err := os.Link(filepath.Join(dir, "all", name), dst); err != nil {
			return "", fmt.Errorf("link library: %w", err)
		}
	}
	return out, nil
}

func vocabulary(pool []*retrieval.Article, max int) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range pool {
		for _, w := range strings.FieldsFunc(a.Text, func(r rune) bool { return !unicode.IsLetter(r) }) {
			w = strings.ToLower(w)
			if len(w) >= 4 && !seen[w] {
				seen[w] = true
				out = append(out, w)
				if len(out) == max {
					return out
				}
			}
		}
	}
	return out
}

// perturb swaps about one word in six (of four letters or more) of s
// for a vocabulary word, deterministically for copy r.
func perturb(s string, r int, vocab []string) string {
	if len(vocab) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pos := 0
	i := 0
	for i < len(s) {
		j := i
		for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
			j++
		}
		if j == i {
			b.WriteByte(s[i])
			i++
			continue
		}
		w := s[i:j]
		pos++
		if len(w) >= 4 {
			h := fnv.New64a()
			fmt.Fprintf(h, "%d/%d/%s", r, pos, w)
			v := h.Sum64()
			if v%6 == 0 {
				w = vocab[(v/6)%uint64(len(vocab))]
			}
		}
		b.WriteString(w)
		i = j
	}
	return b.String()
}
