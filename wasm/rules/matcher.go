package rules

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// Matcher is a set of lists compiled for matching. It is immutable after
// Compile, so one Matcher can serve concurrent Match calls.
//
// Layout (after uBlock Origin's cosmetic filtering engine):
//   - generic rules sit in an index keyed by the id, a class, an attribute
//     test (an atom, see atoms.go) or the tag of their rightmost compound
//     selector, or by the alternatives of an :is() in it; matching walks
//     the page once and tests only the rules whose key the element has. A
//     lone ".class" or "#id" (most of any list) needs no test beyond the
//     key lookup. Identical generic selectors are merged.
//   - domain-specific rules sit in a map from each domain they name; a page
//     gathers those of its host and parent domains into a small index of
//     its own and the same walk tests them;
//   - every rule with more than a lone class or id has a gate (gate.go):
//     facts the page must have for it to match, checked once per page;
//   - exceptions (#@#) cancel rules with the same selector: generic ones at
//     compile time, domain-specific ones per page;
//   - procedural steps (:upward, CSS after it) run after the walk on the
//     elements found; similarity rules run after that, on the page's text.
type Matcher struct {
	lists      []*List
	generic    index
	specific   map[string][]*entry
	entities   bool // some rule names a domain as "example.*"
	excGeneric map[string]bool
	excDomain  map[string][]string
	excAllBut  []*Rule // generic exceptions with excluded domains
	sims       []*entry
	grams      gramTable
	// maxSimSpan bounds the bytes a similarity match spans: its phrase
	// and k insertions of the widest characters, with a margin.
	maxSimSpan int
	switches   map[string][]*Rule
	stats      Stats

	atoms *atomTable
	tabs  []tabMap
	nsel  int // memo slots of all symtabs
	gates []gate
	// lits are the gates' text literals, numbered (litIDs) so that a
	// page is searched once for each.
	lits   []literal
	litIDs map[litKey]int32
	litTab litTable
	// nmulti counts index slots filed under several keys.
	nmulti int
	// states recycles per-Match buffers (the only state Match changes;
	// sync.Pool is safe for concurrent use).
	states sync.Pool
}

// Stats describes a compiled Matcher.
type Stats struct {
	Lists int `json:"lists"`
	// Rules counts the rules given; Generic and Specific the CSS entries
	// compiled; Merged the generic duplicates folded into one entry;
	// Cancelled the rules removed by generic exceptions.
	Rules      int `json:"rules"`
	Generic    int `json:"generic"`
	Specific   int `json:"specific"`
	Similarity int `json:"similarity"`
	Exceptions int `json:"exceptions"`
	Heuristic  int `json:"heuristic"`
	Merged     int `json:"merged"`
	Cancelled  int `json:"cancelled"`
}

// entry is a compiled rule. Merged duplicates share the first rule.
type entry struct {
	rule *Rule
	dups int
	// prio is the rule's place in the compiled lists: the first listed
	// wins a tie on an element.
	prio int32
	// tab is the index of the rule's symtab mapping in Matcher.tabs (-1
	// for a lone class or id); alts describes each selector of the
	// rule's list (for a similarity rule, alts[0] is the block selector
	// and the steps after it).
	tab  int32
	alts []altInfo
}

// altInfo is how one selector of a rule is indexed and gated.
type altInfo struct {
	keys []indexKey
	gate int32 // index into Matcher.gates, or -1
	// multi numbers the slot when the selector is filed under several
	// keys (-1 otherwise).
	multi int32
}

// indexKey is one key a selector is filed under.
type indexKey struct {
	kind keyKind
	name string // id, class or tag
	atom int32  // keyAtom
}

// cand is an index slot: an entry and which selector of its list the key
// came from.
type cand struct {
	e   *entry
	alt int32
}

// slot holds what an id or class key finds: a lone ".class"/"#id" rule
// and the selectors keyed by it.
type slot struct {
	simple *entry
	cands  []cand
}

// index finds candidate rules for an element.
type index struct {
	byID, byClass map[string]*slot
	byAtom        map[int32][]cand
	byTag         map[string][]cand
	any           []cand
	size          int
	// slab hands out slots without one allocation each; its chunks
	// double up to slotSlab (a page's own index stays small).
	slab      []slot
	slabChunk int
	// nameBits, when set, has a bit per hashed id and class key: most of
	// a page's class names are in no rule, and a bit test spares the
	// lookup in maps of tens of thousands of names.
	nameBits []uint64
}

// nameFilterBits sizes the id and class filter (32 KB): sparse for the
// forty thousand names of a big list.
const nameFilterBits = 1 << 18

// nameHash is FNV-1a, folded to nameFilterBits.
func nameHash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return (h ^ h>>16) & (nameFilterBits - 1)
}

// filterNames builds nameBits once the index is complete.
func (ix *index) filterNames() {
	ix.nameBits = make([]uint64, nameFilterBits/64)
	for _, m := range []map[string]*slot{ix.byID, ix.byClass} {
		for name := range m {
			setBit(ix.nameBits, nameHash(name))
		}
	}
}

// mayHaveName reports whether id or class name may be a key.
func (ix *index) mayHaveName(name string) bool {
	return ix.nameBits == nil || hasBit(ix.nameBits, nameHash(name))
}

// keyKind is how the index finds candidate elements for a selector.
type keyKind uint8

const (
	keyID keyKind = iota
	keyClass
	keyAtom
	keyTag
	keyAny
)

// simple returns the entry already indexed for a lone .class or #id rule
// with the same name, or nil.
func (ix *index) simple(r *Rule) *entry {
	var s *slot
	switch r.simpleKind {
	case keyID:
		s = ix.byID[r.simpleName()]
	case keyClass:
		s = ix.byClass[r.simpleName()]
	}
	if s == nil {
		return nil
	}
	return s.simple
}

func (ix *index) slotFor(m *map[string]*slot, name string) *slot {
	if *m == nil {
		*m = map[string]*slot{}
	}
	s := (*m)[name]
	if s == nil {
		if len(ix.slab) == 0 {
			ix.slabChunk = min(max(2*ix.slabChunk, minSlotSlab), slotSlab)
			ix.slab = make([]slot, ix.slabChunk)
		}
		s = &ix.slab[0]
		ix.slab = ix.slab[1:]
		(*m)[name] = s
	}
	return s
}

// Slots allocated at once: the first chunk, and the largest.
const (
	minSlotSlab = 8
	slotSlab    = 1024
)

func (ix *index) add(e *entry) {
	ix.size++
	r := e.rule
	if r.simpleKind == keyID || r.simpleKind == keyClass {
		m := &ix.byClass
		if r.simpleKind == keyID {
			m = &ix.byID
		}
		if s := ix.slotFor(m, r.simpleName()); s.simple == nil {
			s.simple = e
		}
		return
	}
	for alt := range e.alts {
		c := cand{e: e, alt: int32(alt)}
		for _, k := range e.alts[alt].keys {
			switch k.kind {
			case keyID:
				s := ix.slotFor(&ix.byID, k.name)
				s.cands = append(s.cands, c)
			case keyClass:
				s := ix.slotFor(&ix.byClass, k.name)
				s.cands = append(s.cands, c)
			case keyAtom:
				appendAt(&ix.byAtom, k.atom, c)
			case keyTag:
				appendAt(&ix.byTag, k.name, c)
			default:
				ix.any = append(ix.any, c)
			}
		}
	}
}

// candidates calls f for every entry that may match element i of tr;
// simple is true when the key alone proves the match.
func (ix *index) candidates(tr *tree, i int32, f func(c cand, simple bool)) {
	if ix.size == 0 {
		return
	}
	n := tr.nodes[i]
	for k := range n.Attr {
		a := &n.Attr[k]
		if a.Namespace != "" {
			continue
		}
		switch a.Key {
		case "id":
			if a.Val != "" && ix.byID != nil && ix.mayHaveName(a.Val) {
				if s := ix.byID[a.Val]; s != nil {
					ix.fromSlot(s, f)
				}
			}
		case "class":
			if ix.byClass != nil {
				eachClass(a.Val, func(cls string) {
					if !ix.mayHaveName(cls) {
						return
					}
					if s := ix.byClass[cls]; s != nil {
						ix.fromSlot(s, f)
					}
				})
			}
		}
	}
	if ix.byAtom != nil {
		for _, a := range tr.elementAtoms(i) {
			for _, c := range ix.byAtom[a] {
				f(c, false)
			}
		}
	}
	if ix.byTag != nil {
		for _, c := range ix.byTag[n.Data] {
			f(c, false)
		}
	}
	for _, c := range ix.any {
		f(c, false)
	}
}

func (ix *index) fromSlot(s *slot, f func(c cand, simple bool)) {
	if s.simple != nil {
		f(cand{e: s.simple}, true)
	}
	for _, c := range s.cands {
		f(c, false)
	}
}

// eachClass calls f for each distinct-position class token of v.
func eachClass(v string, f func(string)) {
	for i := 0; i < len(v); {
		for i < len(v) && isHTMLSpace(v[i]) {
			i++
		}
		j := i
		for j < len(v) && !isHTMLSpace(v[j]) {
			j++
		}
		if j > i {
			f(v[i:j])
		}
		i = j
	}
}

// Compile builds a Matcher from parsed lists, in priority order (when two
// rules hit the same element, the earlier list's wins a tie).
func Compile(lists ...*List) *Matcher {
	m := &Matcher{
		lists:      lists,
		excGeneric: map[string]bool{},
		excDomain:  map[string][]string{},
		switches:   map[string][]*Rule{},
		atoms:      newAtomTable(),
	}
	m.stats.Lists = len(lists)
	// Exceptions first, so that they cancel rules of any list.
	for _, l := range lists {
		for i := range l.Rules {
			r := &l.Rules[i]
			if !r.Exception || r.Kind == KindHeuristic {
				continue
			}
			m.stats.Exceptions++
			if r.Generic() && len(r.NotDomains) > 0 {
				// ~a.com#@#x: an exception everywhere but a.com.
				m.excAllBut = append(m.excAllBut, r)
				continue
			}
			if r.Generic() {
				m.excGeneric[r.Body] = true
				continue
			}
			for _, d := range r.Domains {
				m.excDomain[d] = append(m.excDomain[d], r.Body)
			}
		}
	}
	total, domains := 0, 0
	for _, l := range lists {
		total += len(l.Rules)
		for i := range l.Rules {
			domains += len(l.Rules[i].Domains)
		}
	}
	m.specific = make(map[string][]*entry, domains)
	m.stats.Rules = total
	// One allocation for all entries, and maps sized once.
	c := &compiler{slab: make([]entry, total), merged: map[string]*entry{}, tabs: map[*symtab]int32{}}
	m.generic.byClass = make(map[string]*slot, total*3/4)
	m.generic.byID = make(map[string]*slot, total/4)
	for _, l := range lists {
		for i := range l.Rules {
			m.add(&l.Rules[i], c)
		}
	}
	m.atoms.finish()
	m.grams.freeze()
	m.litTab.freeze()
	if m.generic.size > minFilteredIndex {
		m.generic.filterNames()
	}
	return m
}

// minFilteredIndex is the size from which the generic index filters names
// with a bitset.
const minFilteredIndex = 256

// compiler is Compile's scratch state.
type compiler struct {
	slab   []entry
	next   int
	merged map[string]*entry // complex generic selectors seen, by body
	tabs   map[*symtab]int32
}

func (c *compiler) entry(r *Rule) *entry {
	e := &c.slab[c.next]
	e.prio = int32(c.next)
	c.next++
	e.rule = r
	e.tab = -1
	return e
}

// tabOf maps a symtab's numbers into the Matcher's, once per symtab.
func (m *Matcher) tabOf(t *symtab, c *compiler) int32 {
	if i, ok := c.tabs[t]; ok {
		return i
	}
	tm := tabMap{atoms: make([]int32, len(t.attrs)), selBase: int32(m.nsel)}
	for i := range t.attrs {
		tm.atoms[i] = m.atoms.attr(&t.attrs[i])
	}
	m.nsel += t.nsel()
	i := int32(len(m.tabs))
	m.tabs = append(m.tabs, tm)
	c.tabs[t] = i
	return i
}

func (m *Matcher) add(r *Rule, c *compiler) {
	switch {
	case r.Kind == KindHeuristic:
		m.stats.Heuristic++
		m.switches[r.Heuristic] = append(m.switches[r.Heuristic], r)
		return
	case r.Exception:
		return
	case m.excGeneric[r.Body]:
		m.stats.Cancelled++
		return
	}
	for _, d := range r.Domains {
		if strings.HasSuffix(d, ".*") {
			m.entities = true
		}
	}
	if r.Generic() && len(r.NotDomains) == 0 {
		if first := m.generic.simple(r); first != nil {
			first.dups++
			m.stats.Merged++
			return
		}
		if r.prog != nil && r.Kind != KindSimilarity {
			if first := c.merged[r.Body]; first != nil {
				first.dups++
				m.stats.Merged++
				return
			}
		}
	}
	e := c.entry(r)
	if r.prog != nil {
		m.prepare(e, c)
	}
	if r.Kind == KindSimilarity {
		m.stats.Similarity++
		idx := int32(len(m.sims))
		m.sims = append(m.sims, e)
		sp := r.prog.similar
		m.maxSimSpan = max(m.maxSimSpan, len(sp.norm)+2*(sp.k+1)*utf8.UTFMax)
		for pi, p := range r.prog.similar.pieces {
			m.grams.add(p.text, pieceRef{rule: idx, piece: int32(pi)})
		}
		return
	}
	if !r.Generic() {
		m.stats.Specific++
		for _, d := range r.Domains {
			m.specific[d] = append(m.specific[d], e)
		}
		return
	}
	if r.prog != nil && len(r.NotDomains) == 0 {
		c.merged[r.Body] = e
	}
	m.stats.Generic++
	m.generic.add(e)
}

// prepare maps a rule's symbols and computes its index keys and gates.
func (m *Matcher) prepare(e *entry, c *compiler) {
	prog := e.rule.prog
	e.tab = m.tabOf(prog.tab, c)
	tm := &m.tabs[e.tab]
	generic := e.rule.Generic()
	prog.eachAttr(func(a *attrTest) { m.atoms.use(tm.atoms[a.id], generic) })
	gb := &gateBuilder{at: m.atoms, tab: tm}
	if prog.similar != nil {
		var cls []clause
		if len(prog.sel) > 0 {
			cls = gb.complexClauses(&prog.sel[0], cls)
		}
		e.alts = []altInfo{{gate: m.addGate(gb.opClauses(prog.ops, cls)), multi: -1}}
		return
	}
	e.alts = make([]altInfo, len(prog.sel))
	for i := range prog.sel {
		cx := &prog.sel[i]
		keys := subjectKeys(&cx.parts[len(cx.parts)-1], gb)
		a := altInfo{keys: keys, multi: -1}
		if len(keys) > 1 {
			a.multi = int32(m.nmulti)
			m.nmulti++
		}
		a.gate = m.addGate(gb.opClauses(prog.ops, gb.complexClauses(cx, nil)))
		e.alts[i] = a
	}
}

// addGate stores a gate made of clauses, or returns -1 when none is
// worth checking.
func (m *Matcher) addGate(cs []clause) int32 {
	g, ok := finishGate(cs, m.literal)
	if !ok {
		return -1
	}
	m.gates = append(m.gates, g)
	return int32(len(m.gates) - 1)
}

// litKey identifies a literal.
type litKey struct {
	s    string
	fold bool
}

// literal numbers a gate literal.
func (m *Matcher) literal(l literal) int32 {
	k := litKey{string(l.b), l.fold}
	if id, ok := m.litIDs[k]; ok {
		return id
	}
	if m.litIDs == nil {
		m.litIDs = map[litKey]int32{}
	}
	id := int32(len(m.lits))
	m.litIDs[k] = id
	m.lits = append(m.lits, l)
	m.litTab.add(id, l)
	return id
}

// Key strengths: which key of a compound finds the fewest elements.
const (
	strengthAny = iota
	strengthCommonTag
	strengthExists
	strengthTag
	strengthValue
	strengthName // id or class
)

// subjectKeys returns the keys a compound is filed under: its id, a
// class, an attribute test, the alternatives of an :is() whose selectors
// all have keys, or its tag, whichever finds the fewest elements.
func subjectKeys(c *compound, gb *gateBuilder) []indexKey {
	keys, _ := compoundKeys(c, gb, 0)
	return keys
}

// maxKeyDepth bounds the :is() nesting looked into for keys.
const maxKeyDepth = 2

func compoundKeys(c *compound, gb *gateBuilder, depth int) ([]indexKey, int) {
	switch {
	case c.id != "":
		return []indexKey{{kind: keyID, name: c.id}}, strengthName
	case len(c.classes) > 0:
		return []indexKey{{kind: keyClass, name: c.classes[0]}}, strengthName
	}
	var best []indexKey
	bestStrength := strengthAny
	consider := func(k []indexKey, s int) {
		if s > bestStrength || (s == bestStrength && len(k) < len(best)) {
			best, bestStrength = k, s
		}
	}
	for i := range c.attrs {
		a := &c.attrs[i]
		s := strengthValue
		if a.op == attrExists {
			s = strengthExists
		}
		consider([]indexKey{{kind: keyAtom, atom: gb.tab.atoms[a.id]}}, s)
	}
	if c.tag != "" {
		s := strengthTag
		if commonTags[c.tag] {
			s = strengthCommonTag
		}
		consider([]indexKey{{kind: keyTag, name: c.tag}}, s)
	}
	if depth < maxKeyDepth {
		for _, ps := range c.pseudos {
			if ps.kind != psIs {
				continue
			}
			if k, s, ok := groupKeys(ps.group, gb, depth+1); ok {
				consider(k, s)
			}
		}
	}
	if best == nil {
		return []indexKey{{kind: keyAny}}, strengthAny
	}
	return best, bestStrength
}

// groupKeys returns the keys of an :is() list: the union of its
// selectors' subject keys, as strong as the weakest.
func groupKeys(g []complexSel, gb *gateBuilder, depth int) ([]indexKey, int, bool) {
	var keys []indexKey
	strength := strengthName
	for i := range g {
		cx := &g[i]
		if cx.lead != combNone {
			return nil, 0, false
		}
		k, s := compoundKeys(&cx.parts[len(cx.parts)-1], gb, depth)
		if s == strengthAny {
			return nil, 0, false
		}
		keys = append(keys, k...)
		strength = min(strength, s)
	}
	return keys, strength, len(keys) > 0
}

// Stats describes the compiled rules.
func (m *Matcher) Stats() Stats { return m.stats }

// Lists returns the lists the Matcher was compiled from.
func (m *Matcher) Lists() []*List { return m.lists }

// Load parses and compiles lists in one step, as the extension's
// setRules does; the parsed lists carry the diagnostics.
func Load(srcs ...Source) (*Matcher, []*List) {
	lists := make([]*List, len(srcs))
	for i, s := range srcs {
		lists[i] = ParseSource(s)
	}
	return Compile(lists...), lists
}
