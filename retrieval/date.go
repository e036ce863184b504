package retrieval

import (
	"strings"
	"time"
)

// dateLayouts are the date forms news files use, tried in order.
var dateLayouts = []string{
	time.RFC3339Nano,
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02",
	"2006.01.02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC850,
	time.RFC822Z,
	time.RFC822,
	time.ANSIC,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006",
	"January 2, 2006 15:04",
	"January 2, 2006 3:04 PM",
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006",
	"Jan. 2, 2006",
	"Jan 2 2006",
	"Monday, January 2, 2006",
	"Monday, 2 January 2006",
	"Mon, January 2, 2006",
	"2 January 2006 15:04",
	"2 January 2006",
	"2 Jan 2006",
	"02 Jan 2006",
	"January 2006",
}

// datePrefixes are labels stripped before a date is parsed.
var datePrefixes = []string{"published on", "published:", "published", "updated:", "updated", "posted on", "posted:", "posted", "date:", "on"}

// parseDate reads a date in any of dateLayouts, after dropping a label
// such as "Published:" and ordinal suffixes ("9th"). ok is false when the
// string is not a date.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	low := strings.ToLower(s)
	for _, p := range datePrefixes {
		if strings.HasPrefix(low, p+" ") || (strings.HasSuffix(p, ":") && strings.HasPrefix(low, p)) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	s = strings.TrimSuffix(s, ".")
	for _, cand := range []string{s, stripOrdinals(s)} {
		for _, layout := range dateLayouts {
			if t, err := time.Parse(layout, cand); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// stripOrdinals turns "August 9th, 2025" into "August 9, 2025".
func stripOrdinals(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		core := strings.TrimRight(w, ",")
		for _, suf := range []string{"st", "nd", "rd", "th"} {
			if len(core) > len(suf) && strings.HasSuffix(core, suf) && isDigits(core[:len(core)-len(suf)]) {
				words[i] = core[:len(core)-len(suf)] + w[len(core):]
			}
		}
	}
	return strings.Join(words, " ")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
