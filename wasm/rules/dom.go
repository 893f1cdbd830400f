package rules

import (
	"slices"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/document"
)

// tree is one page prepared for matching, built in one walk: its elements
// numbered in document order with their structure in slices, and the
// atoms (attribute tests and gate tags) true on each; their text is
// gathered later, when a rule first needs it. Matching then works on element numbers: per-element results
// (memos of nested selectors, :has() answers) are slices, and "is d inside
// e" is a range test.
//
// The tree is what the live DOM holds: the content of <template> elements
// (a separate document fragment, never rendered) is left out.
type tree struct {
	nodes []*html.Node
	// parent[i] is the number of element i's parent element, or -1;
	// end[i] is one past its last descendant (its descendants are
	// i+1 … end[i]-1); prev[i] is its previous element sibling, or -1.
	parent, end, prev []int32
	// flags[i] holds element i's flag bits.
	flags []uint8

	// atoms of element i are atoms[atomOff[i]:atomOff[i+1]]; present is
	// the set of atoms true on some element.
	atoms   []int32
	atomOff []int32
	present []uint64
	seen    []int32 // scratch: the element an atom was last recorded for, plus 1
	buf     []byte

	// secondary: the atoms of domain-specific rules are evaluated too.
	secondary bool

	// Text, gathered on first use by a rule that reads it (see text.go),
	// with which of the gate literals lits (filed in litTab) it holds.
	root    *html.Node
	hasText bool
	text    pageText
	lits    []literal
	litTab  *litTable

	stack []frame

	// sib numbers elements among their siblings, on first use by a
	// structural pseudo-class (position.go).
	sib siblingTable
}

// Element flags.
const (
	// flagUnseen: the element is never rendered, so hiding it is
	// meaningless and the content script could not reach some of them:
	// <head> and everything in it, <template>, <noscript> (whose content
	// is text when scripting is on).
	flagUnseen uint8 = 1 << iota
)

// frame is an open element during the walk.
type frame struct {
	i         int32
	lastChild int32
}

// reset empties tr for another page, keeping its buffers.
func (tr *tree) reset() {
	clear(tr.nodes) // drop references to the last page's nodes
	tr.nodes, tr.parent, tr.end, tr.prev, tr.flags = tr.nodes[:0], tr.parent[:0], tr.end[:0], tr.prev[:0], tr.flags[:0]
	tr.atoms, tr.atomOff = tr.atoms[:0], tr.atomOff[:0]
	clear(tr.present)
	tr.root, tr.hasText, tr.lits, tr.litTab = nil, false, nil, nil
	tr.text.reset()
	tr.sib.reset()
	tr.stack = tr.stack[:0]
}

// size is the number of elements.
func (tr *tree) size() int { return len(tr.nodes) }

// unseen reports whether element i is never rendered.
func (tr *tree) unseen(i int32) bool { return tr.flags[i]&flagUnseen != 0 }

// neverRendered are elements whose content the browser never shows.
func neverRendered(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Head, atom.Template, atom.Noscript:
		return true
	}
	return false
}

// build walks the tree under root once, without recursion (depth does not
// matter), numbering elements and evaluating the atoms of m (with
// secondary, also those only domain-specific rules use).
func (tr *tree) build(root *html.Node, m *Matcher, secondary bool) {
	at := m.atoms
	tr.root, tr.secondary = root, secondary
	tr.lits, tr.litTab = m.lits, &m.litTab
	if n := at.count(); n > 0 {
		words := (n + 63) / 64
		if cap(tr.present) < words {
			tr.present = make([]uint64, words)
		}
		tr.present = tr.present[:words]
		clear(tr.present)
		if cap(tr.seen) < n {
			tr.seen = make([]int32, n)
		}
		tr.seen = tr.seen[:n]
		clear(tr.seen)
	}
	// Sized once: grown by appending, the slices of a 20 MB page's
	// 280,000 elements would allocate about five times their size.
	n := document.CountElements(root)
	tr.nodes, tr.parent, tr.end, tr.prev = slices.Grow(tr.nodes, n), slices.Grow(tr.parent, n), slices.Grow(tr.end, n), slices.Grow(tr.prev, n)
	tr.flags, tr.atomOff = slices.Grow(tr.flags, n), slices.Grow(tr.atomOff, n+1)
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			tr.open(n, at)
			return descendInto(n)
		}
		return n.Type == html.DocumentNode
	}, func(n *html.Node) {
		if n.Type == html.ElementNode {
			tr.close()
		}
	})
	tr.atomOff = append(tr.atomOff, int32(len(tr.atoms)))
}

// open numbers element n and evaluates its atoms.
func (tr *tree) open(n *html.Node, at *atomTable) {
	i := int32(len(tr.nodes))
	parent, prev := int32(-1), int32(-1)
	var fl uint8
	if len(tr.stack) > 0 {
		top := &tr.stack[len(tr.stack)-1]
		parent, prev = top.i, top.lastChild
		top.lastChild = i
		fl = tr.flags[parent] & flagUnseen
	}
	if neverRendered(n) {
		fl |= flagUnseen
	}
	tr.nodes = append(tr.nodes, n)
	tr.parent = append(tr.parent, parent)
	tr.prev = append(tr.prev, prev)
	tr.end = append(tr.end, 0)
	tr.flags = append(tr.flags, fl)
	tr.atomOff = append(tr.atomOff, int32(len(tr.atoms)))
	tr.stack = append(tr.stack, frame{i: i, lastChild: -1})
	if len(tr.seen) > 0 {
		tr.scanAtoms(i, n, at, tr.secondary)
	}
}

// close ends the innermost open element.
func (tr *tree) close() {
	top := tr.stack[len(tr.stack)-1]
	tr.stack = tr.stack[:len(tr.stack)-1]
	tr.end[top.i] = int32(len(tr.nodes))
}

// descendInto reports whether the walk enters element n's children: a
// template's content is not part of the document.
func descendInto(n *html.Node) bool { return n.DataAtom != atom.Template }

// textOf returns the page's text, gathering it on first use.
func (tr *tree) textOf() *pageText {
	if !tr.hasText {
		tr.hasText = true
		tr.text.build(tr.root, len(tr.nodes), tr.lits, tr.litTab)
	}
	return &tr.text
}

// scanAtoms records the atoms true on element i: those of generic rules,
// and with secondary those only domain-specific rules use.
func (tr *tree) scanAtoms(i int32, n *html.Node, at *atomTable, secondary bool) {
	emit := func(id int32) {
		if tr.seen[id] == i+1 {
			return
		}
		tr.seen[id] = i + 1
		tr.atoms = append(tr.atoms, id)
		tr.present[id/64] |= 1 << (id % 64)
	}
	if id := at.tagOf(n); id >= 0 {
		emit(id)
	}
	for k := range n.Attr {
		a := &n.Attr[k]
		if a.Namespace != "" {
			continue
		}
		if s := at.primary.lookup(a.Key); s != nil {
			tr.buf = at.scan(s, a.Val, tr.buf, emit)
		}
		if secondary {
			if s := at.secondary.lookup(a.Key); s != nil {
				tr.buf = at.scan(s, a.Val, tr.buf, emit)
			}
		}
	}
}

// has reports whether atom id is true on element i.
func (tr *tree) has(i int32, id int32) bool {
	for _, a := range tr.atoms[tr.atomOff[i]:tr.atomOff[i+1]] {
		if a == id {
			return true
		}
	}
	return false
}

// elementAtoms returns the atoms true on element i.
func (tr *tree) elementAtoms(i int32) []int32 {
	return tr.atoms[tr.atomOff[i]:tr.atomOff[i+1]]
}

// isPresent reports whether atom id is true on some element.
func (tr *tree) isPresent(id int32) bool {
	return tr.present[id/64]&(1<<(id%64)) != 0
}

// nextSibling returns element i's next element sibling, or -1: the element
// after i's subtree, if it is still inside the parent's.
func (tr *tree) nextSibling(i int32) int32 {
	e := tr.end[i]
	limit := int32(len(tr.nodes))
	if p := tr.parent[i]; p >= 0 {
		limit = tr.end[p]
	}
	if e < limit && tr.parent[e] == tr.parent[i] {
		return e
	}
	return -1
}
