package rules

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// evaluator matches parsed selectors against the elements of one prepared
// page (a tree), by element number. It remembers per-element results of
// nested selectors in byte slices (memos), so that a guard written in
// fifty rules, or a :has() asked of every ancestor, costs one pass over
// the page. It counts its work: a hostile page (512-deep nesting, 100,000
// elements) combined with an expensive rule stops at the budget instead
// of running for minutes; Result.Truncated then says so.
type evaluator struct {
	tr *tree
	// tab maps the symbol numbers of the rule being evaluated (its
	// list's) to the Matcher's.
	tab       *tabMap
	scope     int32
	budget    int
	exhausted bool
	// memo[slot] holds, per element, two 2-bit answers about a nested
	// selector (see memoFor); nil until first used.
	memo   [][]uint8
	chunks [][]uint8
	chunk  int
	// gates[g] caches gate g's answer on this page, lits[l] whether
	// gate literal l is in its text (memo answers, 0 unknown).
	gates []uint8
	lits  []uint8
	// spanText and lowered are scratch space for an element's text
	// (elementText) and its lowercase (lower).
	spanText []byte
	lowered  []byte
	// marks[k] is the element (plus 1) a multi-key index slot k was last
	// tested on, so an element found under two keys is tested once.
	marks []int32
	// gramHits and pieceHits are scratch space for the similarity search.
	gramHits     []gramHit
	pieceHits    []pieceHit
	pieceHitsOut []pieceHit
	ruleCount    []int32
}

// tabMap maps one symtab's numbers to a Matcher's.
type tabMap struct {
	atoms   []int32 // attribute test id → atom
	selBase int32   // selector id + selBase → memo slot
}

// Memo answers, also those of gates and literals: 0 is unknown.
const (
	memoNo  uint8 = 1
	memoYes uint8 = 2
	// A memo byte holds two answers: the selector's own match at
	// ownShift, and above it, at auxShift, a :has() or ancestor result.
	ownShift = 0
	auxShift = 2
)

func memoOf(b bool) uint8 {
	if b {
		return memoYes
	}
	return memoNo
}

// recall returns the answer memo byte b holds at shift, and whether it
// holds one.
func recall(b uint8, shift uint) (answer, known bool) {
	v := b >> shift & 3
	return v == memoYes, v != 0
}

// remember stores answer r in memo byte *b at shift.
func remember(b *uint8, shift uint, r bool) {
	*b = *b&^(3<<shift) | memoOf(r)<<shift
}

// matchBudget is the number of compound-selector tests one Match call may
// make: about 200 ms natively on a deep page. Real pages with Fanboy's
// list use a few thousand.
const matchBudget = 2_000_000

// Text searched per budget unit (a unit is about one compound test, some
// 100 ns): a substring search scans about 10 bytes a nanosecond, an RE2
// match about 1.
const (
	textBytesPerUnit  = 1024
	regexBytesPerUnit = 128
)

// memoChunk is the size of the byte slabs memos are cut from.
const memoChunk = 1 << 16

// reset prepares the evaluator for matching m on a page, keeping its
// buffers.
func (ev *evaluator) reset(tr *tree, m *Matcher) {
	nsel, ngates, nmulti := m.nsel, len(m.gates), m.nmulti
	ev.lits = resize(ev.lits, len(m.lits))
	clear(ev.lits)
	ev.tr, ev.tab, ev.scope, ev.budget, ev.exhausted = tr, nil, -1, matchBudget, false
	ev.memo = resize(ev.memo, nsel)
	clear(ev.memo)
	for i := 0; i <= ev.chunk && i < len(ev.chunks); i++ {
		clear(ev.chunks[i])
	}
	if len(ev.chunks) > 0 {
		ev.chunks[0] = ev.chunks[0][:0]
	}
	ev.chunk = 0
	ev.gates = resize(ev.gates, ngates)
	clear(ev.gates)
	ev.marks = resize(ev.marks, nmulti)
	clear(ev.marks)
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// memoFor returns the memo of nested selector cx (one byte per element).
func (ev *evaluator) memoFor(cx *complexSel) []uint8 {
	slot := ev.tab.selBase + cx.id
	if m := ev.memo[slot]; m != nil {
		return m
	}
	n := ev.tr.size()
	if n > memoChunk {
		m := make([]uint8, n)
		ev.memo[slot] = m
		return m
	}
	if len(ev.chunks) == 0 {
		ev.chunks = append(ev.chunks, make([]uint8, 0, memoChunk))
	}
	c := ev.chunks[ev.chunk]
	if cap(c)-len(c) < n {
		ev.chunk++
		if ev.chunk == len(ev.chunks) {
			ev.chunks = append(ev.chunks, make([]uint8, 0, memoChunk))
		}
		c = ev.chunks[ev.chunk][:0]
	}
	m := c[len(c) : len(c)+n : len(c)+n]
	ev.chunks[ev.chunk] = c[:len(c)+n]
	ev.memo[slot] = m
	return m
}

// spend takes one unit of budget and reports whether work may go on.
func (ev *evaluator) spend() bool {
	if ev.budget <= 0 {
		ev.exhausted = true
		return false
	}
	ev.budget--
	return true
}

// charge takes units of budget for searching text.
func (ev *evaluator) charge(units int) bool {
	ev.budget -= units
	if ev.budget <= 0 {
		ev.exhausted = true
		return false
	}
	return true
}

// matchGroup reports whether element i matches any selector of g.
func (ev *evaluator) matchGroup(g []complexSel, i int32) bool {
	for k := range g {
		if ev.matchSel(&g[k], i) {
			return true
		}
	}
	return false
}

// matchSel matches a selector of a list, remembering the answer per
// element for nested selectors with combinators (":not(nav *)" is asked
// of every candidate of many rules).
func (ev *evaluator) matchSel(cx *complexSel, i int32) bool {
	if len(cx.parts) == 1 && cx.lead == combNone {
		return ev.matchCompound(&cx.parts[0], i)
	}
	if cx.id < 0 || cx.scoped || cx.lead != combNone || ev.tab == nil {
		return ev.matchComplex(cx, i)
	}
	m := ev.memoFor(cx)
	if r, ok := recall(m[i], ownShift); ok {
		return r
	}
	var r bool
	if len(cx.parts) == 2 && cx.combs[0] == combDescendant {
		// "A B": B here and A above, remembered per element.
		r = ev.matchCompound(&cx.parts[1], i) && ev.ancestorMatches(cx, m, i)
	} else {
		r = ev.matchComplex(cx, i)
	}
	remember(&m[i], ownShift, r)
	return r
}

// ancestorMatches reports whether an ancestor of i matches cx.parts[0].
func (ev *evaluator) ancestorMatches(cx *complexSel, m []uint8, i int32) bool {
	p := ev.tr.parent[i]
	if p < 0 {
		return false
	}
	if r, ok := recall(m[i], auxShift); ok {
		return r
	}
	r := ev.matchCompound(&cx.parts[0], p) || ev.ancestorMatches(cx, m, p)
	remember(&m[i], auxShift, r)
	return r
}

// matchComplex reports whether element i is the subject of cx.
func (ev *evaluator) matchComplex(cx *complexSel, i int32) bool {
	if len(cx.parts) == 1 && cx.lead == combNone {
		return ev.matchCompound(&cx.parts[0], i)
	}
	return ev.matchFrom(cx, cx.lead, len(cx.parts)-1, i) == matched
}

// hasTag reports whether n's tag is one of tags (lowercase).
func hasTag(n *html.Node, tags []string) bool {
	for _, t := range tags {
		if isTag(n, t) {
			return true
		}
	}
	return false
}

// isTag reports whether n's tag is t (lowercase): the parser lowercases
// HTML tags; SVG and MathML keep their case (foreignObject).
func isTag(n *html.Node, t string) bool {
	return n.Data == t || (n.Namespace != "" && strings.EqualFold(n.Data, t))
}

// matchResult is Servo's (selectors crate) refinement of "did not match",
// which stops the backtracking that would otherwise make "a b c d" cost
// depth^3 on a deep tree: a failure of a compound can tell the caller
// that no other candidate of a given kind can succeed either.
type matchResult uint8

const (
	matched matchResult = iota
	restartFromLaterSibling
	restartFromDescendant
	notMatchedGlobally
)

// matchFrom matches cx.parts[:idx+1] with parts[idx] on i, right to left,
// with lead as the leading combinator (combNone: match cx as a plain
// selector). idx == -1 stands for the scope element of a relative
// selector.
func (ev *evaluator) matchFrom(cx *complexSel, lead combinator, idx int, i int32) matchResult {
	if idx < 0 {
		if i == ev.scope {
			return matched
		}
		return restartFromLaterSibling
	}
	if !ev.matchCompound(&cx.parts[idx], i) {
		return restartFromLaterSibling
	}
	var comb combinator
	if idx == 0 {
		if lead == combNone {
			return matched
		}
		comb = lead
	} else {
		comb = cx.combs[idx-1]
	}
	notFound := notMatchedGlobally
	if comb == combNext || comb == combLater {
		notFound = restartFromDescendant
	}
	next := ev.nextFor(i, comb)
	for {
		if next < 0 {
			return notFound
		}
		r := ev.matchFrom(cx, lead, idx-1, next)
		switch {
		case r == matched || r == notMatchedGlobally || comb == combNext:
			return r
		case comb == combChild:
			return restartFromDescendant
		case r == restartFromDescendant && comb == combLater:
			return r
		}
		if ev.exhausted {
			return notMatchedGlobally
		}
		next = ev.nextFor(next, comb)
	}
}

// nextFor steps to the element a combinator relates i to.
func (ev *evaluator) nextFor(i int32, comb combinator) int32 {
	if comb == combChild || comb == combDescendant {
		return ev.tr.parent[i]
	}
	return ev.tr.prev[i]
}

// matchCompound tests every simple selector of c on element i.
func (ev *evaluator) matchCompound(c *compound, i int32) bool {
	if !ev.spend() {
		return false
	}
	n := ev.tr.nodes[i]
	if c.tag != "" && !isTag(n, c.tag) {
		return false
	}
	if c.id != "" && attr(n, "id") != c.id {
		return false
	}
	if len(c.classes) > 0 {
		cls, ok := attrOK(n, "class")
		if !ok {
			return false
		}
		for _, want := range c.classes {
			if !hasClass(cls, want) {
				return false
			}
		}
	}
	for k := range c.attrs {
		if !ev.matchAttr(&c.attrs[k], i) {
			return false
		}
	}
	for _, ps := range c.pseudos {
		if !ev.matchPseudo(ps, i) {
			return false
		}
	}
	return true
}

// matchAttr evaluates an attribute selector: a lookup among the atoms
// the page preparation found true on the element.
func (ev *evaluator) matchAttr(a *attrTest, i int32) bool {
	if t := ev.tab; t != nil && int(a.id) < len(t.atoms) {
		return ev.tr.has(i, t.atoms[a.id])
	}
	return matchAttr(a, ev.tr.nodes[i])
}

func (ev *evaluator) matchPseudo(ps *pseudo, i int32) bool {
	switch ps.kind {
	case psNot:
		if ps.tags != nil {
			return !hasTag(ev.tr.nodes[i], ps.tags)
		}
		return !ev.matchGroup(ps.group, i)
	case psIs:
		if ps.tags != nil {
			return hasTag(ev.tr.nodes[i], ps.tags)
		}
		return ev.matchGroup(ps.group, i)
	case psHas:
		return ev.has(ps.group, i)
	case psHasNot:
		return !ev.has(ps.group, i)
	case psHasText:
		return ev.hasText(ps, i)
	case psMinTextLength:
		return int(ev.tr.textOf().clen[i]) >= ps.n
	case psMaxTextLength:
		return int(ev.tr.textOf().clen[i]) <= ps.n
	case psScope:
		return i == ev.scope
	case psCascadia:
		return matchCascadia(ps, ev.tr.nodes[i])
	case psPosition:
		return ev.matchPosition(ps, i)
	}
	return false
}

// hasText evaluates :has-text(). A regex is tried only when the text
// holds one of the literals every match must contain.
func (ev *evaluator) hasText(ps *pseudo, i int32) bool {
	txt := ev.elementText(i)
	// Searching text costs in proportion to its length: charge it, so
	// :has-text() on every ancestor of a 20 MB page stops at the budget.
	if ps.re == nil {
		return ev.charge(len(txt)/textBytesPerUnit) && bytes.Contains(txt, ps.text)
	}
	if len(ps.lits) > 0 && !ev.anyLiteral(ps.lits, txt, ev.tr.text.spans[i]) {
		return false
	}
	return ev.charge(len(txt)/regexBytesPerUnit) && ps.re.Match(txt)
}

// Where an element's raw text is read from (elementText): a page with
// under shortPageBytes of text has all of it gathered once, as most
// pages' rules need it; on a longer page, an element with under
// longSpanBytes of text has its own gathered apart, and only a longer
// one has the whole page's gathered, which would cost far more than the
// test of a short element.
const (
	shortPageBytes = 1 << 20
	longSpanBytes  = 1 << 16
)

// elementText returns element i's raw text (its textContent, as the
// page's raw text holds it).
func (ev *evaluator) elementText(i int32) []byte {
	t := ev.tr.textOf()
	sp := t.spans[i]
	if t.hasRaw || t.rawLen < shortPageBytes || sp.rawEnd-sp.rawStart >= longSpanBytes {
		return t.rawText()[sp.rawStart:sp.rawEnd]
	}
	ev.spanText = appendText(ev.spanText[:0], ev.tr.nodes[i], int(sp.rawStart))
	return ev.spanText
}

// anyLiteral reports whether an element's text raw (span sp) contains
// one of lits.
func (ev *evaluator) anyLiteral(lits []literal, raw []byte, sp span) bool {
	if !ev.charge(len(raw) * len(lits) / textBytesPerUnit) {
		return false
	}
	var low []byte
	for _, l := range lits {
		if !l.fold {
			if bytes.Contains(raw, l.b) {
				return true
			}
			continue
		}
		if l.risky && ev.tr.text.risk {
			return true // Unicode folding may match what ASCII cannot see
		}
		if low == nil {
			low = ev.lower(raw, sp)
		}
		if bytes.Contains(low, l.b) {
			return true
		}
	}
	return false
}

// lower returns raw, the text of span sp, in ASCII lowercase: a slice of
// the lowercased copy of the page's raw text, made once, when that is
// made or the text is long (elementText has then gathered the page's raw
// text), else a copy in scratch space.
func (ev *evaluator) lower(raw []byte, sp span) []byte {
	t := &ev.tr.text
	if t.hasLower || len(raw) >= longSpanBytes {
		return t.lowerText()[sp.rawStart:sp.rawEnd]
	}
	ev.lowered = appendLower(ev.lowered[:0], raw)
	return ev.lowered
}

// matchCascadia evaluates a structural pseudo-class; a panic inside
// cascadia counts as no match.
func matchCascadia(ps *pseudo, n *html.Node) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return ps.sel.Match(n)
}

// has evaluates :has(relative selectors) on element i.
func (ev *evaluator) has(g []complexSel, i int32) bool {
	for k := range g {
		cx := &g[k]
		var r bool
		switch cx.mode {
		case hasDescendant:
			r = ev.hasDescendant(cx, i)
		case hasChild:
			for c := i + 1; c < ev.tr.end[i] && !r; c = ev.tr.end[c] {
				r = ev.matchBare(cx, c)
			}
		case hasNext:
			if s := ev.tr.nextSibling(i); s >= 0 {
				r = ev.matchBare(cx, s)
			}
		case hasLater:
			for s := ev.tr.nextSibling(i); s >= 0 && !r; s = ev.tr.nextSibling(s) {
				r = ev.matchBare(cx, s)
			}
		default:
			r = ev.hasScoped(cx, i)
		}
		if r {
			return true
		}
		if ev.exhausted {
			return false
		}
	}
	return false
}

// matchBare matches a :has() argument on element i ignoring its leading
// combinator, remembering the answer.
func (ev *evaluator) matchBare(cx *complexSel, i int32) bool {
	if ev.tab == nil || cx.id < 0 {
		return ev.matchFrom(cx, combNone, len(cx.parts)-1, i) == matched
	}
	m := ev.memoFor(cx)
	if r, ok := recall(m[i], ownShift); ok {
		return r
	}
	r := ev.matchFrom(cx, combNone, len(cx.parts)-1, i) == matched
	remember(&m[i], ownShift, r)
	return r
}

// hasDescendant reports whether an element below i matches cx: a child
// does, or has such a descendant. Each element's answer is remembered,
// so asking every ancestor costs one pass over the page.
func (ev *evaluator) hasDescendant(cx *complexSel, i int32) bool {
	if ev.tab == nil || cx.id < 0 {
		for d := i + 1; d < ev.tr.end[i]; d++ {
			if ev.matchFrom(cx, combNone, len(cx.parts)-1, d) == matched {
				return true
			}
		}
		return false
	}
	m := ev.memoFor(cx)
	if r, ok := recall(m[i], auxShift); ok {
		return r
	}
	r := false
	for c := i + 1; c < ev.tr.end[i] && !r && !ev.exhausted; c = ev.tr.end[c] {
		r = ev.matchBare(cx, c) || ev.hasDescendant(cx, c)
	}
	remember(&m[i], auxShift, r)
	return r
}

// hasScoped evaluates one :has() argument that depends on the scope
// element, remembering the answer per element.
func (ev *evaluator) hasScoped(cx *complexSel, i int32) bool {
	var m []uint8
	if ev.tab != nil && cx.id >= 0 {
		m = ev.memoFor(cx)
		if r, ok := recall(m[i], auxShift); ok {
			return r
		}
	}
	r := ev.hasScopedEval(cx, i)
	if m != nil && !ev.exhausted {
		remember(&m[i], auxShift, r)
	}
	return r
}

func (ev *evaluator) hasScopedEval(cx *complexSel, i int32) bool {
	saved := ev.scope
	ev.scope = i
	defer func() { ev.scope = saved }()
	tr := ev.tr
	if cx.lead == combNone && startsWithScope(cx) {
		// :has(:scope > a): the selector names the scope itself.
		return ev.anyDescendant(i, func(d int32) bool { return ev.matchComplex(cx, d) })
	}
	lead := cx.lead
	if lead == combNone {
		lead = combDescendant
	}
	simple := len(cx.parts) == 1
	switch {
	case lead == combChild && simple:
		for c := i + 1; c < tr.end[i]; c = tr.end[c] {
			if ev.matchFrom(cx, lead, 0, c) == matched {
				return true
			}
		}
	case lead == combNext && simple:
		if s := tr.nextSibling(i); s >= 0 && ev.matchFrom(cx, lead, 0, s) == matched {
			return true
		}
	case lead == combDescendant || lead == combChild:
		return ev.anyDescendant(i, func(d int32) bool { return ev.matchFrom(cx, lead, len(cx.parts)-1, d) == matched })
	default: // + or ~ with more compounds: siblings and their subtrees
		for s := tr.nextSibling(i); s >= 0 && !ev.exhausted; s = tr.nextSibling(s) {
			for d := s; d < tr.end[s]; d++ {
				if ev.matchFrom(cx, lead, len(cx.parts)-1, d) == matched {
					return true
				}
			}
		}
	}
	return false
}

// startsWithScope reports whether the first compound of cx is :scope.
func startsWithScope(cx *complexSel) bool {
	for _, ps := range cx.parts[0].pseudos {
		if ps.kind == psScope {
			return true
		}
	}
	return false
}

// anyDescendant reports whether f holds for an element below i.
func (ev *evaluator) anyDescendant(i int32, f func(int32) bool) bool {
	for d := i + 1; d < ev.tr.end[i] && !ev.exhausted; d++ {
		if f(d) {
			return true
		}
	}
	return false
}

func attr(n *html.Node, name string) string {
	v, _ := attrOK(n, name)
	return v
}

func attrOK(n *html.Node, name string) (string, bool) {
	for i := range n.Attr {
		if n.Attr[i].Key == name && n.Attr[i].Namespace == "" {
			return n.Attr[i].Val, true
		}
	}
	return "", false
}

// hasClass reports whether the whitespace-separated list cls holds want.
func hasClass(cls, want string) bool {
	for i := 0; ; {
		j := strings.Index(cls[i:], want)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(want)
		if (j == 0 || isHTMLSpace(cls[j-1])) && (end == len(cls) || isHTMLSpace(cls[end])) {
			return true
		}
		i = j + 1
	}
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// matchAttr evaluates an attribute selector on a node directly.
func matchAttr(a *attrTest, n *html.Node) bool {
	v, ok := attrOK(n, a.name)
	if !ok {
		return false
	}
	return a.matchValue(v)
}
