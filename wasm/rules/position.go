package rules

import (
	"strconv"
	"strings"

	"github.com/andybalholm/cascadia"
)

// Structural pseudo-classes (:nth-child(An+B) and its -last-, -of-type
// forms, :first-/:last-/:only-child and -of-type) are parsed by cascadia
// but evaluated here, from positions computed once per page. cascadia
// counts an element's siblings each time it tests one, so a rule such as
// div:nth-last-of-type(2n+1) on a page with 100,000 sibling divs made
// 10^10 steps; here each test is a lookup.

// nthSpec is a structural pseudo-class as position arithmetic: with p the
// element's 1-based position among its element siblings (of its own tag
// with ofType; counted from the end with last), it matches when
// p = a·k + b for some integer k ≥ 0 (k = 0 only, when a is 0). With only,
// it matches when the element is its parent's only such child.
type nthSpec struct {
	a, b               int
	last, ofType, only bool
}

// nthOf reads a compiled cascadia pseudo-class back as an nthSpec, from
// its canonical form (Sel.String: ":nth-child(2n+1)", ":first-child",
// ":only-of-type"); false when it is another pseudo-class.
func nthOf(sel cascadia.Sel) (nthSpec, bool) {
	s, ok := strings.CutPrefix(sel.String(), ":")
	if !ok {
		return nthSpec{}, false
	}
	switch s {
	case "first-child":
		return nthSpec{b: 1}, true
	case "last-child":
		return nthSpec{b: 1, last: true}, true
	case "first-of-type":
		return nthSpec{b: 1, ofType: true}, true
	case "last-of-type":
		return nthSpec{b: 1, last: true, ofType: true}, true
	case "only-child":
		return nthSpec{only: true}, true
	case "only-of-type":
		return nthSpec{only: true, ofType: true}, true
	}
	name, arg, ok := strings.Cut(s, "(")
	if !ok {
		return nthSpec{}, false
	}
	var spec nthSpec
	switch name {
	case "nth-child":
	case "nth-last-child":
		spec.last = true
	case "nth-of-type":
		spec.ofType = true
	case "nth-last-of-type":
		spec.last, spec.ofType = true, true
	default:
		return nthSpec{}, false
	}
	// cascadia writes the argument as "%dn%+d".
	arg, ok = strings.CutSuffix(arg, ")")
	as, bs, ok2 := strings.Cut(arg, "n")
	if !ok || !ok2 {
		return nthSpec{}, false
	}
	a, errA := strconv.Atoi(as)
	b, errB := strconv.Atoi(bs)
	if errA != nil || errB != nil {
		return nthSpec{}, false
	}
	spec.a, spec.b = a, b
	return spec, true
}

// matches applies the spec to a position p among count siblings,
// exactly as cascadia does.
func (s nthSpec) matches(p, count int) bool {
	if s.only {
		return count == 1
	}
	if s.last {
		p = count - p + 1
	}
	p -= s.b
	if s.a == 0 {
		return p == 0
	}
	return p%s.a == 0 && p/s.a >= 0
}

// siblingTable holds, per element of a tree, its position among its
// element siblings and, per element, its number of element children;
// with types, the position and count among the siblings of its tag.
type siblingTable struct {
	pos, children      []int32
	typePos, typeCount []int32
	ready, typesReady  bool
}

func (st *siblingTable) reset() {
	st.ready, st.typesReady = false, false
}

// typeKey names a tag among one parent's children.
type typeKey struct {
	parent int32
	tag    string
}

// position reports element i's position and sibling count for spec, and
// false when the tree does not hold i's siblings (the tree's top
// elements, whose parent is outside it).
func (tr *tree) position(spec nthSpec, i int32) (p, count int, ok bool) {
	par := tr.parent[i]
	if par < 0 {
		return 0, 0, false
	}
	st := &tr.sib
	if !spec.ofType {
		if !st.ready {
			tr.buildPositions()
		}
		return int(st.pos[i]), int(st.children[par]), true
	}
	if !st.typesReady {
		tr.buildTypePositions()
	}
	return int(st.typePos[i]), int(st.typeCount[i]), true
}

// buildPositions numbers each element among its element siblings. The
// tree lists elements in document order with each one's previous element
// sibling, so one pass numbers them; a parent's last child's number is
// its count of children.
func (tr *tree) buildPositions() {
	st := &tr.sib
	n := len(tr.nodes)
	st.pos, st.children = resize(st.pos, n), resize(st.children, n)
	clear(st.children)
	for i := range n {
		p := int32(1)
		if pr := tr.prev[i]; pr >= 0 {
			p = st.pos[pr] + 1
		}
		st.pos[i] = p
		if par := tr.parent[i]; par >= 0 {
			st.children[par] = p
		}
	}
	st.ready = true
}

// buildTypePositions is buildPositions among the siblings of each tag
// (cascadia compares tag names, html.Node.Data).
func (tr *tree) buildTypePositions() {
	st := &tr.sib
	n := len(tr.nodes)
	st.typePos, st.typeCount = resize(st.typePos, n), resize(st.typeCount, n)
	seen := make(map[typeKey]int32)
	for i := range n {
		k := typeKey{tr.parent[i], tr.nodes[i].Data}
		seen[k]++
		st.typePos[i] = seen[k]
	}
	for i := range n {
		st.typeCount[i] = seen[typeKey{tr.parent[i], tr.nodes[i].Data}]
	}
	st.typesReady = true
}

// matchPosition evaluates a structural pseudo-class on element i.
func (ev *evaluator) matchPosition(ps *pseudo, i int32) bool {
	p, count, ok := ev.tr.position(*ps.nth, i)
	if !ok {
		return matchCascadia(ps, ev.tr.nodes[i])
	}
	return ps.nth.matches(p, count)
}
