package rules

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// evaluator matches parsed selectors against elements of one page. It
// counts its work: a hostile page (512-deep nesting, 100,000 elements)
// combined with an expensive rule (:has() inside :has()) stops at the
// budget instead of running for minutes; Result.Truncated then says so.
type evaluator struct {
	root      *html.Node
	scope     *html.Node
	txt       *pageText
	budget    int
	exhausted bool
	// hasMemo caches :has() results: the answer depends only on the
	// element, and nested :has() on a deep tree would otherwise repeat
	// the same subtree walks (cubic time for three levels).
	hasMemo map[hasKey]bool
	// scratch is a recycled pageText whose buffers text() reuses.
	scratch *pageText
}

type hasKey struct {
	ps *pseudo
	n  *html.Node
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

// text returns the page's text, built on first use.
func (ev *evaluator) text() *pageText {
	if ev.txt == nil {
		ev.txt = ev.scratch
		if ev.txt == nil {
			ev.txt = &pageText{}
		}
		ev.txt.reset()
		ev.txt.build(ev.root)
	}
	return ev.txt
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

// matchGroup reports whether n matches any selector of g.
func (ev *evaluator) matchGroup(g []complexSel, n *html.Node) bool {
	for i := range g {
		if ev.matchComplex(&g[i], n) {
			return true
		}
	}
	return false
}

// matchComplex reports whether n is the subject of cx.
func (ev *evaluator) matchComplex(cx *complexSel, n *html.Node) bool {
	return ev.matchFrom(cx, len(cx.parts)-1, n) == matched
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

// matchFrom matches cx.parts[:idx+1] with parts[idx] on n, right to left.
// idx == -1 stands for the scope element of a relative selector.
func (ev *evaluator) matchFrom(cx *complexSel, idx int, n *html.Node) matchResult {
	if idx < 0 {
		if n == ev.scope {
			return matched
		}
		return restartFromLaterSibling
	}
	if !ev.matchCompound(&cx.parts[idx], n) {
		return restartFromLaterSibling
	}
	var comb combinator
	if idx == 0 {
		if cx.lead == combNone {
			return matched
		}
		comb = cx.lead
	} else {
		comb = cx.combs[idx-1]
	}
	notFound := notMatchedGlobally
	if comb == combNext || comb == combLater {
		notFound = restartFromDescendant
	}
	next := nextFor(n, comb)
	for {
		if next == nil {
			return notFound
		}
		r := ev.matchFrom(cx, idx-1, next)
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
		next = nextFor(next, comb)
	}
}

// nextFor steps to the element a combinator relates n to.
func nextFor(n *html.Node, comb combinator) *html.Node {
	switch comb {
	case combChild, combDescendant:
		if p := n.Parent; p != nil && p.Type == html.ElementNode {
			return p
		}
		return nil
	default:
		for s := n.PrevSibling; s != nil; s = s.PrevSibling {
			if s.Type == html.ElementNode {
				return s
			}
		}
		return nil
	}
}

// matchCompound tests every simple selector of c on n.
func (ev *evaluator) matchCompound(c *compound, n *html.Node) bool {
	if n.Type != html.ElementNode || !ev.spend() {
		return false
	}
	if c.tag != "" && n.Data != c.tag && !strings.EqualFold(n.Data, c.tag) {
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
	for i := range c.attrs {
		if !matchAttr(&c.attrs[i], n) {
			return false
		}
	}
	for _, ps := range c.pseudos {
		if !ev.matchPseudo(ps, n) {
			return false
		}
	}
	return true
}

func (ev *evaluator) matchPseudo(ps *pseudo, n *html.Node) bool {
	switch ps.kind {
	case psNot:
		return !ev.matchGroup(ps.group, n)
	case psIs:
		return ev.matchGroup(ps.group, n)
	case psHas:
		return ev.memoHas(ps, n)
	case psHasNot:
		return !ev.memoHas(ps, n)
	case psHasText:
		txt := ev.text().rawText(n)
		// Searching text costs in proportion to its length: charge it, so
		// :has-text() on every ancestor of a 20 MB page stops at the budget.
		if ps.re != nil {
			ev.budget -= len(txt) / regexBytesPerUnit
			return ev.budget > 0 && ps.re.Match(txt)
		}
		ev.budget -= len(txt) / textBytesPerUnit
		return ev.budget > 0 && bytes.Contains(txt, []byte(ps.text))
	case psMinTextLength:
		return len(ev.text().rawText(n)) >= ps.n
	case psScope:
		return n == ev.scope
	case psCascadia:
		return matchCascadia(ps, n)
	}
	return false
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

// memoHas evaluates :has() once per element.
func (ev *evaluator) memoHas(ps *pseudo, n *html.Node) bool {
	k := hasKey{ps, n}
	if v, ok := ev.hasMemo[k]; ok {
		return v
	}
	v := ev.has(ps.group, n)
	if ev.exhausted {
		return false
	}
	if ev.hasMemo == nil {
		ev.hasMemo = make(map[hasKey]bool)
	}
	ev.hasMemo[k] = v
	return v
}

// has evaluates :has(relative selectors) with n as the scope.
func (ev *evaluator) has(g []complexSel, n *html.Node) bool {
	saved := ev.scope
	ev.scope = n
	defer func() { ev.scope = saved }()
	for i := range g {
		cx := &g[i]
		if cx.lead == combNone && startsWithScope(cx) {
			// :has(:scope > a): the selector names the scope itself.
			if ev.anyDescendant(n, func(d *html.Node) bool { return ev.matchComplex(cx, d) }) {
				return true
			}
			continue
		}
		lead := cx.lead
		if lead == combNone {
			lead = combDescendant
		}
		simple := len(cx.parts) == 1
		switch {
		case lead == combChild && simple:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && ev.matchRel(cx, lead, c) {
					return true
				}
			}
		case lead == combNext && simple:
			if s := nextElementSibling(n); s != nil && ev.matchRel(cx, lead, s) {
				return true
			}
		case lead == combDescendant || lead == combChild:
			if ev.anyDescendant(n, func(d *html.Node) bool { return ev.matchRel(cx, lead, d) }) {
				return true
			}
		default: // + or ~ with more compounds: siblings and their subtrees
			for s := nextElementSibling(n); s != nil; s = nextElementSibling(s) {
				if ev.matchRel(cx, lead, s) || ev.anyDescendant(s, func(d *html.Node) bool { return ev.matchRel(cx, lead, d) }) {
					return true
				}
				if ev.exhausted {
					return false
				}
			}
		}
		if ev.exhausted {
			return false
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

// matchRel matches a relative selector whose lead combinator is lead.
func (ev *evaluator) matchRel(cx *complexSel, lead combinator, n *html.Node) bool {
	if cx.lead == lead {
		return ev.matchComplex(cx, n)
	}
	c := *cx
	c.lead = lead
	return ev.matchComplex(&c, n)
}

// anyDescendant reports whether f holds for an element below n, visiting
// them in document order without recursion.
func (ev *evaluator) anyDescendant(n *html.Node, f func(*html.Node) bool) bool {
	found := false
	walk(n, func(d *html.Node) bool {
		if found || ev.exhausted {
			return false
		}
		if d != n && d.Type == html.ElementNode && f(d) {
			found = true
			return false
		}
		return d.Type == html.ElementNode || d.Type == html.DocumentNode
	}, func(*html.Node) {})
	return found
}

func nextElementSibling(n *html.Node) *html.Node {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			return s
		}
	}
	return nil
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

// matchAttr evaluates an attribute selector.
func matchAttr(a *attrTest, n *html.Node) bool {
	v, ok := attrOK(n, a.name)
	if !ok {
		return false
	}
	return a.matchValue(v)
}

// matchValue tests the value of the attribute a names.
func (a *attrTest) matchValue(v string) bool {
	want := a.val
	if a.fold {
		v, want = strings.ToLower(v), strings.ToLower(want)
	}
	switch a.op {
	case attrExists:
		return true
	case attrEquals:
		return v == want
	case attrIncludes:
		return want != "" && !strings.ContainsAny(want, " \t\n\r\f") && hasClass(v, want)
	case attrDash:
		return v == want || strings.HasPrefix(v, want+"-")
	case attrPrefix:
		return want != "" && strings.HasPrefix(v, want)
	case attrSuffix:
		return want != "" && strings.HasSuffix(v, want)
	case attrSubstr:
		return want != "" && strings.Contains(v, want)
	}
	return false
}
