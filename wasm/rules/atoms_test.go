package rules

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestAtomScanAgreesWithTests checks the one-pass attribute scan against
// testing each attribute selector on its own, on random values built from
// the selectors' own values.
func TestAtomScanAgreesWithTests(t *testing.T) {
	vals := []string{"", "a", "ad", "ads", "cookie-banner", "Cookie", "https://www.example.com/", "example", "en",
		"x y", "news letter", "donat", "ÄÖ", "k", "s", "-", "https://twitter.com/intent/tweet", "banner"}
	ops := []attrOp{attrExists, attrEquals, attrIncludes, attrDash, attrPrefix, attrSuffix, attrSubstr}
	at := newAtomTable()
	var tests []attrTest
	for _, v := range vals {
		for _, op := range ops {
			for _, fold := range []bool{false, true} {
				a := attrTest{name: "data-x", op: op, val: v, fold: fold, lval: foldASCII(v)}
				a.id = at.attr(&a)
				at.use(a.id, true)
				tests = append(tests, a)
			}
		}
	}
	at.finish()
	rng := rand.New(rand.NewPCG(5, 6))
	noise := []string{"", " ", "-", "x", "W", "/", "https://", "é"}
	for iter := 0; iter < 20000; iter++ {
		var b strings.Builder
		for n := rng.IntN(4); n >= 0; n-- {
			s := vals[rng.IntN(len(vals))]
			if rng.IntN(2) == 0 {
				s = strings.ToUpper(s)
			}
			b.WriteString(s + noise[rng.IntN(len(noise))])
		}
		v := b.String()
		var got []int32
		at.scan(at.primary.byName["data-x"], v, nil, func(id int32) {
			if !slices.Contains(got, id) {
				got = append(got, id)
			}
		})
		var want []int32
		for _, a := range tests {
			if a.matchValue(v) && !slices.Contains(want, a.id) {
				want = append(want, a.id)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("value %q: scan found %v, the tests %v", v, describeAtoms(at, got), describeAtoms(at, want))
		}
	}
}

func describeAtoms(at *atomTable, ids []int32) []string {
	var out []string
	for _, id := range ids {
		a := at.tests[id]
		out = append(out, string(rune(a.op))+a.val+map[bool]string{true: " i"}[a.fold])
	}
	return out
}

// TestMatchValueFold checks the case-insensitive flag: ASCII letters only,
// without lowercasing the value.
func TestMatchValueFold(t *testing.T) {
	tests := []struct {
		op       attrOp
		val, v   string
		fold, ok bool
	}{
		{attrSubstr, "donat", "/DONATE", true, true},
		{attrSubstr, "donat", "/DONATE", false, false},
		{attrPrefix, "https://x", "HTTPS://X.com", true, true},
		{attrSuffix, ".PDF", "a.pdf", true, true},
		{attrEquals, "email", "E-mail", true, false},
		{attrEquals, "email", "EMAIL", true, true},
		{attrIncludes, "box", "a BOX c", true, true},
		{attrIncludes, "box", "a BOX c", false, false},
		{attrDash, "en", "EN-gb", true, true},
		{attrDash, "en", "eng", true, false},
		{attrSubstr, "é", "É", true, false}, // ASCII only, as CSS says
		{attrSubstr, "XÉ", "xÉ", true, true},
		{attrSubstr, "XÉ", "xé", true, false},
	}
	for _, tt := range tests {
		a := attrTest{op: tt.op, val: tt.val, fold: tt.fold, lval: foldASCII(tt.val)}
		if got := a.matchValue(tt.v); got != tt.ok {
			t.Errorf("[x%c=%q fold=%v] on %q = %v, want %v", rune(tt.op), tt.val, tt.fold, tt.v, got, tt.ok)
		}
	}
}
