package report

import (
	"fmt"
	"time"

	"byline/eval"
)

// Target is one goal the evaluation checks (set by issue 5).
type Target struct {
	What, Goal string
	Got        string // the measured figure, formatted
	Met        bool
}

// targets checks the goals against what m measured.
func (m *measured) targets() []Target {
	sci, squad := m.runs[0].Byline, m.runs[1].Byline
	out := []Target{
		{"SciFact nDCG@10 (train)", "≥ 0.70", fmt.Sprintf("%.4f", sci.NDCG10), sci.NDCG10 >= 0.70},
		{"SQuAD paragraphs Recall@1 (tuning questions)", "≥ 0.85", fmt.Sprintf("%.4f", squad.Recall1), squad.Recall1 >= 0.85},
		{"SQuAD paragraphs Recall@5 (tuning questions)", "≥ 0.97", fmt.Sprintf("%.4f", squad.Recall5), squad.Recall5 >= 0.97},
		{"search p99 on SciFact (k=10)", "< 5 ms", fmt.Sprintf("%.2f ms", eval.MS(sci.Latency.P99)), sci.Latency.P99 < 5*time.Millisecond},
	}
	for _, r := range m.runs {
		x := r.Byline.MBPerS() / r.Reference.MBPerS()
		out = append(out, Target{"indexing MB/s vs reference, " + r.Data.Name, "≥ 3×", fmt.Sprintf("%.2f×", x), x >= 3})
	}
	if len(m.sum.Systems) >= 2 {
		lead, ext := m.sum.Systems[0].Mean, m.sum.Systems[1].Mean
		beats := ext.R1.F > lead.R1.F && ext.R2.F > lead.R2.F && ext.RL.F > lead.RL.F
		out = append(out, Target{"extractive summary ROUGE-1/2/L F1 vs Lead-3 (BBC)", "all three higher",
			fmt.Sprintf("%+.4f / %+.4f / %+.4f", ext.R1.F-lead.R1.F, ext.R2.F-lead.R2.F, ext.RL.F-lead.RL.F), beats})
	}
	if m.rtqa != nil && len(m.rtqa.Rows) > 0 {
		d := m.rtqa.Rows[0]
		out = append(out,
			Target{"RealTime QA: a supporting article cited", "≥ 0.80", fmt.Sprintf("%.3f", d.Support), d.Support >= 0.80},
			Target{"RealTime QA: answer contains the correct choice", "≥ 0.60", fmt.Sprintf("%.3f", d.Choice), d.Choice >= 0.60},
			Target{"RealTime QA: questions citing articles after the as-of date", "0", fmt.Sprint(d.Later), d.Later == 0})
	}
	return out
}
