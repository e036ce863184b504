package ranking

import (
	"fmt"
	"strconv"
	"strings"

	"byline/eval"
	"byline/retrieval"
)

// knob is one field of retrieval.Tuning that --set and --grid may change.
type knob struct {
	name string
	// int or float points at the field in a Tuning (one of them is set).
	int   func(*retrieval.Tuning) *int
	float func(*retrieval.Tuning) *float64
}

// knobs are retrieval.Tuning's fields, in declaration order (a test checks
// that none is missing).
var knobs = []knob{
	{name: "TargetWords", int: func(t *retrieval.Tuning) *int { return &t.TargetWords }},
	{name: "MaxWords", int: func(t *retrieval.Tuning) *int { return &t.MaxWords }},
	{name: "MinWords", int: func(t *retrieval.Tuning) *int { return &t.MinWords }},
	{name: "TitleBoost", float: func(t *retrieval.Tuning) *float64 { return &t.TitleBoost }},
	{name: "PhraseBoost", float: func(t *retrieval.Tuning) *float64 { return &t.PhraseBoost }},
	{name: "PhraseSlop", int: func(t *retrieval.Tuning) *int { return &t.PhraseSlop }},
	{name: "FeedbackDocs", int: func(t *retrieval.Tuning) *int { return &t.FeedbackDocs }},
	{name: "FeedbackTerms", int: func(t *retrieval.Tuning) *int { return &t.FeedbackTerms }},
	{name: "FeedbackWeight", float: func(t *retrieval.Tuning) *float64 { return &t.FeedbackWeight }},
}

func (k knob) value(t *retrieval.Tuning) any {
	if k.int != nil {
		return *k.int(t)
	}
	return *k.float(t)
}

func (k knob) set(t *retrieval.Tuning, value string) error {
	if k.int != nil {
		n, err := strconv.Atoi(value)
		if err != nil {
			return eval.Usagef("tuning %s=%q: want an integer", k.name, eval.Printable(value))
		}
		*k.int(t) = n
		return nil
	}
	x, err := strconv.ParseFloat(value, 64)
	if err != nil {
		return eval.Usagef("tuning %s=%q: want a number", k.name, eval.Printable(value))
	}
	*k.float(t) = x
	return nil
}

// setKnob sets the knob called name (case-insensitive) in t.
func setKnob(t *retrieval.Tuning, name, value string) error {
	for _, k := range knobs {
		if strings.EqualFold(k.name, name) {
			return k.set(t, value)
		}
	}
	names := make([]string, len(knobs))
	for i, k := range knobs {
		names[i] = k.name
	}
	return eval.Usagef("tuning: no knob %q (knobs: %s)", eval.Printable(name), strings.Join(names, ", "))
}

// ParseTuning applies "Knob=value,Knob=value" overrides to base, by the
// field names of retrieval.Tuning (case-insensitive).
func ParseTuning(base retrieval.Tuning, set string) (retrieval.Tuning, error) {
	t := base
	for _, kv := range strings.Split(set, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return t, eval.Usagef("tuning %q: want Knob=value", kv)
		}
		if err := setKnob(&t, strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
			return t, err
		}
	}
	return t, nil
}

// TuningString prints a Tuning as Knob=value pairs, as --set takes them.
func TuningString(t retrieval.Tuning) string {
	parts := make([]string, len(knobs))
	for i, k := range knobs {
		parts[i] = fmt.Sprintf("%s=%v", k.name, k.value(&t))
	}
	return strings.Join(parts, ",")
}

// Combo is one setting of a tuning grid.
type Combo struct {
	Label  string
	Tuning retrieval.Tuning
}

// GridCombos expands "A=1,2;B=3,4" into every combination over base.
func GridCombos(base retrieval.Tuning, spec string) ([]Combo, error) {
	combos := []Combo{{"", base}}
	for _, part := range strings.Split(spec, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, vs, ok := strings.Cut(part, "=")
		if !ok {
			return nil, eval.Usagef("grid %q: want Knob=v1,v2", part)
		}
		var next []Combo
		for _, c := range combos {
			for _, v := range strings.Split(vs, ",") {
				t := c.Tuning
				if err := setKnob(&t, strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
					return nil, err
				}
				label := strings.TrimSpace(k) + "=" + strings.TrimSpace(v)
				if c.Label != "" {
					label = c.Label + " " + label
				}
				next = append(next, Combo{label, t})
			}
		}
		combos = next
	}
	if len(combos) == 1 && combos[0].Label == "" {
		combos[0].Label = "base"
	}
	return combos, nil
}
