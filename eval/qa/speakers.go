package qa

import (
	"fmt"
	"strings"

	"byline/retrieval"
)

// Label is one hand-labelled quotation: the set it belongs to, the
// article, the first words of the quote and who said it ("" when no named
// person or body did).
type Label struct {
	Set, ArticleID, Start, Speaker string
}

// LoadSpeakerLabels reads testdata/bbc-speakers.tsv.
func LoadSpeakerLabels() ([]Label, error) {
	b, err := testdata.ReadFile("testdata/bbc-speakers.tsv")
	if err != nil {
		return nil, err
	}
	var out []Label
	set := "all"
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if name, ok := strings.CutPrefix(line, "#set "); ok {
			set = strings.TrimSpace(name)
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("bbc-speakers.tsv line %d: want 3 tab-separated fields, got %d", i+1, len(f))
		}
		if f[2] == "-" {
			f[2] = ""
		}
		out = append(out, Label{Set: set, ArticleID: f[0], Start: f[1], Speaker: f[2]})
	}
	return out, nil
}

// Attribution is one way of finding the quotes of an article with their
// speakers.
type Attribution struct {
	Name   string
	Quotes func(a *retrieval.Article) []retrieval.Quote
}

// Attributions are the two compared: the first version's ("before") and
// today's.
func Attributions() []Attribution {
	return []Attribution{
		{Name: "before", Quotes: retrieval.PlainQuotesOf},
		{Name: "byline", Quotes: retrieval.QuotesOf},
	}
}

// SpeakerScore is how one attribution did on one set of labelled quotes.
type SpeakerScore struct {
	Set    string `json:"set"`
	Method string `json:"method"`
	Quotes int    `json:"quotes"` // labelled quotes
	// Labelled counts the quotes whose label names a speaker.
	Labelled int `json:"labelled"`
	// Named counts the quotes the method gives a speaker; Correct those
	// whose speaker is the labelled one.
	Named   int `json:"named"`
	Correct int `json:"correct"`
	// Missing counts labelled quotes the method did not find at all.
	Missing int `json:"missing"`
	// Errors are the labelled quotes given a wrong speaker, none when
	// one is labelled, or not found.
	Errors []SpeakerError `json:"-"`
}

// SpeakerError is one labelled quote the method got wrong: Got is the
// speaker it gave ("" for none); Found is false when it did not find the
// quote at all.
type SpeakerError struct {
	Label Label
	Got   string
	Found bool
}

// String is the score in one line.
func (s SpeakerScore) String() string {
	return fmt.Sprintf("%d quotes, %d with a speaker, %d given, %d right, %d not found: precision %.1f%% recall %.1f%%",
		s.Quotes, s.Labelled, s.Named, s.Correct, s.Missing, s.Precision(), s.Recall())
}

// Precision is the share of the speakers given that are right.
func (s SpeakerScore) Precision() float64 { return Pct(s.Correct, s.Named) }

// Recall is the share of named speakers that are found.
func (s SpeakerScore) Recall() float64 { return Pct(s.Correct, s.Labelled) }

// ScoreSpeakers runs each attribution over each set of labelled quotes;
// article gives an article with its text. An article not found is an
// error: the labels are for another library.
func ScoreSpeakers(labels []Label, article func(id string) (*retrieval.Article, bool), methods []Attribution) ([]SpeakerScore, error) {
	var sets []string
	bySet := map[string][]Label{}
	for _, l := range labels {
		if _, ok := bySet[l.Set]; !ok {
			sets = append(sets, l.Set)
		}
		bySet[l.Set] = append(bySet[l.Set], l)
	}
	var out []SpeakerScore
	for _, set := range sets {
		for _, m := range methods {
			sc, err := scoreSet(bySet[set], article, m)
			if err != nil {
				return nil, err
			}
			sc.Set = set
			out = append(out, sc)
		}
	}
	return out, nil
}

func scoreSet(labels []Label, article func(id string) (*retrieval.Article, bool), m Attribution) (SpeakerScore, error) {
	sc := SpeakerScore{Method: m.Name}
	quotes := map[string][]retrieval.Quote{}
	for _, l := range labels {
		qs, ok := quotes[l.ArticleID]
		if !ok {
			a, found := article(l.ArticleID)
			if !found {
				return sc, fmt.Errorf("speakers: article %s is not in the library", l.ArticleID)
			}
			qs = m.Quotes(a)
			quotes[l.ArticleID] = qs
		}
		sc.Quotes++
		if l.Speaker != "" {
			sc.Labelled++
		}
		q, found := quoteStarting(qs, l.Start)
		switch {
		case !found:
			sc.Missing++
		case q.Speaker != "":
			sc.Named++
			if l.Speaker != "" && SameSpeaker(l.Speaker, q.Speaker) {
				sc.Correct++
				continue
			}
		}
		if found && q.Speaker == "" && l.Speaker == "" {
			continue
		}
		sc.Errors = append(sc.Errors, SpeakerError{Label: l, Got: q.Speaker, Found: found})
	}
	return sc, nil
}

func quoteStarting(qs []retrieval.Quote, start string) (retrieval.Quote, bool) {
	want := norm(start)
	for _, q := range qs {
		if strings.HasPrefix(norm(q.Text), want) {
			return q, true
		}
	}
	return retrieval.Quote{}, false
}

// SameSpeaker says whether a speaker given names the labelled one: the
// same words, or the end of them ("White" for "Jimmy White", "Ten Cate"
// for "Henk Ten Cate"), or them after a title ("MEP Robert Kilroy-Silk").
func SameSpeaker(label, got string) bool {
	l, g := strings.Fields(norm(label)), strings.Fields(norm(got))
	if len(g) > len(l) {
		l, g = g, l
	}
	if len(g) == 0 {
		return false
	}
	for i := range g {
		if g[len(g)-1-i] != l[len(l)-1-i] {
			return false
		}
	}
	return true
}
