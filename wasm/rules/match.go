package rules

import (
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Hit is one element matched by one rule.
type Hit struct {
	Node *html.Node
	Rule *Rule
	// Kind is KindCSS or KindSimilarity.
	Kind     Kind
	Category Category
	// Confidence is 1 for CSS rules; for similarity rules it is the
	// similarity of the match, 1 - edits/phrase length (at least the
	// rule's threshold).
	Confidence float64
	// Action is what to do with the element: hide or remove it, or (for
	// :style() rules) restyle it, which does not hide it (see Hides).
	Action Action
	// Distance is the edit distance of a similarity match; Coverage the
	// share of the element's normalized text the match spans (1: the
	// element is the phrase; 0.1: the phrase is a tenth of it).
	Distance int
	Coverage float64
}

// Hides reports whether the hit takes the element out of sight (hide or
// remove); a :style() hit restyles the element and leaves it visible.
func (h Hit) Hides() bool { return h.Action.Kind != ActionStyle }

// Result is what Match found on a page.
type Result struct {
	// Hits are in document order, one per element: when several rules hit
	// an element, the one that hides (over :style), then the most
	// confident, then the one with a stated category, then the first
	// listed wins. Hits with a :style() action restyle their element
	// instead of hiding it (Hit.Hides, Result.Restyles).
	Hits []Hit
	// Truncated is true when the page and rules exceeded the work budget
	// and some rules were not evaluated.
	Truncated bool
}

// Restyles returns the hits that restyle their element (:style() rules)
// rather than hide it.
func (r *Result) Restyles() []Hit {
	var out []Hit
	for i := range r.Hits {
		if !r.Hits[i].Hides() {
			out = append(out, r.Hits[i])
		}
	}
	return out
}

// matchState is the scratch space of one Match call, recycled.
type matchState struct {
	tr tree
	ev evaluator
}

// Match finds the elements of doc that the rules hit on the page at
// pageURL (a URL, or a bare host name; "" applies generic rules only).
// Elements that are never rendered (<head> and its content, <template>
// and <noscript>) are never hit; the content of a <template> is not part
// of the page at all.
func (m *Matcher) Match(doc *html.Node, pageURL string) Result {
	if doc == nil {
		return Result{}
	}
	st, _ := m.states.Get().(*matchState)
	if st == nil {
		st = &matchState{}
	}
	pr := m.rulesFor(hostOf(pageURL))
	st.tr.reset()
	st.tr.build(doc, m, pr.secondary)
	st.ev.reset(&st.tr, m)
	res := m.matchWith(&st.ev, pr)
	pooled := st.tr.size() <= maxPooledElements
	st.tr.reset()
	st.ev.tr = nil
	if pooled {
		m.states.Put(st)
	}
	return res
}

// maxPooledElements is the largest page, in elements, whose scratch space
// Match keeps for the next call. A page's space is about 250 bytes an
// element with its text: kept after a 20 MB page (some 280,000
// elements), it would hold about 65 MB until the pool is next emptied,
// two collections later, while the caller goes on with its own work on
// the page; pages this size are rare enough that allocating afresh for
// them costs nothing overall (ordinary pages have a few thousand).
const maxPooledElements = 1 << 16

// matchWith matches the prepared page of ev with the rules of its host.
func (m *Matcher) matchWith(ev *evaluator, pr *pageRules) Result {
	tr := ev.tr
	col := &collector{tr: tr, byElem: map[int32]int{}}
	var pending map[*entry][]int32

	var i int32
	found := func(c cand, simple bool) {
		e := c.e
		if ev.exhausted || (pr.excepted != nil && pr.excepted[e.rule.Body]) {
			return
		}
		if len(e.rule.NotDomains) > 0 && !pr.applies(e.rule) {
			return
		}
		if simple {
			col.add(i, cssHit(tr.nodes[i], e.rule), e.prio)
			return
		}
		a := &e.alts[c.alt]
		if a.gate >= 0 && !ev.gateHolds(m, a.gate) {
			return
		}
		if a.multi >= 0 {
			if ev.marks[a.multi] == i+1 {
				return
			}
			ev.marks[a.multi] = i + 1
		}
		ev.tab = &m.tabs[e.tab]
		if !ev.matchComplex(&e.rule.prog.sel[c.alt], i) {
			return
		}
		if len(e.rule.prog.ops) > 0 {
			appendAt(&pending, e, i)
			return
		}
		col.add(i, cssHit(tr.nodes[i], e.rule), e.prio)
	}
	for i = 0; i < int32(tr.size()) && !ev.exhausted; i++ {
		if tr.unseen(i) {
			continue
		}
		m.generic.candidates(tr, i, found)
		pr.index.candidates(tr, i, found)
	}

	// Procedural steps, in rule order so results do not depend on map
	// iteration.
	if len(pending) > 0 {
		keys := make([]*entry, 0, len(pending))
		for e := range pending {
			keys = append(keys, e)
		}
		sort.Slice(keys, func(a, b int) bool { return keys[a].prio < keys[b].prio })
		for _, e := range keys {
			ev.tab = &m.tabs[e.tab]
			for _, n := range ev.applyOps(e.rule.prog.ops, pending[e]) {
				col.add(n, cssHit(tr.nodes[n], e.rule), e.prio)
			}
		}
	}
	m.matchSimilar(ev, pr, col)
	return Result{Hits: col.ordered(), Truncated: ev.exhausted}
}

func cssHit(n *html.Node, r *Rule) Hit {
	return Hit{Node: n, Rule: r, Kind: KindCSS, Category: r.Category, Confidence: 1, Action: r.Action()}
}

// pageRules are the rules that apply to one host.
type pageRules struct {
	parents  []string // host and its parent domains, plus entity forms
	index    index
	excepted map[string]bool
	sims     []bool // sims[i]: m.sims[i] applies
	anySim   bool
	// secondary: some domain-specific rule applies, so the attribute
	// tests only such rules use must be evaluated too.
	secondary bool
}

// rulesFor gathers the rules of host.
func (m *Matcher) rulesFor(host string) *pageRules {
	pr := &pageRules{parents: m.domainKeys(host)}
	except := func(body string) {
		if pr.excepted == nil {
			pr.excepted = map[string]bool{}
		}
		pr.excepted[body] = true
	}
	for _, d := range pr.parents {
		for _, body := range m.excDomain[d] {
			except(body)
		}
	}
	for _, r := range m.excAllBut {
		if pr.applies(r) {
			except(r.Body)
		}
	}
	var seen map[string]bool
	for _, d := range pr.parents {
		for _, e := range m.specific[d] {
			if seen[e.rule.Body] || pr.excepted[e.rule.Body] || !pr.applies(e.rule) {
				continue
			}
			if seen == nil {
				seen = map[string]bool{}
			}
			seen[e.rule.Body] = true
			pr.index.add(e)
		}
	}
	pr.sims = make([]bool, len(m.sims))
	for i, e := range m.sims {
		if !pr.excepted[e.rule.Body] && pr.applies(e.rule) {
			pr.sims[i], pr.anySim = true, true
			pr.secondary = pr.secondary || !e.rule.Generic()
		}
	}
	pr.secondary = pr.secondary || pr.index.size > 0
	return pr
}

// domainKeys returns host, its parent domains, and (when some rule uses
// them) the entity forms "example.*" of each, approximating the public
// suffix as the last one or two labels.
func (m *Matcher) domainKeys(host string) []string {
	if host == "" {
		return nil
	}
	var keys []string
	for d := host; d != ""; {
		keys = append(keys, d)
		if m.entities {
			if i := strings.LastIndexByte(d, '.'); i > 0 {
				keys = append(keys, d[:i]+".*")
				if j := strings.LastIndexByte(d[:i], '.'); j > 0 {
					keys = append(keys, d[:j]+".*")
				}
			}
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			break
		}
		d = d[i+1:]
	}
	return keys
}

// applies decides whether a rule applies on the page's host: the most
// specific domain of its list that covers the host decides, and an
// exclusion wins a tie.
func (pr *pageRules) applies(r *Rule) bool {
	inc := -1
	if len(r.Domains) == 0 {
		inc = 0
	}
	for _, d := range r.Domains {
		if pr.covers(d) && len(d) > inc {
			inc = len(d)
		}
	}
	if inc < 0 {
		return false
	}
	for _, d := range r.NotDomains {
		if pr.covers(d) && len(d) >= inc {
			return false
		}
	}
	return true
}

// covers reports whether domain d (or entity) covers the page's host.
func (pr *pageRules) covers(d string) bool {
	for _, k := range pr.parents {
		if k == d {
			return true
		}
	}
	return false
}

// hostOf returns the lowercase host name of a URL or bare host.
func hostOf(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if strings.Contains(s, "://") {
		if u, err := url.Parse(s); err == nil {
			s = u.Hostname()
		}
	} else {
		if i := strings.IndexAny(s, "/?#"); i >= 0 {
			s = s[:i]
		}
		if i := strings.LastIndexByte(s, ':'); i >= 0 && !strings.Contains(s, "]") {
			s = s[:i]
		}
	}
	return strings.TrimSuffix(lowerASCII(s), ".")
}

// collector keeps one hit per element.
type collector struct {
	tr     *tree
	hits   []Hit
	elems  []int32 // elems[k] is the element of hits[k]
	prios  []int32 // prios[k] is the priority of hits[k]'s rule
	byElem map[int32]int
}

// pageRoot reports elements a rule may restyle but never hide: hiding
// them hides the whole page.
func pageRoot(n *html.Node) bool {
	return n.DataAtom == atom.Html || n.DataAtom == atom.Body || n.DataAtom == atom.Head
}

// add records hit h on element i; prio orders rules as compiled (lower
// first).
func (c *collector) add(i int32, h Hit, prio int32) {
	if c.tr.unseen(i) || (h.Hides() && pageRoot(h.Node)) {
		return
	}
	if k, ok := c.byElem[i]; ok {
		if better(h, prio, c.hits[k], c.prios[k]) {
			c.hits[k], c.prios[k] = h, prio
		}
		return
	}
	c.byElem[i] = len(c.hits)
	c.hits = append(c.hits, h)
	c.elems = append(c.elems, i)
	c.prios = append(c.prios, prio)
}

// better reports whether hit a (of a rule with priority pa) should
// replace hit b on the same element: one that hides beats a restyle, then
// the more confident, then one with a stated category, then the rule
// listed first.
func better(a Hit, pa int32, b Hit, pb int32) bool {
	ah, bh := a.Hides(), b.Hides()
	if ah != bh {
		return ah
	}
	if a.Confidence != b.Confidence {
		return a.Confidence > b.Confidence
	}
	as, bs := stated(a.Rule.CategorySource), stated(b.Rule.CategorySource)
	if as != bs {
		return as
	}
	return pa < pb
}

func stated(s CategorySource) bool {
	return s == FromRule || s == FromDirective || s == FromList
}

// ordered returns the hits in document order.
func (c *collector) ordered() []Hit {
	if sort.SliceIsSorted(c.elems, func(a, b int) bool { return c.elems[a] < c.elems[b] }) {
		return c.hits
	}
	order := make([]int, len(c.hits))
	for k := range order {
		order[k] = k
	}
	sort.Slice(order, func(a, b int) bool { return c.elems[order[a]] < c.elems[order[b]] })
	out := make([]Hit, len(c.hits))
	for k, o := range order {
		out[k] = c.hits[o]
	}
	return out
}

// applyOps runs procedural steps on the elements a selector matched.
func (ev *evaluator) applyOps(ops []op, nodes []int32) []int32 {
	tr := ev.tr
	for _, o := range ops {
		seen := map[int32]bool{}
		var next []int32
		keep := func(n int32) {
			if n >= 0 && !seen[n] {
				seen[n] = true
				next = append(next, n)
			}
		}
		for _, n := range nodes {
			if ev.exhausted {
				return nil
			}
			switch o.kind {
			case opUpward:
				a := n
				for k := 0; k < o.n && a >= 0; k++ {
					a = tr.parent[a]
				}
				keep(a)
			case opUpwardSel:
				for a := tr.parent[n]; a >= 0; a = tr.parent[a] {
					if ev.matchGroup(o.group, a) {
						keep(a)
						break
					}
				}
			case opFilter:
				if ev.matchCompound(&o.comp, n) {
					keep(n)
				}
			case opRelative:
				for _, r := range ev.selectRel(&o.rel, n) {
					keep(r)
				}
			}
		}
		nodes = next
	}
	return nodes
}

// selectRel returns the elements a relative selector selects from i.
func (ev *evaluator) selectRel(cx *complexSel, i int32) []int32 {
	saved := ev.scope
	ev.scope = i
	defer func() { ev.scope = saved }()
	tr := ev.tr
	var out []int32
	test := func(d int32) {
		if ev.matchComplex(cx, d) {
			out = append(out, d)
		}
	}
	if cx.lead == combNext || cx.lead == combLater {
		for s := tr.nextSibling(i); s >= 0 && !ev.exhausted; s = tr.nextSibling(s) {
			for d := s; d < tr.end[s]; d++ {
				test(d)
			}
		}
		return out
	}
	for d := i + 1; d < tr.end[i] && !ev.exhausted; d++ {
		test(d)
	}
	return out
}

// dpCellsPerUnit converts distance-table cells into budget units (one
// unit is about one compound test), and myersBytesPerUnit bytes of text
// run through the bit-parallel filter.
const (
	dpCellsPerUnit    = 16
	myersBytesPerUnit = 64
)

// pieceHit is an exact occurrence of a phrase piece in the page's
// normalized text, at byte pos; start is where the phrase would begin if
// the piece were in its place.
type pieceHit struct {
	rule, piece int32
	pos, start  int32
}

// pieceSet counts the distinct pieces seen in a window (up to the two a
// window needs, exactly for the first 64 pieces).
type pieceSet struct {
	bits uint64
	n    int
}

func (p *pieceSet) add(i int32) {
	bit := uint64(1) << (uint(i) % 64)
	if p.bits&bit == 0 {
		p.bits |= bit
		p.n++
	}
}

// matchSimilar finds the similarity rules' phrases in the page text and
// reports the smallest block around each.
//
// The filter (see similar.go): a match with at most k edits keeps two of
// the phrase's k+2 pieces intact, and between them the text can only have
// gained or lost what k edits insert or delete, at most k characters of
// UTFMax bytes. So the pieces' implied phrase starts (piece position
// minus its offset in the phrase) are at most k·UTFMax bytes apart, and
// the distance is computed only around such pairs: the text before an
// intact piece holds at most k characters more than the phrase before it,
// and likewise after it, which bounds the window exactly.
func (m *Matcher) matchSimilar(ev *evaluator, pr *pageRules, col *collector) {
	if !pr.anySim || ev.exhausted {
		return
	}
	// Rules whose block selector cannot match this page are off.
	live := false
	for i, e := range m.sims {
		if pr.sims[i] && e.alts[0].gate >= 0 && !ev.gateHolds(m, e.alts[0].gate) {
			pr.sims[i] = false
		}
		live = live || pr.sims[i]
	}
	if !live {
		return
	}
	text := ev.tr.textOf().norm
	// The text is searched in chunks, each scanned a phrase's span
	// further so that a match starting in it is seen whole: memory stays
	// bounded on a 20 MB page of repeated banners.
	for from := 0; from < len(text); from += similarChunkBytes {
		if !m.similarChunk(ev, pr, col, text, from, min(len(text), from+similarChunkBytes+m.maxSimSpan)) {
			return
		}
	}
}

// Similarity search limits: the text is scanned similarChunkBytes at a
// time; gramHitsPerUnit piece occurrences cost a unit of budget, and a
// chunk with more than maxChunkHits of them exhausts it (a page that
// repeats a phrase tens of thousands of times).
const (
	similarChunkBytes = 1 << 16
	gramHitsPerUnit   = 8
	maxChunkHits      = 1 << 18
)

// similarChunk searches the phrases whose pieces occur in text[from:to];
// it reports false when the work budget ran out.
func (m *Matcher) similarChunk(ev *evaluator, pr *pageRules, col *collector, text []byte, from, to int) bool {
	if !ev.charge((to - from) / textBytesPerUnit) {
		return false
	}
	var complete bool
	ev.gramHits, complete = m.grams.scan(text[:to], from, maxChunkHits, ev.gramHits[:0])
	if !complete || !ev.charge(len(ev.gramHits)/gramHitsPerUnit) {
		ev.exhausted = true
		return false
	}
	hits := ev.pieceHits[:0]
	for _, g := range ev.gramHits {
		if !pr.sims[g.ref.rule] || g.pos < 0 {
			continue
		}
		pc := &m.sims[g.ref.rule].rule.prog.similar.pieces[g.ref.piece]
		if hasPrefixAt(text, int(g.pos), pc.text) {
			hits = append(hits, pieceHit{rule: g.ref.rule, piece: g.ref.piece, pos: g.pos, start: g.pos - int32(pc.off)})
		}
	}
	if len(hits) == 0 {
		ev.pieceHits = hits
		return true
	}
	hits = ev.sortHits(hits, len(m.sims))
	var dp dpScratch
	var found []approxMatch
	// The window to search next, grown while qualifying chains overlap.
	wRule, wLo, wHi := int32(-1), 0, 0
	flush := func() bool {
		if wRule < 0 {
			return true
		}
		e := m.sims[wRule]
		sp := e.rule.prog.similar
		wRule = -1
		if !ev.charge((wHi - wLo) / myersBytesPerUnit) {
			return false
		}
		if !sp.mayMatch(text, wLo, wHi) {
			return true
		}
		if !ev.charge(len(sp.phrase) * (wHi - wLo) / dpCellsPerUnit) {
			return false
		}
		found = dp.searchWindow(sp.phrase, sp.k, text, wLo, wHi, found[:0])
		for _, am := range found {
			m.similarHit(ev, e, am, col)
		}
		return !ev.exhausted
	}
	for i := 0; i < len(hits); {
		r := hits[i].rule
		sp := m.sims[r].rule.prog.similar
		shift := int32(sp.k * utf8.UTFMax)
		pieces := pieceSet{}
		j := i
		for ; j < len(hits) && hits[j].rule == r && (j == i || hits[j].start-hits[j-1].start <= shift); j++ {
			pieces.add(hits[j].piece)
		}
		chain := hits[i:j]
		i = j
		if pieces.n < sp.need {
			continue
		}
		lo, hi := len(text), 0
		for _, h := range chain {
			pc := &sp.pieces[h.piece]
			lo = min(lo, runesBack(text, int(h.pos), pc.runeOff+sp.k))
			hi = max(hi, runesForward(text, int(h.pos)+len(pc.text), len(sp.phrase)-pc.runeEnd+sp.k))
		}
		if r == wRule && lo <= wHi {
			wHi = max(wHi, hi)
			continue
		}
		if !flush() {
			return false
		}
		wRule, wLo, wHi = r, lo, hi
	}
	return flush()
}

// sortHits orders piece hits by rule, then by implied start: a counting
// sort by rule, then an insertion sort of each rule's hits, which come
// nearly in order (text order, shifted by their pieces' offsets).
func (ev *evaluator) sortHits(hits []pieceHit, rules int) []pieceHit {
	count := resize(ev.ruleCount, rules+1)
	clear(count)
	for _, h := range hits {
		count[h.rule+1]++
	}
	for r := 1; r <= rules; r++ {
		count[r] += count[r-1]
	}
	out := resize(ev.pieceHitsOut, len(hits))
	for _, h := range hits {
		out[count[h.rule]] = h
		count[h.rule]++
	}
	ev.ruleCount, ev.pieceHits, ev.pieceHitsOut = count, hits, out
	// Insertion sort, unless the hits are far from order (a long phrase
	// repeated in the text): then a general sort.
	moves, limit := 0, insertionMovesPerHit*len(out)
	for i := 1; i < len(out); i++ {
		h := out[i]
		j := i
		for ; j > 0 && out[j-1].rule == h.rule && out[j-1].start > h.start; j-- {
			out[j] = out[j-1]
		}
		out[j] = h
		if moves += i - j; moves > limit {
			slices.SortFunc(out, func(a, b pieceHit) int {
				if a.rule != b.rule {
					return int(a.rule - b.rule)
				}
				return int(a.start - b.start)
			})
			break
		}
	}
	return out
}

// insertionMovesPerHit bounds the insertion sort's work per hit.
const insertionMovesPerHit = 8

// runesBack returns the byte offset n runes before byte i of text (or 0).
func runesBack(text []byte, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		i--
		for i > 0 && !utf8.RuneStart(text[i]) {
			i--
		}
	}
	return i
}

// runesForward returns the byte offset n runes after byte i of text (or
// its length).
func runesForward(text []byte, i, n int) int {
	for ; n > 0 && i < len(text); n-- {
		i++
		for i < len(text) && !utf8.RuneStart(text[i]) {
			i++
		}
	}
	return i
}

// similarHit reports the block around one phrase occurrence.
func (m *Matcher) similarHit(ev *evaluator, e *entry, am approxMatch, col *collector) {
	tr := ev.tr
	t := tr.textOf()
	prog := e.rule.prog
	ev.tab = &m.tabs[e.tab]
	d := t.deepest(am.start, am.end, tr.parent)
	if d < 0 {
		return
	}
	n := ev.similarBlock(prog, d)
	if n < 0 {
		return
	}
	conf := similarity(am.dist, len(prog.similar.phrase))
	nodes := []int32{n}
	if len(prog.ops) > 0 {
		nodes = ev.applyOps(prog.ops, nodes)
	}
	for _, h := range nodes {
		cov := 0.0
		if sp := t.spans[h]; sp.normEnd > sp.normStart {
			cov = min(1, float64(am.end-am.start)/float64(sp.normEnd-sp.normStart))
		}
		col.add(h, Hit{
			Node: tr.nodes[h], Rule: e.rule, Kind: KindSimilarity, Category: e.rule.Category,
			Confidence: conf, Action: prog.action, Distance: am.dist, Coverage: cov,
		}, e.prio)
	}
}

// similarBlock climbs from the deepest element around a match to the
// first that satisfies the rule's selector (sel:similar(...)), or, with no
// selector, to the first block-level element. An element satisfying a
// selector whose last compound names no tag must also be a block.
func (ev *evaluator) similarBlock(prog *program, i int32) int32 {
	needBlock := true
	if len(prog.sel) > 0 {
		last := prog.sel[0].parts[len(prog.sel[0].parts)-1]
		needBlock = last.tag == ""
	}
	for ; i >= 0; i = ev.tr.parent[i] {
		if needBlock && isInline(ev.tr.nodes[i]) {
			continue
		}
		if len(prog.sel) == 0 || ev.matchGroup(prog.sel, i) {
			return i
		}
		if ev.exhausted {
			return -1
		}
	}
	return -1
}

// HeuristicEnabled reports whether the heuristic id runs on the page at
// pageURL, and the switch rule that decided (nil: no rule, on by
// default). The switch naming the most specific domain wins; at the same
// domain, one naming the id beats "*", and off beats on.
func (m *Matcher) HeuristicEnabled(id, pageURL string) (bool, *Rule) {
	rules := append(append([]*Rule(nil), m.switches[id]...), m.switches[AllHeuristics]...)
	if len(rules) == 0 {
		return true, nil
	}
	pr := &pageRules{parents: m.domainKeys(hostOf(pageURL))}
	var best *Rule
	bestRank := -1
	for _, r := range rules {
		if !pr.applies(r) {
			continue
		}
		spec := 0
		for _, d := range r.Domains {
			if pr.covers(d) {
				spec = max(spec, len(d))
			}
		}
		rank := spec * 4
		if r.Heuristic == id {
			rank += 2
		}
		if r.Exception {
			rank++
		}
		if rank > bestRank {
			best, bestRank = r, rank
		}
	}
	if best == nil {
		return true, nil
	}
	return !best.Exception, best
}
