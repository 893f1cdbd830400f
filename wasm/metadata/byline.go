package metadata

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/document"
)

// In-page bylines, after Readability's _checkByline and the walk of
// _grabArticle that calls it: the first visible element, outside page
// chrome, that is marked as the author and holds a short text.

// maxBylineLen (UTF-16 units): longer text is a bio or a paragraph, not
// a byline (Readability's _isValidByline).
const maxBylineLen = 100

// maxBylineBytes bounds the text read from a byline candidate: 100 UTF-16
// units take at most 300 bytes of UTF-8, and pretty-printed markup adds
// indentation inside; anything longer is not a byline, and reading no
// further keeps nested "author" containers from costing their whole text.
const maxBylineBytes = 4096

// bylineHints are class/id fragments that mark an author line
// (Readability's REGEXPS.byline: byline|author|dateline|writtenby|p-author).
var bylineHints = newFragmentSet("byline", "author", "dateline", "writtenby", "p-author")

// unlikelyHints are class/id fragments of page chrome that Readability
// drops before reading the article (REGEXPS.unlikelyCandidates), and
// maybeHints rescue an element that also looks like content
// (REGEXPS.okMaybeItsACandidate). Readability-readerable.js has the same
// two lists.
var (
	unlikelyHints = newFragmentSet("-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community",
		"cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
		"replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
		"ad-break", "agegate", "pagination", "pager", "popup", "yom-remote")
	maybeHints = newFragmentSet("and", "article", "body", "column", "content", "main", "shadow")
)

// unlikelyRoles are ARIA roles of navigation and dialogs (Readability's
// UNLIKELY_ROLES).
var unlikelyRoles = map[string]bool{
	"menu": true, "menubar": true, "complementary": true, "navigation": true,
	"alert": true, "alertdialog": true, "dialog": true,
}

const (
	// unlikelyAncestorDepth: an "unlikely" element inside a table or code
	// block this close is kept (Readability's _hasAncestorTag default).
	unlikelyAncestorDepth = 3
	// titleSimilarity: a heading this similar to the title repeats it.
	titleSimilarity = 0.75
)

// domByline returns the first in-page byline, or "". title is the
// article's title, whose repeating heading Readability skips. Page chrome
// is skipped; when that finds nothing, each <article> element is searched
// with its chrome: an article's own header often has a class such as
// "entry-header", and Readability finds bylines there on its retry passes.
func domByline(doc *html.Node, title string) string {
	if b := findByline(doc, title, true); b != "" {
		return b
	}
	var b string
	walk(doc, func(n *html.Node) step {
		if n.DataAtom != atom.Article || n.Namespace != "" {
			return descend
		}
		if b = findByline(n, title, false); b != "" {
			return stop
		}
		return skipKids
	})
	return b
}

// findByline is one pass of Readability's node walk looking for a byline;
// skipChrome drops unlikely candidates and navigation roles with their
// subtrees.
func findByline(doc *html.Node, title string, skipChrome bool) string {
	var byline string
	skippedTitle := false
	walk(doc, func(n *html.Node) step {
		if isScriptLike(n) || !isProbablyVisible(n) || isModalDialog(n) {
			return skipKids
		}
		match := matchString(n)
		if isBylineElement(n, match) && !document.OnlyTime(n) {
			if text, ok := shortText(n, maxBylineBytes); ok && isValidByline(trimJS(text)) {
				byline = trimJS(text)
				// A microdata author's name is the byline without the
				// "By" and dates around it (Readability 0.6 does this).
				if name := itempropName(n); name != nil {
					if text, ok := shortText(name, maxBylineBytes); ok {
						byline = trimJS(text)
					}
				}
				return stop
			}
		}
		if !skippedTitle && headingRepeatsTitle(n, title) {
			skippedTitle = true
			return skipKids
		}
		if skipChrome && (isUnlikelyCandidate(n, match) || unlikelyRoles[attr(n, "role")]) {
			return skipKids
		}
		return descend
	})
	return collapse(byline)
}

// matchString is an element's class and id joined by a space, the string
// Readability tests its class/id patterns against. SVG elements' class is
// not a string in the DOM, so it never matches there.
func matchString(n *html.Node) string {
	class := attr(n, "class")
	if n.Namespace != "" {
		class = ""
	}
	id := attr(n, "id")
	if class == "" {
		return id
	}
	if id == "" {
		return class
	}
	return class + " " + id
}

// isBylineElement: rel=author, an itemprop naming the author, or a
// class/id with a byline hint.
func isBylineElement(n *html.Node, match string) bool {
	return attr(n, "rel") == "author" ||
		strings.Contains(attr(n, "itemprop"), "author") ||
		bylineHints.in(match)
}

// shortText returns n's text outside scripts (script, noscript, style and
// template, which Readability removes first), or false when it exceeds
// limit bytes. Each element visited also spends a byte of the limit, so a
// huge subtree without text is not walked to its end either.
func shortText(n *html.Node, limit int) (string, bool) {
	var b strings.Builder
	budget := limit
	var add func(*html.Node) bool
	add = func(e *html.Node) bool {
		for c := e.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				if budget -= len(c.Data); budget < 0 {
					return false
				}
				b.WriteString(c.Data)
			case c.Type == html.ElementNode && !isScriptLike(c):
				if budget--; budget < 0 || !add(c) {
					return false
				}
			}
		}
		return true
	}
	ok := add(n)
	return b.String(), ok
}

// itempropName returns the first element under n whose itemprop names a
// name (itemprop="name"), or nil.
func itempropName(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if found := findElement(c, func(e *html.Node) bool {
			return strings.Contains(attr(e, "itemprop"), "name")
		}); found != nil {
			return found
		}
	}
	return nil
}

// isValidByline: non-empty, short, and more than a bare "By".
func isValidByline(text string) bool {
	return text != "" && jsLength(text) < maxBylineLen && !strings.EqualFold(strings.TrimSpace(text), "by")
}

// isUnlikelyCandidate is Readability's "unlikely candidate" test: chrome
// hints without content hints, not inside a table or code block, and
// never the body or a link.
func isUnlikelyCandidate(n *html.Node, match string) bool {
	if n.DataAtom == atom.Body || n.DataAtom == atom.A {
		return false
	}
	return unlikelyHints.in(match) && !maybeHints.in(match) &&
		!hasAncestor(n, atom.Table, unlikelyAncestorDepth) && !hasAncestor(n, atom.Code, unlikelyAncestorDepth)
}

// hasAncestor reports whether an ancestor within maxDepth+1 levels has the
// tag (Readability's _hasAncestorTag counts depth from 0).
func hasAncestor(n *html.Node, tag atom.Atom, maxDepth int) bool {
	depth := 0
	for p := n.Parent; p != nil; p = p.Parent {
		if depth > maxDepth {
			return false
		}
		if p.Type == html.ElementNode && p.DataAtom == tag {
			return true
		}
		depth++
	}
	return false
}

// headingRepeatsTitle: an h1 or h2 whose text is mostly the title.
func headingRepeatsTitle(n *html.Node, title string) bool {
	if n.DataAtom != atom.H1 && n.DataAtom != atom.H2 {
		return false
	}
	text, ok := shortText(n, maxHeadingBytes)
	return ok && textSimilarity(title, trimJS(text)) > titleSimilarity
}

// isModalDialog: aria-modal dialogs are overlays, not the article.
func isModalDialog(n *html.Node) bool {
	return attr(n, "aria-modal") == "true" && attr(n, "role") == "dialog"
}

// isProbablyVisible is Readability's _isProbablyVisible: not display:none
// or visibility:hidden inline, no hidden attribute, not aria-hidden
// (except MediaWiki's math fallback images, which are shown).
func isProbablyVisible(n *html.Node) bool {
	if hasAttr(n, "hidden") {
		return false
	}
	if style := attr(n, "style"); style != "" {
		if styleValue(style, "display") == "none" || styleValue(style, "visibility") == "hidden" {
			return false
		}
	}
	if attr(n, "aria-hidden") == "true" && !strings.Contains(attr(n, "class"), "fallback-image") {
		return false
	}
	return true
}

// isNodeVisible is the simpler test of Readability-readerable.js: no
// display:none, no hidden attribute, not aria-hidden (math fallback images
// excepted).
func isNodeVisible(n *html.Node) bool {
	if hasAttr(n, "hidden") {
		return false
	}
	if attr(n, "aria-hidden") == "true" && !strings.Contains(attr(n, "class"), "fallback-image") {
		return false
	}
	style := attr(n, "style")
	return style == "" || styleValue(style, "display") != "none"
}

// styleValue returns the lowercased value of the last declaration of prop
// in an inline style, without "!important", or "".
func styleValue(style, prop string) string {
	val := ""
	for decl := range strings.SplitSeq(style, ";") {
		k, v, ok := strings.Cut(decl, ":")
		if !ok || !equalFoldASCII(strings.TrimSpace(k), prop) {
			continue
		}
		v = strings.TrimSpace(asciiLower(v))
		v = strings.TrimSpace(strings.TrimSuffix(v, "!important"))
		val = v
	}
	return val
}
