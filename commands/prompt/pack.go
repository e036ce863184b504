package prompt

import (
	"strings"
	"unicode/utf8"

	"byline/retrieval"
	"byline/retrieval/prose"
)

// Tokens estimates the tokens of s for an English BPE tokenizer: about
// four characters a token, or 1.3 tokens a word, whichever is larger (long
// runs of short words and numbers cost more than their characters say).
// It errs high: a prompt that fits the estimate fits the model.
func Tokens(s string) int {
	if s == "" {
		return 0
	}
	chars := (utf8.RuneCountInString(s) + 3) / 4
	words := len(strings.Fields(s)) * 13 / 10
	return max(chars, words)
}

// passageOverhead is the estimated cost of the <passage ...> tags and
// attributes around a passage's text, beyond the title.
const passageOverhead = 16

// PassageTokens estimates a passage as the prompt shows it.
func PassageTokens(p retrieval.Passage) int {
	return Tokens(p.Text) + Tokens(p.Title) + Tokens(p.Author) + passageOverhead
}

// Dedupe drops passages that repeat an earlier one: the same id, or
// near-identical text (syndicated copies, an article indexed twice). The
// order is kept, so the best of each group survives.
func Dedupe(ps []retrieval.Passage) []retrieval.Passage {
	seen := make(map[string]bool)
	var kept []retrieval.Passage
	var keptWords []map[string]bool
	for _, p := range ps {
		if seen[p.ID] || strings.TrimSpace(p.Text) == "" {
			continue
		}
		words := prose.Set(prose.Tokens(p.Text))
		dup := false
		for _, w := range keptWords {
			if prose.Jaccard(words, w) >= 0.9 {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		seen[p.ID] = true
		kept = append(kept, p)
		keptWords = append(keptWords, words)
	}
	return kept
}

// Budget keeps the passages that fit budget tokens, best first, whole:
// a passage too big for what is left is skipped and smaller later ones may
// still fit. It returns the kept passages in their given order and their
// estimated tokens.
func Budget(ps []retrieval.Passage, budget int) ([]retrieval.Passage, int) {
	var kept []retrieval.Passage
	used := 0
	for _, p := range ps {
		t := PassageTokens(p)
		if used+t > budget {
			continue
		}
		kept = append(kept, p)
		used += t
	}
	return kept, used
}

// Parts cuts consecutive passages into parts that each fit budget. A
// passage bigger than the budget on its own gets a part to itself (the
// caller checks the total).
func Parts(ps []retrieval.Passage, budget int) [][]retrieval.Passage {
	var parts [][]retrieval.Passage
	var cur []retrieval.Passage
	used := 0
	for _, p := range ps {
		t := PassageTokens(p)
		if len(cur) > 0 && used+t > budget {
			parts = append(parts, cur)
			cur, used = nil, 0
		}
		cur = append(cur, p)
		used += t
	}
	if len(cur) > 0 {
		parts = append(parts, cur)
	}
	return parts
}
