// Package document parses a page's HTML into a node tree, with the limits
// that keep hostile input from costing unbounded time or memory.
//
// Input is UTF-8 text: the browser hands us a serialized DOM, and the CLI
// decodes files first (package decode). Nothing here sniffs charsets, so the
// WebAssembly build does not carry the legacy encoding tables.
package document

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// MaxInputBytes is the largest page Parse accepts. Real article pages are
// well under 10 MB; 64 MB leaves room for the 20 MB stress case while
// bounding memory (the tree costs several times its source).
const MaxInputBytes = 64 << 20

// ErrTooLarge is returned for input over MaxInputBytes.
var ErrTooLarge = errors.New("page is larger than 64 MB")

// ErrTooDeep is returned when elements nest deeper than the HTML parser's
// limit of 512 open elements (browsers cap the tree at a similar depth).
var ErrTooDeep = errors.New("page nests elements more than 512 deep")

// MaxElements bounds the parsed tree. The 20 MB stress page has 280,000
// elements; every later stage walks the tree, so a page that builds more
// (a flood of <br>, or markup the parser expands, such as hundreds of
// unclosed <b> re-opened in each later paragraph) is refused rather than
// cleaned in minutes and gigabytes. Before parsing, a page with more than
// twice as many tags ('<' followed by a letter, '/' or '!') is refused at
// once.
const MaxElements = 1_500_000

// ErrTooManyElements is returned for a page over MaxElements, or over
// twice as many tags.
var ErrTooManyElements = errors.New("page has too many elements (limits: 1,500,000 elements, 3,000,000 tags)")

// countTags counts '<' followed by an ASCII letter, '/' or '!': the
// starts of tags, end tags and comments; a '<' in text or a script is
// mostly followed by something else.
func countTags[T string | []byte](src T) int {
	n := 0
	for i := 0; i+1 < len(src); i++ {
		if src[i] != '<' {
			continue
		}
		if c := src[i+1] | 0x20; 'a' <= c && c <= 'z' || src[i+1] == '/' || src[i+1] == '!' {
			n++
		}
	}
	return n
}

// ErrBinary is returned for input that is binary data, not text: an image,
// an archive, a PDF handed over by mistake.
var ErrBinary = errors.New("input is binary data, not an HTML page")

// binaryWindow is how much of the start of the input is looked at to
// tell binary data from text: 8,000 bytes, as git decides whether a file
// is binary.
const binaryWindow = 8000

// binaryShare: the input is binary when at least one byte in 16 of its
// start is a "binary data byte" of the WHATWG MIME Sniffing standard
// (control characters other than tab, line feed, form feed, carriage
// return and escape). Random or compressed bytes hold about one in nine;
// a text page with a stray NUL or control character, far fewer.
const binaryShare = 16

// isBinaryByte reports whether b is a binary data byte (MIME Sniffing,
// section 7.1: 0x00-0x08, 0x0B, 0x0E-0x1A, 0x1C-0x1F).
func isBinaryByte(b byte) bool {
	return b <= 0x08 || b == 0x0B || (b >= 0x0E && b <= 0x1A) || (b >= 0x1C && b <= 0x1F)
}

// isBinary reports whether the start of the input looks like binary data.
func isBinary[T string | []byte](src T) bool {
	head := src[:min(len(src), binaryWindow)]
	n := 0
	for i := 0; i < len(head); i++ {
		if isBinaryByte(head[i]) {
			n++
		}
	}
	return n > 0 && n*binaryShare >= len(head)
}

// Parse parses UTF-8 HTML into a document node; invalid UTF-8 sequences
// become U+FFFD. Empty or whitespace-only
// input yields a valid empty document (html, head, body), not an error;
// binary data is refused with ErrBinary.
func Parse(src string) (*html.Node, error) {
	if err := check(src); err != nil {
		return nil, err
	}
	// Callers hand us decoded text, but a stray invalid byte must not
	// reach the output: JSON and the browser would each mangle it
	// differently.
	if !utf8.ValidString(src) {
		src = strings.ToValidUTF8(src, "\uFFFD")
	}
	return parse(strings.NewReader(src))
}

// ParseBytes is Parse on a byte slice: for callers that receive the page
// as bytes (the WebAssembly bridge copies it out of JavaScript once, into
// a slice), it saves converting them to a string first. It does not
// modify src.
func ParseBytes(src []byte) (*html.Node, error) {
	if err := check(src); err != nil {
		return nil, err
	}
	if !utf8.Valid(src) {
		src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	return parse(bytes.NewReader(src))
}

// check refuses, before parsing, input over MaxInputBytes, binary data,
// and pages with more than twice MaxElements tags.
func check[T string | []byte](src T) error {
	if len(src) > MaxInputBytes {
		return fmt.Errorf("parse: %w (%d bytes)", ErrTooLarge, len(src))
	}
	if isBinary(src) {
		return fmt.Errorf("parse: %w", ErrBinary)
	}
	if len(src) > minBytesPerTag*maxTags {
		if tags := countTags(src); tags > maxTags {
			return fmt.Errorf("parse: %w (%d tags)", ErrTooManyElements, tags)
		}
	}
	return nil
}

// maxTags is the most tags (see countTags) a page may have.
const maxTags = 2 * MaxElements

// minBytesPerTag: each tag countTags counts takes at least 2 bytes of its
// own (a '<' and the letter, '/' or '!' after it, which is not a '<'), so
// a page of at most minBytesPerTag*maxTags bytes (6 MB) cannot have too
// many, and is not counted: on an ordinary page the count is a few
// percent of the engine's time in WebAssembly, where it goes byte by byte.
const minBytesPerTag = 2

func parse(r io.Reader) (*html.Node, error) {
	doc, err := html.Parse(r)
	if err != nil {
		if strings.Contains(err.Error(), "open stack of elements exceeds") {
			return nil, fmt.Errorf("parse: %w", ErrTooDeep)
		}
		return nil, fmt.Errorf("parse: %w", err)
	}
	if n := CountElements(doc) - 1; n > MaxElements {
		return nil, fmt.Errorf("parse: %w (%d elements)", ErrTooManyElements, n)
	}
	return doc, nil
}

// Find returns the first element with the given tag in document order
// (depth-first), or nil.
func Find(n *html.Node, tag string) *html.Node {
	if n == nil {
		return nil
	}
	if n.Type == html.ElementNode && n.Data == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := Find(c, tag); f != nil {
			return f
		}
	}
	return nil
}

// Attr returns the value of the named attribute of n, or "".
func Attr(n *html.Node, name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == name {
			return a.Val
		}
	}
	return ""
}

// CountElements counts root (as one) and the elements under it, in a walk
// without recursion: for sizing per-element tables before filling them,
// which spares a large page the copies and garbage of growing them.
func CountElements(root *html.Node) int {
	k := 1
	for n := root.FirstChild; n != nil; {
		if n.Type == html.ElementNode {
			k++
			if n.FirstChild != nil {
				n = n.FirstChild
				continue
			}
		}
		n = SkipSubtree(n, root)
	}
	return k
}

// SkipSubtree returns the node after n's subtree in document order,
// within root, or nil: the step of an iterative walk that does not
// descend into n (or has finished n's children). Walks written with it
// need no stack, so deep trees cost nothing extra.
func SkipSubtree(n, root *html.Node) *html.Node {
	for n != root && n.NextSibling == nil {
		n = n.Parent
	}
	if n == root || n == nil {
		return nil
	}
	return n.NextSibling
}
