package related

import (
	"errors"
	"sort"
	"strconv"
	"sync"
)

// Index holds fingerprints in memory for lookups: an inverted index from
// each key term to the articles carrying it, with the term's weight, so a
// lookup touches only articles sharing a key term with the query, and
// scores their term cosine on the way. It is safe for concurrent use.
type Index struct {
	mu    sync.Mutex
	model Model
	docs  []slot // by slot number; a free slot has a nil fingerprint
	byID  map[string]uint32
	free  []uint32
	// postings maps a term key to the slots carrying it, each packed with
	// the term's weight in that article (see posting).
	postings map[uint32][]posting
	// acc and touched are per-lookup scratch space, kept to spare the
	// garbage collector a 100,000-entry slice per lookup.
	acc     []float64
	touched []uint32
}

type slot struct {
	id string
	fp *Fingerprint
}

// posting packs a slot number (24 bits) and a term weight (8 bits).
type posting uint32

const (
	postingWeightBits = 8
	// MaxIndexed is the most articles an Index holds (24-bit slots).
	MaxIndexed = 1<<(32-postingWeightBits) - 1
)

func makePosting(s uint32, w uint8) posting { return posting(s<<postingWeightBits | uint32(w)) }
func (p posting) slot() uint32              { return uint32(p) >> postingWeightBits }
func (p posting) weight() float64           { return float64(uint8(p)) }

// Errors of Index.Add.
var (
	ErrNoID        = errors.New("related: empty article id")
	ErrNilPrint    = errors.New("related: nil fingerprint")
	ErrIndexIsFull = errors.New("related: index holds its maximum of " + strconv.Itoa(MaxIndexed) + " articles")
)

// NewIndex returns an empty index that scores with model m (usually
// DefaultModel()).
func NewIndex(m Model) *Index {
	return &Index{model: m, byID: map[string]uint32{}, postings: map[uint32][]posting{}}
}

// Len is the number of indexed articles.
func (x *Index) Len() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.byID)
}

// Add indexes a fingerprint under id (the article's URL, say), replacing
// whatever was indexed under that id.
func (x *Index) Add(id string, fp *Fingerprint) error {
	if id == "" {
		return ErrNoID
	}
	if fp == nil {
		return ErrNilPrint
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.remove(id)
	var s uint32
	if n := len(x.free); n > 0 {
		s, x.free = x.free[n-1], x.free[:n-1]
	} else {
		if len(x.docs) >= MaxIndexed {
			return ErrIndexIsFull
		}
		s = uint32(len(x.docs))
		x.docs = append(x.docs, slot{})
		x.acc = append(x.acc, 0)
	}
	x.docs[s] = slot{id: id, fp: fp.indexed()}
	x.byID[id] = s
	for _, t := range fp.terms {
		x.postings[t.key()] = append(x.postings[t.key()], makePosting(s, t.weight()))
	}
	return nil
}

// Remove forgets the article indexed under id and reports whether there
// was one.
func (x *Index) Remove(id string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.remove(id)
}

func (x *Index) remove(id string) bool {
	s, ok := x.byID[id]
	if !ok {
		return false
	}
	for _, t := range x.docs[s].fp.terms {
		list := x.postings[t.key()]
		for i, p := range list {
			if p.slot() == s {
				list[i] = list[len(list)-1]
				list = list[:len(list)-1]
				break
			}
		}
		if len(list) == 0 {
			delete(x.postings, t.key())
		} else {
			x.postings[t.key()] = list
		}
	}
	x.docs[s] = slot{}
	delete(x.byID, id)
	x.free = append(x.free, s)
	return true
}

// Clear forgets every article.
func (x *Index) Clear() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.docs, x.free, x.acc, x.touched = nil, nil, nil, nil
	x.byID = map[string]uint32{}
	x.postings = map[uint32][]posting{}
}

// Hit is one article found to report the query's story.
type Hit struct {
	ID string `json:"id"`
	// Score is the same-story probability of the query and this article.
	Score float64 `json:"score"`
	// SharedQuotes are passages of the query's quotes this article also
	// quotes (normalized, see Quotes).
	SharedQuotes []string `json:"sharedQuotes"`
}

// QueryOptions tune a lookup.
type QueryOptions struct {
	// Limit caps the hits (0: no cap beyond the neighbourhood's).
	Limit int
	// Exclude is an id never returned: the query's own when it is indexed.
	Exclude string
}

// Query finds the indexed articles that report the same story as fp,
// most probable first.
func (x *Index) Query(fp *Fingerprint, opts QueryOptions) []Hit {
	if fp == nil || fp.Empty() {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	near, fps := x.neighbourPrints(fp, opts.Exclude)
	var hits []Hit
	for _, m := range Story(fp, fps, x.model) {
		hits = append(hits, Hit{
			ID:           x.docs[near[m.Index]].id,
			Score:        m.Probability,
			SharedQuotes: SharedQuotes(fp, fps[m.Index]),
		})
		if opts.Limit > 0 && len(hits) == opts.Limit {
			break
		}
	}
	return hits
}

// neighbourPrints returns the slots of fp's neighbourhood and their
// fingerprints.
func (x *Index) neighbourPrints(fp *Fingerprint, exclude string) ([]uint32, []*Fingerprint) {
	near := x.neighbours(fp, exclude)
	fps := make([]*Fingerprint, len(near))
	for i, s := range near {
		fps[i] = x.docs[s].fp
	}
	return near, fps
}

// Neighbours returns the ids of fp's neighbourhood, closest first: the
// indexed articles whose key-term cosine with fp is at least MinTerms,
// at most maxNeighbours of them. Query groups these into stories.
func (x *Index) Neighbours(fp *Fingerprint, exclude string) []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	near := x.neighbours(fp, exclude)
	ids := make([]string, len(near))
	for i, s := range near {
		ids[i] = x.docs[s].id
	}
	return ids
}

// neighbours accumulates the term dot products of fp with every article
// that shares a key term with it, through the postings, and keeps the
// closest by cosine. Ties go to the earlier slot.
func (x *Index) neighbours(fp *Fingerprint, exclude string) []uint32 {
	if fp.termNorm == 0 {
		return nil
	}
	for _, t := range fp.terms {
		qw := float64(t.weight())
		for _, p := range x.postings[t.key()] {
			s := p.slot()
			if x.acc[s] == 0 {
				x.touched = append(x.touched, s)
			}
			x.acc[s] += qw * p.weight()
		}
	}
	type near struct {
		slot uint32
		cos  float64
	}
	var cands []near
	for _, s := range x.touched {
		d := x.docs[s]
		cos := x.acc[s] / (fp.termNorm * d.fp.termNorm)
		x.acc[s] = 0
		if cos >= MinTerms && d.id != exclude {
			cands = append(cands, near{s, cos})
		}
	}
	x.touched = x.touched[:0]
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].cos != cands[j].cos {
			return cands[i].cos > cands[j].cos
		}
		return cands[i].slot < cands[j].slot
	})
	if len(cands) > maxNeighbours {
		cands = cands[:maxNeighbours]
	}
	out := make([]uint32, len(cands))
	for i, c := range cands {
		out[i] = c.slot
	}
	return out
}
