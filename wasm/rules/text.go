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
type pageText struct {
	raw   []byte
	norm  []byte
	spans map[*html.Node]span
	// elems lists the elements in document order; starts[i] is the
	// normalized start of elems[i] (non-decreasing).
	elems  []*html.Node
	starts []int32
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

// buildText walks the tree once, iteratively (no recursion, so depth does
// not matter).
func buildText(root *html.Node) *pageText {
	t := &pageText{spans: make(map[*html.Node]span, 256)}
	lastSpace := true
	sep := func() {
		if !lastSpace && len(t.norm) > 0 {
			t.norm = append(t.norm, ' ')
			lastSpace = true
		}
	}
	enter := func(n *html.Node) bool {
		switch n.Type {
		case html.ElementNode:
			if !isInline(n) || n.DataAtom == atom.Br {
				sep()
			}
			t.spans[n] = span{rawStart: int32(len(t.raw)), normStart: int32(len(t.norm))}
			t.elems = append(t.elems, n)
			t.starts = append(t.starts, int32(len(t.norm)))
			return !skipText(n)
		case html.TextNode:
			if len(t.raw)+len(n.Data) <= maxTextBytes {
				t.raw = append(t.raw, n.Data...)
				t.norm = appendNormalized(t.norm, n.Data, &lastSpace)
			}
		case html.DocumentNode:
			return true
		}
		return false
	}
	exit := func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		sp := t.spans[n]
		sp.rawEnd, sp.normEnd = int32(len(t.raw)), int32(len(t.norm))
		// A trailing separator space belongs to no element.
		if sp.normEnd > sp.normStart && t.norm[sp.normEnd-1] == ' ' {
			sp.normEnd--
		}
		t.spans[n] = sp
		if !isInline(n) {
			sep()
		}
	}
	walk(root, enter, exit)
	return t
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

// rawText is n's text content (without script and style text).
func (t *pageText) rawText(n *html.Node) []byte {
	sp, ok := t.spans[n]
	if !ok {
		return nil
	}
	return t.raw[sp.rawStart:sp.rawEnd]
}

// deepest returns the deepest element whose normalized span contains
// [s, e), or nil. The last element in document order that starts at or
// before s is a descendant-or-self of every element containing the range
// (an element after a container's subtree starts after its end), so it is
// enough to climb from there.
func (t *pageText) deepest(s, e int32) *html.Node {
	lo, hi := 0, len(t.starts)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if t.starts[mid] <= s {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return nil
	}
	for n := t.elems[lo-1]; n != nil && n.Type == html.ElementNode; n = n.Parent {
		if sp := t.spans[n]; sp.normStart <= s && sp.normEnd >= e {
			return n
		}
	}
	return nil
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
