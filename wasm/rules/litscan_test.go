package rules

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/wasm/document"
)

// TestLitTableAgainstContains checks the one-pass literal scan against a
// substring search per literal (on the lowercased text for folded
// literals), on random texts and literals of every length, folded or not,
// several filed under the same gram.
func TestLitTableAgainstContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 500; iter++ {
		var m Matcher
		for k := 0; k < 1+rng.IntN(6); k++ {
			b := []byte(string(randRunes(rng, "abAB é", 1+rng.IntN(5))))
			fold := rng.IntN(2) == 0
			if fold {
				b = []byte(lowerASCII(string(b)))
			}
			m.literal(literal{b: b, fold: fold})
		}
		m.litTab.freeze()
		text := []byte(string(randRunes(rng, "abAB é", rng.IntN(40))))
		found := make([]bool, len(m.lits))
		m.litTab.scan(m.lits, text, found)
		lower := []byte(lowerASCII(string(text)))
		for id, l := range m.lits {
			want := bytes.Contains(text, l.b)
			if l.fold {
				want = bytes.Contains(lower, l.b)
			}
			if found[id] != want {
				t.Fatalf("text %q, literal %q (fold %v): found %v, want %v", text, l.b, l.fold, found[id], want)
			}
		}
	}
}

// TestLiteralOnPageRisk: a gate's folded literal holding a "k" counts as
// present on a page whose text has the Kelvin sign (which Unicode case
// folding equates with "k"), and the rule's regex then decides.
func TestLiteralOnPageRisk(t *testing.T) {
	m := mustCompile(t, `##div:has-text(/mark/i)`)
	id, ok := m.litIDs[litKey{"mark", true}]
	if !ok {
		t.Fatal("the rule has no gate literal \"mark\"")
	}
	for _, tc := range []struct {
		text          string
		literal, hits bool
	}{
		{"Mark the date", true, true},
		{"MARK THE DATE", true, true},
		{"Mar\u212a the date", true, true},
		{"Mar the date", false, false},
	} {
		doc := mustDoc(t, "<div>"+tc.text+"</div>")
		var tr tree
		tr.build(doc, m.atoms, false)
		var ev evaluator
		ev.reset(&tr, m)
		if got := ev.literalOnPage(m, id); got != tc.literal {
			t.Errorf("%q: literal on page %v, want %v", tc.text, got, tc.literal)
		}
		if got := len(m.Match(doc, "").Hits) > 0; got != tc.hits {
			t.Errorf("%q: hit %v, want %v", tc.text, got, tc.hits)
		}
	}
}

// TestHasTextFoldSpans: a folded :has-text() literal is found in a short
// element's text (searched in a copy of its own) and in a long one's
// (searched in the lowercased copy of the page's text), and an element
// without it is not hit.
func TestHasTextFoldSpans(t *testing.T) {
	m := mustCompile(t, `##p:has-text(/subscribe now/i)`)
	long := strings.Repeat("lorem ipsum ", lowerSpanBytes/10)
	doc := mustDoc(t, "<p id=a>Please SUBSCRIBE Now</p><p id=b>"+long+"Subscribe NOW</p><p id=c>"+long+"</p><p id=d>subscribe</p>")
	var got []string
	for _, h := range m.Match(doc, "").Hits {
		got = append(got, document.Attr(h.Node, "id"))
	}
	if strings.Join(got, ",") != "a,b" {
		t.Errorf("hits %v, want [a b]", got)
	}
}
