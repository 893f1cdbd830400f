// Package synth makes large, realistic article collections for timing the
// related-coverage index at 1,000, 10,000 and 100,000 articles, from a
// few hundred real ones: every synthetic article is a real article with
// its names swapped for names from other articles, its numbers and years
// changed, and a share of its other words replaced by words of other
// articles. The copies keep the real distribution of article lengths,
// vocabulary and quotes, and make the index harder than a real history:
// a hundred near-copies of each story give long posting lists and full
// neighbourhoods, so lookups do the most work they can.
package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-app/tidings/wasm/related"
)

// Share of words changed per copy.
const (
	nameSwapShare = 0.5  // capitalized words replaced by another article's
	wordSwapShare = 0.15 // other words replaced by another article's
)

// Generator makes perturbed copies of base articles.
type Generator struct {
	base  []related.Article
	names []string // capitalized words of all base articles
	words []string // other words of all base articles
	rng   *rand.Rand
}

// New returns a generator over base articles, deterministic for a seed.
func New(base []related.Article, seed uint64) *Generator {
	g := &Generator{base: base, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	for _, a := range base {
		for _, w := range strings.Fields(a.Text) {
			switch {
			case isName(w):
				g.names = append(g.names, w)
			case isPlainWord(w):
				g.words = append(g.words, w)
			}
		}
	}
	return g
}

// Article returns the i-th synthetic article: a perturbed copy of base
// article i mod len(base) (copy 0 of each is the original itself).
func (g *Generator) Article(i int) related.Article {
	a := g.base[i%len(g.base)]
	if i < len(g.base) || len(g.names) == 0 || len(g.words) == 0 {
		return a
	}
	names := map[string]string{} // consistent swaps within one copy
	perturb := func(s string) string {
		var b strings.Builder
		for i, w := range strings.Fields(s) {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(g.word(w, names))
		}
		return b.String()
	}
	var paras []string
	for _, p := range strings.Split(a.Text, "\n") {
		paras = append(paras, perturb(p))
	}
	return related.Article{Title: perturb(a.Title), Text: strings.Join(paras, "\n"), URL: a.URL + "#" + strconv.Itoa(i)}
}

// word perturbs one whitespace-separated word.
func (g *Generator) word(w string, names map[string]string) string {
	switch {
	case isNumber(w):
		return g.number(w)
	case isName(w):
		if r, ok := names[w]; ok {
			return r
		}
		r := w
		if g.rng.Float64() < nameSwapShare {
			r = g.names[g.rng.IntN(len(g.names))]
		}
		names[w] = r
		return r
	case isPlainWord(w) && g.rng.Float64() < wordSwapShare:
		return g.words[g.rng.IntN(len(g.words))]
	}
	return w
}

// number changes the digits of a number, keeping its length (a year stays
// a plausible year, a count a count).
func (g *Generator) number(w string) string {
	b := []byte(w)
	for i, c := range b {
		if c >= '0' && c <= '9' && (i > 0 || len(b) == 1) {
			b[i] = byte('0' + g.rng.IntN(10))
		}
	}
	return string(b)
}

func isName(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && isPlainWord(w)
}

func isPlainWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

func isNumber(w string) bool {
	w = strings.TrimRight(w, ".,;:")
	if w == "" {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != '.' && r != ',' {
			return false
		}
	}
	return true
}
