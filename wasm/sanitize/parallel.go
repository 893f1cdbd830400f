package sanitize

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/document"
)

// Sanitizing a long article on several cores.
//
// bluemonday reads its input as a stream of tokens, one after the other,
// and most of a long article's time goes there (on a 20 MB page, more
// than parsing it). The article's blocks can be sanitized apart when the
// stream's state between them is the one it starts in: the tokenizer is
// reading text, and bluemonday is neither skipping content (script,
// iframe…) nor waiting for an end tag to drop. That holds between
// sibling subtrees made only of text and ordinary HTML elements
// (isPlain): rendered, each is a balanced run of tags and escaped text.
// The one state such a subtree can leave behind, the name of a dropped
// void element (an <img> whose src was refused) on bluemonday's stack of
// end tags to drop, never matches an end tag, so it changes nothing
// after. Sanitizing the runs apart and joining the results therefore
// gives the same text as sanitizing the whole; bluemonday still reads
// every byte of the article.

// parallelMinNodes is the size, in nodes, from which an article is
// sanitized in parts: below it (all but very long articles) starting
// goroutines costs more than it saves.
const parallelMinNodes = 50_000

// maxParts bounds the parts an article is cut into.
const maxParts = 4

// part is a run of the article that bluemonday can sanitize alone: the
// start tags of the wrappers around the runs (first part only), sibling
// subtrees, then the wrappers' end tags (last part only).
type part struct {
	prefix, suffix string
	nodes          []*html.Node
}

// isWrapper reports the elements a part boundary may cut through: their
// start and end tags are each sanitized on their own terms, whatever
// comes between (bluemonday keeps them without needing an attribute, or,
// for <main>, which the policy does not allow, drops both).
func isWrapper(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer, atom.Aside:
		return n.Type == html.ElementNode && n.Namespace == "" && plainAttrs(n)
	}
	return false
}

// split cuts root's content into at most k parts of about equal size, or
// returns nil when it should be sanitized whole: under minNodes nodes, or
// holding something other than plain subtrees.
func split(root *html.Node, k, minNodes int) []part {
	if k < 2 {
		return nil
	}
	// Descend through single wrappers (<main><article>…) to the level
	// where the article's blocks are siblings.
	var wrappers []*html.Node
	for c := root.FirstChild; c != nil && c.NextSibling == nil && isWrapper(c); c = c.FirstChild {
		wrappers = append(wrappers, c)
		root = c
	}
	var nodes []*html.Node
	var sizes []int
	total := 0
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		size, ok := plainSize(c)
		if !ok {
			return nil
		}
		nodes = append(nodes, c)
		sizes = append(sizes, size)
		total += size
	}
	if total < minNodes || len(nodes) < k {
		return nil
	}
	parts := make([]part, 0, k)
	start, acc := 0, 0
	for i, size := range sizes {
		acc += size
		if len(parts) < k-1 && acc >= total*(len(parts)+1)/k {
			parts = append(parts, part{nodes: nodes[start : i+1]})
			start = i + 1
		}
	}
	if start < len(nodes) {
		parts = append(parts, part{nodes: nodes[start:]})
	}
	for i := len(wrappers) - 1; i >= 0; i-- {
		open, err := startTag(wrappers[i])
		if err != nil {
			return nil
		}
		parts[0].prefix = open + parts[0].prefix
		parts[len(parts)-1].suffix += "</" + wrappers[i].Data + ">"
	}
	return parts
}

// startTag renders n's start tag, as html.Render writes it.
func startTag(n *html.Node) (string, error) {
	shallow := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Attr: n.Attr}
	var b strings.Builder
	if err := html.Render(&b, shallow); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "</"+n.Data+">"), nil
}

// plainSize counts the nodes of n's subtree and reports whether they are
// all text and ordinary HTML elements: none whose content the tokenizer
// reads as raw text (script, style, textarea, title…), none whose content
// bluemonday skips (iframe, object, noscript…), no foreign (SVG, MathML)
// or template content, no comments, and names that render as written.
func plainSize(n *html.Node) (int, bool) {
	size := 0
	for c := n; c != nil; {
		size++
		switch c.Type {
		case html.TextNode:
		case html.ElementNode:
			if c.Namespace != "" || notPlain(c) || !plainName(c.Data) || !plainAttrs(c) {
				return 0, false
			}
		default:
			return 0, false
		}
		if c.FirstChild != nil {
			c = c.FirstChild
			continue
		}
		c = document.SkipSubtree(c, n)
	}
	return size, true
}

// notPlain reports the elements plainSize refuses by tag.
func notPlain(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Xmp, atom.Iframe, atom.Noembed, atom.Noframes, atom.Noscript,
		atom.Plaintext, atom.Textarea, atom.Title, atom.Template, atom.Object, atom.Frame, atom.Frameset,
		atom.Svg, atom.Math:
		return true
	}
	return n.Data == "nostyle" // in bluemonday's skip-content set, not an atom
}

// plainName reports a tag name of lowercase ASCII letters, digits and
// hyphens, which html.Render writes as is and the tokenizer reads back
// whole.
func plainName(s string) bool { return s != "" && allBytes(s, "-") }

// plainAttrs reports attributes whose names are plain as tag names are,
// or may also hold ':', '_' and '.'.
func plainAttrs(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Namespace != "" || a.Key == "" || !allBytes(a.Key, "-:_.") {
			return false
		}
	}
	return true
}

// allBytes reports whether every byte of s is a lowercase ASCII letter, a
// digit or one of extra.
func allBytes(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}

// parallelHTML renders the parts, then sanitizes them, each part in a
// goroutine of its own, and joins them; ok is false when rendering or
// sanitizing one failed (the whole article then gives "", as sanitizing
// it whole would). Every part is rendered before any is sanitized (the
// goroutines wait for each other in between), and the parts then let go
// of the tree, so that the tree can be collected while bluemonday, which
// allocates several times the article, runs. The first part is
// sanitized into a buffer sized for the whole article, and the others'
// results are appended to it: joining them into one more copy would
// allocate the article's size again.
func (p *Policy) parallelHTML(parts []part) (string, bool) {
	ins := make([]chunks, len(parts))
	outs := make([]strings.Builder, len(parts))
	oks := make([]bool, len(parts))
	var rendered, done sync.WaitGroup
	var failed atomic.Bool
	rendered.Add(len(parts))
	for i := range parts {
		done.Add(1)
		go func() {
			defer done.Done()
			if !renderPart(&ins[i], &parts[i]) {
				failed.Store(true)
			}
			parts[i].nodes = nil
			rendered.Done()
			rendered.Wait()
			if failed.Load() {
				return
			}
			size := ins[i].Len()
			if i == 0 {
				size = 0
				for k := range ins {
					size += ins[k].Len()
				}
			}
			growFor(&outs[i], size)
			oks[i] = p.sanitizeChunks(&ins[i], &outs[i])
		}()
	}
	done.Wait()
	for _, ok := range oks {
		if !ok {
			return "", false
		}
	}
	for i := 1; i < len(outs); i++ {
		outs[0].WriteString(outs[i].String())
		outs[i].Reset()
	}
	return outs[0].String(), true
}

// renderPart renders one part into in.
func renderPart(in *chunks, pt *part) bool {
	in.WriteString(pt.prefix)
	for _, n := range pt.nodes {
		if err := html.Render(in, n); err != nil {
			return false
		}
	}
	in.WriteString(pt.suffix)
	return true
}

// sanitizeChunks sanitizes a rendered part into out, reporting whether
// bluemonday could read it.
func (p *Policy) sanitizeChunks(in *chunks, out *strings.Builder) bool {
	return p.p.SanitizeReaderToWriter(in, out) == nil
}

// parallelism is how many parts to cut a long article into: one per
// processor Go may use, at most maxParts.
func parallelism() int {
	return min(runtime.GOMAXPROCS(0), maxParts)
}
