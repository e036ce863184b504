package commands

import (
	"regexp"
	"strings"

	"byline/retrieval"
	"byline/retrieval/timeframe"
)

// undatedPeriod is the period relative to today that a question names
// ("tomorrow", "this week", "right now", "last night") when every article
// retrieved for it is undated: such articles cannot be placed in time, so
// they cannot say what happens in that period. period is the question's
// own words for it ("" when the question names no such period or some hit
// is dated: a dated library is handled by the window, as before); future
// is set for a period after today ("tomorrow", "tonight", "next week").
func undatedPeriod(f timeframe.Frame, hits []retrieval.Hit) (period string, future bool) {
	if len(hits) == 0 {
		return "", false
	}
	for _, h := range hits {
		if !h.Date.IsZero() {
			return "", false
		}
	}
	for _, sp := range f.Spans {
		t := strings.ToLower(strings.Join(strings.Fields(sp.Text), " "))
		// A year makes a period absolute ("last March 2005").
		if !relativeRE.MatchString(t) || yearWord.MatchString(t) {
			continue
		}
		if period == "" {
			period = strings.TrimSpace(leadingPrepRE.ReplaceAllString(t, ""))
		}
		future = future || futureRE.MatchString(t)
	}
	return period, future
}

// relativeRE finds the time expressions that name a period relative to
// today; "latest", "recently" or "so far" only ask for the newest news,
// and "in March 2005" names a period of its own.
var relativeRE = regexp.MustCompile(`\b(?:today|tonight|tomorrow|yesterday|now|nowadays|these days|at the moment|at present|this (?:morning|afternoon|evening|week|weekend|month|year)|last|past|previous|next|coming|ago|(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b`)

// futureRE finds a period after today.
var futureRE = regexp.MustCompile(`\b(?:tomorrow|tonight|next|coming)\b`)

// leadingPrepRE is a preposition that opens a time expression ("by next
// week", "on Monday").
var leadingPrepRE = regexp.MustCompile(`^(?:in|during|on|of|from|for|since|after|before|until|till|through|by|as of)\s+(?:the\s+)?`)

// undatedRefusal refuses a question about a period after today ("What
// will the weather be in London tomorrow?") when the articles found for
// it have no dates, listing them as the nearest, in the manner of a
// dated library's period with no articles in it (periodRefusal).
func (s *Service) undatedRefusal(period string, hits []retrieval.Hit) *Answer {
	ans := s.refusal(coverage{}, hits, "")
	ans.Text = "The articles don't cover that: the nearest have no publish dates, so none can say what happens " + period + "."
	return ans
}

// undatedNote opens an answer to a question about a period up to today
// ("What is the price of oil today?") whose articles have no dates: what
// they say is given, as what they say, not as news of that period.
func undatedNote(ans *Answer, period string) *Answer {
	if ans == nil || ans.Refused || period == "" {
		return ans
	}
	ans.Text = "The articles have no publish dates, so I can't tell whether they speak of " + period + "; the nearest they say:\n\n" + ans.Text
	return ans
}
