package rules

import (
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// literal is a string every match of a :has-text() regex contains: an
// element whose text lacks all of a regex's literals is rejected with a
// substring search instead of a regex run. fold: compare without ASCII
// case (b is lowercase); risky: b holds a "k" or an "s", which Unicode case
// folding also equates with the Kelvin sign and the long s.
type literal struct {
	b     []byte
	fold  bool
	risky bool
}

// Bounds of the literal prefilter: literals shorter than minLiteralBytes
// reject too little to pay for the search, and a regex with more than
// maxLiterals alternatives is simply run.
const (
	minLiteralBytes = 3
	maxLiterals     = 8
)

// requiredLiterals returns literals of which every match of re contains
// at least one, or nil when it cannot tell (the regex is then always run).
func requiredLiterals(re *syntax.Regexp) []literal {
	lits, ok := reqLits(re)
	if !ok || len(lits) == 0 || len(lits) > maxLiterals {
		return nil
	}
	for _, l := range lits {
		if len(l.b) < minLiteralBytes {
			return nil
		}
	}
	return lits
}

// reqLits is requiredLiterals for one node of the syntax tree.
func reqLits(re *syntax.Regexp) ([]literal, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return literalOf(re)
	case syntax.OpCapture, syntax.OpPlus:
		return reqLits(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return reqLits(re.Sub[0])
		}
	case syntax.OpConcat:
		// Every part is in every match: take the most selective.
		var best []literal
		found := false
		for _, sub := range re.Sub {
			l, ok := reqLits(sub)
			if ok && (!found || betterLiterals(l, best)) {
				best, found = l, true
			}
		}
		return best, found
	case syntax.OpAlternate:
		// A match goes through one branch: any branch's literal will do.
		var all []literal
		for _, sub := range re.Sub {
			l, ok := reqLits(sub)
			if !ok {
				return nil, false
			}
			all = append(all, l...)
			if len(all) > maxLiterals {
				return nil, false
			}
		}
		return all, len(all) > 0
	}
	return nil, false
}

// literalOf turns a literal node into a literal, when the prefilter can
// search for it exactly.
func literalOf(re *syntax.Regexp) ([]literal, bool) {
	s := string(re.Rune)
	if s == "" || strings.ContainsRune(s, utf8.RuneError) {
		return nil, false
	}
	if re.Flags&syntax.FoldCase == 0 {
		return []literal{{b: []byte(s)}}, true
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return nil, false // non-ASCII case folding: leave it to the regex
		}
	}
	low := lowerASCII(s)
	return []literal{{b: []byte(low), fold: true, risky: strings.ContainsAny(low, "ks")}}, true
}

// betterLiterals prefers the set whose shortest literal is longest, then
// the smaller set.
func betterLiterals(a, b []literal) bool {
	ma, mb := minLen(a), minLen(b)
	if ma != mb {
		return ma > mb
	}
	return len(a) < len(b)
}

func minLen(ls []literal) int {
	m := -1
	for _, l := range ls {
		if m < 0 || len(l.b) < m {
			m = len(l.b)
		}
	}
	return m
}
