// Package locate computes locators: how the content script finds, in the
// live DOM, an element the engine found in its parsed copy of the page.
//
// A locator is the element-child index path from the document element
// (<html> has the empty path; <body> is usually [1]), the element's tag
// name, and a hash of the start of its text. The content script walks the
// same path with Element.children, then checks the tag and the hash before
// hiding anything, and reports a mismatch instead of guessing: scripts can
// build trees the HTML parser would never produce, so the two trees can
// differ.
//
// The text hash, computed identically in extension/shared/locate.js:
//  1. take the element's text content (all descendant text nodes, in order),
//     leaving out what is inside <script> and <style> elements (a script's
//     own, too: its hash is that of ""): no reader sees it, and the content
//     script sends the engine the page without it (serialize.js);
//  2. collapse runs of ASCII whitespace (U+0009, U+000A, U+000C, U+000D,
//     U+0020) to one space and trim it at both ends;
//  3. keep the first HashRunes code points;
//  4. FNV-1a 32-bit over the UTF-8 bytes, as 8 lowercase hex digits.
package locate

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// HashRunes is how many code points of normalized text the hash covers:
// enough to tell sibling banners apart, few enough that a live counter or
// timestamp late in a block does not break the match.
const HashRunes = 120

// Locator is the engine's description of where an element is.
type Locator struct {
	Path []int
	Tag  string
	Hash string
}

// For returns the locator of element n, or ok=false when n is not an
// element inside the document element. To locate many elements of one
// page, use a Paths.
func For(n *html.Node) (Locator, bool) {
	var p Paths
	return p.For(n)
}

// Paths computes the locators of many elements of one document. It counts
// an element's earlier siblings only up to shortWalk of them; a parent
// with more children has them all numbered once, so locating each of
// 100,000 siblings costs a lookup rather than a walk over the others
// (10^10 steps in all). The zero value is ready; not for concurrent use.
type Paths struct {
	// index holds the element index of the children of parents numbered so far.
	index map[*html.Node]int
}

// shortWalk is how many earlier siblings are counted one by one before
// the parent's children are numbered instead.
const shortWalk = 64

// For is the package's For, sharing the numbering of siblings.
func (p *Paths) For(n *html.Node) (Locator, bool) {
	if n == nil || n.Type != html.ElementNode {
		return Locator{}, false
	}
	var rev []int
	cur := n
	for cur.Parent != nil && cur.Parent.Type == html.ElementNode {
		rev = append(rev, p.elementIndex(cur))
		cur = cur.Parent
	}
	// cur must be the document element: an element whose parent is the
	// document node.
	if cur.Parent == nil || cur.Parent.Type != html.DocumentNode {
		return Locator{}, false
	}
	path := make([]int, len(rev))
	for i, v := range rev {
		path[len(rev)-1-i] = v
	}
	return Locator{Path: path, Tag: n.Data, Hash: TextHash(n)}, true
}

// elementIndex is n's index among its parent's element children.
func (p *Paths) elementIndex(n *html.Node) int {
	if i, ok := p.index[n]; ok {
		return i
	}
	i, steps := 0, 0
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		if steps++; steps > shortWalk {
			return p.number(n.Parent)[n]
		}
		if s.Type == html.ElementNode {
			i++
		}
	}
	return i
}

// number records the element index of each of parent's element children.
func (p *Paths) number(parent *html.Node) map[*html.Node]int {
	if p.index == nil {
		p.index = make(map[*html.Node]int)
	}
	i := 0
	for c := parent.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			p.index[c] = i
			i++
		}
	}
	return p.index
}

// Find follows a locator's path from the document node's element child and
// returns the element if its tag and hash match, or nil.
func Find(doc *html.Node, l Locator) *html.Node {
	n := documentElement(doc)
	for _, idx := range l.Path {
		if n == nil {
			return nil
		}
		n = nthElementChild(n, idx)
	}
	if n == nil || n.Data != l.Tag || TextHash(n) != l.Hash {
		return nil
	}
	return n
}

func documentElement(doc *html.Node) *html.Node {
	for c := doc.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

func nthElementChild(n *html.Node, idx int) *html.Node {
	i := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if i == idx {
				return c
			}
			i++
		}
	}
	return nil
}

// TextHash hashes the start of n's normalized text content (see the
// package comment for the exact steps).
func TextHash(n *html.Node) string {
	var b strings.Builder
	count := 0
	pendingSpace := false
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.TextNode {
			for _, r := range n.Data {
				if isASCIISpace(r) {
					pendingSpace = count > 0
					continue
				}
				if pendingSpace {
					if count == HashRunes {
						return false
					}
					b.WriteByte(' ')
					count++
					pendingSpace = false
				}
				if count == HashRunes {
					return false
				}
				b.WriteRune(r)
				count++
			}
			return true
		}
		if n.Type == html.ElementNode && hiddenText(n) {
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	walk(n)
	return fnv1a(b.String())
}

// hiddenText reports the elements whose text TextHash leaves out: scripts
// and style sheets, in any namespace (an SVG <style> too), as the content
// script's localName test does.
func hiddenText(n *html.Node) bool {
	return n.Data == "script" || n.Data == "style"
}

func isASCIISpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r'
}

// fnv1a is the 32-bit FNV-1a hash of s's bytes as 8 hex digits.
func fnv1a(s string) string {
	const (
		offset = 2166136261
		prime  = 16777619
	)
	h := uint32(offset)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= prime
	}
	return fmt.Sprintf("%08x", h)
}
