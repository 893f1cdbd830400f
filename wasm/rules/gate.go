package rules

import "sort"

// Gates skip rules that cannot match a page. A rule's selector names
// facts that must hold somewhere on the page for it to match:
// ":is(div, aside):has(> a[href*="donat" i]):not(:min-text-length(800))"
// needs a link whose href contains "donat"; a sign-up box rule needs an
// e-mail field. Compile derives such necessary conditions from each
// selector, as clauses over atoms (attribute tests and tags, see
// atoms.go): a clause holds when one of its atoms is true on some element
// of the page. The page preparation records which atoms are true
// anywhere, so a rule whose gate fails is skipped for the whole page
// without testing any element: most pages have no donation link, and the
// donation rules cost nothing there.
//
// A clause can also name text: ":has-text(/^\s*new\b.*newsletter:/i)"
// needs "newsletter" (in any case) somewhere in the page's text, and a
// page without it skips the rule (see literals.go for the literals of a
// regex).
//
// Gates are exact: a clause is only derived from parts of a selector that
// every match must satisfy (the compounds of the selector, the arguments
// of :is() and :has(), the selectors of :upward() and of the steps after
// it; never :not()).
type gate struct {
	clauses []gateClause
}

// gateClause holds when one of its atoms is true on some element, or one
// of its literals (numbered in Matcher.lits) is in the page's text.
type gateClause struct {
	atoms []int32
	lits  []int32
}

// maxGateClauses bounds the clauses kept per gate (the most selective).
const maxGateClauses = 4

// Clause scores: how likely a clause is to fail on a page, roughly.
const (
	scoreNone   = 0
	scoreExists = 1 // [data-x]: the attribute exists
	scoreTag    = 2 // a tag that many pages lack (<iframe>, <input>)
	scoreText   = 2 // words in the page's text
	scoreValue  = 3 // [href*="donat"]: an attribute value
)

// commonTags are on (nearly) every page: a clause naming one holds
// everywhere and is not worth keeping.
var commonTags = map[string]bool{
	"html": true, "head": true, "body": true, "div": true, "span": true, "a": true, "p": true,
	"li": true, "ul": true, "img": true, "br": true, "script": true, "style": true, "link": true,
	"meta": true, "title": true, "section": true, "article": true, "header": true, "footer": true,
	"nav": true, "main": true, "h1": true, "h2": true, "h3": true, "i": true, "b": true, "em": true,
	"strong": true, "svg": true, "path": true,
}

// clause is a disjunction of atoms and literals with its score.
type clause struct {
	atoms []int32
	texts []literal
	score int
}

// gateBuilder derives clauses with the Matcher's atom numbering.
type gateBuilder struct {
	at  *atomTable
	tab *tabMap
}

// complexClauses adds the clauses of every compound of cx.
func (b *gateBuilder) complexClauses(cx *complexSel, out []clause) []clause {
	for i := range cx.parts {
		out = b.compoundClauses(&cx.parts[i], out)
	}
	return out
}

// compoundClauses adds the clauses an element matching c satisfies.
func (b *gateBuilder) compoundClauses(c *compound, out []clause) []clause {
	if c.tag != "" && !commonTags[c.tag] {
		out = append(out, clause{atoms: []int32{b.at.tag(c.tag)}, score: scoreTag})
	}
	for i := range c.attrs {
		a := &c.attrs[i]
		score := scoreValue
		if a.op == attrExists {
			score = scoreExists
		}
		out = append(out, clause{atoms: []int32{b.tab.atoms[a.id]}, score: score})
	}
	for _, ps := range c.pseudos {
		switch ps.kind {
		case psIs, psHas:
			if cl, ok := b.groupClause(ps.group); ok {
				out = append(out, cl)
			}
		case psHasText:
			switch {
			case ps.re == nil:
				out = append(out, clause{texts: []literal{{b: ps.text}}, score: scoreText})
			case len(ps.lits) > 0:
				out = append(out, clause{texts: ps.lits, score: scoreText})
			}
		}
	}
	return out
}

// groupClause is the union of the best clause of each alternative of a
// list: whichever alternative matches, its clause holds.
func (b *gateBuilder) groupClause(g []complexSel) (clause, bool) {
	u := clause{score: scoreValue}
	for i := range g {
		best, ok := b.bestClause(&g[i])
		if !ok {
			return clause{}, false
		}
		u.atoms = append(u.atoms, best.atoms...)
		u.texts = append(u.texts, best.texts...)
		u.score = min(u.score, best.score)
	}
	return u, len(u.atoms)+len(u.texts) > 0
}

// bestClause is the most selective clause of a selector.
func (b *gateBuilder) bestClause(cx *complexSel) (clause, bool) {
	all := b.complexClauses(cx, nil)
	if len(all) == 0 {
		return clause{}, false
	}
	sortClauses(all)
	return all[0], true
}

// sortClauses orders clauses best first: higher score, then fewer atoms.
func sortClauses(cs []clause) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].score != cs[j].score {
			return cs[i].score > cs[j].score
		}
		return len(cs[i].atoms)+len(cs[i].texts) < len(cs[j].atoms)+len(cs[j].texts)
	})
}

// opClauses adds the clauses of procedural steps: the ancestor :upward()
// selects, and what the steps after it test, exist on the page.
func (b *gateBuilder) opClauses(ops []op, out []clause) []clause {
	for i := range ops {
		o := &ops[i]
		switch o.kind {
		case opUpwardSel:
			if cl, ok := b.groupClause(o.group); ok {
				out = append(out, cl)
			}
		case opFilter:
			out = b.compoundClauses(&o.comp, out)
		case opRelative:
			out = b.complexClauses(&o.rel, out)
		}
	}
	return out
}

// finishGate keeps the best clauses, numbering their literals with lit;
// ok is false when none is worth a gate.
func finishGate(cs []clause, lit func(literal) int32) (gate, bool) {
	var g gate
	sortClauses(cs)
	for _, c := range cs {
		if c.score < scoreExists || len(g.clauses) == maxGateClauses {
			break
		}
		gc := gateClause{atoms: dedupAtoms(c.atoms)}
		for _, l := range c.texts {
			gc.lits = append(gc.lits, lit(l))
		}
		g.clauses = append(g.clauses, gc)
	}
	// Attribute and tag clauses first: they need no text.
	sort.SliceStable(g.clauses, func(i, j int) bool { return len(g.clauses[i].lits) < len(g.clauses[j].lits) })
	return g, len(g.clauses) > 0
}

func dedupAtoms(a []int32) []int32 {
	seen := make(map[int32]bool, len(a))
	out := a[:0:0]
	for _, x := range a {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// gateHolds evaluates gate g on the page, once.
func (ev *evaluator) gateHolds(m *Matcher, g int32) bool {
	if r, ok := recall(ev.gates[g], ownShift); ok {
		return r
	}
	ok := true
	for k := range m.gates[g].clauses {
		if !ev.clauseHolds(m, &m.gates[g].clauses[k]) {
			ok = false
			break
		}
	}
	ev.gates[g] = memoOf(ok)
	return ok
}

// clauseHolds reports whether one of the clause's atoms is on the page or
// one of its literals in the page's text.
func (ev *evaluator) clauseHolds(m *Matcher, cl *gateClause) bool {
	for _, a := range cl.atoms {
		if ev.tr.isPresent(a) {
			return true
		}
	}
	for _, id := range cl.lits {
		if ev.literalOnPage(m, id) {
			return true
		}
	}
	return false
}

// literalOnPage reports whether literal id is in the page's text (the
// text walk finds them all, see pageText.lits).
func (ev *evaluator) literalOnPage(m *Matcher, id int32) bool {
	if r, ok := recall(ev.lits[id], ownShift); ok {
		return r
	}
	t := ev.tr.textOf()
	ok := t.lits[id]
	// A risky literal may match what only Unicode case folding sees.
	if l := &m.lits[id]; !ok && l.fold && l.risky {
		ok = t.risk
	}
	ev.lits[id] = memoOf(ok)
	return ok
}
