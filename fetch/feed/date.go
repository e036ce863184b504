package feed

import (
	"strings"
	"time"
)

// dateLayouts are the ways feeds write dates: RFC 822/1123 for RSS (with
// and without the weekday, two- and four-digit years, named zones and
// offsets), RFC 3339 for Atom, and the variants seen in the wild.
var dateLayouts = []string{
	time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700", "Mon, 2 Jan 2006 15:04 MST",
	"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST",
	"Mon, 02 Jan 06 15:04:05 -0700", "Mon, 2 January 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05", "Mon, 2 Jan 2006",
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05", "2006-01-02",
}

// parseDate reads a feed date; the zero time when it cannot.
func parseDate(s string) time.Time {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return time.Time{}
	}
	// "GMT+0000", "UT" and North American zone names occur in real feeds;
	// Go would read an unknown zone name as UTC.
	s = strings.Replace(s, "GMT+", "+", 1)
	if i := strings.LastIndexByte(s, ' '); i > 0 {
		if off, ok := zoneOffsets[strings.ToUpper(s[i+1:])]; ok {
			s = s[:i+1] + off
		}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

var zoneOffsets = map[string]string{
	"UT": "+0000", "Z": "+0000",
	"EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
	"MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
}
