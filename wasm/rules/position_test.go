package rules

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/wasm/document"
)

// positionPage is a page whose parents hold runs of mixed tags, so that
// child and of-type positions differ, plus single children.
func positionPage(seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 1))
	tags := []string{"div", "p", "span", "section", "x-card"}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><body>")
	for range 12 {
		b.WriteString("<div class=group>")
		for range r.IntN(14) {
			t := tags[r.IntN(len(tags))]
			fmt.Fprintf(&b, "<%s>text", t)
			if r.IntN(4) == 0 {
				b.WriteString("<em>only</em>")
			}
			fmt.Fprintf(&b, "</%s>", t)
		}
		b.WriteString("</div>")
	}
	b.WriteString("</body></html>")
	return b.String()
}

// TestPositionAgreesWithCascadia checks every structural pseudo-class
// evaluated by position against cascadia's own matching on the same page.
func TestPositionAgreesWithCascadia(t *testing.T) {
	args := []string{"1", "2", "3", "7", "0", "-1", "odd", "even", "n", "-n", "2n", "2n+1", "2n-1", "3n+2", "-n+3",
		"-2n+5", "0n+2", "+n+1", "4n-7", "-3n-1", "n+20"}
	var sels []string
	for _, name := range []string{"nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type"} {
		for _, a := range args {
			sels = append(sels, fmt.Sprintf("*:%s(%s)", name, a), fmt.Sprintf("p:%s(%s)", name, a))
		}
	}
	for _, name := range []string{"first-child", "last-child", "first-of-type", "last-of-type", "only-child", "only-of-type"} {
		sels = append(sels, "*:"+name, "em:"+name, "div:"+name)
	}
	for seed := range uint64(4) {
		doc, err := document.Parse(positionPage(seed))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sels {
			prog, diff := cascadiaDisagreements(t, doc, s)
			if k := prog.sel[0].parts[0].pseudos[0].kind; k != psPosition {
				t.Fatalf("%s compiled to pseudo kind %d, want psPosition", s, k)
			}
			if len(diff) > 0 {
				t.Errorf("seed %d, %s: %v", seed, s, diff)
			}
		}
	}
}

func TestNthOf(t *testing.T) {
	tests := []struct {
		src  string
		want nthSpec
	}{
		{":nth-child(odd)", nthSpec{a: 2, b: 1}},
		{":nth-last-of-type(-n+3)", nthSpec{a: -1, b: 3, last: true, ofType: true}},
		{":nth-of-type(4)", nthSpec{b: 4, ofType: true}},
		{":nth-last-child(2n-1)", nthSpec{a: 2, b: -1, last: true}},
		{":last-child", nthSpec{b: 1, last: true}},
		{":only-of-type", nthSpec{only: true, ofType: true}},
	}
	for _, tt := range tests {
		sel, err := compileCascadia(tt.src)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		got, ok := nthOf(sel)
		if !ok || got != tt.want {
			t.Errorf("nthOf(%s) = %+v, %v; want %+v", tt.src, got, ok, tt.want)
		}
	}
	for _, src := range []string{":empty", ":root", ":lang(en)", ":link"} {
		sel, err := compileCascadia(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got, ok := nthOf(sel); ok {
			t.Errorf("nthOf(%s) = %+v, want none", src, got)
		}
	}
}

// TestPositionManySiblings: 100,000 sibling divs and a structural rule.
// Counting each div's siblings afresh (as cascadia does) took about 10^10
// steps; positions computed once take a pass.
func TestPositionManySiblings(t *testing.T) {
	const n = 100_000
	page := "<!DOCTYPE html><html><body><article><p>Article text.</p>" + strings.Repeat("<div>x</div>", n) + "</article></body></html>"
	doc, err := document.Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		sel  string
		want int
	}{
		{"div:nth-last-of-type(2n+1)", n / 2},
		{"div:nth-child(n+99999)", 3}, // the p is child 1: divs are children 2…n+1
		{"div:only-of-type", 0},
		{"div:last-of-type", 1},
	} {
		m := Compile(Parse("siblings", "##"+tt.sel+"\n"))
		res := m.Match(doc, "https://example.com/")
		if res.Truncated {
			t.Errorf("%s: the work budget ran out", tt.sel)
		}
		if len(res.Hits) != tt.want {
			t.Errorf("%s: %d hits, want %d", tt.sel, len(res.Hits), tt.want)
		}
	}
}
