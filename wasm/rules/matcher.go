package rules

import (
	"net/url"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Matcher is a set of lists compiled for matching. It is immutable after
// Compile, so one Matcher can serve concurrent Match calls.
//
// Layout (after uBlock Origin's cosmetic filtering engine):
//   - generic rules sit in an index keyed by the id, a class, an attribute
//     name or the tag of their rightmost compound selector; matching walks
//     the document once and tests only the rules whose key the element
//     has. A lone ".class" or "#id" (most of any list) needs no test
//     beyond the key lookup. Identical generic selectors are merged.
//   - domain-specific rules sit in a map from each domain they name; a page
//     gathers those of its host and parent domains into a small index of
//     its own and the same walk tests them;
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
	switches   map[string][]*Rule
	stats      Stats
	// texts recycles page-text buffers between Match calls (the only
	// state Match changes; sync.Pool is safe for concurrent use).
	texts sync.Pool
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
}

// cand is an index slot: an entry and which selector of its list the key
// came from.
type cand struct {
	e   *entry
	alt int32
	// attr is the keyed attribute's test (attribute keys only), checked
	// on the value at hand before the whole selector.
	attr *attrTest
}

// index finds candidate rules for an element.
type index struct {
	simpleID, simpleClass        map[string]*entry
	byID, byClass, byAttr, byTag map[string][]cand
	any                          []cand
	size                         int
}

// simple returns the entry already indexed for a lone .class or #id rule
// with the same name, or nil.
func (ix *index) simple(r *Rule) *entry {
	switch r.simpleKind {
	case keyID:
		return ix.simpleID[r.simpleName()]
	case keyClass:
		return ix.simpleClass[r.simpleName()]
	}
	return nil
}

func (ix *index) add(e *entry) {
	ix.size++
	r := e.rule
	if r.simpleKind == keyID || r.simpleKind == keyClass {
		m := &ix.simpleClass
		if r.simpleKind == keyID {
			m = &ix.simpleID
		}
		if *m == nil {
			*m = make(map[string]*entry)
		}
		if name := r.simpleName(); (*m)[name] == nil {
			(*m)[name] = e
		}
		return
	}
	for alt := range r.prog.sel {
		cx := &r.prog.sel[alt]
		kind, key, at := cx.parts[len(cx.parts)-1].key()
		c := cand{e: e, alt: int32(alt), attr: at}
		switch kind {
		case keyID:
			ix.byID = addCand(ix.byID, key, c)
		case keyClass:
			ix.byClass = addCand(ix.byClass, key, c)
		case keyAttr:
			ix.byAttr = addCand(ix.byAttr, key, c)
		case keyTag:
			ix.byTag = addCand(ix.byTag, key, c)
		default:
			ix.any = append(ix.any, c)
		}
	}
}

func addCand(m map[string][]cand, key string, c cand) map[string][]cand {
	if m == nil {
		m = make(map[string][]cand)
	}
	m[key] = append(m[key], c)
	return m
}

// candidates calls f for every entry that may match n; simple is true
// when the key alone proves the match.
func (ix *index) candidates(n *html.Node, f func(e *entry, alt int32, simple bool)) {
	if ix.size == 0 {
		return
	}
	for i := range n.Attr {
		a := &n.Attr[i]
		if a.Namespace != "" {
			continue
		}
		switch a.Key {
		case "id":
			if a.Val != "" {
				if e := ix.simpleID[a.Val]; e != nil {
					f(e, 0, true)
				}
				for _, c := range ix.byID[a.Val] {
					f(c.e, c.alt, false)
				}
			}
		case "class":
			eachClass(a.Val, func(cls string) {
				if e := ix.simpleClass[cls]; e != nil {
					f(e, 0, true)
				}
				for _, c := range ix.byClass[cls] {
					f(c.e, c.alt, false)
				}
			})
		}
		for _, c := range ix.byAttr[a.Key] {
			if c.attr == nil || c.attr.matchValue(a.Val) {
				f(c.e, c.alt, false)
			}
		}
	}
	for _, c := range ix.byTag[n.Data] {
		f(c.e, c.alt, false)
	}
	for _, c := range ix.any {
		f(c.e, c.alt, false)
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
		specific:   map[string][]*entry{},
		excGeneric: map[string]bool{},
		excDomain:  map[string][]string{},
		switches:   map[string][]*Rule{},
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
	c := &compiler{slab: make([]entry, total), merged: map[string]*entry{}}
	m.generic.simpleClass = make(map[string]*entry, total*3/4)
	m.generic.simpleID = make(map[string]*entry, total/4)
	for _, l := range lists {
		for i := range l.Rules {
			m.add(&l.Rules[i], c)
		}
	}
	return m
}

// compiler is Compile's scratch state.
type compiler struct {
	slab   []entry
	next   int
	merged map[string]*entry // complex generic selectors seen, by body
}

func (c *compiler) entry(r *Rule) *entry {
	e := &c.slab[c.next]
	c.next++
	e.rule = r
	return e
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
	e := c.entry(r)
	if r.Kind == KindSimilarity {
		m.stats.Similarity++
		idx := int32(len(m.sims))
		m.sims = append(m.sims, e)
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
	if len(r.NotDomains) == 0 {
		if first := m.generic.simple(r); first != nil {
			first.dups++
			m.stats.Merged++
			return
		}
		if r.prog != nil {
			if first := c.merged[r.Body]; first != nil {
				first.dups++
				m.stats.Merged++
				return
			}
			c.merged[r.Body] = e
		}
	}
	m.stats.Generic++
	m.generic.add(e)
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
	Action     Action
	// Distance is the edit distance of a similarity match; Coverage the
	// share of the element's normalized text the match spans (1: the
	// element is the phrase; 0.1: the phrase is a tenth of it).
	Distance int
	Coverage float64
}

// Result is what Match found on a page.
type Result struct {
	// Hits are in document order, one per element: when several rules hit
	// an element, the one that hides (over :style), then the most
	// confident, then the one with a stated category, then the first
	// listed wins.
	Hits []Hit
	// Truncated is true when the page and rules exceeded the work budget
	// and some rules were not evaluated.
	Truncated bool
}

// Match finds the elements of doc that the rules hit on the page at
// pageURL (a URL, or a bare host name; "" applies generic rules only).
func (m *Matcher) Match(doc *html.Node, pageURL string) Result {
	if doc == nil {
		return Result{}
	}
	ev := &evaluator{root: doc, budget: matchBudget}
	if t, ok := m.texts.Get().(*pageText); ok {
		ev.scratch = t
	}
	res := m.matchWith(ev, doc, pageURL)
	if ev.scratch != nil || ev.txt != nil {
		t := ev.txt
		if t == nil {
			t = ev.scratch
		}
		t.reset()
		m.texts.Put(t)
	}
	return res
}

// matchWith is Match with a given evaluator (tests read its budget).
func (m *Matcher) matchWith(ev *evaluator, doc *html.Node, pageURL string) Result {
	pg := m.page(hostOf(pageURL))
	col := &collector{byNode: map[*html.Node]int{}}
	var pending map[*entry][]*html.Node

	visit := func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return n.Type == html.DocumentNode
		}
		found := func(e *entry, alt int32, simple bool) {
			if pg.excepted[e.rule.Body] || ev.exhausted {
				return
			}
			if len(e.rule.NotDomains) > 0 && !pg.applies(e.rule) {
				return
			}
			if !simple && !ev.matchComplex(&e.rule.prog.sel[alt], n) {
				return
			}
			if e.rule.prog != nil && len(e.rule.prog.ops) > 0 {
				if pending == nil {
					pending = map[*entry][]*html.Node{}
				}
				pending[e] = append(pending[e], n)
				return
			}
			col.add(cssHit(n, e.rule), false)
		}
		m.generic.candidates(n, found)
		pg.index.candidates(n, found)
		return true
	}
	walk(doc, visit, func(*html.Node) {})

	// Procedural steps, in rule order so results do not depend on map
	// iteration.
	if len(pending) > 0 {
		keys := make([]*entry, 0, len(pending))
		for e := range pending {
			keys = append(keys, e)
		}
		sort.Slice(keys, func(i, j int) bool { return ruleLess(keys[i].rule, keys[j].rule) })
		for _, e := range keys {
			for _, n := range ev.applyOps(e.rule.prog.ops, pending[e]) {
				col.add(cssHit(n, e.rule), true)
			}
		}
	}
	m.matchSimilar(ev, pg, col)
	return Result{Hits: col.ordered(doc), Truncated: ev.exhausted}
}

// ruleLess orders rules by list position, for deterministic output.
func ruleLess(a, b *Rule) bool {
	if a.List != b.List {
		return a.List < b.List
	}
	return a.Line < b.Line
}

func cssHit(n *html.Node, r *Rule) Hit {
	return Hit{Node: n, Rule: r, Kind: KindCSS, Category: r.Category, Confidence: 1, Action: r.Action()}
}

// pageRules are the rules that apply to one host.
type pageRules struct {
	host     string
	parents  []string // host and its parent domains, plus entity forms
	index    index
	excepted map[string]bool
	sims     []bool // sims[i]: m.sims[i] applies
	anySim   bool
}

// page gathers the rules of host.
func (m *Matcher) page(host string) *pageRules {
	pg := &pageRules{host: host, parents: m.domainKeys(host)}
	except := func(body string) {
		if pg.excepted == nil {
			pg.excepted = map[string]bool{}
		}
		pg.excepted[body] = true
	}
	for _, d := range pg.parents {
		for _, body := range m.excDomain[d] {
			except(body)
		}
	}
	for _, r := range m.excAllBut {
		if pg.applies(r) {
			except(r.Body)
		}
	}
	seen := map[string]bool{}
	for _, d := range pg.parents {
		for _, e := range m.specific[d] {
			if seen[e.rule.Body] || pg.excepted[e.rule.Body] || !pg.applies(e.rule) {
				continue
			}
			seen[e.rule.Body] = true
			pg.index.add(e)
		}
	}
	pg.sims = make([]bool, len(m.sims))
	for i, e := range m.sims {
		if !pg.excepted[e.rule.Body] && pg.applies(e.rule) {
			pg.sims[i], pg.anySim = true, true
		}
	}
	return pg
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
func (pg *pageRules) applies(r *Rule) bool {
	inc := -1
	if len(r.Domains) == 0 {
		inc = 0
	}
	for _, d := range r.Domains {
		if pg.covers(d) && len(d) > inc {
			inc = len(d)
		}
	}
	if inc < 0 {
		return false
	}
	for _, d := range r.NotDomains {
		if pg.covers(d) && len(d) >= inc {
			return false
		}
	}
	return true
}

// covers reports whether domain d (or entity) covers the page's host.
func (pg *pageRules) covers(d string) bool {
	for _, k := range pg.parents {
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
	hits   []Hit
	byNode map[*html.Node]int
	late   bool // some hits were added out of document order
}

// pageRoots are elements a rule may restyle but never hide: hiding them
// hides the whole page.
func pageRoot(n *html.Node) bool {
	return n.DataAtom == atom.Html || n.DataAtom == atom.Body || n.DataAtom == atom.Head
}

func (c *collector) add(h Hit, late bool) {
	if h.Action.Kind != ActionStyle && pageRoot(h.Node) {
		return
	}
	if i, ok := c.byNode[h.Node]; ok {
		if better(h, c.hits[i]) {
			c.hits[i] = h
		}
		return
	}
	c.byNode[h.Node] = len(c.hits)
	c.hits = append(c.hits, h)
	c.late = c.late || late
}

// better reports whether hit a should replace hit b on the same element.
func better(a, b Hit) bool {
	ah, bh := a.Action.Kind != ActionStyle, b.Action.Kind != ActionStyle
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
	return false
}

func stated(s CategorySource) bool {
	return s == FromRule || s == FromDirective || s == FromList
}

// ordered returns the hits in document order.
func (c *collector) ordered(doc *html.Node) []Hit {
	if !c.late || len(c.hits) < 2 {
		return c.hits
	}
	order := make(map[*html.Node]int, len(c.hits))
	i := 0
	walk(doc, func(n *html.Node) bool {
		if _, ok := c.byNode[n]; ok {
			order[n] = i
		}
		i++
		return true
	}, func(*html.Node) {})
	sort.SliceStable(c.hits, func(a, b int) bool { return order[c.hits[a].Node] < order[c.hits[b].Node] })
	return c.hits
}

// applyOps runs procedural steps on the elements a selector matched.
func (ev *evaluator) applyOps(ops []op, nodes []*html.Node) []*html.Node {
	for _, o := range ops {
		seen := map[*html.Node]bool{}
		var next []*html.Node
		keep := func(n *html.Node) {
			if n != nil && !seen[n] {
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
				for i := 0; i < o.n && a != nil; i++ {
					a = parentElement(a)
				}
				keep(a)
			case opUpwardSel:
				for a := parentElement(n); a != nil; a = parentElement(a) {
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

func parentElement(n *html.Node) *html.Node {
	if p := n.Parent; p != nil && p.Type == html.ElementNode {
		return p
	}
	return nil
}

// selectRel returns the elements a relative selector selects from n.
func (ev *evaluator) selectRel(cx *complexSel, n *html.Node) []*html.Node {
	saved := ev.scope
	ev.scope = n
	defer func() { ev.scope = saved }()
	var out []*html.Node
	test := func(d *html.Node) bool {
		if ev.matchComplex(cx, d) {
			out = append(out, d)
		}
		return false
	}
	if cx.lead == combNext || cx.lead == combLater {
		for s := nextElementSibling(n); s != nil && !ev.exhausted; s = nextElementSibling(s) {
			test(s)
			ev.anyDescendant(s, test)
		}
		return out
	}
	ev.anyDescendant(n, test)
	return out
}

// dpCellsPerUnit converts distance-table cells into budget units (one
// unit is about one compound test).
const dpCellsPerUnit = 16

// simWindow is a stretch of normalized text to search for one rule,
// around an occurrence of one of its pieces.
type simWindow struct {
	rule   int32
	piece  int32
	lo, hi int32
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
func (m *Matcher) matchSimilar(ev *evaluator, pg *pageRules, col *collector) {
	if !pg.anySim || ev.exhausted {
		return
	}
	t := ev.text()
	text := t.norm
	var windows []simWindow
	m.grams.scan(text, func(pos int, ref pieceRef) {
		if !pg.sims[ref.rule] {
			return
		}
		sp := m.sims[ref.rule].rule.prog.similar
		pc := sp.pieces[ref.piece]
		if !hasPrefixAt(text, pos, pc.text) {
			return
		}
		start := pos - pc.off
		margin := (sp.k + 1) * utf8.UTFMax
		lo := runeStart(text, max(0, start-margin))
		hi := runeStart(text, min(len(text), start+len(sp.norm)+margin))
		if hi >= len(text) {
			hi = len(text)
		}
		windows = append(windows, simWindow{rule: ref.rule, piece: ref.piece, lo: int32(lo), hi: int32(hi)})
	})
	if len(windows) == 0 {
		return
	}
	sort.Slice(windows, func(i, j int) bool {
		if windows[i].rule != windows[j].rule {
			return windows[i].rule < windows[j].rule
		}
		return windows[i].lo < windows[j].lo
	})
	var dp dpScratch
	var found []approxMatch
	for i := 0; i < len(windows); {
		w := windows[i]
		pieces := pieceSet{}
		pieces.add(w.piece)
		j := i + 1
		for j < len(windows) && windows[j].rule == w.rule && windows[j].lo <= w.hi {
			w.hi = max(w.hi, windows[j].hi)
			pieces.add(windows[j].piece)
			j++
		}
		i = j
		e := m.sims[w.rule]
		sp := e.rule.prog.similar
		if pieces.n < sp.need {
			continue
		}
		ev.budget -= len(sp.phrase) * int(w.hi-w.lo) / dpCellsPerUnit
		if !ev.spend() {
			return
		}
		found = dp.searchWindow(sp.phrase, sp.k, text, int(w.lo), int(w.hi), found[:0])
		for _, am := range found {
			m.similarHit(ev, t, e, am, col)
		}
	}
}

// similarHit reports the block around one phrase occurrence.
func (m *Matcher) similarHit(ev *evaluator, t *pageText, e *entry, am approxMatch, col *collector) {
	prog := e.rule.prog
	d := t.deepest(am.start, am.end)
	if d < 0 {
		return
	}
	n := ev.similarBlock(prog, t.elems[d])
	if n == nil {
		return
	}
	conf := similarity(am.dist, len(prog.similar.phrase))
	nodes := []*html.Node{n}
	if len(prog.ops) > 0 {
		nodes = ev.applyOps(prog.ops, nodes)
	}
	for _, h := range nodes {
		cov := 0.0
		if sp, ok := t.spanOfNear(h, d); ok && sp.normEnd > sp.normStart {
			cov = min(1, float64(am.end-am.start)/float64(sp.normEnd-sp.normStart))
		}
		col.add(Hit{
			Node: h, Rule: e.rule, Kind: KindSimilarity, Category: e.rule.Category,
			Confidence: conf, Action: prog.action, Distance: am.dist, Coverage: cov,
		}, true)
	}
}

// similarBlock climbs from the deepest element around a match to the
// first that satisfies the rule's selector (sel:similar(...)), or, with no
// selector, to the first block-level element. An element satisfying a
// selector whose last compound names no tag must also be a block.
func (ev *evaluator) similarBlock(prog *program, n *html.Node) *html.Node {
	needBlock := true
	if len(prog.sel) > 0 {
		last := prog.sel[0].parts[len(prog.sel[0].parts)-1]
		needBlock = last.tag == ""
	}
	for ; n != nil && n.Type == html.ElementNode; n = n.Parent {
		if needBlock && isInline(n) {
			continue
		}
		if len(prog.sel) == 0 || ev.matchGroup(prog.sel, n) {
			return n
		}
		if ev.exhausted {
			return nil
		}
	}
	return nil
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
	pg := &pageRules{parents: m.domainKeys(hostOf(pageURL))}
	var best *Rule
	bestRank := -1
	for _, r := range rules {
		if !pg.applies(r) {
			continue
		}
		spec := 0
		for _, d := range r.Domains {
			if pg.covers(d) {
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
