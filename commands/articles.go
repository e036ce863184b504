package commands

import (
	"context"
	"fmt"
	"strings"
)

// Articles lists the indexed articles, newest first, with their passage
// counts; Text is a numbered list.
func (s *Service) Articles(ctx context.Context) (*Answer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	arts := s.lib.Articles()
	infos := make([]ArticleInfo, len(arts))
	var b strings.Builder
	if len(arts) == 0 {
		b.WriteString("No articles are indexed.")
	} else {
		fmt.Fprintf(&b, "%d %s, newest first:\n", len(arts), plural(len(arts), "article", "articles"))
	}
	for i, a := range arts {
		infos[i] = articleInfo(s.lib, a)
		fmt.Fprintf(&b, "\n%d. %s (%d %s)", i+1, describe(a.Title, a.Author, infos[i].Date),
			infos[i].Passages, plural(infos[i].Passages, "passage", "passages"))
	}
	return &Answer{
		Text:      b.String(),
		Mode:      ModeExtractive,
		Citations: []Citation{},
		Quotes:    []Quote{},
		Articles:  infos,
	}, nil
}

// Titles returns up to max articles whose title matches prefix as typed so
// far (case-insensitive), for autocomplete: titles that start with it
// first, then titles with a word that starts with it, then titles that
// contain it; newest first within each group. All articles (up to max) when
// prefix is empty; max <= 0 means no limit.
func (s *Service) Titles(prefix string, max int) []ArticleInfo {
	p := strings.ToLower(cleanText(prefix))
	var groups [3][]ArticleInfo
	for _, a := range s.lib.Articles() {
		t := strings.ToLower(a.Title)
		g := -1
		switch {
		case strings.HasPrefix(t, p):
			g = 0
		case wordStartsWith(t, p):
			g = 1
		case strings.Contains(t, p):
			g = 2
		}
		if g >= 0 {
			groups[g] = append(groups[g], articleInfo(s.lib, a))
		}
	}
	out := append(append(groups[0], groups[1]...), groups[2]...)
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	return out
}

// wordStartsWith reports whether a word of s (lower case) starts with p.
func wordStartsWith(s, p string) bool {
	for i := strings.Index(s, p); i >= 0; {
		if i == 0 || !isWordByte(s[i-1]) {
			return true
		}
		j := strings.Index(s[i+1:], p)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
