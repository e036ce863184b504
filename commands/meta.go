package commands

import (
	"context"
	"fmt"
	"strings"

	"byline/commands/question"
	"byline/retrieval"
	"byline/retrieval/prose"
)

// maxMentioning is how many articles a "which articles mention X"
// answer lists (the count says how many there are).
const maxMentioning = 10

// aboutArticles answers a question about the articles themselves (who
// wrote it, when it was published, where it is from, what it is about,
// which articles mention X), or "who is X" when X is an author. It
// returns nil when it cannot tell which article is meant; the question
// is then answered like any other.
func (s *Service) aboutArticles(ctx context.Context, a question.Analysis, opt Options) *Answer {
	if a.Meta == question.MetaMentionOf {
		return s.mentioning(ctx, a.Subject)
	}
	art := s.articleMeant(ctx, a.Subject, opt)
	if art == nil {
		return nil
	}
	date := formatDate(art.Date)
	c := newCiter(s.lib)
	var n int
	if ps := s.lib.Passages(art.ID); len(ps) > 0 {
		n = c.cite(ps[0])
	}
	var b strings.Builder
	switch a.Meta {
	case question.MetaAuthor:
		if art.Author == "" {
			fmt.Fprintf(&b, "“%s” does not name its author", art.Title)
		} else {
			fmt.Fprintf(&b, "“%s” was written by %s", art.Title, art.Author)
		}
	case question.MetaDate:
		if date == "" {
			fmt.Fprintf(&b, "“%s” does not give its date", art.Title)
		} else {
			fmt.Fprintf(&b, "“%s” was published on %s", art.Title, date)
		}
	case question.MetaSource:
		switch {
		case art.URL != "":
			fmt.Fprintf(&b, "“%s” comes from %s", art.Title, art.URL)
		case art.Author != "":
			fmt.Fprintf(&b, "“%s” is by %s; the article gives no web address", art.Title, art.Author)
		default:
			fmt.Fprintf(&b, "“%s” gives no source beyond its title", art.Title)
		}
	case question.MetaAbout:
		ans, err := s.Summarize(ctx, art.Title, Options{Length: Brief})
		if err != nil {
			return nil
		}
		return ans
	default:
		return nil
	}
	if n > 0 {
		fmt.Fprintf(&b, ". [%d]", n)
	} else {
		b.WriteString(".")
	}
	return &Answer{Text: b.String(), Mode: ModeExtractive, Citations: c.citations, Quotes: []Quote{}}
}

// articleMeant is the article a meta question speaks of: the one its
// subject names by title, else the one a follow-up's previous answer
// cited first, else the only article of the library.
func (s *Service) articleMeant(ctx context.Context, subject string, opt Options) *retrieval.Article {
	if subject != "" && !isDeictic(subject) {
		if found := s.lib.FindArticles(subject); len(found) > 0 {
			if a, ok := s.lib.Article(found[0].ID); ok {
				return a
			}
		}
		return nil
	}
	if prev := previousQuestion(opt.History, s.cfg.MaxQuestionLength); prev != "" {
		if hits, err := s.lib.Search(ctx, prev, 1); err == nil && len(hits) > 0 {
			if a, ok := s.lib.Article(hits[0].ArticleID); ok {
				return a
			}
		}
	}
	if arts := s.lib.Articles(); len(arts) == 1 {
		if a, ok := s.lib.Article(arts[0].ID); ok {
			return a
		}
	}
	return nil
}

// isDeictic: "it", "this article", "the story" point at an article
// rather than name one.
func isDeictic(s string) bool {
	ws := strings.Fields(strings.ToLower(s))
	if len(ws) == 0 || len(ws) > 2 {
		return len(ws) == 0
	}
	switch ws[0] {
	case "it", "this", "that", "the", "these":
	default:
		return false
	}
	return len(ws) == 1 || ws[1] == "article" || ws[1] == "story" || ws[1] == "piece" || ws[1] == "report" || ws[1] == "articles"
}

// mentioning lists the articles whose passages hold all the words of
// subject, newest first, with how many there are.
func (s *Service) mentioning(ctx context.Context, subject string) *Answer {
	want := prose.Set(prose.Terms(subject))
	if len(want) == 0 {
		return nil
	}
	hits, err := s.lib.Search(ctx, subject, 1000)
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var found []*retrieval.Article
	for _, h := range hits {
		if seen[h.ArticleID] {
			continue
		}
		in := prose.Set(prose.Terms(h.Title + "\n" + h.Text))
		all := true
		for t := range want {
			all = all && in[t]
		}
		if a, ok := s.lib.Article(h.ArticleID); ok && all {
			seen[h.ArticleID] = true
			found = append(found, a)
		}
	}
	if len(found) == 0 {
		return &Answer{Text: fmt.Sprintf("No article mentions “%s”.", shorten(subject, 80)), Refused: true,
			Mode: ModeExtractive, Citations: []Citation{}, Quotes: []Quote{}}
	}
	sortNewest(found)
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s “%s”, newest first:\n", len(found), plural(len(found), "article mentions", "articles mention"), shorten(subject, 80))
	infos := make([]ArticleInfo, 0, len(found))
	for i, a := range found {
		info := articleInfo(s.lib, a)
		infos = append(infos, info)
		if i < maxMentioning {
			fmt.Fprintf(&b, "\n%d. %s", i+1, describe(a.Title, a.Author, info.Date))
		}
	}
	if len(found) > maxMentioning {
		fmt.Fprintf(&b, "\n(and %d more)", len(found)-maxMentioning)
	}
	return &Answer{Text: b.String(), Mode: ModeExtractive, Citations: []Citation{}, Quotes: []Quote{}, Articles: infos}
}

// sortNewest orders articles newest first (undated last), stable.
func sortNewest(as []*retrieval.Article) {
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && as[j].Date.After(as[j-1].Date); j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}

// authorAnswer answers "who is X" when X is the author of articles.
func (s *Service) authorAnswer(a question.Analysis) *Answer {
	if a.Type != question.Who || len(a.Entities) != 1 {
		return nil
	}
	name := a.Entities[0]
	var by []*retrieval.Article
	for _, art := range s.lib.Articles() {
		if art.Author != "" && strings.EqualFold(art.Author, name) {
			by = append(by, art)
		}
	}
	if len(by) == 0 || !strings.HasPrefix(strings.ToLower(a.Text), "who is") && !strings.HasPrefix(strings.ToLower(a.Text), "who's") {
		return nil
	}
	c := newCiter(s.lib)
	var titles []string
	for i, art := range by {
		if i == 3 {
			break
		}
		t := "“" + art.Title + "”"
		if ps := s.lib.Passages(art.ID); len(ps) > 0 {
			t += fmt.Sprintf(" [%d]", c.cite(ps[0]))
		}
		titles = append(titles, t)
	}
	text := fmt.Sprintf("%s is the author of %s", by[0].Author, strings.Join(titles, ", "))
	if len(by) > 3 {
		text += fmt.Sprintf(" and %d more articles", len(by)-3)
	}
	text += ". The articles say nothing more about them."
	return &Answer{Text: text, Mode: ModeExtractive, Citations: c.citations, Quotes: []Quote{}}
}
