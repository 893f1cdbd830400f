package rules

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageText is a page's text, computed once per Match and only when a rule
// needs text: raw (the elements' textContent, for :has-text) and
// normalized (for similarity rules), with each element's span in both.
// Elements are numbered in document order; spans, parents and the
// normalized starts are slices indexed by that number, so building the
// text costs no map insertions (the node-to-number map is built only when
// a rule asks about an arbitrary element).
type pageText struct {
	raw   []byte
	norm  []byte
	elems []*html.Node
	spans []span
	// parent[i] is the number of elems[i]'s parent element, or -1.
	parent []int32
	index  map[*html.Node]int32
	stack  []int32
}

type span struct {
	rawStart, rawEnd, normStart, normEnd int32
}

// maxTextBytes bounds the text gathered from one page; a 64 MB page of
// text is beyond any article and the rest is ignored.
const maxTextBytes = 32 << 20

// skipText are elements whose content is not page text.
func skipText(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Iframe, atom.Object:
		return true
	}
	return false
}

// isInline tells phrasing elements apart from blocks: text in adjacent
// inline elements runs together, a block starts a new run, and similarity
// rules report the smallest block around a match.
func isInline(n *html.Node) bool {
	switch n.DataAtom {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Big, atom.Cite, atom.Code, atom.Data,
		atom.Dfn, atom.Em, atom.Font, atom.I, atom.Img, atom.Kbd, atom.Label, atom.Mark, atom.Nobr,
		atom.Q, atom.S, atom.Samp, atom.Small, atom.Span, atom.Strike, atom.Strong, atom.Sub, atom.Sup,
		atom.Time, atom.Tt, atom.U, atom.Var, atom.Wbr, atom.Input, atom.Button, atom.Select,
		atom.Textarea, atom.Output, atom.Picture, atom.Source:
		return true
	}
	return false
}

// reset empties t for another page, keeping its buffers.
func (t *pageText) reset() {
	t.raw, t.norm = t.raw[:0], t.norm[:0]
	clear(t.elems) // drop references to the last page's nodes
	t.elems, t.spans, t.parent, t.stack = t.elems[:0], t.spans[:0], t.parent[:0], t.stack[:0]
	t.index = nil
}

// build walks the tree once, without recursion (depth does not matter).
func (t *pageText) build(root *html.Node) {
	lastSpace := true
	sep := func() {
		if !lastSpace && len(t.norm) > 0 {
			t.norm = append(t.norm, ' ')
			lastSpace = true
		}
	}
	n := root
	for n != nil {
		descend := n.Type == html.DocumentNode
		switch n.Type {
		case html.ElementNode:
			if !isInline(n) || n.DataAtom == atom.Br {
				sep()
			}
			parent := int32(-1)
			if len(t.stack) > 0 {
				parent = t.stack[len(t.stack)-1]
			}
			t.stack = append(t.stack, int32(len(t.elems)))
			t.elems = append(t.elems, n)
			t.parent = append(t.parent, parent)
			t.spans = append(t.spans, span{rawStart: int32(len(t.raw)), normStart: int32(len(t.norm))})
			descend = !skipText(n)
		case html.TextNode:
			if len(t.raw)+len(n.Data) <= maxTextBytes {
				t.raw = append(t.raw, n.Data...)
				t.norm = appendNormalized(t.norm, n.Data, &lastSpace)
			}
		}
		if descend && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for {
			if n.Type == html.ElementNode {
				i := t.stack[len(t.stack)-1]
				t.stack = t.stack[:len(t.stack)-1]
				sp := &t.spans[i]
				sp.rawEnd, sp.normEnd = int32(len(t.raw)), int32(len(t.norm))
				// A trailing separator space belongs to no element.
				if sp.normEnd > sp.normStart && t.norm[sp.normEnd-1] == ' ' {
					sp.normEnd--
				}
				if !isInline(n) {
					sep()
				}
			}
			if n == root {
				return
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
			if n == nil {
				return
			}
		}
	}
}

// number returns the document-order number of element n, or -1.
func (t *pageText) number(n *html.Node) int32 {
	if t.index == nil {
		t.index = make(map[*html.Node]int32, len(t.elems))
		for i, e := range t.elems {
			t.index[e] = int32(i)
		}
	}
	if i, ok := t.index[n]; ok {
		return i
	}
	return -1
}

// spanOf returns n's span.
func (t *pageText) spanOf(n *html.Node) (span, bool) {
	i := t.number(n)
	if i < 0 {
		return span{}, false
	}
	return t.spans[i], true
}

// walk visits root's subtree in document order without recursion. enter
// returns whether to descend into the node's children; exit is called
// after a node's subtree.
func walk(root *html.Node, enter func(*html.Node) bool, exit func(*html.Node)) {
	n := root
	for n != nil {
		if enter(n) && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for {
			exit(n)
			if n == root {
				return
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
			if n == nil {
				return
			}
		}
	}
}

// spanOfNear returns n's span, looking first among the ancestors of
// element number d (where similarity hits usually are) before building the
// node map.
func (t *pageText) spanOfNear(n *html.Node, d int32) (span, bool) {
	for i := d; i >= 0; i = t.parent[i] {
		if t.elems[i] == n {
			return t.spans[i], true
		}
	}
	return t.spanOf(n)
}

// rawText is n's text content (without script and style text).
func (t *pageText) rawText(n *html.Node) []byte {
	sp, ok := t.spanOf(n)
	if !ok {
		return nil
	}
	return t.raw[sp.rawStart:sp.rawEnd]
}

// deepest returns the number of the deepest element whose normalized span
// contains [s, e), or -1. The last element in document order that starts
// at or before s is a descendant-or-self of every element containing the
// range (an element after a container's subtree starts after its end), so
// it is enough to climb from there.
func (t *pageText) deepest(s, e int32) int32 {
	lo, hi := 0, len(t.spans)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if t.spans[mid].normStart <= s {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for i := int32(lo - 1); i >= 0; i = t.parent[i] {
		if sp := t.spans[i]; sp.normStart <= s && sp.normEnd >= e {
			return i
		}
	}
	return -1
}

// appendNormalized appends s normalized for similarity: letters and digits
// lowercased, combining marks and invisible format characters dropped,
// everything else (spaces, punctuation, quotes, dashes, symbols) turned
// into one space. Curly and straight quotes, dashes, case and spacing
// therefore never count as differences.
func appendNormalized(dst []byte, s string, lastSpace *bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				dst = append(dst, c)
				*lastSpace = false
			case c >= 'A' && c <= 'Z':
				dst = append(dst, c+'a'-'A')
				*lastSpace = false
			default:
				if !*lastSpace {
					dst = append(dst, ' ')
					*lastSpace = true
				}
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
			*lastSpace = false
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r):
			// Combining accents, soft hyphens, zero-width spaces.
		default:
			if !*lastSpace {
				dst = append(dst, ' ')
				*lastSpace = true
			}
		}
	}
	return dst
}

// NormalizeText returns s as similarity rules see it (see rules/README.md):
// lowercase letters and digits separated by single spaces, trimmed.
func NormalizeText(s string) string {
	last := true
	b := appendNormalized(nil, s, &last)
	if len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return string(b)
}
