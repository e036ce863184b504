package commands

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"byline/retrieval"
	"byline/retrieval/prose"
)

// A topic summary draws on the passages search finds for the topic
// (topicPool), groups them by article, and says what the most relevant
// articles say, one paragraph per article, newest first.
const (
	topicPool          = 200 // passages searched, to count the articles on the topic
	topicArticlesBrief = 4   // articles summarized in a brief summary
	topicArticlesLong  = 6   // in a detailed one
)

// titleTarget is the one article a summarize target names, if it names
// one: an exact title (or id); else a single title that contains the
// target's words, or a single title holding all of them. Several such
// titles, or a title sharing only some words ("ipod sales" and "'Errors'
// doomed first Dome sale"), make the target a topic.
func titleTarget(ms []retrieval.TitleMatch) (*retrieval.Article, bool) {
	var whole, all []*retrieval.Article
	for _, m := range ms {
		switch {
		case m.Exact:
			return m.Article, true
		case m.Whole:
			whole = append(whole, m.Article)
		case m.Share >= 1:
			all = append(all, m.Article)
		}
	}
	switch {
	case len(whole) == 1:
		return whole[0], true
	case len(whole) == 0 && len(all) == 1:
		return all[0], true
	}
	return nil, false
}

// topicArticle is an article on the topic and its passages found, in
// rank order.
type topicArticle struct {
	article *retrieval.Article
	hits    []retrieval.Hit
}

// onTopic groups hits by article, in order of each article's best hit,
// keeping the articles whose found passages hold every term of words
// (all of them when none does) and one of several with the same title.
func (s *Service) onTopic(hits []retrieval.Hit, words string) []topicArticle {
	want := prose.Set(prose.Terms(words))
	var all, full []topicArticle
	index := map[string]int{}
	for _, h := range hits {
		i, ok := index[h.ArticleID]
		if !ok {
			// The hit's metadata is enough here: an article's text is
			// loaded only for the few summarized.
			a := &retrieval.Article{ID: h.ArticleID, Title: h.Title, Author: h.Author, Date: h.Date}
			if !s.published(a) {
				continue
			}
			i = len(all)
			index[h.ArticleID] = i
			all = append(all, topicArticle{article: a})
		}
		all[i].hits = append(all[i].hits, h)
	}
	titles := map[string]bool{}
	for _, t := range all {
		// The same story filed twice (BBC's set has such pairs) counts once.
		title := strings.ToLower(prose.OneSpace(t.article.Title))
		if titles[title] {
			continue
		}
		titles[title] = true
		in := map[string]bool{}
		for _, h := range t.hits {
			for term := range prose.Set(prose.Terms(h.Title + "\n" + h.Text)) {
				in[term] = true
			}
		}
		has := true
		for term := range want {
			has = has && in[term]
		}
		if has {
			full = append(full, t)
		}
	}
	if len(full) == 0 {
		return all[:min(1, len(all))]
	}
	return full
}

// summarizeTopic says what the articles on a topic say together: how
// many there are, then the best sentences of the most relevant ones, one
// paragraph per article, newest first, each cited. near are titles that
// matched the topic loosely: the first is offered ("Did you mean …").
func (s *Service) summarizeTopic(ctx context.Context, topic string, near []retrieval.TitleMatch, opt Options) (*Answer, error) {
	frame, when := s.TimeOf(topic)
	words := frame.Strip(topic)
	hits, words, missed, err := s.searchWhen(ctx, words, topic, topicPool, frame, when)
	if err != nil {
		return nil, err
	}
	if missed {
		return s.periodRefusal(frame, hits), nil
	}
	cov, err := s.coverage(ctx, words, hits)
	if err != nil {
		return nil, err
	}
	if len(hits) == 0 || cov.refuse() {
		ans := s.refusal(cov, hits, fmt.Sprintf("No article title matches “%s”, and the articles don't cover it as a topic", shorten(topic, 80)))
		ans.Text += didYouMean(near)
		return ans, nil
	}
	arts := s.onTopic(hits, words)
	if len(arts) == 0 {
		return s.refusal(coverage{}, nil, fmt.Sprintf("No article published by then is about “%s”", shorten(topic, 80))), nil
	}
	use := arts[:min(len(arts), topicArticles(opt.Length))]
	var passages []retrieval.Passage
	for _, t := range use {
		for _, h := range t.hits[:min(2, len(t.hits))] {
			passages = append(passages, h.Passage)
		}
	}
	ans, notice, err := s.viaModel(ctx, genRequest{
		Task:     "summarize",
		Question: topic,
		Passages: passages,
		History:  opt.History,
		Length:   opt.Length,
		OnDelta:  opt.OnDelta,
	})
	if err != nil {
		return nil, err
	}
	if ans == nil {
		ans = s.topicExtract(topic, words, arts, use, opt.Length)
		ans.Notice = notice
	}
	ans.Articles = make([]ArticleInfo, 0, len(use))
	for _, t := range use {
		if a, ok := s.lib.Article(t.article.ID); ok {
			ans.Articles = append(ans.Articles, articleInfo(s.lib, a))
		}
	}
	ans.Text += didYouMean(near)
	return ans, nil
}

func topicArticles(l Length) int {
	if l == Detailed {
		return topicArticlesLong
	}
	return topicArticlesBrief
}

// topicExtract writes the extractive topic summary: a line saying how
// many articles are on the topic and which are used, then the best
// sentence (two when detailed) of each article used, newest first.
func (s *Service) topicExtract(topic, words string, arts, use []topicArticle, l Length) *Answer {
	per := 1
	if l == Detailed {
		per = 2
	}
	sq := newSentenceQuery(words, "")
	used := slices.Clone(use)
	slices.SortStableFunc(used, func(a, b topicArticle) int { return b.article.Date.Compare(a.article.Date) })
	var picks []pick
	for _, t := range used {
		ps := s.pickSentences(sq, t.hits, per)
		slices.SortStableFunc(ps, func(a, b pick) int { return a.sent.Start - b.sent.Start })
		picks = append(picks, ps...)
	}
	var header string
	switch {
	case len(arts) == 1:
		header = fmt.Sprintf("One article mentions “%s”:", shorten(topic, 80))
	case len(use) == len(arts):
		header = fmt.Sprintf("%d articles mention “%s”, newest first:", len(arts), shorten(topic, 80))
	default:
		header = fmt.Sprintf("%d articles mention “%s”; the %d most relevant, newest first:", len(arts), shorten(topic, 80), len(use))
	}
	return s.write(header, picks, false)
}

// didYouMean offers the best loosely matching title, if any.
func didYouMean(near []retrieval.TitleMatch) string {
	if len(near) == 0 {
		return ""
	}
	return fmt.Sprintf("\n\nDid you mean the article “%s”? Summarize it by its title.", strings.TrimSpace(near[0].Article.Title))
}
