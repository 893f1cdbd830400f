package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/document"
)

// Plain text of the article: paragraphs and other blocks separated by a
// blank line; headings, list items, table rows and definition terms on
// their own lines; <br> a line break; whitespace collapsed except in <pre>.
// Figure captions describe images and are left out of the text (they stay
// in the HTML), as in the Zyte benchmark's article bodies and
// trafilatura's default output.

// breakKind is the separation a block asks for around itself.
type breakKind uint8

const (
	breakNone breakKind = iota
	breakLine
	breakPara
)

// blockBreak returns the separation around an element with tag a.
func blockBreak(a atom.Atom) breakKind {
	switch a {
	case atom.Li, atom.Tr, atom.Dt, atom.Dd, atom.Br, atom.Caption:
		return breakLine
	case atom.Td, atom.Th, atom.Img, atom.Span, atom.A, atom.Em, atom.Strong, atom.B, atom.I,
		atom.U, atom.S, atom.Small, atom.Sub, atom.Sup, atom.Code, atom.Abbr, atom.Cite, atom.Q,
		atom.Time, atom.Mark, atom.Font, atom.Label, atom.Wbr, atom.Del, atom.Ins, atom.Kbd,
		atom.Samp, atom.Var, atom.Dfn, atom.Bdi, atom.Bdo, atom.Big, atom.Tt, atom.Strike, atom.Nobr:
		return breakNone
	case 0:
		return breakNone // custom elements are laid out inline unless styled
	}
	if isBlock(a) {
		return breakPara
	}
	return breakNone
}

// textSkipped reports elements whose text is not article text.
func textSkipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Figcaption, atom.Noscript, atom.Video, atom.Audio, atom.Canvas, atom.Map, atom.Rp:
		return true
	}
	return false
}

// textWriter accumulates text with pending separations.
type textWriter struct {
	b       strings.Builder
	pending breakKind
	space   bool // a space is owed before the next word
	pre     int  // depth inside <pre>
	skip    map[*html.Node]bool
}

func (w *textWriter) brk(k breakKind) {
	if k > w.pending {
		w.pending = k
	}
}

func (w *textWriter) text(s string) {
	if w.pre > 0 {
		if s == "" {
			return
		}
		w.flush()
		w.b.WriteString(s)
		return
	}
	if strings.Contains(s, "\u00a0") {
		s = strings.ReplaceAll(s, "\u00a0", " ")
	}
	for len(s) > 0 {
		// Split off the next word.
		i := 0
		for i < len(s) && isSpaceByte(s[i]) {
			i++
		}
		if i > 0 {
			w.space = true
			s = s[i:]
			continue
		}
		j := wordEnd(s, 0)
		// The words after this one, each after a single space, are
		// written as they are: copy the whole run at once.
		for j+1 < len(s) && s[j] == ' ' && !isSpaceByte(s[j+1]) {
			j = wordEnd(s, j+1)
		}
		run := s[:j]
		s = s[j:]
		if w.pending != breakNone && w.b.Len() > 0 {
			w.flush()
		} else {
			w.pending = breakNone
			if w.space && w.b.Len() > 0 {
				w.b.WriteByte(' ')
			}
		}
		w.space = false
		w.b.WriteString(run)
	}
}

// wordEnd returns the end of the word that starts at s[i].
func wordEnd(s string, i int) int {
	for i < len(s) && !isSpaceByte(s[i]) {
		i++
	}
	return i
}

// flush writes the pending separation.
func (w *textWriter) flush() {
	switch w.pending {
	case breakLine:
		w.b.WriteByte('\n')
	case breakPara:
		w.b.WriteString("\n\n")
	default:
		if w.space && w.b.Len() > 0 {
			w.b.WriteByte(' ')
		}
	}
	w.pending = breakNone
	w.space = false
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// renderText returns the plain text of root's subtree, leaving out the
// subtrees of skip (captions named by class). size is the expected
// length, to allocate the text once.
func renderText(root *html.Node, skip map[*html.Node]bool, size int) string {
	w := textWriter{skip: skip}
	w.b.Grow(size)
	walkText(root, &w)
	return strings.TrimSpace(w.b.String())
}

// walkText writes the text of n's subtree, iteratively.
func walkText(root *html.Node, w *textWriter) {
	n := root.FirstChild
	for n != nil {
		descend := false
		switch n.Type {
		case html.TextNode:
			w.text(n.Data)
		case html.ElementNode:
			if !textSkipped(n) && !w.skip[n] {
				k := blockBreak(n.DataAtom)
				w.brk(k)
				if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
					w.space = true
				}
				if n.DataAtom == atom.Pre {
					w.pre++
				}
				descend = n.FirstChild != nil
				if !descend {
					w.brk(k)
					if n.DataAtom == atom.Pre {
						w.pre--
					}
				}
			}
		}
		if descend {
			n = n.FirstChild
			continue
		}
		// Leave n and every ancestor whose last child it is.
		for n != root && n.NextSibling == nil {
			n = n.Parent
			if n == root {
				return
			}
			w.brk(blockBreak(n.DataAtom))
			if n.DataAtom == atom.Pre {
				w.pre--
			}
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}

// nodeText is the raw concatenated text of n's subtree (for small
// elements: bylines, labels).
func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		if c.FirstChild != nil && c.Type == html.ElementNode && !textSkipped(c) {
			c = c.FirstChild
			continue
		}
		c = document.SkipSubtree(c, n)
	}
	return b.String()
}

// directText is the text of n's text-node children.
func directText(n *html.Node) string {
	if c := n.FirstChild; c != nil && c == n.LastChild && c.Type == html.TextNode {
		return c.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// collapseSpace trims s and collapses its whitespace runs to one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// lowerText lower-cases s.
func lowerText(s string) string {
	return strings.ToLower(s)
}
