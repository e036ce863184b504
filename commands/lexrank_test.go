package commands

import (
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// longArticle is n generated sentences (words drawn from a skewed made-up
// vocabulary and common words), five to a paragraph.
func longArticle(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	common := strings.Fields("the a of and to in that was for on with as said by at from it has have will be its are were he she they government minister council river city people year report")
	vocab := make([]string, 4000)
	for i := range vocab {
		var b strings.Builder
		for range 3 + r.IntN(3) {
			b.WriteByte(byte('a' + r.IntN(26)))
		}
		vocab[i] = b.String()
	}
	var b strings.Builder
	for i := range n {
		ws := make([]string, 8+r.IntN(18))
		for j := range ws {
			if r.IntN(3) == 0 {
				ws[j] = common[r.IntN(len(common))]
			} else {
				ws[j] = vocab[int(r.ExpFloat64()*400)%len(vocab)]
			}
		}
		ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
		b.WriteString(strings.Join(ws, " ") + ".")
		if i%5 == 4 {
			b.WriteString("\n\n")
		} else {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// TestSummaryWorkIsLinear: summarizing an article four times as long
// allocates about four times as much, not sixteen (the similarity graph
// of every sentence pair was quadratic: 5 MB articles ran out of memory).
func TestSummaryWorkIsLinear(t *testing.T) {
	allocated := func(n int) uint64 {
		text := longArticle(n)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if got := summarySentences("Council report on the long river flood", text, 3); len(got) != 3 {
			t.Fatalf("%d sentences: got %d summary sentences; want 3", n, len(got))
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := allocated(2*maxSummaryCandidates), allocated(8*maxSummaryCandidates)
	ratio := float64(large) / float64(small)
	t.Logf("allocated %d KB for %d sentences, %d KB for %d (x%.1f)", small>>10, 2*maxSummaryCandidates, large>>10, 8*maxSummaryCandidates, ratio)
	if ratio > 6 {
		t.Errorf("4x the sentences allocated %.1fx the memory; want about 4x (linear)", ratio)
	}
}

// BenchmarkSummarizeLong measures the extractive summary of one long
// article (20,000 sentences, 1.6 MB).
//
//	go test ./commands -run '^$' -bench SummarizeLong -benchtime 3x
func BenchmarkSummarizeLong(b *testing.B) {
	text := longArticle(20000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if len(summarySentences("Council report on the long river flood", text, 3)) != 3 {
			b.Fatal("summary is not 3 sentences")
		}
	}
}
