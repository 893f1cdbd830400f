package rules

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// Similarity rules find a phrase in the page's normalized text allowing a
// few edits anywhere inside a longer text: an approximate substring match,
// scored by the semi-global edit distance (Levenshtein distance to the
// closest substring of the text; Sellers 1980).
//
// Searching every phrase over every page with dynamic programming would
// cost phrase length × text length per rule. Instead, by the pigeonhole
// principle, a match with at most k edits keeps at least s of k+s
// disjoint pieces of the phrase intact, each at about its place (Wu &
// Manber 1992; Navarro 2001, "partition into exact search"). The matcher
// looks the pieces up with a 3-byte gram table in one pass over the text,
// keeps the stretches where s pieces of one phrase line up (s = 2 when the
// pieces stay 3 bytes or longer, which filters common words out), and runs
// the distance computation only there.

const (
	// defaultThreshold is the similarity (1 - edits/length) a match needs
	// when a rule gives no :threshold(): about one edit every seven
	// characters, enough for "favour"/"favor", a changed name or a missing
	// word, not enough for a different sentence.
	defaultThreshold = 0.85
	// minThreshold keeps the pigeonhole pieces long enough (3+ bytes) to
	// be selective, and matches meaningful.
	minThreshold = 0.75
	// minPieceBytes: shorter pieces would hit nearly everywhere.
	minPieceBytes = 3
)

// similarSpec is a parsed :similar() phrase.
type similarSpec struct {
	raw string
	// argStart and argEnd locate the phrase as written in the rule body.
	argStart, argEnd int
	threshold        float64
	phrase           []rune // normalized
	norm             string // normalized, as UTF-8
	k                int    // most edits allowed
	pieces           []piece
	// need is s above: how many pieces a window must contain.
	need int
	// peq and peqRune are the phrase's character masks for the
	// bit-parallel filter (phrases of at most 64 characters).
	peq     *[utf8.RuneSelf]uint64
	peqRune map[rune]uint64
}

// piece is a part of the normalized phrase; off is its byte offset in
// norm, runeOff and runeEnd its rune offsets.
type piece struct {
	text             string
	off              int
	runeOff, runeEnd int
}

// prepare normalizes the phrase and splits it into pieces.
func (s *similarSpec) prepare() error {
	if s.threshold == 0 {
		s.threshold = defaultThreshold
	}
	s.norm = NormalizeText(s.raw)
	s.phrase = []rune(s.norm)
	m := len(s.phrase)
	if m < MinPhraseRunes {
		return fmt.Errorf(":similar(%s): the phrase has %d letters and digits after normalization; at least %d are needed", s.raw, m, MinPhraseRunes)
	}
	if m > MaxPhraseRunes {
		return fmt.Errorf(":similar(): the phrase has %d characters; the limit is %d", m, MaxPhraseRunes)
	}
	// The small epsilon keeps 0.85 × 20 = 3 edits from rounding down.
	const eps = 1e-9
	s.k = int(math.Floor((1-s.threshold)*float64(m) + eps))
	// Byte offsets of each rune, to cut pieces on rune boundaries.
	offs := make([]int, 0, m+1)
	for i := range s.norm {
		offs = append(offs, i)
	}
	offs = append(offs, len(s.norm))
	s.prepareMasks()
	for need := 2; need >= 1; need-- {
		if s.split(offs, s.k+need) {
			s.need = need
			return nil
		}
	}
	return fmt.Errorf(":similar(%s): the phrase is too short for threshold %.2f (raise the threshold or lengthen the phrase)", s.raw, s.threshold)
}

// split cuts the phrase into n pieces of about equal length and reports
// whether all are at least minPieceBytes long.
func (s *similarSpec) split(offs []int, n int) bool {
	m := len(s.phrase)
	s.pieces = s.pieces[:0]
	for i := 0; i < n; i++ {
		a, b := i*m/n, (i+1)*m/n
		p := piece{text: s.norm[offs[a]:offs[b]], off: offs[a], runeOff: a, runeEnd: b}
		if len(p.text) < minPieceBytes {
			return false
		}
		s.pieces = append(s.pieces, p)
	}
	return true
}

// prepareMasks sets up the bit-parallel filter for phrases that fit a
// machine word.
func (s *similarSpec) prepareMasks() {
	if len(s.phrase) > myersMaxRunes {
		return
	}
	s.peq = new([utf8.RuneSelf]uint64)
	for i, r := range s.phrase {
		if r < utf8.RuneSelf {
			s.peq[r] |= 1 << i
			continue
		}
		if s.peqRune == nil {
			s.peqRune = map[rune]uint64{}
		}
		s.peqRune[r] |= 1 << i
	}
}

// myersMaxRunes is the longest phrase the bit-parallel filter handles.
const myersMaxRunes = 64

// mayMatch reports whether text[lo:hi] may hold the phrase within k
// edits. For phrases of up to 64 characters it computes the smallest
// distance of the phrase to any stretch of the window exactly, with
// Myers' bit-parallel algorithm (one machine word per text character, no
// table): a window that fails needs no distance table at all.
func (s *similarSpec) mayMatch(text []byte, lo, hi int) bool {
	if s.peq == nil {
		return true
	}
	m := len(s.phrase)
	high := uint64(1) << (m - 1)
	pv, mv := ^uint64(0), uint64(0)
	score := m
	for i := lo; i < hi; {
		var eq uint64
		if c := text[i]; c < utf8.RuneSelf {
			eq = s.peq[c]
			i++
		} else {
			r, size := utf8.DecodeRune(text[i:])
			eq = s.peqRune[r]
			i += size
		}
		xv := eq | mv
		xh := (((eq & pv) + pv) ^ pv) | eq
		ph := mv | ^(xh | pv)
		mh := pv & xh
		if ph&high != 0 {
			score++
		} else if mh&high != 0 {
			score--
		}
		ph <<= 1
		mh <<= 1
		pv = mh | ^(xv | ph)
		mv = ph & xv
		if score <= s.k {
			return true
		}
	}
	return false
}

// weak reports whether the phrase is short enough to match unrelated text.
func (s *similarSpec) weak() bool { return len(s.phrase) < weakPhraseRunes }

// approxMatch is one occurrence of a phrase: text[start:end] (bytes of the
// normalized page text) is within dist edits of it.
type approxMatch struct {
	start, end int32
	dist       int
}

// dpScratch holds reusable buffers for the distance computation.
type dpScratch struct {
	runes []rune
	offs  []int32
	cost  [2][]int32
	start [2][]int32
}

// searchWindow finds the occurrences of phrase within k edits in
// text[lo:hi] (bytes; lo and hi on rune boundaries) and appends them to
// out, best first within the window, non-overlapping.
func (d *dpScratch) searchWindow(phrase []rune, k int, text []byte, lo, hi int, out []approxMatch) []approxMatch {
	d.runes, d.offs = d.runes[:0], d.offs[:0]
	for i := lo; i < hi; {
		r, size := utf8.DecodeRune(text[i:])
		d.runes = append(d.runes, r)
		d.offs = append(d.offs, int32(i))
		i += size
	}
	d.offs = append(d.offs, int32(hi))
	// Find the best match, then look left and right of it for more.
	type rng struct{ a, b int }
	todo := []rng{{0, len(d.runes)}}
	for len(todo) > 0 && len(out) < maxMatchesPerWindow {
		r := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if r.b-r.a < len(phrase)-k {
			continue
		}
		s, e, dist := d.semiGlobal(phrase, d.runes[r.a:r.b], k)
		if dist > k {
			continue
		}
		out = append(out, approxMatch{start: d.offs[r.a+s], end: d.offs[r.a+e], dist: dist})
		todo = append(todo, rng{r.a, r.a + s}, rng{r.a + e, r.b})
	}
	return out
}

// maxMatchesPerWindow bounds the occurrences reported from one window.
const maxMatchesPerWindow = 8

// semiGlobal returns the substring text[s:e] with the smallest edit
// distance to pat, if that distance is at most k; otherwise dist > k and
// s, e mean nothing. Among equally close substrings it prefers the first
// to end, then the shortest. Ukkonen's cut-off computes each column only
// down to the last row that can still be within k, so a window costs
// about k·len(text) steps instead of len(pat)·len(text). Memory
// O(len(pat)).
func (d *dpScratch) semiGlobal(pat, text []rune, k int) (s, e, dist int) {
	m := len(pat)
	if k >= m {
		k = m - 1 // an empty alignment would match anything
	}
	over := int32(k + 1) // any cost above k is as good as k+1
	for i := range d.cost {
		if cap(d.cost[i]) < m+2 {
			d.cost[i] = make([]int32, m+2)
			d.start[i] = make([]int32, m+2)
		}
		d.cost[i] = d.cost[i][:m+2]
		d.start[i] = d.start[i][:m+2]
	}
	prev, cur := d.cost[0], d.cost[1]
	pst, cst := d.start[0], d.start[1]
	for i := 0; i <= m+1; i++ {
		prev[i], pst[i] = min(int32(i), over), 0
	}
	// lact is the last row of the previous column with cost <= k; rows
	// below it hold over.
	lact := k
	best, bs, be := over, int32(0), 0
	for j := 1; j <= len(text); j++ {
		tc := text[j-1]
		cur[0], cst[0] = 0, int32(j)
		top := min(lact+1, m)
		for i := 1; i <= top; i++ {
			// Diagonal: match or substitute.
			c, st := prev[i-1], pst[i-1]
			if pat[i-1] != tc {
				c++
			}
			// Skip a text character (insertion in the text).
			if v := prev[i] + 1; v < c || (v == c && pst[i] > st) {
				c, st = v, pst[i]
			}
			// Skip a phrase character (deletion from the text).
			if v := cur[i-1] + 1; v < c || (v == c && cst[i-1] > st) {
				c, st = v, cst[i-1]
			}
			cur[i], cst[i] = min(c, over), st
		}
		cur[top+1] = over // the row below is out of reach
		lact = top
		for lact > 0 && cur[lact] > int32(k) {
			lact--
		}
		if top == m && cur[m] < best {
			best, bs, be = cur[m], cst[m], j
		}
		prev, cur = cur, prev
		pst, cst = cst, pst
	}
	return int(bs), be, int(best)
}

// gramTable finds phrase pieces in a text in one pass: each piece is
// filed under one of its 3-byte grams, the least crowded and rarest in
// text (see gramCost); a bitset over a hash of the grams rejects almost
// every position of the text with one load, and a map from the 3 bytes
// to the pieces filed under them confirms the rest.
type gramTable struct {
	bits  [gramBits / 64]uint64
	refs  gramIndex[pieceRef]
	build map[uint32][]pieceRef // while rules are added; nil once frozen
}

// gramBits is the bitset size: 64 Kbit (8 KB), sparse for a few hundred
// rules' pieces.
const gramBits = 1 << 16

// pieceRef is a piece filed under the gram at byte off of its text.
type pieceRef struct {
	rule  int32 // index into Matcher.sims
	piece int32
	off   int32
}

// gramHit is a piece whose gram occurs in the text: the piece would
// start at byte pos.
type gramHit struct {
	pos int32
	ref pieceRef
}

func gramHash(k uint32) uint32 { return (k * knuthHash) >> 16 }

func (g *gramTable) add(text string, ref pieceRef) {
	// A piece is normalized text, lowercase already: its folded grams
	// are its bytes, as the scan of the page's normalized text reads them.
	best, k := bestGram(g.build, text)
	h := gramHash(k)
	g.bits[h/64] |= 1 << (h % 64)
	ref.off = int32(best)
	appendAt(&g.build, k, ref)
}

// freeze makes the table ready for scanning.
func (g *gramTable) freeze() {
	g.refs, g.build = freezeGrams(g.build), nil
}

// scan appends a hit for every position of text from byte from on where a
// filed gram occurs; it stops, reporting false, when out holds limit
// hits.
func (g *gramTable) scan(text []byte, from, limit int, out []gramHit) ([]gramHit, bool) {
	if len(text)-from < minPieceBytes {
		return out, true
	}
	k := uint32(text[from])<<8 | uint32(text[from+1])
	for i := from; i+minPieceBytes <= len(text); i++ {
		k = (k<<8 | uint32(text[i+2])) & gramMask
		h := gramHash(k)
		if g.bits[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		for _, ref := range g.refs.lookup(k) {
			out = append(out, gramHit{pos: int32(i) - ref.off, ref: ref})
		}
		if len(out) >= limit {
			return out, false
		}
	}
	return out, true
}

// gramCost estimates how common the gram at s[i:i+3] is in page text or
// attribute values: the sum of its bytes' frequency weights.
func gramCost(s string, i int) int {
	return int(byteWeight[lowerTable[s[i]]]) + int(byteWeight[lowerTable[s[i+1]]]) + int(byteWeight[lowerTable[s[i+2]]])
}

// byteWeight is a rough frequency of each byte in English text and in
// class names and URLs (immutable): a gram of rare bytes is found at few
// positions, so anchoring a search on it leaves little to verify.
var byteWeight = func() (w [256]uint8) {
	for i := range w {
		w[i] = 2 // other punctuation, non-ASCII bytes
	}
	for c, v := range map[byte]uint8{
		'e': 12, 't': 11, 'a': 9, 'o': 9, 'i': 8, 'n': 8, 's': 8, 'r': 7, 'h': 7,
		'l': 6, 'c': 6, 'd': 5, 'u': 5, 'm': 5, 'p': 6, 'w': 5, 'f': 3, 'g': 3,
		'y': 3, 'b': 2, 'v': 2, 'k': 1, 'x': 1, 'j': 1, 'q': 1, 'z': 1,
		' ': 14, '/': 10, '.': 9, ':': 7, '-': 6, '_': 4, '=': 4, '?': 3, '&': 3,
	} {
		w[c] = v
	}
	for c := '0'; c <= '9'; c++ {
		w[c] = 3
	}
	return w
}()

// hasPrefixAt reports whether text[pos:] starts with p.
func hasPrefixAt(text []byte, pos int, p string) bool {
	return len(text)-pos >= len(p) && string(text[pos:pos+len(p)]) == p
}

// similarity turns a distance into a score in [0, 1].
func similarity(dist, m int) float64 {
	if m == 0 {
		return 0
	}
	return 1 - float64(dist)/float64(m)
}

// phraseSnippet shortens a phrase for messages.
func phraseSnippet(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := strings.LastIndexByte(s[:max], ' ')
	if cut < max/2 {
		cut = max
	}
	return s[:cut] + "…"
}

// PhraseSimilarity reports how closely text contains phrase, as similarity
// rules see it: both are normalized (NormalizeText), and the result is
// 1 - d/len(phrase) for the smallest edit distance d between the phrase and
// any stretch of the text, or 0 when the phrase is empty. Heuristics can
// use it to test an element's wording; it costs len(phrase)·len(text), so
// keep the texts short.
func PhraseSimilarity(phrase, text string) float64 {
	p := []rune(NormalizeText(phrase))
	if len(p) == 0 {
		return 0
	}
	t := []rune(NormalizeText(text))
	var d dpScratch
	_, _, dist := d.semiGlobal(p, t, len(p))
	return max(0, similarity(dist, len(p)))
}
