// Package ecbplus measures same-story matching on the ECB+ development set
// (shared/corpus/ecbplus/dev.jsonl): pairwise precision, recall and F1
// over all article pairs, the fit of the model's weights, and the
// cross-validation that checks the fit generalizes (fit on half the
// topics, measure on the other half, both ways). The benchmark, the tests
// and the tuning command use it; the engine and the .wasm do not.
package ecbplus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tidings-app/tidings/wasm/related"
)

// Doc is one ECB+ article. Docs with the same Story report the same event;
// the same Topic with another Story is a hard negative.
type Doc struct {
	ID    string `json:"id"`
	Topic int    `json:"topic"`
	Story string `json:"story"`
	URL   string `json:"url"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// maxLineBytes bounds one JSON line of the corpus.
const maxLineBytes = 16 << 20

// DevPath is the development set's path under the shared directory.
func DevPath(shared string) string {
	return filepath.Join(shared, "corpus", "ecbplus", "dev.jsonl")
}

// Load reads a JSON Lines file of Docs.
func Load(path string) ([]Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ecbplus: %w", err)
	}
	defer f.Close()
	var docs []Doc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), maxLineBytes)
	for line := 1; sc.Scan(); line++ {
		var d Doc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("ecbplus: %s:%d: %w", path, line, err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ecbplus: %s: %w", path, err)
	}
	return docs, nil
}

// Fingerprints fingerprints every doc.
func Fingerprints(docs []Doc) []*related.Fingerprint {
	fps := make([]*related.Fingerprint, len(docs))
	for i, d := range docs {
		fps[i] = related.New(related.Article{Title: d.Title, Text: d.Text, URL: d.URL})
	}
	return fps
}

// Set is a collection of docs with their fingerprints, indexed the way
// the browser indexes them.
type Set struct {
	Docs []Doc
	FPs  []*related.Fingerprint
	pos  map[string]int
}

// NewSet fingerprints docs.
func NewSet(docs []Doc) *Set {
	s := &Set{Docs: docs, FPs: Fingerprints(docs), pos: map[string]int{}}
	for i, d := range docs {
		s.pos[d.ID] = i
	}
	return s
}

// Subset keeps the docs of the given topics.
func (s *Set) Subset(topics map[int]bool) *Set {
	var docs []Doc
	for _, d := range s.Docs {
		if topics[d.Topic] {
			docs = append(docs, d)
		}
	}
	return NewSet(docs)
}

// Index indexes every doc under its id, scoring with m.
func (s *Set) Index(m related.Model) (*related.Index, error) {
	idx := related.NewIndex(m)
	for i, d := range s.Docs {
		if err := idx.Add(d.ID, s.FPs[i]); err != nil {
			return nil, fmt.Errorf("ecbplus: index %s: %w", d.ID, err)
		}
	}
	return idx, nil
}

// Pair is an ordered (query I, neighbour J) pair of docs, with its
// features as a lookup of I computes them.
type Pair struct {
	I, J int
	Same bool // same story
	F    related.Features
}

// QueryPairs lists, for every doc as a query, its neighbours in the index
// of the set with the features Story weighs them by: the model's training
// data, drawn as lookups draw it. Pairs outside every neighbourhood are
// never scored, so they are not in it either.
func (s *Set) QueryPairs() ([]Pair, error) {
	idx, err := s.Index(related.Model{})
	if err != nil {
		return nil, err
	}
	var pairs []Pair
	for q, d := range s.Docs {
		ids := idx.Neighbours(s.FPs[q], d.ID)
		members := []*related.Fingerprint{s.FPs[q]}
		for _, id := range ids {
			members = append(members, s.FPs[s.pos[id]])
		}
		ctx := related.NewContext(members)
		for _, id := range ids {
			j := s.pos[id]
			pairs = append(pairs, Pair{I: q, J: j, Same: d.Story == s.Docs[j].Story,
				F: related.CompareIn(s.FPs[q], s.FPs[j], ctx)})
		}
	}
	return pairs, nil
}

// Related looks every doc up among the others (related.LinkAll, scoring
// with m) and returns the pairs found related, with their scores.
func (s *Set) Related(m related.Model) (map[[2]int]float64, error) {
	links, err := related.LinkAll(s.FPs, m)
	if err != nil {
		return nil, err
	}
	out := map[[2]int]float64{}
	for _, l := range links {
		if l.Related {
			out[[2]int{l.A, l.B}] = l.Score
		}
	}
	return out, nil
}

// Stories groups the set into stories (related.Stories over the links of
// related.LinkAll) and returns the pairs the groups imply.
func (s *Set) Stories(m related.Model) (map[[2]int]float64, error) {
	links, err := related.LinkAll(s.FPs, m)
	if err != nil {
		return nil, err
	}
	out := map[[2]int]float64{}
	for _, g := range related.Stories(len(s.Docs), links) {
		for i, a := range g {
			for _, b := range g[i+1:] {
				out[[2]int{a, b}] = 1
			}
		}
	}
	return out, nil
}

// Score counts the pairwise confusion of a set of related pairs against
// the stories, over all unordered pairs of the set.
func (s *Set) Score(rel map[[2]int]float64) PRF {
	var c PRF
	stories := map[string]int{}
	for _, d := range s.Docs {
		stories[d.Story]++
	}
	pos := 0
	for _, n := range stories {
		pos += n * (n - 1) / 2
	}
	for k := range rel {
		if s.Docs[k[0]].Story == s.Docs[k[1]].Story {
			c.TP++
		} else {
			c.FP++
		}
	}
	c.FN = pos - c.TP
	return c
}

// ByTopic counts false positives and false negatives per topic (of the
// pair's first doc), for diagnosis.
func (s *Set) ByTopic(rel map[[2]int]float64) (fp, fn map[int]int) {
	fp, fn = map[int]int{}, map[int]int{}
	for k := range rel {
		if s.Docs[k[0]].Story != s.Docs[k[1]].Story {
			fp[s.Docs[k[0]].Topic]++
		}
	}
	for i := range s.Docs {
		for j := i + 1; j < len(s.Docs); j++ {
			if _, ok := rel[[2]int{i, j}]; !ok && s.Docs[i].Story == s.Docs[j].Story {
				fn[s.Docs[i].Topic]++
			}
		}
	}
	return fp, fn
}

// PRF is a pairwise confusion count and its precision, recall and F1.
type PRF struct {
	TP, FP, FN int
}

// Precision is TP/(TP+FP), 0 when nothing was predicted.
func (c PRF) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), 0 when there is nothing to find.
func (c PRF) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c PRF) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Add sums two counts.
func (c PRF) Add(d PRF) PRF { return PRF{c.TP + d.TP, c.FP + d.FP, c.FN + d.FN} }

func (c PRF) String() string {
	return fmt.Sprintf("P %.3f  R %.3f  F1 %.3f  (TP %d, FP %d, FN %d)", c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
