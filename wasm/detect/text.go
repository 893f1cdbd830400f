package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// SnippetRunes is how much of an element's text a detection quotes: about
// one line, enough for a reader to recognise the banner.
const SnippetRunes = 120

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// names is n's id and class attribute, lowercased, separated by a space:
// what markup-based tests read.
func names(n *html.Node) string {
	id, class := attr(n, "id"), attr(n, "class")
	s := class
	switch {
	case id == "" && class == "":
		return ""
	case class == "":
		s = id
	case id != "":
		s = id + " " + class
	}
	if strings.ContainsAny(s, "\t\n\r\f") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return strings.ToLower(s)
}

// noText reports elements whose content is not page text (as for the
// labelled set and the rules' text: script, style, noscript, template).
func noText(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template:
		return true
	}
	return false
}

// firstSpaceAboveLatin1 is the first rune above Latin-1 that is white
// space (U+1680 OGHAM SPACE MARK): none of the runes between is, and the
// letters of most non-English pages lie there.
const firstSpaceAboveLatin1 = 0x1680

// isSpace is unicode.IsSpace, which searches a table for every rune above
// Latin-1, without the search for the runes before firstSpaceAboveLatin1.
func isSpace(r rune) bool {
	if r > unicode.MaxLatin1 && r < firstSpaceAboveLatin1 {
		return false
	}
	return unicode.IsSpace(r)
}

// countRunes counts s's runes with whitespace runs collapsed to one
// space; *space carries whether the text before s ended in whitespace
// (or is empty), so runs spanning text nodes count once.
func countRunes(s string, space *bool) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' {
				if !*space {
					*space = true
					n++
				}
				continue
			}
			*space = false
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if isSpace(r) {
			if !*space {
				*space = true
				n++
			}
			continue
		}
		*space = false
		n++
	}
	return n
}

// textBuilder gathers an element's text, whitespace collapsed, up to a
// limit of runes.
type textBuilder struct {
	b     strings.Builder
	runes int
	limit int
	space bool
	full  bool
}

func (t *textBuilder) add(s string) {
	for _, r := range s {
		if t.runes >= t.limit {
			t.full = true
			return
		}
		if isSpace(r) {
			t.space = t.runes > 0
			continue
		}
		if t.space {
			if t.runes+1 >= t.limit {
				t.full = true
				return
			}
			t.b.WriteByte(' ')
			t.runes++
			t.space = false
		}
		t.b.WriteRune(r)
		t.runes++
	}
}

// textOf returns n's text content (without script, style, noscript and
// template), whitespace collapsed and trimmed, cut at limit runes; skip,
// when set, leaves out elements' subtrees.
func textOf(n *html.Node, limit int, skip func(*html.Node) bool) string {
	t := textBuilder{limit: limit}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && !t.full; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				t.add(c.Data)
			case html.ElementNode:
				if noText(c) || (skip != nil && skip(c)) {
					continue
				}
				if !isInlineTag(c) {
					t.space = t.runes > 0
				}
				walk(c)
				if !isInlineTag(c) {
					t.space = t.runes > 0
				}
			}
		}
	}
	if n.Type == html.TextNode {
		t.add(n.Data)
	} else {
		walk(n)
	}
	return t.b.String()
}

// Snippet is the start of n's text, whitespace collapsed: SnippetRunes
// runes at most.
func Snippet(n *html.Node) string {
	return textOf(n, SnippetRunes, nil)
}

// isInlineTag tells phrasing elements, whose text runs on with their
// neighbours', from blocks, which separate words.
func isInlineTag(n *html.Node) bool {
	switch n.DataAtom {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Big, atom.Cite, atom.Code, atom.Data,
		atom.Dfn, atom.Em, atom.Font, atom.I, atom.Img, atom.Kbd, atom.Label, atom.Mark, atom.Nobr,
		atom.Q, atom.S, atom.Samp, atom.Small, atom.Span, atom.Strike, atom.Strong, atom.Sub, atom.Sup,
		atom.Time, atom.Tt, atom.U, atom.Var, atom.Wbr, atom.Input, atom.Button, atom.Select,
		atom.Textarea, atom.Output, atom.Picture, atom.Source, atom.Svg:
		return true
	}
	return false
}

// containsAny reports whether s contains one of the substrings.
func containsAny(s string, subs []string) bool {
	for _, w := range subs {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// hasPrefixAny reports whether s starts with one of the prefixes.
func hasPrefixAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// eachToken calls f with each space-separated token of s until f returns
// true; it reports whether f did.
func eachToken(s string, f func(string) bool) bool {
	for s != "" {
		i := strings.IndexByte(s, ' ')
		tok := s
		if i >= 0 {
			tok, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if tok != "" && f(tok) {
			return true
		}
	}
	return false
}

// isAncestor reports whether a is a proper ancestor of n.
func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains the lowercase ASCII word,
// ignoring the case of s's ASCII letters.
func containsFold(s, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		if lowerASCII(s[i]) == word[0] && hasPrefixFold(s[i:], word) {
			return true
		}
	}
	return false
}
