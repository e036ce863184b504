package commands

import (
	"cmp"
	"math"
	"slices"

	"byline/retrieval/prose"
)

// maxSummaryCandidates bounds the sentences that LexRank compares pair by
// pair: the similarity graph is quadratic, and one long article (5 MB is
// about 60,000 sentences) took minutes and gigabytes. Longer articles are
// first narrowed to this many sentences by a linear score (similarity to
// the article's centroid, the degree centrality that LexRank refines,
// plus the same position and title terms). No BBC News article has this
// many sentences, so their summaries are unchanged.
const maxSummaryCandidates = 400

// summarySentences picks the n most central sentences of text. Each
// sentence is a tf-idf vector of its terms (idf over the article's
// sentences); centrality is its PageRank in the graph of cosine
// similarities (continuous LexRank). The score adds a position prior and
// the similarity to the title; sentences too close to one already chosen
// are skipped, and the result is put back in article order.
func summarySentences(title, text string, n int) []sentence {
	var cands []sentence
	titleTerms := prose.Set(prose.Terms(title))
	for _, st := range splitSentences(text, 0) {
		// Headlines repeated in the body and subheadings are not
		// statements; short fragments say little.
		if !prose.EndsLikeSentence(st.Text) || len(prose.Words(st.Text)) < 5 || prose.Jaccard(prose.Set(prose.Terms(st.Text)), titleTerms) >= 0.8 {
			continue
		}
		cands = append(cands, st)
	}
	if n <= 0 || len(cands) == 0 {
		return nil
	}
	if len(cands) <= n {
		return cands
	}
	sp := newSentenceSpace(cands, titleTerms)
	keep := sp.narrow(maxSummaryCandidates)

	sim := make([][]float64, len(keep))
	for a := range keep {
		sim[a] = make([]float64, len(keep))
		for b := range a {
			sim[a][b] = sp.vecs[keep[a]].dot(sp.vecs[keep[b]])
			sim[b][a] = sim[a][b]
		}
	}
	rank := lexRank(sim)
	order := make([]int, len(keep)) // positions in keep, best first
	score := make([]float64, len(keep))
	for a, i := range keep {
		order[a] = a
		score[a] = summaryCentrality*rank[a] + sp.prior(i)
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(score[b], score[a]) })
	var chosen []int
	for _, c := range order {
		if len(chosen) == n {
			break
		}
		if !slices.ContainsFunc(chosen, func(o int) bool { return sim[c][o] > 0.5 }) {
			chosen = append(chosen, c)
		}
	}
	out := make([]sentence, len(chosen))
	for k, a := range chosen {
		out[k] = cands[keep[a]]
	}
	slices.SortFunc(out, func(a, b sentence) int { return a.Start - b.Start })
	return out
}

// sentenceSpace holds the tf-idf vectors of an article's candidate
// sentences and of its title.
type sentenceSpace struct {
	vecs  []sparseVec
	title sparseVec
	terms int // distinct terms
}

func newSentenceSpace(cands []sentence, titleTerms map[string]bool) *sentenceSpace {
	ids := map[string]int32{}
	counts := make([]map[int32]float64, len(cands))
	var df []int
	for i, st := range cands {
		counts[i] = map[int32]float64{}
		for _, t := range prose.Terms(st.Text) {
			id, ok := ids[t]
			if !ok {
				id = int32(len(ids))
				ids[t] = id
				df = append(df, 0)
			}
			if counts[i][id] == 0 {
				df[id]++
			}
			counts[i][id]++
		}
	}
	// Title terms absent from the body match no sentence but still weigh
	// in the title vector's length.
	tc := map[int32]float64{}
	for t := range titleTerms {
		id, ok := ids[t]
		if !ok {
			id = int32(len(ids))
			ids[t] = id
			df = append(df, 0)
		}
		tc[id] = 1
	}
	N := float64(len(cands))
	idf := func(id int32) float64 { return math.Log(N/float64(1+df[id])) + 1 }
	sp := &sentenceSpace{vecs: make([]sparseVec, len(cands)), terms: len(ids)}
	for i, c := range counts {
		sp.vecs[i] = newSparseVec(c, idf)
	}
	sp.title = newSparseVec(tc, idf)
	return sp
}

// prior is the score of sentence i besides its centrality: news puts the
// gist first, and a sentence sharing the headline's terms is likely it.
func (sp *sentenceSpace) prior(i int) float64 {
	pos := 1 / math.Sqrt(1+float64(i))
	return summaryPosition*pos + summaryTitle*sp.vecs[i].dot(sp.title)
}

// narrow returns the indexes (ascending) of at most limit sentences: all
// of them when there are no more, else the best by degree centrality (the
// similarity to the sum of all sentence vectors, less the sentence's own
// share) plus the prior. Linear in the article's length.
func (sp *sentenceSpace) narrow(limit int) []int {
	all := make([]int, len(sp.vecs))
	for i := range all {
		all[i] = i
	}
	if len(all) <= limit {
		return all
	}
	centroid := make([]float64, sp.terms)
	for _, v := range sp.vecs {
		for _, tw := range v {
			centroid[tw.id] += tw.w
		}
	}
	degree := make([]float64, len(sp.vecs))
	top := 0.0
	for i, v := range sp.vecs {
		for _, tw := range v {
			degree[i] += tw.w * centroid[tw.id]
		}
		degree[i] -= v.dot(v)
		top = max(top, degree[i])
	}
	score := make([]float64, len(all))
	for i := range all {
		if top > 0 {
			score[i] = summaryCentrality * degree[i] / top
		}
		score[i] += sp.prior(i)
	}
	slices.SortStableFunc(all, func(a, b int) int { return cmp.Compare(score[b], score[a]) })
	all = all[:limit]
	slices.Sort(all)
	return all
}

// sparseVec is a weighted term vector, ordered by term id.
type sparseVec []termWeight

type termWeight struct {
	id int32
	w  float64
}

// newSparseVec weighs term counts by idf and scales them to length 1.
func newSparseVec(counts map[int32]float64, idf func(int32) float64) sparseVec {
	v := make(sparseVec, 0, len(counts))
	var sum float64
	for id, c := range counts {
		w := c * idf(id)
		v = append(v, termWeight{id, w})
		sum += w * w
	}
	slices.SortFunc(v, func(a, b termWeight) int { return cmp.Compare(a.id, b.id) })
	if sum > 0 {
		l := math.Sqrt(sum)
		for i := range v {
			v[i].w /= l
		}
	}
	return v
}

// dot is the cosine of two normalised vectors.
func (v sparseVec) dot(o sparseVec) float64 {
	var s float64
	for i, j := 0, 0; i < len(v) && j < len(o); {
		switch {
		case v[i].id < o[j].id:
			i++
		case v[i].id > o[j].id:
			j++
		default:
			s += v[i].w * o[j].w
			i++
			j++
		}
	}
	return s
}

// lexRank returns the PageRank of each sentence in the weighted similarity
// graph, scaled so that the most central sentence has 1.
func lexRank(sim [][]float64) []float64 {
	n := len(sim)
	const damping, rounds = 0.85, 40
	rowSum := make([]float64, n)
	for i := range sim {
		for _, w := range sim[i] {
			rowSum[i] += w
		}
	}
	p := make([]float64, n)
	for i := range p {
		p[i] = 1 / float64(n)
	}
	next := make([]float64, n)
	for range rounds {
		for i := range next {
			next[i] = (1 - damping) / float64(n)
		}
		for j := range sim {
			if rowSum[j] == 0 {
				for i := range next { // an isolated sentence spreads evenly
					next[i] += damping * p[j] / float64(n)
				}
				continue
			}
			for i, w := range sim[j] {
				if w > 0 {
					next[i] += damping * p[j] * w / rowSum[j]
				}
			}
		}
		p, next = next, p
	}
	top := 0.0
	for _, v := range p {
		top = max(top, v)
	}
	if top > 0 {
		for i := range p {
			p[i] /= top
		}
	}
	return p
}
