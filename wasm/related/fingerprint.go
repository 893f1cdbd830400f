package related

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"time"
)

// Article is what a fingerprint is made from: the engine's extracted
// article (engine.Result's Title, TextContent and PublishedTime) or one
// line of `tidings related --jsonl`.
type Article struct {
	Title string
	// Text is the article's plain text, paragraphs separated by newlines.
	Text string
	// URL is not part of the fingerprint (New does not read it): it
	// labels the article for callers that keep articles beside their
	// fingerprints (package synth).
	URL string
	// Time is when the article was published; zero when unknown.
	Time time.Time
}

// Limits of a fingerprint. With them the binary form stays under
// MaxEncodedSize (see codec.go for the arithmetic).
const (
	// maxTerms key terms are kept, the heaviest by TF-IDF.
	maxTerms = 40
	// maxEntities entity-like names are kept, the heaviest.
	maxEntities = 24
	// maxDates dates and maxNumbers numbers are kept, in text order.
	maxDates   = 12
	maxNumbers = 16
	// maxTitleWords of the title are compared: a headline's length. Longer
	// "titles" are first sentences (ECB+ gives its older articles no
	// headline), and comparing their lengths would match articles by the
	// corpus they come from rather than by their story.
	maxTitleWords = 12
	// maxTitleBytes of the normalized title are kept (about 20 words).
	maxTitleBytes = 160
	// maxQuoteBytes of each quote and maxQuoteTotal of all quotes are
	// kept: the shared lead quote of two reports is usually their first.
	maxQuoteBytes = 240
	maxQuoteTotal = 720
)

// Only the start of an oversized input is read, so a hostile page costs
// no more than a long article: maxTextInput bytes of text (a long feature
// is 60 KB; the key terms, names and lead quotes of a story are in its
// first pages) and maxTitleInput bytes of title.
const (
	maxTextInput  = 256 << 10
	maxTitleInput = 4 << 10
)

// leadRepeat adds this many counts to each word of the lead (see
// token.lead) on top of its own.
const leadRepeat = 2

// titleRepeat counts each title word this many times in the term and name
// counts: the headline says what the story is about.
const titleRepeat = 2

// Fingerprint is the compact description of one article that matching and
// the index use. It is immutable once made; build one with New or
// UnmarshalBinary. A fingerprint made by New and the same fingerprint
// after MarshalBinary and UnmarshalBinary score identically (weights are
// quantized at construction).
type Fingerprint struct {
	title    string
	unixTime int64
	terms    []weighted // sorted by key
	entities []weighted // sorted by key
	dates    []uint32   // packed dates (see packDate), sorted
	numbers  []uint32   // number hashes, sorted
	quotes   []string   // normalized quotes, in text order

	// Derived on construction, never stored.
	termNorm, entityNorm float64
	shingles             []uint32   // quote shingle hashes, sorted
	years                []uint32   // distinct years of the dates, sorted
	titleKeys            []weighted // headline content words as term keys, IDF-weighted
	titleWords           []uint32   // hashes of the headline's stemmed words, in order
	topEntity            uint32     // key of the heaviest name, 0 if none
}

// weighted packs a 24-bit hashed key (high bits) and a weight quantized to
// 1..255 (low byte), relative to the heaviest key of its kind in the same
// article, into 4 bytes: half the memory of a struct, and sorting the
// packed values sorts the keys. 24 bits are plenty for the 64 keys of an
// article: two articles' keys collide by chance about once in 4,000 pairs,
// and a collision only nudges one cosine.
type weighted uint32

const (
	keyBits    = 24
	keyMask    = 1<<keyBits - 1
	weightBits = 32 - keyBits
)

func makeWeighted(key uint32, w uint8) weighted { return weighted(key<<weightBits | uint32(w)) }
func (w weighted) key() uint32                  { return uint32(w) >> weightBits }
func (w weighted) weight() uint8                { return uint8(w) }

// weightedKey hashes a term or name to its 24-bit key.
func weightedKey(s string) uint32 { return hashKey(s) & keyMask }

// New fingerprints an article. It never fails: an empty article gives an
// empty fingerprint that relates to nothing.
func New(a Article) *Fingerprint {
	title := foldText(truncateWords(a.Title, maxTitleInput))
	text := foldText(truncateWords(a.Text, maxTextInput))
	// The title's words, then the text's, in one slice: dates and numbers
	// are read from both as one run of words.
	allToks := appendTokens(tokensFor(len(title)+len(text)), title)
	titleToks := allToks[:len(allToks):len(allToks)]
	allToks = appendTokens(allToks, text)
	bodyToks := allToks[len(titleToks):]

	fp := &Fingerprint{
		title:    truncateWords(normalizeKey(title), maxTitleBytes),
		terms:    topWeighted(termCounts(titleToks, bodyToks), maxTerms),
		entities: topWeighted(entityCounts(titleToks, bodyToks), maxEntities),
		dates:    extractDates(allToks, maxDates),
		numbers:  extractNumbers(allToks, maxNumbers),
		quotes:   capQuotes(Quotes(text)),
	}
	if !a.Time.IsZero() {
		fp.unixTime = a.Time.Unix()
	}
	fp.derive()
	return fp
}

// derive computes what is kept in memory only: vector norms and the quote
// shingles.
func (f *Fingerprint) derive() {
	f.termNorm = norm(f.terms)
	f.entityNorm = norm(f.entities)
	f.shingles = quoteShingles(f.quotes)
	f.years = years(f.dates)
	f.titleKeys = titleKeys(f.title)
	words := strings.Fields(f.title)
	f.titleWords = make([]uint32, min(len(words), maxTitleWords))
	for i := range f.titleWords {
		f.titleWords[i] = hashKey(stem(words[i]))
	}
	f.topEntity = 0
	best := uint8(0)
	for _, e := range f.entities {
		if e.weight() > best {
			best, f.topEntity = e.weight(), e.key()
		}
	}
}

// indexed returns the copy of f an Index keeps: what matching reads, less
// the title and quote texts (matching reads their hashes), which are a
// third of a fingerprint's memory and live in the browser's store anyway.
func (f *Fingerprint) indexed() *Fingerprint {
	c := *f
	c.title, c.quotes = "", nil
	return &c
}

// Title is the normalized title (lowercase words separated by spaces).
func (f *Fingerprint) Title() string { return f.title }

// Quotes are the article's normalized quotations, in text order.
func (f *Fingerprint) Quotes() []string { return append([]string(nil), f.quotes...) }

// Time is the publication time, or the zero time when unknown.
func (f *Fingerprint) Time() time.Time {
	if f.unixTime == 0 {
		return time.Time{}
	}
	return time.Unix(f.unixTime, 0).UTC()
}

// Empty reports whether the fingerprint holds nothing to match on.
func (f *Fingerprint) Empty() bool {
	return len(f.terms) == 0 && len(f.entities) == 0 && len(f.quotes) == 0
}

// titleKeys lists the content words of a normalized title as term keys
// weighted by their IDF (in tenths, see idfTenths).
func titleKeys(title string) []weighted {
	var out []weighted
	for _, w := range strings.Fields(title) {
		if len(w) < 2 || isStopword(w) || isDigitByte(w[0]) {
			continue
		}
		st := stem(w)
		q := min(math.MaxUint8, max(1, math.Round(idf(st)*idfTenths)))
		out = append(out, makeWeighted(weightedKey("t:"+st), uint8(q)))
	}
	// Sorted by key (a set: titleCover merges it with the terms); a word
	// repeated in a headline counts once.
	slices.Sort(out)
	return slices.Clip(dedupeWeighted(out))
}

// idfTenths scales an IDF (at most ln 312 ≈ 5.7) to a byte.
const idfTenths = 10

// distinctTermShare sizes termCounts' map: the ECB+ articles have 2.9
// words for each distinct term.
const distinctTermShare = 3

// termCounts counts each term's occurrences, title words titleRepeat times,
// and weighs them by sublinear TF times IDF.
func termCounts(title, body []token) map[string]float64 {
	// Counted by term; the key's "t:" is added once a term.
	tf := make(map[string]int, (len(title)+len(body))/distinctTermShare)
	add := func(toks []token, n, lead int) {
		for _, t := range toks {
			if term, ok := termOf(t); ok {
				k := n
				if t.lead {
					k += lead
				}
				tf[term] += k
			}
		}
	}
	add(title, titleRepeat, 0)
	add(body, 1, leadRepeat)
	w := make(map[string]float64, len(tf))
	for term, n := range tf {
		w["t:"+term] = (1 + math.Log(float64(n))) * idf(term)
	}
	return w
}

// topWeighted keeps the n heaviest keys, hashes them and quantizes their
// weights relative to the heaviest. Ties break on the key so the result
// does not depend on map order.
func topWeighted(w map[string]float64, n int) []weighted {
	type kv struct {
		k string
		v float64
	}
	all := make([]kv, 0, len(w))
	for k, v := range w {
		if v > 0 {
			all = append(all, kv{k, v})
		}
	}
	// slices.SortFunc, not sort.Slice: no reflection on a slice that
	// holds every distinct term of a long article.
	slices.SortFunc(all, func(a, b kv) int {
		if c := cmp.Compare(b.v, a.v); c != 0 {
			return c
		}
		return strings.Compare(a.k, b.k)
	})
	if len(all) > n {
		all = all[:n]
	}
	out := make([]weighted, 0, len(all))
	for _, e := range all {
		q := math.Round(e.v / all[0].v * math.MaxUint8)
		out = append(out, makeWeighted(weightedKey(e.k), uint8(max(1, q))))
	}
	slices.Sort(out)
	return dedupeWeighted(out)
}

// dedupeWeighted merges keys that collided in the hash (vanishingly rare),
// keeping the heavier weight, so every key appears once.
func dedupeWeighted(ws []weighted) []weighted {
	out := ws[:0]
	for _, w := range ws {
		if n := len(out); n > 0 && out[n-1].key() == w.key() {
			out[n-1] = max(out[n-1], w) // same key: the heavier weight
			continue
		}
		out = append(out, w)
	}
	return out
}

// hashKey is 32-bit FNV-1a; keys carry a kind prefix ("t:", "e:", "n:")
// so a term and a name never share a hash by construction.
func hashKey(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// norm is the Euclidean norm of a weight vector.
func norm(ws []weighted) float64 {
	s := 0.0
	for _, w := range ws {
		s += float64(w.weight()) * float64(w.weight())
	}
	return math.Sqrt(s)
}

// capQuotes truncates each quote to maxQuoteBytes and stops at
// maxQuoteTotal bytes in all.
func capQuotes(qs []string) []string {
	var out []string
	total := 0
	for _, q := range qs {
		q = truncateWords(q, maxQuoteBytes)
		if total+len(q) > maxQuoteTotal {
			break
		}
		total += len(q)
		out = append(out, q)
	}
	return out
}

// quoteShingleWords is the length of the word runs two quotes must share to
// count as the same quotation, partly quoted: five words in a row is
// beyond chance phrasing ("we are going to") yet within a fragment.
const quoteShingleWords = 5

// quoteShingles hashes every run of quoteShingleWords words of each quote;
// a shorter quote is hashed whole.
func quoteShingles(qs []string) []uint32 {
	var out []uint32
	for _, q := range qs {
		for _, s := range shingleStrings(strings.Fields(q)) {
			out = append(out, hashKey("q:"+s))
		}
	}
	slices.Sort(out)
	return slices.Clip(dedupeUint32(out))
}

// shingleStrings returns the word runs of a quote (the quote itself when it
// is shorter than a run).
func shingleStrings(words []string) []string {
	if len(words) < quoteShingleWords {
		return []string{strings.Join(words, " ")}
	}
	out := make([]string, 0, len(words)-quoteShingleWords+1)
	for i := 0; i+quoteShingleWords <= len(words); i++ {
		out = append(out, strings.Join(words[i:i+quoteShingleWords], " "))
	}
	return out
}

func dedupeUint32(xs []uint32) []uint32 {
	out := xs[:0]
	for _, x := range xs {
		if n := len(out); n == 0 || out[n-1] != x {
			out = append(out, x)
		}
	}
	return out
}
