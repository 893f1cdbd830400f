package rules

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Atoms are the facts about single elements that rules test most: "this
// element's href contains donat (any case)", "this is an <iframe>". The
// Matcher numbers every distinct attribute test of its rules, and the tag
// names its gates use (see gate.go), and when a page is prepared it
// evaluates all attribute tests on each element in one pass over the
// element's attributes: one map lookup per attribute name, a 3-byte gram
// scan of the value for the substring tests, lookups for the equality and
// word tests. A test in a rule is then a lookup in the element's short
// list of true atoms, values are never lowercased per test, and the
// page's set of true atoms lets whole rules be skipped (gates).
//
// The tests of generic rules are scanned on every page (primary); those
// only domain-specific rules use (most of a big list's) only on the pages
// of such domains (secondary).
type atomTable struct {
	// tests holds the attribute test of each attribute atom (tag atoms
	// have a zero test).
	tests []attrTest
	ids   map[attrKey]int32
	// usage[id] says which rules use atom id (usedGeneric, usedSpecific).
	usage              []uint8
	primary, secondary attrSets
	// tagByAtom and tagByName number the tags used by gates.
	tagByAtom map[atom.Atom]int32
	tagByName map[string]int32
}

// attrSets holds the tests of some atoms by attribute name.
type attrSets struct {
	byName map[string]*attrSet
	// nameBits[c] has bit len(name)%64 set for each tested attribute
	// name starting with byte c: most attributes of a page are rejected
	// without a map lookup.
	nameBits [256]uint64
}

// lookup returns the set of attribute name k, or nil.
func (ss *attrSets) lookup(k string) *attrSet {
	if k == "" || ss.nameBits[k[0]]&(1<<(len(k)%64)) == 0 {
		return nil
	}
	return ss.byName[k]
}

// set returns the set of attribute name k, creating it.
func (ss *attrSets) set(k string) *attrSet {
	if ss.byName == nil {
		ss.byName = map[string]*attrSet{}
	}
	s := ss.byName[k]
	if s == nil {
		s = &attrSet{}
		ss.byName[k] = s
		if k != "" {
			ss.nameBits[k[0]] |= 1 << (len(k) % 64)
		}
	}
	return s
}

// attrSet holds the tests on one attribute name, arranged for one pass
// over a value.
type attrSet struct {
	exists []int32
	eq     map[string][]int32 // [a=v]
	eqFold map[string][]int32 // [a=v i], keyed by the lowercase value
	// eqLens has bit len(v)%64 set for the values of eq and eqFold: a
	// value of another length needs no lookup.
	eqLens   uint64
	word     map[string][]int32 // [a~=v]
	wordFold map[string][]int32 // [a~=v i]
	// short are substring-like tests with values under 3 bytes, tested
	// one by one.
	short []int32
	// suffix holds the $= tests by the last 3 bytes of their value in
	// ASCII lowercase: one lookup per attribute value finds the tests to
	// verify; suffixBits has a bit per hashed key.
	suffix     gramIndex[int32]
	suffixBits [affixBits / 64]uint64
	// grams finds the *=, ^= and |= tests: each is filed under one 3-byte
	// gram of its value (ASCII lowercase), the least crowded and rarest
	// (a prefix test on "https://www.example.com/" is found by "xam", not
	// by "htt", which every link has); bits is a bitset over a hash of the
	// grams that rejects most positions of a value with one load. Without
	// *= tests only the first prefixEnd bytes of a value are scanned.
	grams     gramIndex[gramPat]
	bits      [setGramBits / 64]uint64
	substr    bool
	prefixEnd int
	// Maps while the set is built (nil once frozen).
	suffixBuild map[uint32][]int32
	gramsBuild  map[uint32][]gramPat
}

// gramPat is a test filed under the gram at byte off of its value.
type gramPat struct {
	atom int32
	off  int32
}

// setGramBits sizes an attribute set's gram bitset (512 bytes): sparse for
// the few hundred substring tests a big list has on one attribute.
const setGramBits = 1 << 12

func newAtomTable() *atomTable {
	return &atomTable{ids: map[attrKey]int32{}}
}

// count is the number of atoms.
func (t *atomTable) count() int { return len(t.tests) }

// attr returns the atom of an attribute test, adding it if new. It is
// filed for scanning by finish.
func (t *atomTable) attr(a *attrTest) int32 {
	k := attrKey{a.name, a.op, a.val, a.fold}
	if id, ok := t.ids[k]; ok {
		return id
	}
	id := int32(len(t.tests))
	t.ids[k] = id
	t.tests = append(t.tests, *a)
	t.tests[id].id = id
	t.usage = append(t.usage, 0)
	return id
}

// Atom usage bits.
const (
	usedGeneric uint8 = 1 << iota
	usedSpecific
)

// use records that a rule uses atom id; generic: the rule applies on
// every site.
func (t *atomTable) use(id int32, generic bool) {
	if generic {
		t.usage[id] |= usedGeneric
	} else {
		t.usage[id] |= usedSpecific
	}
}

// finish files every used attribute atom for scanning: those of generic
// rules in the primary sets, the others in the secondary ones. Tag atoms
// (no attribute name) are found by tagOf.
func (t *atomTable) finish() {
	for id := range t.tests {
		a := &t.tests[id]
		switch {
		case a.name == "":
		case t.usage[id]&usedGeneric != 0:
			t.primary.set(a.name).add(a, int32(id))
		case t.usage[id]&usedSpecific != 0:
			t.secondary.set(a.name).add(a, int32(id))
		}
	}
	for _, ss := range []*attrSets{&t.primary, &t.secondary} {
		for _, s := range ss.byName {
			s.freeze()
		}
	}
}

// freeze turns the set's build maps into gram indexes.
func (s *attrSet) freeze() {
	s.suffix, s.suffixBuild = freezeGrams(s.suffixBuild), nil
	s.grams, s.gramsBuild = freezeGrams(s.gramsBuild), nil
}

// tag returns the atom "an element with this tag exists", adding it if
// new.
func (t *atomTable) tag(name string) int32 {
	if a := atom.Lookup([]byte(name)); a != 0 && a.String() == name {
		return tagAtom(t, &t.tagByAtom, a)
	}
	return tagAtom(t, &t.tagByName, name)
}

// tagAtom returns the tag atom filed under k in *m, adding it if new.
func tagAtom[K comparable](t *atomTable, m *map[K]int32, k K) int32 {
	if id, ok := (*m)[k]; ok {
		return id
	}
	id := int32(len(t.tests))
	t.tests = append(t.tests, attrTest{id: id})
	t.usage = append(t.usage, 0)
	if *m == nil {
		*m = map[K]int32{}
	}
	(*m)[k] = id
	return id
}

// tagOf returns the tag atom of element n, or -1.
func (t *atomTable) tagOf(n *html.Node) int32 {
	if n.DataAtom != 0 {
		if id, ok := t.tagByAtom[n.DataAtom]; ok {
			return id
		}
		return -1
	}
	if id, ok := t.tagByName[n.Data]; ok {
		return id
	}
	return -1
}

// appendAt appends v to the values of key k in *m, making the map on
// first use.
func appendAt[K comparable, V any](m *map[K][]V, k K, v V) {
	if *m == nil {
		*m = map[K][]V{}
	}
	(*m)[k] = append((*m)[k], v)
}

// add files test a (atom id) in the set. Tests that can never match
// ([a*=""], [a~="two words"]) are not filed: their atom is never true.
func (s *attrSet) add(a *attrTest, id int32) {
	want := a.val
	if a.fold {
		want = a.lval
	}
	switch a.op {
	case attrExists:
		s.exists = append(s.exists, id)
		return
	case attrEquals:
		if a.fold {
			appendAt(&s.eqFold, want, id)
		} else {
			appendAt(&s.eq, want, id)
		}
		s.eqLens |= 1 << (len(want) % 64)
		return
	case attrIncludes:
		if want == "" || strings.ContainsAny(want, htmlSpaces) {
			return
		}
		if a.fold {
			appendAt(&s.wordFold, want, id)
		} else {
			appendAt(&s.word, want, id)
		}
		return
	case attrPrefix, attrSuffix, attrSubstr:
		if want == "" {
			return
		}
	}
	switch {
	case len(want) < gramBytes:
		s.short = append(s.short, id)
		return
	case a.op == attrSuffix:
		k := foldGram(want, len(want)-gramBytes)
		appendAt(&s.suffixBuild, k, id)
		setBit(s.suffixBits[:], affixHash(k))
		return
	}
	best, k := bestGram(s.gramsBuild, want)
	appendAt(&s.gramsBuild, k, gramPat{atom: id, off: int32(best)})
	h := setGramHash(k)
	s.bits[h/64] |= 1 << (h % 64)
	if a.op == attrSubstr {
		s.substr = true
	} else {
		s.prefixEnd = max(s.prefixEnd, best+gramBytes)
	}
}

// affixBits sizes the prefix and suffix bitsets (128 bytes each).
const affixBits = 1 << 10

func affixHash(k uint32) uint32 { return (k * knuthHash) >> (32 - 10) }

func setBit(b []uint64, h uint32) { b[h/64] |= 1 << (h % 64) }

func hasBit(b []uint64, h uint32) bool { return b[h/64]&(1<<(h%64)) != 0 }

// gramBytes is the length of the grams attribute values are scanned by.
const gramBytes = 3

const htmlSpaces = " \t\n\r\f"

// asciiLower maps a byte to its ASCII lowercase.
func asciiLower(c byte) byte { return lowerTable[c] }

// lowerTable is ASCII lowercasing as a table (immutable).
var lowerTable = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if i >= 'A' && i <= 'Z' {
			t[i] = byte(i) + 'a' - 'A'
		}
	}
	return t
}()

func foldGram(s string, i int) uint32 {
	return uint32(lowerTable[s[i]])<<16 | uint32(lowerTable[s[i+1]])<<8 | uint32(lowerTable[s[i+2]])
}

// gramMask keeps the last three bytes of a rolling gram.
const gramMask = 1<<24 - 1

func setGramHash(k uint32) uint32 { return (k * knuthHash) >> (32 - 12) }

// scan calls emit with the atom of every test on this attribute name that
// value v satisfies (an atom may come more than once). buf is scratch
// space for lowercase copies; scan returns it for reuse.
func (t *atomTable) scan(s *attrSet, v string, buf []byte, emit func(int32)) []byte {
	for _, id := range s.exists {
		emit(id)
	}
	if s.eqLens&(1<<(len(v)%64)) == 0 {
		// No equality test has a value of this length.
	} else if s.eq != nil {
		for _, id := range s.eq[v] {
			emit(id)
		}
	}
	if s.eqFold != nil && s.eqLens&(1<<(len(v)%64)) != 0 {
		buf = appendLowerASCII(buf[:0], v)
		for _, id := range s.eqFold[string(buf)] {
			emit(id)
		}
	}
	if s.word != nil || s.wordFold != nil {
		eachClass(v, func(w string) {
			for _, id := range s.word[w] {
				emit(id)
			}
			if s.wordFold != nil {
				buf = appendLowerASCII(buf[:0], w)
				for _, id := range s.wordFold[string(buf)] {
					emit(id)
				}
			}
		})
	}
	for _, id := range s.short {
		if t.tests[id].matchValue(v) {
			emit(id)
		}
	}
	if len(v) < gramBytes {
		return buf
	}
	if s.suffix.slots != nil {
		if k := foldGram(v, len(v)-gramBytes); hasBit(s.suffixBits[:], affixHash(k)) {
			for _, id := range s.suffix.lookup(k) {
				a := &t.tests[id]
				if a.matchAt(v, len(v)-len(a.val)) {
					emit(id)
				}
			}
		}
	}
	if s.grams.slots == nil {
		return buf
	}
	end := len(v)
	if !s.substr {
		end = min(end, s.prefixEnd)
	}
	k := uint32(lowerTable[v[0]])<<8 | uint32(lowerTable[v[1]])
	for i := 0; i+gramBytes <= end; i++ {
		k = (k<<8 | uint32(lowerTable[v[i+2]])) & gramMask
		h := setGramHash(k)
		if s.bits[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		for _, gp := range s.grams.lookup(k) {
			if t.tests[gp.atom].matchAt(v, i-int(gp.off)) {
				emit(gp.atom)
			}
		}
	}
	return buf
}

// matchAt reports whether a substring-like test holds with its value at
// byte start of v.
func (a *attrTest) matchAt(v string, start int) bool {
	want := a.val
	if a.fold {
		want = a.lval
	}
	end := start + len(want)
	if start < 0 || end > len(v) {
		return false
	}
	switch a.op {
	case attrPrefix:
		if start != 0 {
			return false
		}
	case attrSuffix:
		if end != len(v) {
			return false
		}
	case attrDash:
		if start != 0 || (end != len(v) && v[end] != '-') {
			return false
		}
	}
	if a.fold {
		return equalFoldASCII(v[start:end], want)
	}
	return v[start:end] == want
}

// foldASCII lowercases the ASCII letters of s only (strings.ToLower would
// also lowercase "É", which the "i" flag must not).
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return string(appendLowerASCII(make([]byte, 0, len(s)), s))
		}
	}
	return s
}

func appendLowerASCII(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = append(dst, asciiLower(s[i]))
	}
	return dst
}

// equalFoldASCII reports whether s equals lower (already lowercase) when
// ASCII letters are compared without case.
func equalFoldASCII(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if asciiLower(s[i]) != lower[i] {
			return false
		}
	}
	return true
}

// indexFoldASCII returns the first index of lower (lowercase, non-empty)
// in s compared without ASCII case, or -1.
func indexFoldASCII(s, lower string) int {
	first := lower[0]
	upper := first
	if first >= 'a' && first <= 'z' {
		upper = first - 'a' + 'A'
	}
	for i := 0; i+len(lower) <= len(s); i++ {
		if c := s[i]; (c == first || c == upper) && equalFoldASCII(s[i:i+len(lower)], lower) {
			return i
		}
	}
	return -1
}

// matchValue tests the value of the attribute a names. The "i" flag
// compares ASCII letters without case, as CSS specifies, without
// lowercasing the value.
func (a *attrTest) matchValue(v string) bool {
	want := a.val
	if a.fold {
		want = a.lval
	}
	switch a.op {
	case attrExists:
		return true
	case attrEquals:
		if a.fold {
			return equalFoldASCII(v, want)
		}
		return v == want
	case attrIncludes:
		if want == "" || strings.ContainsAny(want, htmlSpaces) {
			return false
		}
		found := false
		eachClass(v, func(w string) {
			found = found || w == want || (a.fold && equalFoldASCII(w, want))
		})
		return found
	case attrDash:
		return a.matchAt(v, 0)
	case attrPrefix:
		return want != "" && a.matchAt(v, 0)
	case attrSuffix:
		return want != "" && a.matchAt(v, len(v)-len(want))
	case attrSubstr:
		if want == "" {
			return false
		}
		if a.fold {
			return indexFoldASCII(v, want) >= 0
		}
		return strings.Contains(v, want)
	}
	return false
}
