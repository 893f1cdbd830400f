package metadata

import (
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Readerable decides whether a page is an article. It is a port of
// Readability-readerable.js isProbablyReaderable: a page is an article when
// its visible text blocks (p, pre, article, and divs broken into lines with
// <br>) that are not in page chrome or list items hold enough long text.
// Each block of L > 140 characters adds sqrt(L-140); more than 20 in all is
// an article.
//
// That test misses news written in short paragraphs (many stories have
// none over 140 characters), so a page that declares itself an article
// (og:type "article" or a schema.org Article in JSON-LD) also counts when
// its blocks of 80 characters or more total 1000 or more: a few
// paragraphs of prose, which navigation pages and teasers rarely have.
const (
	minParagraphLen = 140
	minReaderScore  = 20
	// minDeclaredParagraphLen and minDeclaredText (UTF-16 units) are the
	// looser test for pages that declare an article.
	minDeclaredParagraphLen = 80
	minDeclaredText         = 1000
	// maxMeasuredLen: beyond this a block's length changes no decision
	// (one block of 140+20² = 540 units already makes a page readerable,
	// and the declared-article test stops at 1000).
	maxMeasuredLen = 2048
)

// Readerable reports whether doc looks like an article page; Extract
// computes the same in its pass.
func Readerable(doc *html.Node) bool {
	p := scan(doc)
	return p.readerable(parseJSONLD(p.ldScripts).article() != nil)
}

// readerable applies both tests; ldArticle tells whether the JSON-LD has an
// article node.
func (p *page) readerable(ldArticle bool) bool {
	if readerScore(p.paragraphs) > minReaderScore {
		return true
	}
	declared := ldArticle || equalFoldASCII(strings.TrimSpace(p.meta.first("og:type")), "article")
	return declared && declaredText(p.paragraphs) >= minDeclaredText
}

// collectParagraph adds n to blocks when it is a text block Readerable
// weighs: p, pre and article elements, and divs that directly contain a
// <br> (once each; seen holds those added).
func collectParagraph(n *html.Node, blocks, divs *[]*html.Node, seen map[*html.Node]bool) {
	switch n.DataAtom {
	case atom.P, atom.Pre, atom.Article:
		*blocks = append(*blocks, n)
	case atom.Br:
		if d := n.Parent; d != nil && d.DataAtom == atom.Div && d.Namespace == "" && !seen[d] {
			seen[d] = true
			*divs = append(*divs, d)
		}
	}
}

// readerScore sums sqrt(len-140) over the blocks that count, stopping
// once the sum passes the threshold.
func readerScore(nodes []*html.Node) float64 {
	score := 0.0
	for _, n := range nodes {
		if !countsForReaderable(n) {
			continue
		}
		l := readerableLength(n)
		if l < minParagraphLen {
			continue
		}
		score += math.Sqrt(float64(l - minParagraphLen))
		if score > minReaderScore {
			break
		}
	}
	return score
}

// declaredText totals the length of the p and pre blocks of 80 characters
// or more that count (article elements are left out: they hold the
// paragraphs already counted).
func declaredText(nodes []*html.Node) int {
	total := 0
	for _, n := range nodes {
		if n.DataAtom == atom.Article || !countsForReaderable(n) {
			continue
		}
		if l := readerableLength(n); l >= minDeclaredParagraphLen {
			total += l
			if total >= minDeclaredText {
				break
			}
		}
	}
	return total
}

// countsForReaderable: visible, not chrome, not a paragraph in a list.
func countsForReaderable(n *html.Node) bool {
	if !isNodeVisible(n) {
		return false
	}
	match := matchString(n)
	if unlikelyHints.in(match) && !maybeHints.in(match) {
		return false
	}
	// "li p": list items are navigation and teasers more often than prose.
	if n.DataAtom == atom.P && hasAncestor(n, atom.Li, math.MaxInt) {
		return false
	}
	return true
}

// readerableLength is the length of the paragraph's trimmed textContent
// in UTF-16 units, measured without building the string. Script text
// counts, as in the DOM; <noscript> content is markup to this parser (it
// parses with scripting on) but parsed elements to Readability's, so it is
// left out.
//
// Measuring stops past maxMeasuredLen: no test needs more, and nested
// blocks (articles, divs with line breaks) would otherwise each cost
// their whole subtree.
func readerableLength(n *html.Node) int {
	var m trimmedLength
	var add func(*html.Node) bool
	add = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				m.add(c.Data)
				if m.length() > maxMeasuredLen {
					return false
				}
			case c.Type == html.ElementNode && c.DataAtom != atom.Noscript:
				if !add(c) {
					return false
				}
			}
		}
		return true
	}
	add(n)
	return m.length()
}

// trimmedLength measures the JavaScript length of a concatenation of
// strings after trim(): everything from the first to the last non-space.
type trimmedLength struct {
	total    int  // units since the first non-space
	trailing int  // units of the current run of trailing spaces
	started  bool // a non-space has been seen
}

func (m *trimmedLength) add(s string) {
	for i := 0; i < len(s); {
		// ASCII, most of any page, needs no rune decoding.
		if c := s[i]; c < utf8.RuneSelf {
			m.count(1, c == ' ' || c >= '\t' && c <= '\r')
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		units := 1
		if r >= 0x10000 {
			units = 2
		}
		m.count(units, isJSSpace(r))
		i += size
	}
}

// count adds one character of the given UTF-16 length.
func (m *trimmedLength) count(units int, space bool) {
	if space {
		if m.started {
			m.total += units
			m.trailing += units
		}
		return
	}
	m.started = true
	m.total += units
	m.trailing = 0
}

func (m *trimmedLength) length() int { return m.total - m.trailing }
