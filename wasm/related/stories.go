package related

import (
	"sort"
	"time"
)

// storyLink is the average same-story probability from which two groups of
// articles are one story: more likely the same story than not. It is not
// tuned: the model's probabilities are calibrated by its fit.
const storyLink = 0.5

// maxNeighbours bounds a neighbourhood: the query and the indexed articles
// closest to it by key terms. Grouping compares every pair of it, so this
// bounds a lookup's time (32 → 528 pairs). On ECB+, whose topics hold up
// to 39 articles, 32 scores as well as 48 (cross-validated F1 0.921 and
// 0.918): the articles it leaves out are the least similar, mostly other
// events. A story told by more than 32 articles of one's history still
// shows its 32 closest.
const maxNeighbours = 32

// storyWindow: two articles published further apart than this are not
// the same story whatever their words (an earthquake in 2008 and one in
// 2013). Only used when both publication times are known; ECB+ has none,
// so this is a judgment, not a tuned value: a news event is covered within
// days, and follow-ups a month later are a new event in ECB+'s sense.
const storyWindow = 30 * 24 * time.Hour

// Member is one neighbour found to report the query's story.
type Member struct {
	// Index is the neighbour's position in the slice given to Story.
	Index int
	// Probability is the model's same-story probability for the query
	// and this neighbour alone.
	Probability float64
}

// Story groups a query and its neighbours into stories by average
// linkage (two groups merge while the mean same-story probability of
// their pairs is at least storyLink) and returns the neighbours in the
// query's group, most probable first. Neighbours are weighed in their
// shared Context, so words common to the whole neighbourhood count less.
// Grouping rather than thresholding each pair lets a terse report join
// its story through the reports it resembles, and keeps a report of
// another event of the same kind out when it resembles only part of it.
func Story(q *Fingerprint, neighbours []*Fingerprint, m Model) []Member {
	probs, in := storyOf(q, neighbours, m)
	var out []Member
	for i, ok := range in {
		if ok {
			out = append(out, Member{Index: i, Probability: probs[i]})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Probability > out[b].Probability })
	return out
}

// storyOf returns the query's same-story probability with each neighbour
// and whether the neighbour falls in the query's group.
func storyOf(q *Fingerprint, neighbours []*Fingerprint, m Model) (probs []float64, in []bool) {
	if len(neighbours) == 0 || q.Empty() {
		return nil, nil
	}
	members := append([]*Fingerprint{q}, neighbours...)
	ctx := NewContext(members)
	views := make([]*view, len(members))
	for i, f := range members {
		views[i] = ctx.view(f)
	}
	n := len(members)
	prob := make([][]float64, n)
	for i := range prob {
		prob[i] = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			p := 0.0
			if !tooFarApart(members[i], members[j]) {
				p = m.Probability(compareViews(views[i], views[j]))
			}
			prob[i][j], prob[j][i] = p, p
		}
	}
	group := averageLinkage(prob, storyLink)
	probs, in = prob[0][1:], make([]bool, len(neighbours))
	for i := range in {
		in[i] = group[i+1] == group[0]
	}
	return probs, in
}

// tooFarApart reports whether both articles have publication times more
// than storyWindow apart.
func tooFarApart(a, b *Fingerprint) bool {
	if a.unixTime == 0 || b.unixTime == 0 {
		return false
	}
	d := time.Duration(a.unixTime-b.unixTime) * time.Second
	return d > storyWindow || d < -storyWindow
}

// averageLinkage clusters n items given their pairwise similarities:
// starting from singletons, it merges the two clusters of highest mean
// pairwise similarity while that mean is at least link. It returns each
// item's cluster label (the index of one member). O(n³) for the n ≤ 49
// of a neighbourhood; ties merge the lowest indexes first, so the result
// does not depend on anything but the input.
func averageLinkage(sim [][]float64, link float64) []int {
	n := len(sim)
	sum := make([][]float64, n) // sum of similarities between clusters i and j
	for i := range sum {
		sum[i] = append([]float64(nil), sim[i]...)
	}
	size := make([]int, n)
	label := make([]int, n)
	for i := range size {
		size[i], label[i] = 1, i
	}
	for {
		bi, bj, best := -1, -1, link
		for i := 0; i < n; i++ {
			if size[i] == 0 {
				continue
			}
			for j := i + 1; j < n; j++ {
				if size[j] == 0 {
					continue
				}
				if avg := sum[i][j] / float64(size[i]*size[j]); avg >= best && (bi < 0 || avg > best) {
					bi, bj, best = i, j, avg
				}
			}
		}
		if bi < 0 {
			return label
		}
		size[bi] += size[bj]
		size[bj] = 0
		for k := range n {
			sum[bi][k] += sum[bj][k]
			sum[k][bi] = sum[bi][k]
			if label[k] == bj {
				label[k] = bi
			}
		}
	}
}
