package rules

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestLitTableAgainstContains checks the one-pass literal scan against a
// substring search per literal (on the lowercased text for folded
// literals), on random texts and literals of every length, folded or not,
// several filed under the same gram.
func TestLitTableAgainstContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 500; iter++ {
		m := randLiterals(rng, 1, 5)
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
		if got, _ := literalOnPage(m, doc, id); got != tc.literal {
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
	if got := hitIDs(m.Match(doc, "")); strings.Join(got, ",") != "a,b" {
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
		m := randLiterals(rng, 3, 6)
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
	page := longFiller + `<div id=a>Join our <b>news</b>letter<script>newsletter</script><noscript>newsletter</noscript></div>` +
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
	if ids := hitIDs(m.Match(doc, "")); strings.Join(ids, ",") != "a,c,d" {
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
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"MAR\u212a", true},
		{"MARK", true},
		{"MAR", false},
	} {
		got, tr := literalOnPage(m, mustDoc(t, longFiller+"<div>"+tc.text+"</div>"), id)
		if got != tc.want {
			t.Errorf("%q: literal on page %v, want %v", tc.text, got, tc.want)
		}
		if tr.text.hasRaw {
			t.Errorf("%q: the long page's raw text was gathered for the literal scan", tc.text)
		}
	}
}

// randLiterals returns a matcher holding one to six random gate literals
// (folded or not), each of minLen plus up to spread-1 runes, their table
// frozen for scanning.
func randLiterals(rng *rand.Rand, minLen, spread int) *Matcher {
	var m Matcher
	for k := 0; k < 1+rng.IntN(6); k++ {
		b := []byte(string(randRunes(rng, "abAB é", minLen+rng.IntN(spread))))
		fold := rng.IntN(2) == 0
		if fold {
			b = []byte(lowerASCII(string(b)))
		}
		m.literal(literal{b: b, fold: fold})
	}
	m.litTab.freeze()
	return &m
}

// longFiller is a paragraph that makes a page's text longer than
// shortPageBytes, so that the page's text is streamed, not gathered.
var longFiller = "<p>" + strings.Repeat("lorem ipsum dolor ", shortPageBytes/18+1) + "</p>"

// literalOnPage answers whether gate literal id of m is in doc's text, as
// a gate does, with the prepared page.
func literalOnPage(m *Matcher, doc *html.Node, id int32) (bool, *tree) {
	tr := &tree{}
	tr.build(doc, m, false)
	var ev evaluator
	ev.reset(tr, m)
	return ev.literalOnPage(m, id), tr
}
