package synth

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/tidings-app/tidings/wasm/related"
	"github.com/tidings-app/tidings/wasm/related/ecbplus"
)

// Base loads the real articles copies are made from: the ECB+ development
// set (496) and the Zyte benchmark's article bodies (181, titled by their
// first line), in a fixed order.
func Base(shared string) ([]related.Article, error) {
	docs, err := ecbplus.Load(ecbplus.DevPath(shared))
	if err != nil {
		return nil, err
	}
	var out []related.Article
	for _, d := range docs {
		out = append(out, related.Article{Title: d.Title, Text: d.Text, URL: d.URL})
	}
	raw, err := os.ReadFile(filepath.Join(shared, "corpus", "zyte", "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		return nil, fmt.Errorf("synth: zyte ground truth: %w", err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		body := gt[id].ArticleBody
		title, _, _ := strings.Cut(strings.TrimSpace(body), "\n")
		out = append(out, related.Article{Title: title, Text: body, URL: gt[id].URL})
	}
	return out, nil
}

// Lookups is the timing of lookups in an index of Articles articles.
type Lookups struct {
	Articles int     `json:"articles"`
	MeanMs   float64 `json:"meanMs"`
	P95Ms    float64 `json:"p95Ms"`
	MaxMs    float64 `json:"maxMs"`
	// MeanHits is the mean number of related articles found per lookup.
	MeanHits float64 `json:"meanHits"`
	// IndexBytesPerArticle is the index's heap (fingerprints kept,
	// postings, ids) divided by the articles held.
	IndexBytesPerArticle float64 `json:"indexBytesPerArticle"`
	// AddUs is the mean time of Index.Add, in microseconds.
	AddUs float64 `json:"addUs"`
}

// Source gives the fingerprints Measure indexes and queries.
type Source interface {
	// Article returns the i-th fingerprint to index.
	Article(i int) (*related.Fingerprint, error)
	// Query returns the k-th query fingerprint.
	Query(k int) (*related.Fingerprint, error)
}

// Generated is the Source of synthetic copies of base articles: article i
// is copy i (see Generator.Article); queries are fresh copies (never
// indexed) of base articles, so each has its story's copies in the index,
// as a reader's new article would.
type Generated struct {
	gen     *Generator
	base    int
	queries int
}

// NewGenerated returns the synthetic Source over base for queries queries.
func NewGenerated(base []related.Article, queries int, seed uint64) *Generated {
	return &Generated{gen: New(base, seed), base: len(base), queries: queries}
}

// Article fingerprints copy i.
func (g *Generated) Article(i int) (*related.Fingerprint, error) {
	return related.New(g.gen.Article(i)), nil
}

// Query fingerprints a copy far beyond any index size.
func (g *Generated) Query(k int) (*related.Fingerprint, error) {
	return related.New(g.gen.Article(1<<30 + k*g.base/max(1, g.queries) + k)), nil
}

// Encoded reports the sizes of MarshalBinary over base, and the mean time
// to fingerprint one article.
func Encoded(base []related.Article) (mean float64, maxSize int, fingerprintMs float64, err error) {
	start := time.Now()
	for _, a := range base {
		raw, err := related.New(a).MarshalBinary()
		if err != nil {
			return 0, 0, 0, err
		}
		mean += float64(len(raw))
		maxSize = max(maxSize, len(raw))
	}
	n := float64(max(1, len(base)))
	return mean / n, maxSize, float64(time.Since(start).Microseconds()) / 1000 / n, nil
}

// Measure builds an index from src, growing it to each size in turn
// (ascending), and times queries lookups at each size. It also reports the
// time to load the largest index (decode excluded for Generated sources:
// that is fingerprinting).
func Measure(src Source, sizes []int, queries int) ([]Lookups, error) {
	qs := make([]*related.Fingerprint, queries)
	for k := range qs {
		q, err := src.Query(k)
		if err != nil {
			return nil, err
		}
		qs[k] = q
	}
	heap0 := heapBytes()
	idx := related.NewIndex(related.DefaultModel())
	var out []Lookups
	n := 0
	for _, size := range sizes {
		var addTime time.Duration
		for ; n < size; n++ {
			fp, err := src.Article(n)
			if err != nil {
				return nil, err
			}
			t0 := time.Now()
			if err := idx.Add(fmt.Sprint("a", n), fp); err != nil {
				return nil, err
			}
			addTime += time.Since(t0)
		}
		bytes := float64(heapBytes()-heap0) / float64(size)
		times := make([]float64, len(qs))
		hits := 0
		for k, q := range qs {
			t0 := time.Now()
			hits += len(idx.Query(q, related.QueryOptions{}))
			times[k] = float64(time.Since(t0).Microseconds()) / 1000
		}
		sort.Float64s(times)
		mean := 0.0
		for _, t := range times {
			mean += t
		}
		out = append(out, Lookups{
			Articles: size, MeanMs: mean / float64(len(times)),
			P95Ms: times[len(times)*95/100], MaxMs: times[len(times)-1],
			MeanHits: float64(hits) / float64(len(qs)), IndexBytesPerArticle: bytes,
			AddUs: float64(addTime.Microseconds()) / float64(max(1, size-len(out))),
		})
	}
	runtime.KeepAlive(idx)
	return out, nil
}

// heapBytes is the live heap after a collection.
func heapBytes() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
