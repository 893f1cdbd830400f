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
		tr.build(doc, m, false)
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
	long := strings.Repeat("lorem ipsum ", longSpanBytes/10)
	doc := mustDoc(t, "<p id=a>Please SUBSCRIBE Now</p><p id=b>"+long+"Subscribe NOW</p><p id=c>"+long+"</p><p id=d>subscribe</p>")
	var got []string
	for _, h := range m.Match(doc, "").Hits {
		got = append(got, document.Attr(h.Node, "id"))
	}
	if strings.Join(got, ",") != "a,b" {
		t.Errorf("hits %v, want [a b]", got)
	}
}

// TestLitStreamIsScan: the literal scan over a text fed in pieces finds
// what the scan over the joined text finds, literals across pieces
// included.
func TestLitStreamIsScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var s litStream
	for iter := 0; iter < 500; iter++ {
		var m Matcher
		for k := 0; k < 1+rng.IntN(6); k++ {
			b := []byte(string(randRunes(rng, "abAB é", 3+rng.IntN(6))))
			fold := rng.IntN(2) == 0
			if fold {
				b = []byte(lowerASCII(string(b)))
			}
			m.literal(literal{b: b, fold: fold})
		}
		m.litTab.freeze()
		var pieces []string
		for k := 0; k < rng.IntN(8); k++ {
			pieces = append(pieces, string(randRunes(rng, "abAB é", rng.IntN(9))))
		}
		text := []byte(strings.Join(pieces, ""))
		want := make([]bool, len(m.lits))
		m.litTab.scan(m.lits, text, want)
		got := make([]bool, len(m.lits))
		s.start(&m.litTab, m.lits, got)
		for _, p := range pieces {
			s.feed(p)
		}
		s.finish()
		for id := range want {
			if got[id] != want[id] {
				t.Fatalf("pieces %q, literal %q (fold %v): streamed %v, scanned %v", pieces, m.lits[id].b, m.lits[id].fold, got[id], want[id])
			}
		}
	}
}

// TestElementTextOnLongPage: on a page with more text than
// shortPageBytes, an element's text gathered from its subtree alone is
// its span of the page's raw text (skipped elements, template content
// and nesting included), and :has-text() hits the same elements as it
// does on that text.
func TestElementTextOnLongPage(t *testing.T) {
	filler := "<p>" + strings.Repeat("lorem ipsum dolor ", shortPageBytes/18+1) + "</p>"
	page := filler + `<div id=a>Join our <b>news</b>letter<script>newsletter</script><noscript>newsletter</noscript></div>` +
		`<div id=b><template>newsletter</template>no letters here</div>` +
		`<section id=c><div id=d>news<i>letter</i> today</div><style>x</style></section>`
	m := mustCompile(t, `##div:has-text(newsletter)`, `##section:has-text(/NEWSLETTER/i)`)
	doc := mustDoc(t, page)
	var tr tree
	tr.build(doc, m, false)
	txt := tr.textOf()
	if txt.rawLen < shortPageBytes {
		t.Fatalf("page text %d bytes, want at least %d", txt.rawLen, shortPageBytes)
	}
	var got [][]byte
	for i := range tr.nodes {
		sp := txt.spans[i]
		got = append(got, appendText(nil, tr.nodes[i], int(sp.rawStart)))
	}
	raw := txt.rawText()
	for i, g := range got {
		sp := txt.spans[i]
		if want := raw[sp.rawStart:sp.rawEnd]; sp.rawEnd > sp.rawStart && !bytes.Equal(g, want) {
			t.Errorf("element %d <%s>: gathered %.40q, span %.40q", i, tr.nodes[i].Data, g, want)
		}
	}
	var ids []string
	for _, h := range m.Match(doc, "").Hits {
		ids = append(ids, document.Attr(h.Node, "id"))
	}
	if strings.Join(ids, ",") != "a,c,d" {
		t.Errorf("hits %v, want [a c d]", ids)
	}
}

// TestLiteralRiskOnLongPage: on a page whose text is streamed through
// the literal scan (over shortPageBytes), a risky folded literal still
// counts as present when the text has the Kelvin sign, and as absent
// without it.
func TestLiteralRiskOnLongPage(t *testing.T) {
	m := mustCompile(t, `##div:has-text(/mark/i)`)
	id := m.litIDs[litKey{"mark", true}]
	filler := "<p>" + strings.Repeat("lorem ipsum dolor ", shortPageBytes/18+1) + "</p>"
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"MAR\u212a", true},
		{"MARK", true},
		{"MAR", false},
	} {
		doc := mustDoc(t, filler+"<div>"+tc.text+"</div>")
		var tr tree
		tr.build(doc, m, false)
		var ev evaluator
		ev.reset(&tr, m)
		if got := ev.literalOnPage(m, id); got != tc.want {
			t.Errorf("%q: literal on page %v, want %v", tc.text, got, tc.want)
		}
		if tr.text.hasRaw {
			t.Errorf("%q: the long page's raw text was gathered for the literal scan", tc.text)
		}
	}
}
