package metadata

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The expected values this package is measured against are Readability.js
// output, so the string helpers below reproduce JavaScript's notions of
// whitespace and length rather than Go's.

// isJSSpace reports whether r is whitespace for JavaScript's \s and
// String.prototype.trim: Go's unicode.IsSpace plus U+FEFF (the BOM),
// minus U+0085 (NEL), which JavaScript does not treat as space.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// trimJS trims as String.prototype.trim does.
func trimJS(s string) string {
	return strings.TrimFunc(s, isJSSpace)
}

// collapse trims s and replaces each run of whitespace by one space, the
// normal form of every string field this package returns.
func collapse(s string) string {
	if !needsCollapse(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isJSSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// needsCollapse reports whether collapse would change s; most values are
// already clean, and checking is cheaper than rebuilding.
func needsCollapse(s string) bool {
	prevSpace := true // a leading space needs trimming
	for _, r := range s {
		sp := isJSSpace(r)
		if sp && (prevSpace || r != ' ') {
			return true
		}
		prevSpace = sp
	}
	return prevSpace && s != ""
}

// jsLength is the length of s in UTF-16 code units, JavaScript's
// String.length, which Readability's thresholds are written in.
func jsLength(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// wordCount counts as Readability's str.split(/\s+/).length does: one more
// than the number of whitespace runs, so leading or trailing whitespace
// counts as an (empty) word.
func wordCount(s string) int {
	n := 1
	inSpace := false
	for _, r := range s {
		sp := isJSSpace(r)
		if sp && !inSpace {
			n++
		}
		inSpace = sp
	}
	return n
}

// textContent is the DOM textContent of n: all descendant text, with no
// separator added between elements.
func textContent(n *html.Node) string {
	if n == nil {
		return ""
	}
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	appendText(&b, n)
	return b.String()
}

func appendText(b *strings.Builder, n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
		case html.ElementNode:
			appendText(b, c)
		}
	}
}

// isScriptLike reports elements whose text is code or markup, not prose.
func isScriptLike(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Noscript, atom.Style, atom.Template:
		return true
	}
	return false
}

// unescapeEntities decodes HTML character references left in a value.
// Many sites escape their meta content twice ("&amp;amp;"), so after the
// parser's decoding entities can remain (Readability's
// _unescapeHtmlEntities does the same).
func unescapeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return html.UnescapeString(s)
}

// clean is the normal form of a textual value read from markup or JSON:
// entities decoded, whitespace collapsed, invalid UTF-8 replaced.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return collapse(unescapeEntities(s))
}

// attr returns the value of the named attribute of n, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// hasAttr reports whether n carries the named attribute, whatever its value.
func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

// asciiLower lowercases ASCII letters only, cheaply; attribute keywords
// compared here are ASCII.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// fragmentSet finds any of a fixed list of lowercase ASCII fragments in a
// string, ignoring ASCII case: the class/id patterns of Readability,
// written as plain substrings so that no regexp runs per element. A table
// of first bytes rejects most positions with one lookup.
type fragmentSet struct {
	frags []string
	first [256]bool
}

func newFragmentSet(frags ...string) *fragmentSet {
	f := &fragmentSet{frags: frags}
	for _, s := range frags {
		f.first[s[0]] = true
	}
	return f
}

// in reports whether s contains one of the fragments.
func (f *fragmentSet) in(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if !f.first[c] {
			continue
		}
		for _, frag := range f.frags {
			if frag[0] == c && i+len(frag) <= len(s) && equalFoldASCII(s[i:i+len(frag)], frag) {
				return true
			}
		}
	}
	return false
}

// equalFoldASCII compares a with lowercase ASCII b, ignoring ASCII case.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		c := a[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != b[i] {
			return false
		}
	}
	return true
}
