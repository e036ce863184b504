package extract

import (
	"strings"
	"unicode"
)

// Score is how closely extracted text matches the true article text, by
// the article-extraction benchmark's metric: texts become multisets of
// 4-token shingles (tokens are runs of letters, digits and "_", as
// Python's \w+), and true positives, false positives and false negatives
// are counted over those multisets, then divided by their sum so that
// every page weighs the same in a mean.
type Score struct {
	TP, FP, FN float64
}

// shingleSize is the benchmark's n-gram length.
const shingleSize = 4

// Compare scores predicted text against the true text.
func Compare(truth, predicted string) Score {
	t, p := shingles(truth), shingles(predicted)
	var s Score
	for k, tc := range t {
		pc := p[k]
		s.TP += float64(min(tc, pc))
		s.FN += float64(max(0, tc-pc))
	}
	for k, pc := range p {
		s.FP += float64(max(0, pc-t[k]))
	}
	if sum := s.TP + s.FP + s.FN; sum > 0 {
		s.TP, s.FP, s.FN = s.TP/sum, s.FP/sum, s.FN/sum
	}
	return s
}

// Precision is TP/(TP+FP); an empty prediction of an empty truth is perfect.
func (s Score) Precision() float64 {
	if s.TP+s.FP == 0 {
		if s.FN == 0 {
			return 1
		}
		return 0
	}
	return s.TP / (s.TP + s.FP)
}

// Recall is TP/(TP+FN).
func (s Score) Recall() float64 {
	if s.TP+s.FN == 0 {
		if s.FP == 0 {
			return 1
		}
		return 0
	}
	return s.TP / (s.TP + s.FN)
}

// Mean is the benchmark's summary of many pages: precision and recall are
// the means over pages, and F1 is computed from those two means.
func Mean(scores []Score) (f1, precision, recall float64) {
	if len(scores) == 0 {
		return 0, 0, 0
	}
	for _, s := range scores {
		precision += s.Precision()
		recall += s.Recall()
	}
	precision /= float64(len(scores))
	recall /= float64(len(scores))
	if precision+recall > 0 {
		f1 = 2 * precision * recall / (precision + recall)
	}
	return f1, precision, recall
}

func shingles(text string) map[string]int {
	toks := strings.FieldsFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || unicode.Is(unicode.Mn, r))
	})
	out := make(map[string]int)
	if len(toks) == 0 {
		return out
	}
	for i := 0; i < max(1, len(toks)-shingleSize+1); i++ {
		out[strings.Join(toks[i:min(len(toks), i+shingleSize)], " ")]++
	}
	return out
}
