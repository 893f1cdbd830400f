package related

import (
	"slices"
	"sort"
	"strings"
)

// Features are the similarities of two fingerprints that Score combines,
// each between 0 and 1.
type Features struct {
	// Terms is the cosine of the key-term TF-IDF vectors: same topic.
	Terms float64 `json:"terms"`
	// LocalTerms is the cosine of the key-term vectors reweighed by the
	// articles' neighbourhood (see Context): same story, not just topic.
	LocalTerms float64 `json:"localTerms"`
	// Entities is the cosine of the name vectors: same people and places.
	Entities float64 `json:"entities"`
	// EntityCover is the smaller, over both directions, of the share of one
	// article's name weight found among the other's names: each article's
	// protagonists appear in the other.
	EntityCover float64 `json:"entityCover"`
	// Title is 1 - Levenshtein distance / length of the longer title, in
	// words.
	Title float64 `json:"title"`
	// Quotes grows with the quoted word runs both articles share,
	// saturating at quoteSaturation runs.
	Quotes float64 `json:"quotes"`
	// SameDay is 1 when both give the same day of the same month (and no
	// different year for it).
	SameDay float64 `json:"sameDay"`
	// Years is the Jaccard overlap of the years both mention.
	Years float64 `json:"years"`
	// YearConflict is 1 when both mention years and none in common.
	YearConflict float64 `json:"yearConflict"`
	// Numbers is the weighted Jaccard overlap of the numbers both mention,
	// each weighing its neighbourhood factor: two earthquakes of magnitude
	// 6.1 share a number every report of either carries.
	Numbers float64 `json:"numbers"`
	// TitleCover is the smaller, over both directions, of the IDF-weighted
	// share of one headline's words found among the other article's key
	// terms: headlines name the protagonist and the event.
	TitleCover float64 `json:"titleCover"`
	// TopEntity is the mean, over both directions, of "the heaviest name
	// of one article is among the other's names".
	TopEntity float64 `json:"topEntity"`
}

// quoteSaturation shared quote shingles (a run of quoteShingleWords+2
// words) make Quotes 1: one shared sentence is as strong a sign as it gets.
const quoteSaturation = 3

// Compare computes the features of a pair on its own, without a
// neighbourhood. It is symmetric.
func Compare(a, b *Fingerprint) Features {
	return CompareIn(a, b, nil)
}

// CompareIn computes the features of a pair with the term and name
// weights of both reweighed by their shared neighbourhood ctx (nil: none).
func CompareIn(a, b *Fingerprint, ctx *Context) Features {
	return compareViews(ctx.view(a), ctx.view(b))
}

// compareViews computes the features of two fingerprints seen in the same
// context. Terms stays the plain cosine: it says whether the two share a
// topic at all.
func compareViews(a, b *view) Features {
	fa, fb := a.fp, b.fp
	terms := cosine(fa.terms, fa.termNorm, fb.terms, fb.termNorm)
	if terms < MinTerms {
		// Not even one topic: nothing else is worth computing, the model
		// reads nothing else (see Model.Probability).
		return Features{Terms: terms}
	}
	entities, coverA, coverB := entityOverlap(a, b)
	return Features{
		Terms:        terms,
		LocalTerms:   fcosine(a.terms, a.termNorm, b.terms, b.termNorm),
		Entities:     entities,
		EntityCover:  min(coverA, coverB),
		Title:        titleSimilarity(fa.titleWords, fb.titleWords),
		Quotes:       min(1, float64(countShared(fa.shingles, fb.shingles))/quoteSaturation),
		SameDay:      sameDay(fa.dates, fb.dates),
		Years:        jaccard(fa.years, fb.years),
		YearConflict: yearConflict(fa.years, fb.years),
		Numbers:      fjaccard(a.numbers, b.numbers),
		TitleCover:   min(titleCover(fa, fb), titleCover(fb, fa)),
		TopEntity:    (topEntityIn(fa, fb) + topEntityIn(fb, fa)) / 2,
	}
}

// titleCover is the share of a's headline word weight that b has among
// its key terms (both sorted by key: one merge).
func titleCover(a, b *Fingerprint) float64 {
	total, found := 0.0, 0.0
	t := b.terms
	j := 0
	for _, k := range a.titleKeys {
		total += float64(k.weight())
		for j < len(t) && t[j].key() < k.key() {
			j++
		}
		if j < len(t) && t[j].key() == k.key() {
			found += float64(k.weight())
		}
	}
	if total == 0 {
		return 0
	}
	return found / total
}

// topEntityIn is 1 when a's heaviest name is among b's names.
func topEntityIn(a, b *Fingerprint) float64 {
	if a.topEntity == 0 || !hasWeighted(b.entities, a.topEntity) {
		return 0
	}
	return 1
}

func hasWeighted(ws []weighted, key uint32) bool {
	i := sort.Search(len(ws), func(i int) bool { return ws[i].key() >= key })
	return i < len(ws) && ws[i].key() == key
}

// cosine of two sorted sparse vectors.
func cosine(a []weighted, na float64, b []weighted, nb float64) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	dot := 0.0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].key() < b[j].key():
			i++
		case a[i].key() > b[j].key():
			j++
		default:
			dot += float64(a[i].weight()) * float64(b[j].weight())
			i++
			j++
		}
	}
	return dot / (na * nb)
}

// titleSimilarity is 1 - Levenshtein distance / length of the longer
// title, counted in words (stemmed, so "checks" and "checked" are the same
// word) rather than characters: headlines of one story reorder and swap
// whole words, and a word-level distance costs a hundredth of a
// character-level one (15 by 15 cells instead of 100 by 100), which
// matters when a lookup compares every pair of a neighbourhood.
func titleSimilarity(a, b []uint32) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	return 1 - float64(levenshtein(a, b))/float64(max(len(a), len(b)))
}

// levenshtein is the edit distance between two word sequences (insert,
// delete and substitute cost 1), with one row of memory.
func levenshtein(a, b []uint32) int {
	var buf [maxTitleWords + 1]int
	row := buf[:0]
	if len(b) >= len(buf) {
		row = make([]int, 0, len(b)+1)
	}
	row = row[:len(b)+1]
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		diag := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			next := min(row[j]+1, row[j-1]+1, diag+cost)
			diag, row[j] = row[j], next
		}
	}
	return row[len(b)]
}

// countShared counts the values two sorted slices have in common.
func countShared(a, b []uint32) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// jaccard of two sorted sets; 0 when both are empty.
func jaccard(a, b []uint32) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := countShared(a, b)
	return float64(n) / float64(len(a)+len(b)-n)
}

// sameDay is 1 when a day and month appear in both, with the same year or
// a year missing on one side.
func sameDay(a, b []uint32) float64 {
	for _, p := range a {
		ya, ma, da := unpackDate(p)
		if ma == 0 || da == 0 {
			continue
		}
		for _, q := range b {
			yb, mb, db := unpackDate(q)
			if ma == mb && da == db && (ya == yb || ya == 0 || yb == 0) {
				return 1
			}
		}
	}
	return 0
}

// years returns the distinct years in dates, sorted.
func years(dates []uint32) []uint32 {
	var ys []uint32
	for _, p := range dates {
		if y, _, _ := unpackDate(p); y != 0 {
			ys = append(ys, uint32(y))
		}
	}
	slices.Sort(ys)
	return slices.Clip(dedupeUint32(ys))
}

// yearConflict is 1 when both mention years and none in common.
func yearConflict(ya, yb []uint32) float64 {
	if len(ya) > 0 && len(yb) > 0 && countShared(ya, yb) == 0 {
		return 1
	}
	return 0
}

// minSharedWords is the shortest passage SharedQuotes reports: shorter
// shared quotes are mostly titles of works or scare quotes ("american
// pie"), which still count as evidence in Features.Quotes but are not
// worth showing a reader.
const minSharedWords = 4

// SharedQuotes returns the passages of a's quotes that b also quotes: the
// maximal runs of a quote's words covered by shingles b has, so "we may
// face the best opportunity …" is found whether b quotes the whole
// sentence or only part of it. Passages are normalized (see Quotes) and
// at least minSharedWords long.
func SharedQuotes(a, b *Fingerprint) []string {
	if len(a.shingles) == 0 || len(b.shingles) == 0 {
		return nil
	}
	var out []string
	for _, q := range a.quotes {
		for _, run := range sharedRuns(strings.Fields(q), b.shingles) {
			if strings.Count(run, " ")+1 >= minSharedWords {
				out = append(out, run)
			}
		}
	}
	return out
}

// sharedRuns returns the runs of words covered by shingles found in set.
func sharedRuns(words []string, set []uint32) []string {
	if len(words) < quoteShingleWords {
		if hasUint32(set, hashKey("q:"+strings.Join(words, " "))) {
			return []string{strings.Join(words, " ")}
		}
		return nil
	}
	covered := make([]bool, len(words))
	for i := 0; i+quoteShingleWords <= len(words); i++ {
		if hasUint32(set, hashKey("q:"+strings.Join(words[i:i+quoteShingleWords], " "))) {
			for k := i; k < i+quoteShingleWords; k++ {
				covered[k] = true
			}
		}
	}
	var out []string
	for i := 0; i < len(words); {
		if !covered[i] {
			i++
			continue
		}
		j := i
		for j < len(words) && covered[j] {
			j++
		}
		out = append(out, strings.Join(words[i:j], " "))
		i = j
	}
	return out
}

func hasUint32(sorted []uint32, x uint32) bool {
	i := sort.Search(len(sorted), func(i int) bool { return sorted[i] >= x })
	return i < len(sorted) && sorted[i] == x
}

// fcosine of two sorted sparse float vectors with their norms.
func fcosine(a []fweighted, na float64, b []fweighted, nb float64) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	dot := 0.0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].key < b[j].key:
			i++
		case a[i].key > b[j].key:
			j++
		default:
			dot += a[i].weight * b[j].weight
			i++
			j++
		}
	}
	return dot / (na * nb)
}

// entityOverlap walks the two name vectors once for their cosine and the
// share of each side's weight on names the other has.
func entityOverlap(a, b *view) (cos, coverA, coverB float64) {
	if a.entityNorm == 0 || b.entityNorm == 0 {
		return 0, 0, 0
	}
	dot, sharedA, sharedB := 0.0, 0.0, 0.0
	x, y := a.entities, b.entities
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i].key < y[j].key:
			i++
		case x[i].key > y[j].key:
			j++
		default:
			dot += x[i].weight * y[j].weight
			sharedA += x[i].weight
			sharedB += y[j].weight
			i++
			j++
		}
	}
	return dot / (a.entityNorm * b.entityNorm), sharedA / a.entitySum, sharedB / b.entitySum
}

// fjaccard is the weighted Jaccard overlap of two sorted key sets: the
// weight of the keys in both over the weight of the keys in either.
func fjaccard(a, b []fweighted) float64 {
	both, either := 0.0, 0.0
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i].key < b[j].key:
			either += a[i].weight
			i++
		case i == len(a) || b[j].key < a[i].key:
			either += b[j].weight
			j++
		default:
			both += a[i].weight
			either += a[i].weight
			i++
			j++
		}
	}
	if either == 0 {
		return 0
	}
	return both / either
}
