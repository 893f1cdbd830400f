package related

import (
	"container/heap"
	"sort"
	"strconv"
)

// Link is one pair of a collection that a lookup scored.
type Link struct {
	// A and B are positions in the collection, A < B.
	A, B int
	// Score is the higher of the two lookups' same-story probabilities.
	Score float64
	// Related is set when either article's lookup found the other in its
	// story, as the reader view of either would show it.
	Related bool
}

// LinkAll looks every article of a collection up among all the others, as
// an Index holding all of them would, and returns every pair some lookup
// scored, ordered by A then B. Pairs no lookup reached (different topics)
// are left out: their probability is 0.
func LinkAll(fps []*Fingerprint, m Model) ([]Link, error) {
	idx := NewIndex(m)
	for i, f := range fps {
		if err := idx.Add(strconv.Itoa(i), f); err != nil {
			return nil, err
		}
	}
	links := map[[2]int]*Link{}
	for q, f := range fps {
		idx.mu.Lock()
		near, nfps := idx.neighbourPrints(f, strconv.Itoa(q))
		idx.mu.Unlock()
		probs, in := storyOf(f, nfps, m)
		for i, s := range near {
			j, _ := strconv.Atoi(idx.docs[s].id)
			k := [2]int{min(q, j), max(q, j)}
			l := links[k]
			if l == nil {
				l = &Link{A: k[0], B: k[1]}
				links[k] = l
			}
			l.Score = max(l.Score, probs[i])
			l.Related = l.Related || in[i]
		}
	}
	out := make([]Link, 0, len(links))
	for _, l := range links {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out, nil
}

// Stories groups a collection of n articles into stories by average
// linkage over the scored links (pairs without a link count as 0): two
// groups merge while the mean same-story probability of all their pairs
// is at least 1/2, the rule a lookup applies within a neighbourhood. It
// returns the groups, each in collection order, largest first (ties by
// first member). Sparse: O(L log L) for L links.
func Stories(n int, links []Link) [][]int {
	c := newClustering(n)
	for _, l := range links {
		if l.A != l.B && l.A >= 0 && l.B < n && l.Score > 0 {
			c.sum[l.A][l.B] += l.Score
			c.sum[l.B][l.A] += l.Score
		}
	}
	for i := range n {
		for j := range c.sum[i] {
			if i < j {
				c.push(i, j)
			}
		}
	}
	for c.h.Len() > 0 {
		e := heap.Pop(&c.h).(mergeCandidate)
		if c.size[e.a] == 0 || c.size[e.b] == 0 || e.va != c.version[e.a] || e.vb != c.version[e.b] {
			continue // stale: one side merged since
		}
		if e.avg < storyLink {
			break
		}
		c.merge(e.a, e.b)
	}
	return c.groups()
}

// clustering is the state of sparse average linkage: per live cluster its
// size, a version bumped on every merge, and the summed probabilities to
// each neighbouring cluster.
type clustering struct {
	size, version []int
	sum           []map[int]float64
	members       [][]int
	h             mergeHeap
}

func newClustering(n int) *clustering {
	c := &clustering{size: make([]int, n), version: make([]int, n), sum: make([]map[int]float64, n), members: make([][]int, n)}
	for i := range n {
		c.size[i], c.sum[i], c.members[i] = 1, map[int]float64{}, []int{i}
	}
	return c
}

func (c *clustering) push(a, b int) {
	avg := c.sum[a][b] / float64(c.size[a]*c.size[b])
	heap.Push(&c.h, mergeCandidate{a: a, b: b, avg: avg, va: c.version[a], vb: c.version[b]})
}

// merge folds cluster b into a and queues a's new averages.
func (c *clustering) merge(a, b int) {
	for k, s := range c.sum[b] {
		if k == a {
			continue
		}
		c.sum[a][k] += s
		c.sum[k][a] += s
		delete(c.sum[k], b)
	}
	delete(c.sum[a], b)
	c.size[a] += c.size[b]
	c.members[a] = append(c.members[a], c.members[b]...)
	c.size[b], c.sum[b], c.members[b] = 0, nil, nil
	c.version[a]++
	c.version[b]++
	for k := range c.sum[a] {
		c.push(min(a, k), max(a, k))
	}
}

func (c *clustering) groups() [][]int {
	var out [][]int
	for i, m := range c.members {
		if c.size[i] > 0 {
			sort.Ints(m)
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i][0] < out[j][0]
	})
	return out
}

// mergeCandidate is a possible merge of clusters a < b with their mean
// probability, valid while both versions are current.
type mergeCandidate struct {
	a, b   int
	avg    float64
	va, vb int
}

// mergeHeap pops the highest mean first; ties pop the lowest indexes.
type mergeHeap []mergeCandidate

func (h mergeHeap) Len() int { return len(h) }
func (h mergeHeap) Less(i, j int) bool {
	if h[i].avg != h[j].avg {
		return h[i].avg > h[j].avg
	}
	if h[i].a != h[j].a {
		return h[i].a < h[j].a
	}
	return h[i].b < h[j].b
}
func (h mergeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)   { *h = append(*h, x.(mergeCandidate)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
