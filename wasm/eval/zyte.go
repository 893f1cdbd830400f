package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// ZytePage is one page of the Zyte article-extraction benchmark.
type ZytePage struct {
	ID    string
	URL   string
	File  string // path of the .html.gz
	Truth string // the human-made article body
}

// LoadZyte reads the benchmark from dir (shared/corpus/zyte), sorted by id.
func LoadZyte(dir string) ([]ZytePage, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("zyte ground truth: %w", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		return nil, fmt.Errorf("zyte ground truth: %w", err)
	}
	pages := make([]ZytePage, 0, len(gt))
	for id, v := range gt {
		pages = append(pages, ZytePage{ID: id, URL: v.URL, File: filepath.Join(dir, "html", id+".html.gz"), Truth: v.ArticleBody})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].ID < pages[j].ID })
	return pages, nil
}

// shingleSize is the benchmark's n: texts are compared as 4-token shingles.
const shingleSize = 4

// Counts are one document's shingle counts, normalized to sum to 1 as the
// benchmark does (so every document weighs the same).
type Counts struct{ TP, FP, FN float64 }

// Precision of one document; ok is false when the prediction is empty.
func (c Counts) Precision() (p float64, ok bool) {
	if c.TP+c.FP == 0 {
		return 0, false
	}
	return c.TP / (c.TP + c.FP), true
}

// Recall of one document; ok is false when the truth is empty.
func (c Counts) Recall() (r float64, ok bool) {
	if c.TP+c.FN == 0 {
		return 0, false
	}
	return c.TP / (c.TP + c.FN), true
}

// Match compares a predicted article body with the truth, as the
// benchmark's string_shingle_matching does.
func Match(truth, pred string) Counts {
	ts, ps := shingles(truth), shingles(pred)
	var tp, fp, fn float64
	for k, t := range ts {
		p := ps[k]
		tp += float64(min(t, p))
		fn += float64(max(0, t-p))
	}
	for k, p := range ps {
		fp += float64(max(0, p-ts[k]))
	}
	if s := tp + fp + fn; s > 0 {
		tp, fp, fn = tp/s, fp/s, fn/s
	}
	return Counts{tp, fp, fn}
}

// Score is the benchmark's summary over many documents.
type Score struct {
	F1, Precision, Recall float64
	N                     int
}

func (s Score) String() string {
	return fmt.Sprintf("F1 %.4f  precision %.4f  recall %.4f  (%d pages)", s.F1, s.Precision, s.Recall, s.N)
}

// Aggregate averages precision over documents with a non-empty prediction
// and recall over documents with a non-empty truth; F1 is the harmonic
// mean of the two averages.
func Aggregate(docs []Counts) Score {
	var ps, rs float64
	var np, nr int
	for _, c := range docs {
		if p, ok := c.Precision(); ok {
			ps += p
			np++
		}
		if r, ok := c.Recall(); ok {
			rs += r
			nr++
		}
	}
	s := Score{N: len(docs)}
	if np > 0 {
		s.Precision = ps / float64(np)
	}
	if nr > 0 {
		s.Recall = rs / float64(nr)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// shingles counts the 4-token shingles of text. Like the benchmark's
// Python, a text of fewer than four tokens gives one shorter shingle.
func shingles(text string) map[string]int {
	toks := tokens(text)
	out := make(map[string]int, len(toks))
	n := max(1, len(toks)-shingleSize+1)
	for i := 0; i < n; i++ {
		s := strings.Join(toks[i:min(len(toks), i+shingleSize)], " ")
		if s != "" {
			out[s]++
		}
	}
	return out
}

// tokens splits text into Python-`\w+` runs: letters, numbers and '_'.
func tokens(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
}

// HalfOf returns half "a" or "b" of the pages, split by the first hex
// digit of the page id (0–7 or 8–f): ids are hashes, so the halves are a
// random split, fixed across runs, for tuning on one and checking the other.
func HalfOf(pages []ZytePage, half string) []ZytePage {
	var out []ZytePage
	for _, p := range pages {
		inA := p.ID != "" && p.ID[0] < '8'
		if (half == "a") == inA {
			out = append(out, p)
		}
	}
	return out
}
