package commands

import (
	"sort"
	"strings"
)

// Speakers returns up to max distinct speakers of quoted speech whose name
// matches prefix as typed so far (case-insensitive): names that start with
// it first, then names with a word that starts with it, then names that
// contain it; the most quoted first within each group. All speakers (up to
// max) when prefix is empty; max <= 0 means no limit. It serves
// autocomplete of the quote command's speaker option.
func (s *Service) Speakers(prefix string, max int) []string {
	counts := map[string]int{}
	for name, n := range s.lib.SpeakerCounts() {
		if name = strings.TrimSpace(name); name != "" {
			counts[name] += n
		}
	}
	p := strings.ToLower(cleanText(prefix))
	var groups [3][]string
	for name := range counts {
		n := strings.ToLower(name)
		switch {
		case strings.HasPrefix(n, p):
			groups[0] = append(groups[0], name)
		case wordStartsWith(n, p):
			groups[1] = append(groups[1], name)
		case strings.Contains(n, p):
			groups[2] = append(groups[2], name)
		}
	}
	var out []string
	for _, g := range groups {
		sort.Slice(g, func(i, j int) bool {
			if counts[g[i]] != counts[g[j]] {
				return counts[g[i]] > counts[g[j]]
			}
			return g[i] < g[j]
		})
		out = append(out, g...)
	}
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	return out
}
