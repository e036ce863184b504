package ranking

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"byline/retrieval"
)

// TestKnobsCoverTuning keeps the knob table in step with retrieval.Tuning:
// a new number field must get a row (reflection only here, in the test).
// Groups of knobs held in a struct (Recency) have their own grid
// (byline eval realtimeqa --grid) and are not retrieval knobs.
func TestKnobsCoverTuning(t *testing.T) {
	rt := reflect.TypeOf(retrieval.Tuning{})
	var fields, names []string
	for i := range rt.NumField() {
		if f := rt.Field(i); f.IsExported() && f.Type.Kind() != reflect.Struct {
			fields = append(fields, rt.Field(i).Name)
		}
	}
	for _, k := range knobs {
		names = append(names, k.name)
		probe := retrieval.Tuning{}
		if err := k.set(&probe, "7"); err != nil {
			t.Fatalf("knob %s: %v", k.name, err)
		}
		if f := reflect.ValueOf(probe).FieldByName(k.name); !f.IsValid() || f.Interface() != k.value(&probe) {
			t.Errorf("knob %s does not set the field of that name", k.name)
		}
	}
	if diff := cmp.Diff(fields, names); diff != "" {
		t.Errorf("knobs vs retrieval.Tuning fields (-fields +knobs):\n%s", diff)
	}
}

func TestParseTuning(t *testing.T) {
	base := retrieval.Tuning{TargetWords: 90, TitleBoost: 0.5}
	got, err := ParseTuning(base, "targetwords=120, TitleBoost=1.5,,PhraseSlop=3")
	if err != nil {
		t.Fatalf("ParseTuning: %v", err)
	}
	want := retrieval.Tuning{TargetWords: 120, TitleBoost: 1.5, PhraseSlop: 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseTuning (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"TargetWords", "TargetWords=1.5", "Nope=1", "TitleBoost=x"} {
		if _, err := ParseTuning(base, bad); err == nil {
			t.Errorf("ParseTuning(%q): no error", bad)
		}
	}
	if s := TuningString(want); !strings.Contains(s, "TargetWords=120") || !strings.Contains(s, "TitleBoost=1.5") {
		t.Errorf("TuningString = %q", s)
	}
	if s := TuningString(retrieval.DefaultTuning); s != "TargetWords=200,MaxWords=320,MinWords=60,TitleBoost=0.15,PhraseBoost=0,PhraseSlop=0,FeedbackDocs=0,FeedbackTerms=10,FeedbackWeight=0.3" {
		t.Errorf("TuningString(DefaultTuning) = %q", s)
	}
}

func TestGridCombos(t *testing.T) {
	got, err := GridCombos(retrieval.Tuning{}, "TitleBoost=0,1; PhraseSlop=0,2")
	if err != nil {
		t.Fatalf("GridCombos: %v", err)
	}
	var labels []string
	for _, c := range got {
		labels = append(labels, c.Label)
	}
	want := []string{"TitleBoost=0 PhraseSlop=0", "TitleBoost=0 PhraseSlop=2", "TitleBoost=1 PhraseSlop=0", "TitleBoost=1 PhraseSlop=2"}
	if diff := cmp.Diff(want, labels); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	if got[3].Tuning.TitleBoost != 1 || got[3].Tuning.PhraseSlop != 2 {
		t.Errorf("last combo %+v; want TitleBoost 1, PhraseSlop 2", got[3].Tuning)
	}
	if base, _ := GridCombos(retrieval.Tuning{}, ""); len(base) != 1 || base[0].Label != "base" {
		t.Errorf("empty grid = %+v; want the base alone", base)
	}
	if _, err := GridCombos(retrieval.Tuning{}, "TitleBoost"); err == nil {
		t.Error("grid without values: no error")
	}
}
