package commands

import (
	"slices"
	"time"

	"byline/retrieval/timeframe"
)

// longDate is how answers write a day: "9 August 2025".
const longDate = "2 January 2006"

// datedPicks anchors an extractive answer's sentences in time. When they
// come from articles published on different days, the newest article's
// sentences go first (the order otherwise kept), the header is "As of 9
// August 2025 (newest first):", and the sentences of each older article
// carry the marker "Earlier, 2 April 2019: " that write puts at the
// start of that article's paragraph, so that an older account reads as
// such. Undated articles go last, unmarked. Sentences of one day are
// returned as they are, with no header.
func datedPicks(picks []pick) (header string, out []pick) {
	days := map[time.Time]bool{}
	for _, p := range picks {
		if !p.passage.Date.IsZero() {
			days[timeframe.Day(p.passage.Date)] = true
		}
	}
	if len(days) < 2 {
		return "", picks
	}
	out = slices.Clone(picks)
	slices.SortStableFunc(out, func(a, b pick) int { return compareNewest(a.passage.Date, b.passage.Date) })
	newest := timeframe.Day(out[0].passage.Date)
	for i, p := range out {
		if d := p.passage.Date; !d.IsZero() && timeframe.Day(d).Before(newest) {
			out[i].earlier = "Earlier, " + timeframe.Day(d).Format(longDate) + ": "
		}
	}
	return "As of " + newest.Format(longDate) + " (newest first):", out
}

// compareNewest orders dates newest first, unknown dates last.
func compareNewest(a, b time.Time) int {
	switch {
	case a.IsZero() != b.IsZero():
		if a.IsZero() {
			return 1
		}
		return -1
	}
	return timeframe.Day(b).Compare(timeframe.Day(a))
}
