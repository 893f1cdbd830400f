package rules

import "sort"

// symtab numbers the attribute tests and the nested selectors of one list
// while it is parsed, so that the matcher keeps per-page results in slices
// indexed by these numbers instead of maps keyed by pointers:
//
//   - every distinct attribute test ([href*="donat" i]) gets an id; the
//     matcher evaluates all tests of all rules on an element's attributes
//     in one pass (see atoms.go), and a rule's test is then a lookup;
//   - every distinct nested selector (an argument of :not, :is, :has or
//     :upward) gets an id; textually identical selectors, such as the same
//     guard written in fifty rules, share it, so their result on an
//     element is computed once per page for all those rules.
//
// A symtab is filled by one parser and read-only once its list is parsed;
// Compile maps its numbers to the Matcher's, so one parsed list can be
// compiled into several matchers.
type symtab struct {
	attrs   []attrTest // by id
	attrIDs map[attrKey]int32
	selIDs  map[string]int32
	// regexInsts counts the instructions of the :has-text() regexes of the
	// list's rules that parsed (bounded by MaxListRegexInsts).
	regexInsts int
}

// attrKey identifies an attribute test by what it tests.
type attrKey struct {
	name string
	op   attrOp
	val  string
	fold bool
}

func newSymtab() *symtab {
	return &symtab{attrIDs: map[attrKey]int32{}, selIDs: map[string]int32{}}
}

// attr numbers an attribute test (filling a.id) and precomputes its
// lowercase value for the case-insensitive flag.
func (t *symtab) attr(a *attrTest) {
	if a.fold {
		a.lval = foldASCII(a.val)
	}
	k := attrKey{a.name, a.op, a.val, a.fold}
	id, ok := t.attrIDs[k]
	if !ok {
		id = int32(len(t.attrs))
		t.attrIDs[k] = id
		a.id = id
		t.attrs = append(t.attrs, *a)
	}
	a.id = id
}

// sel returns the id of a nested selector, by its context and source text.
func (t *symtab) sel(key string) int32 {
	id, ok := t.selIDs[key]
	if !ok {
		id = int32(len(t.selIDs))
		t.selIDs[key] = id
	}
	return id
}

// eachAttr calls f for every attribute test of the program: in its
// selector, nested selectors and procedural steps.
func (p *program) eachAttr(f func(*attrTest)) {
	for i := range p.sel {
		p.sel[i].eachAttr(f)
	}
	for i := range p.ops {
		o := &p.ops[i]
		for j := range o.group {
			o.group[j].eachAttr(f)
		}
		o.comp.eachAttr(f)
		o.rel.eachAttr(f)
	}
}

func (cx *complexSel) eachAttr(f func(*attrTest)) {
	for i := range cx.parts {
		cx.parts[i].eachAttr(f)
	}
}

func (c *compound) eachAttr(f func(*attrTest)) {
	for i := range c.attrs {
		f(&c.attrs[i])
	}
	for _, ps := range c.pseudos {
		for j := range ps.group {
			ps.group[j].eachAttr(f)
		}
	}
}

// nsel is the number of selector ids.
func (t *symtab) nsel() int { return len(t.selIDs) }

// Selector contexts for symtab.sel keys: the same text means the same
// thing in :not/:is/:upward lists, but has its own per-element result as
// a :has() argument.
const (
	ctxGroup    = "g"
	ctxRelative = "h"
)

// pseudoCost orders the simple selectors of a compound cheapest first:
// a compound is a conjunction, so the order does not change its meaning,
// and a cheap test that fails spares the costly ones (a :has() subtree
// search, a :has-text() regex).
func pseudoCost(ps *pseudo) int {
	switch ps.kind {
	case psNever, psScope:
		return 0
	case psCascadia, psPosition, psMinTextLength, psMaxTextLength:
		return 1
	case psNot, psIs:
		return 1 + groupCost(ps.group)
	case psHas, psHasNot:
		return costHas
	case psHasText:
		return costHasText
	}
	return costHasText
}

// Costs of the selectors that search: a memoized :has(), and a text
// search (the most expensive: it reads the element's whole text).
const (
	costCombinator = 3
	costHas        = 4
	costHasText    = 5
)

func groupCost(g []complexSel) int {
	c := 0
	for i := range g {
		cx := &g[i]
		if len(cx.parts) > 1 || cx.lead != combNone {
			c = max(c, costCombinator)
		}
		for j := range cx.parts {
			for _, ps := range cx.parts[j].pseudos {
				c = max(c, pseudoCost(ps))
			}
		}
	}
	return c
}

// sortPseudos puts a compound's pseudo-classes cheapest first.
func (c *compound) sortPseudos() {
	sort.SliceStable(c.pseudos, func(i, j int) bool { return pseudoCost(c.pseudos[i]) < pseudoCost(c.pseudos[j]) })
}

// hasMode says how a :has() argument is evaluated. The fast modes apply
// when the selector does not depend on the scope element other than
// through its leading combinator, so its result on an element can be
// remembered for every scope.
type hasMode uint8

const (
	// hasScoped: the general case, evaluated with the scope element set.
	hasScoped hasMode = iota
	// hasDescendant: some descendant matches (:has(a), :has(p ~ p)).
	hasDescendant
	// hasChild: some child matches (:has(> a), :has(> h3 + form)).
	hasChild
	// hasNext: the next sibling matches (:has(+ a)).
	hasNext
	// hasLater: a later sibling matches (:has(~ a)).
	hasLater
)

// siblingOnly reports whether cx's compounds are joined only by + and ~,
// so that all of them are siblings of its subject.
func (cx *complexSel) siblingOnly() bool {
	for _, c := range cx.combs {
		if c != combNext && c != combLater {
			return false
		}
	}
	return true
}

// isScoped reports whether cx mentions :scope at its own level (in its
// compounds or their :not/:is arguments; a nested :has() has its own).
func (cx *complexSel) isScoped() bool {
	for i := range cx.parts {
		for _, ps := range cx.parts[i].pseudos {
			switch ps.kind {
			case psScope:
				return true
			case psNot, psIs:
				for j := range ps.group {
					if ps.group[j].scoped {
						return true
					}
				}
			}
		}
	}
	return false
}

// chooseHasMode picks the evaluation of a :has() argument.
func (cx *complexSel) chooseHasMode() hasMode {
	if cx.scoped || !cx.siblingOnly() {
		return hasScoped
	}
	switch cx.lead {
	case combNone, combDescendant:
		return hasDescendant
	case combChild:
		return hasChild
	case combNext:
		if len(cx.parts) == 1 {
			return hasNext
		}
	case combLater:
		if len(cx.parts) == 1 {
			return hasLater
		}
	}
	return hasScoped
}
