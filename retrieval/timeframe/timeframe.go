// Package timeframe reads the time a question is about: dates and periods
// ("in March 2025", "last week", "on August 8", "since Monday", "in 2024")
// become a date window, and words about the present ("latest",
// "recently", "this week", "still", "so far") a preference for recent
// articles. Everything is relative to an as-of day, so that a question can
// be replayed as of any date. The functions are pure: no clock, no I/O.
package timeframe

import (
	"fmt"
	"strings"
	"time"

	"byline/retrieval/prose"
)

// Frame is what a text says about time.
type Frame struct {
	// Since and Until bound the window of publish dates the text names,
	// as UTC midnights: Since <= date < Until. A zero bound is open; both
	// zero means no window.
	Since, Until time.Time
	// Recent is set when the text asks about the present ("latest", "this
	// week", "still"): newer articles should rank higher.
	Recent bool
	// Soft is set when the window only says where the news asked about
	// most likely is ("this week", "next month"): a search that finds
	// too little in it goes on outside it.
	Soft bool
	// Spans are the time expressions found, in order; Strip removes them
	// so that they are not matched as plain words.
	Spans []Span
}

// Span is one time expression of a text: Text is text[Start:End].
type Span struct {
	Start, End int
	Text       string
}

// HasWindow reports whether the frame names a period.
func (f Frame) HasWindow() bool { return !f.Since.IsZero() || !f.Until.IsZero() }

// Contains reports whether a publish date falls in the window (always
// true without one). A zero date is outside any window.
func (f Frame) Contains(t time.Time) bool {
	if !f.HasWindow() {
		return true
	}
	if t.IsZero() {
		return false
	}
	d := Day(t)
	return (f.Since.IsZero() || !d.Before(f.Since)) && (f.Until.IsZero() || d.Before(f.Until))
}

// Strip returns text with the frame's time expressions taken out (a
// space in their place), so that "in 2024" or "this week" is not searched
// for as words.
func (f Frame) Strip(text string) string {
	if len(f.Spans) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, s := range f.Spans {
		if s.Start < last || s.End > len(text) {
			continue
		}
		b.WriteString(text[last:s.Start])
		b.WriteByte(' ')
		last = s.End
	}
	b.WriteString(text[last:])
	return strings.Join(strings.Fields(b.String()), " ")
}

// String describes the window for people: "2024", "March 2025",
// "2025-08-08", "since 2025-08-04", "2025-08-01 to 2025-08-09"; "" when
// there is none.
func (f Frame) String() string {
	s, u := f.Since, f.Until
	switch {
	case s.IsZero() && u.IsZero():
		return ""
	case u.IsZero():
		return "since " + s.Format(dateLayout)
	case s.IsZero():
		return "before " + u.Format(dateLayout)
	case s.AddDate(0, 0, 1).Equal(u):
		return s.Format(dateLayout)
	case s.Day() == 1 && s.AddDate(0, 1, 0).Equal(u):
		return s.Format("January 2006")
	case s.YearDay() == 1 && s.AddDate(1, 0, 0).Equal(u):
		return s.Format("2006")
	}
	return s.Format(dateLayout) + " to " + u.AddDate(0, 0, -1).Format(dateLayout)
}

const dateLayout = "2006-01-02"

// Day is t's calendar day as a UTC midnight (the date as written, whatever
// t's zone).
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDay reads a YYYY-MM-DD date, for --as-of, --since and --until.
func ParseDay(s string) (time.Time, error) {
	t, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date; write it as YYYY-MM-DD", s)
	}
	return t, nil
}

// ParsePeriod reads a period given on its own (the period option of
// /articles): "2024", "March 2025", "last week", "2025-08-09", "since
// Monday". It fails when s names no period.
func ParsePeriod(s string, asOf time.Time) (Frame, error) {
	s = strings.TrimSpace(s)
	if len(s) == 4 && prose.IsDigits(s) {
		s = "in " + s
	}
	f := Parse(s, asOf)
	if !f.HasWindow() || strings.TrimSpace(f.Strip(s)) != "" {
		return Frame{}, fmt.Errorf("%q is not a period I can read; try 2024, March 2025, last week or 2025-08-09", s)
	}
	return f, nil
}
