package timeframe

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A rule finds one kind of time expression. Each rule's pattern is
// preceded by an optional preposition (see prefixRE), which decides how
// the period it names bounds the window: "in 2024" keeps to 2024, "since
// 2024" starts there, "before 2024" ends there.
type rule struct {
	re *regexp.Regexp
	// period turns a match (submatches, as strings; the preposition
	// already removed) into the period it names, [since, until), and the
	// days of slack after it that reports of it are still published in.
	// ok is false when the match is not a time expression after all.
	period func(m []string, asOf time.Time, prefixed bool) (since, until time.Time, slack int, ok bool)
}

const monthNames = `january|february|march|april|may|june|july|august|september|october|november|december`
const monthAbbrevs = monthNames + `|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec`

// prefixRE is the optional preposition before a period, and what it makes
// of it.
const prefixRE = `(?:\b(in|during|on|of|from|for|since|after|before|until|till|through|by)\s+(?:the\s+)?)?`

const numberWords = `\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|few|several|a\s+couple\s+of|couple\s+of`

func compile(core string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)` + prefixRE + `\b(?:` + core + `)\b`)
}

// compileBare is compile without "the" after the preposition: "in
// 2024" is a period, "for the 2024 season" names a season.
func compileBare(core string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)` + strings.Replace(prefixRE, `(?:the\s+)?`, ``, 1) + `\b(?:` + core + `)\b`)
}

var rules = []rule{
	// 2025-08-09
	{compile(`(\d{4})-(\d{2})-(\d{2})`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		t, err := time.Parse(dateLayout, m[0]+"-"+m[1]+"-"+m[2])
		return t, t.AddDate(0, 0, 1), 2, err == nil
	}},
	// August 8, August 8th, Aug. 8 2025
	{compile(`(` + monthAbbrevs + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		return dayOf(m[0], m[1], m[2], asOf)
	}},
	// 8 August, the 8th of August 2025
	{compile(`(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthAbbrevs + `)\.?(?:,?\s+(\d{4}))?`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		return dayOf(m[1], m[0], m[2], asOf)
	}},
	// March 2025, early March 2025
	{compile(`(?:(?:early|mid|late)[\s-]+)?(` + monthNames + `),?\s+(\d{4})`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		y, _ := strconv.Atoi(m[1])
		s := time.Date(y, monthOf(m[0]), 1, 0, 0, 0, 0, time.UTC)
		return s, s.AddDate(0, 1, 0), 0, plausibleYear(y)
	}},
	// in March, last March, early March (a month alone needs a word
	// before it: "march" is also a verb and "may" a modal)
	{compile(`(?:(early|mid|late|last|this)[\s-]+)?(` + monthNames + `)`), func(m []string, asOf time.Time, prefixed bool) (time.Time, time.Time, int, bool) {
		if !prefixed && m[0] == "" {
			return time.Time{}, time.Time{}, 0, false
		}
		mon := monthOf(m[1])
		y := asOf.Year()
		if mon > asOf.Month() || strings.EqualFold(m[0], "last") && mon == asOf.Month() {
			y--
		}
		s := time.Date(y, mon, 1, 0, 0, 0, 0, time.UTC)
		return s, s.AddDate(0, 1, 0), 0, true
	}},
	// in 2024, early 2024 (a year alone is a plain word: "the 2024 election")
	{compileBare(`(?:(early|mid|late)[\s-]+)?(\d{4})`), func(m []string, asOf time.Time, prefixed bool) (time.Time, time.Time, int, bool) {
		y, _ := strconv.Atoi(m[1])
		if !prefixed && m[0] == "" || !plausibleYear(y) {
			return time.Time{}, time.Time{}, 0, false
		}
		s := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		return s, s.AddDate(1, 0, 0), 0, true
	}},
	// yesterday, last night
	{compile(`yesterday|last\s+night`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		d := Day(asOf).AddDate(0, 0, -1)
		return d, d.AddDate(0, 0, 1), 1, true
	}},
	// last week, the past month, last year, the previous week
	{compile(`(last|past|previous)\s+(week|weekend|month|year)`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		return lastPeriod(strings.ToLower(m[0]), strings.ToLower(m[1]), asOf)
	}},
	// the past 3 days, the last two weeks, over the past few months
	{compile(`(?:last|past|previous)\s+(` + numberWords + `)\s+(day|week|month|year)s?`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		n, ok := number(m[0])
		if !ok {
			return time.Time{}, time.Time{}, 0, false
		}
		end := Day(asOf).AddDate(0, 0, 1)
		return back(end, n, m[1]), end, 0, true
	}},
	// three weeks ago, a year ago
	{compile(`(` + numberWords + `)\s+(day|week|month|year)s?\s+ago`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		n, ok := number(m[0])
		if !ok {
			return time.Time{}, time.Time{}, 0, false
		}
		return ago(n, strings.ToLower(m[1]), asOf)
	}},
	// on Monday, last Friday, since Tuesday
	{compile(`(?:(last|this|past)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		wd := weekdayOf(m[1])
		d := Day(asOf)
		back := (int(d.Weekday()) - int(wd) + 7) % 7
		if back == 0 && strings.EqualFold(m[0], "last") {
			back = 7
		}
		d = d.AddDate(0, 0, -back)
		return d, d.AddDate(0, 0, 1), 1, true
	}},
}

// rangeRules read ranges: "from March to May", "between 2020 and
// 2023", "from January 2024 through March 2025".
var rangeRules = []rule{
	{compile(`(?:from|between)\s+(` + monthNames + `)(?:,?\s+(\d{4}))?\s+(?:to|until|till|through|and|-|–)\s+(` + monthNames + `)(?:,?\s+(\d{4}))?`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		return monthRange(m[0], m[1], m[2], m[3], asOf)
	}},
	{compile(`(?:from|between)\s+(\d{4})\s+(?:to|until|till|through|and|-|–)\s+(\d{4})`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		y1, _ := strconv.Atoi(m[0])
		y2, _ := strconv.Atoi(m[1])
		ok := plausibleYear(y1) && plausibleYear(y2) && y1 <= y2
		return time.Date(y1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y2+1, 1, 1, 0, 0, 0, 0, time.UTC), 0, ok
	}},
}

// softRules read periods that say where the news asked about most
// likely is rather than bound it: the present period ("this week",
// "this month", "this year") and the near future, which is reported
// ahead of time ("tomorrow", "next week": the days before asOf). Their
// windows are Soft, and they make a frame Recent.
var softRules = []rule{
	{compile(`this\s+(week|weekend|month|year)`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		end := asOf.AddDate(0, 0, 1)
		switch strings.ToLower(m[0]) {
		case "week":
			return asOf.AddDate(0, 0, -6), end, 0, true
		case "weekend":
			return asOf.AddDate(0, 0, -2), end, 0, true
		case "month":
			return time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, time.UTC), end, 0, true
		}
		return time.Date(asOf.Year(), 1, 1, 0, 0, 0, 0, time.UTC), end, 0, true
	}},
	{compile(`tomorrow|(?:next|coming)\s+(week|weekend|month|year)`), func(m []string, asOf time.Time, _ bool) (time.Time, time.Time, int, bool) {
		days := map[string]int{"": 3, "week": 7, "weekend": 7, "month": 31, "year": 92}[strings.ToLower(m[0])]
		return asOf.AddDate(0, 0, 1-days), asOf.AddDate(0, 0, 1), 0, true
	}},
}

// recentRE finds words about the present. Those in group 1 are stripped
// from the search like any time expression; those in group 2 ("current
// account", "still water") stay words too.
var recentRE = regexp.MustCompile(`(?i)\b(?:(latest|most\s+recent(?:ly)?|recently|newest|so\s+far|right\s+now|nowadays|these\s+days|to\s+date|at\s+the\s+moment|at\s+present|as\s+of\s+(?:now|today)|this\s+(?:morning|afternoon|evening)|today|tonight)|(current|currently|now|still|yet|recent|ongoing))\b`)

// notDays are words that make a weekday a name ("Black Friday").
var notDays = map[string]bool{"black": true, "cyber": true, "super": true, "good": true, "ash": true,
	"holy": true, "fat": true, "bloody": true, "easter": true, "giving": true, "shrove": true, "maundy": true, "palm": true}

// found is one time expression with what it means.
type found struct {
	Span
	since, until time.Time
	recent, soft bool
}

// Parse reads the time expressions of text relative to the day asOf. The
// window is the first period named, narrowed by any later one it
// overlaps; words about the present set Recent. The window is Soft when
// only soft periods ("this week", "next month") name it. A period after
// asOf is left as words (a zero asOf has no such periods).
func Parse(text string, asOf time.Time) Frame {
	asOf = Day(asOf)
	all := find(text, asOf, rules, false)
	all = append(all, find(text, asOf, rangeRules, false)...)
	all = append(all, find(text, asOf, softRules, true)...)
	for _, loc := range recentRE.FindAllStringSubmatchIndex(text, -1) {
		sp := found{Span: Span{loc[0], loc[1], text[loc[0]:loc[1]]}, recent: true}
		if loc[2] < 0 {
			sp.Span = Span{} // keep the word in the search
		}
		all = append(all, sp)
	}
	// Longest first where they overlap; then in text order.
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Start != all[j].Start {
			return all[i].Start < all[j].Start
		}
		return all[i].End-all[i].Start > all[j].End-all[j].Start
	})
	var f, soft Frame
	last := 0
	for _, x := range all {
		if x.recent {
			f.Recent = true
			if x.End > x.Start && x.Start >= last {
				f.Spans = append(f.Spans, x.Span)
				last = x.End
			}
			continue
		}
		if x.Start < last {
			continue
		}
		f.Spans = append(f.Spans, x.Span)
		last = x.End
		if x.soft {
			soft.narrow(x.since, x.until)
			f.Recent = true
		} else {
			f.narrow(x.since, x.until)
		}
	}
	f.withSoft(soft)
	return f
}

// withSoft combines the window of the soft periods with f's: within
// f's when they overlap ("this week, on Monday"), else the soft one,
// since a question about the present that names a past period names it
// as background ("eliminated in 2000; a new case this week").
func (f *Frame) withSoft(soft Frame) {
	switch {
	case !soft.HasWindow():
	case !f.HasWindow():
		f.Since, f.Until, f.Soft = soft.Since, soft.Until, true
	default:
		s, u := f.Since, f.Until
		f.narrow(soft.Since, soft.Until)
		if f.Since.Equal(s) && f.Until.Equal(u) && !soft.Contains(s) {
			f.Since, f.Until, f.Soft = soft.Since, soft.Until, true
		}
	}
}

// find runs rules over text. A soft rule's period ignores its
// preposition ("by next week" is next week).
func find(text string, asOf time.Time, rules []rule, soft bool) []found {
	var all []found
	for _, r := range rules {
		for _, loc := range r.re.FindAllStringSubmatchIndex(text, -1) {
			m := make([]string, 0, len(loc)/2-2)
			for i := 4; i < len(loc); i += 2 {
				if loc[i] >= 0 {
					m = append(m, text[loc[i]:loc[i+1]])
				} else {
					m = append(m, "")
				}
			}
			prefix := ""
			if loc[2] >= 0 {
				prefix = strings.ToLower(text[loc[2]:loc[3]])
			}
			if precededByName(text, loc[0]) && prefix == "" {
				continue
			}
			s, u, slack, ok := r.period(m, asOf, prefix != "")
			if !ok {
				continue
			}
			if !soft {
				if !s.IsZero() && !asOf.IsZero() && s.After(asOf) {
					// A period after asOf is when something is due ("running
					// for president in 2024"), not when news of it was
					// published: its words stay words.
					continue
				}
				s, u = bound(prefix, s, u, slack, asOf)
			}
			all = append(all, found{Span: Span{loc[0], loc[1], text[loc[0]:loc[1]]}, since: s, until: u, soft: soft})
		}
	}
	return all
}

// narrow intersects the window with [s, u); a period that does not
// overlap the window so far is ignored.
func (f *Frame) narrow(s, u time.Time) {
	if !f.HasWindow() {
		f.Since, f.Until = s, u
		return
	}
	ns, nu := f.Since, f.Until
	if !s.IsZero() && (ns.IsZero() || s.After(ns)) {
		ns = s
	}
	if !u.IsZero() && (nu.IsZero() || u.Before(nu)) {
		nu = u
	}
	if !ns.IsZero() && !nu.IsZero() && !ns.Before(nu) {
		return
	}
	f.Since, f.Until = ns, nu
}

// bound turns a period into the window its preposition makes of it. The
// slack lets reports published in the days after a day-sized period in;
// no window reaches past the day after asOf.
func bound(prefix string, s, u time.Time, slack int, asOf time.Time) (time.Time, time.Time) {
	switch prefix {
	case "since":
		return s, time.Time{}
	case "after":
		return u, time.Time{}
	case "before":
		return time.Time{}, s
	}
	u = u.AddDate(0, 0, slack)
	if limit := asOf.AddDate(0, 0, 1); u.After(limit) && s.Before(limit) {
		u = limit
	}
	switch prefix {
	case "until", "till", "through", "by":
		return time.Time{}, u
	}
	return s, u
}

// precededByName reports whether the word before offset i makes what
// follows a name ("Black Friday", "Super Tuesday").
func precededByName(text string, i int) bool {
	before := strings.Fields(text[:i])
	return len(before) > 0 && notDays[strings.ToLower(strings.Trim(before[len(before)-1], `"'“”‘’`))]
}

// dayOf is the day named by a month, a day of the month and an optional
// year; without a year, the latest such day on or before asOf.
func dayOf(month, day, year string, asOf time.Time) (time.Time, time.Time, int, bool) {
	d, _ := strconv.Atoi(day)
	mon := monthOf(month)
	if d < 1 || d > 31 || mon == 0 {
		return time.Time{}, time.Time{}, 0, false
	}
	y := asOf.Year()
	if year != "" {
		y, _ = strconv.Atoi(year)
		if !plausibleYear(y) {
			return time.Time{}, time.Time{}, 0, false
		}
	}
	t := time.Date(y, mon, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, time.Time{}, 0, false // 31 June
	}
	if year == "" && t.After(asOf) {
		t = time.Date(y-1, mon, d, 0, 0, 0, 0, time.UTC)
	}
	return t, t.AddDate(0, 0, 1), 2, true
}

// lastPeriod is "last week" (the calendar week before this one, Monday
// to Sunday), "the past week" (the seven days up to asOf), and likewise
// for weekends, months and years.
func lastPeriod(which, unit string, asOf time.Time) (time.Time, time.Time, int, bool) {
	end := asOf.AddDate(0, 0, 1)
	if which == "past" {
		switch unit {
		case "weekend":
			return lastPeriod("last", unit, asOf)
		}
		return back(end, 1, unit), end, 0, true
	}
	switch unit {
	case "week":
		monday := asOf.AddDate(0, 0, -((int(asOf.Weekday()) + 6) % 7))
		return monday.AddDate(0, 0, -7), monday, 2, true
	case "weekend":
		saturday := asOf.AddDate(0, 0, -((int(asOf.Weekday())+1)%7 + 7))
		if asOf.Sub(saturday) >= 14*24*time.Hour {
			saturday = saturday.AddDate(0, 0, 7)
		}
		return saturday, saturday.AddDate(0, 0, 2), 2, true
	case "month":
		first := time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, time.UTC)
		return first.AddDate(0, -1, 0), first, 0, true
	case "year":
		first := time.Date(asOf.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		return first.AddDate(-1, 0, 0), first, 0, true
	}
	return time.Time{}, time.Time{}, 0, false
}

// ago is the period n units before asOf: a day (with a day of slack each
// side), the week around that day, or the calendar month or year.
func ago(n int, unit string, asOf time.Time) (time.Time, time.Time, int, bool) {
	t := back(asOf, n, unit)
	switch unit {
	case "day":
		return t.AddDate(0, 0, -1), t.AddDate(0, 0, 1), 1, true
	case "week":
		return t.AddDate(0, 0, -3), t.AddDate(0, 0, 4), 0, true
	case "month":
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(0, 1, 0), 0, true
	}
	first := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	return first, first.AddDate(1, 0, 0), 0, true
}

// back is t moved n units into the past.
func back(t time.Time, n int, unit string) time.Time {
	switch strings.ToLower(unit) {
	case "day":
		return t.AddDate(0, 0, -n)
	case "week", "weekend":
		return t.AddDate(0, 0, -7*n)
	case "month":
		return t.AddDate(0, -n, 0)
	}
	return t.AddDate(-n, 0, 0)
}

var numbers = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "few": 3, "a few": 3,
	"several": 5, "couple of": 2, "a couple of": 2}

func number(s string) (int, bool) {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	if n, ok := numbers[s]; ok {
		return n, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0 && n < 1000
}

func monthOf(s string) time.Month {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if s == name || len(s) >= 3 && strings.HasPrefix(name, s) {
			return m
		}
	}
	return 0
}

func weekdayOf(s string) time.Weekday {
	s = strings.ToLower(s)
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.ToLower(d.String()) == s {
			return d
		}
	}
	return time.Sunday
}

// plausibleYear keeps four-digit numbers that are years of news.
func plausibleYear(y int) bool { return y >= 1900 && y <= 2100 }

// monthRange is the months from m1 to m2 (inclusive), either year given
// or, with neither, the latest such range ending on or before asOf.
func monthRange(m1, y1s, m2, y2s string, asOf time.Time) (time.Time, time.Time, int, bool) {
	a, b := monthOf(m1), monthOf(m2)
	y1, _ := strconv.Atoi(y1s)
	y2, _ := strconv.Atoi(y2s)
	switch {
	case y2 == 0 && y1 != 0:
		y2 = y1
		if b < a {
			y2++
		}
	case y2 == 0:
		y2 = asOf.Year()
		if b > asOf.Month() {
			y2--
		}
	}
	if y1 == 0 {
		y1 = y2
		if a > b {
			y1--
		}
	}
	s := time.Date(y1, a, 1, 0, 0, 0, 0, time.UTC)
	u := time.Date(y2, b, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	return s, u, 0, plausibleYear(y1) && plausibleYear(y2) && s.Before(u)
}
