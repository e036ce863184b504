package retrieval

import (
	"regexp"
	"strings"
	"time"
)

// datelineRE finds a dateline near the top of an article's text: a line
// that opens with "Updated", "Published", "Posted" or "Last updated", and
// the date in it, written "July 8, 2026", "Jul. 8 2026", "8 July 2026" or
// "2026-07-08" (times, zones and weekdays around it are skipped).
var datelineRE = regexp.MustCompile(`(?i)^(?:last\s+)?(?:updated|published|posted)\b[^\n]{0,40}?\b(` +
	`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}` +
	`|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}` +
	`|\d{4}-\d{2}-\d{2})`)

// datelineLines is how many lines from the top a dateline is looked for in.
const datelineLines = 12

// datelineDate is the date of the first dateline in the opening lines of
// text, or zero. It is a publish date of last resort: front matter, meta
// tags and the seed's date line win; a file's modification time is never
// one (a copy or a checkout changes it).
func datelineDate(text string) time.Time {
	lines := strings.SplitN(text, "\n", datelineLines+1)
	for _, l := range lines[:min(len(lines), datelineLines)] {
		m := datelineRE.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		d := strings.Join(strings.Fields(strings.ReplaceAll(m[1], ",", " ")), " ")
		for _, cand := range []string{d, strings.Replace(d, ".", "", 1), abbreviateMonth(d)} {
			if t, ok := parseDate(cand); ok {
				return t
			}
		}
	}
	return time.Time{}
}

// abbreviateMonth turns "Sept 8 2026" or "September 8 2026" into
// "Sep 8 2026", a form dateLayouts read.
func abbreviateMonth(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		if len(w) > 3 && !isDigits(w[:1]) {
			f[i] = w[:3]
		}
	}
	return strings.Join(f, " ")
}
