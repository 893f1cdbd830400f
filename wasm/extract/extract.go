// Package extract finds the article in a page's node tree and prepares it
// for reading: the main content container, cleaned of what is not the
// article, with lazy images resolved and every URL made absolute, and its
// plain text with paragraph breaks.
//
// The method is Readability.js's (score paragraphs, give the points to
// their ancestors, take the best ancestor and its good siblings, clean it
// conditionally), run on a flattened index of the tree so that each step
// is a pass over an array, with trafilatura's boilerplate patterns for
// precision. Each heuristic is a named predicate, with the original
// selector or regexp in a comment where it comes from those projects.
package extract

import (
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/document"
)

// Options controls Content.
type Options struct {
	// BaseURL resolves relative URLs; nil leaves them as they are.
	BaseURL *url.URL
	// Title is the article's title from metadata, used to drop a heading
	// that repeats it.
	Title string
	// Skip holds nodes found to be boilerplate by detection: they and
	// their subtrees never reach the article.
	Skip map[*html.Node]bool
}

// Article is the extracted content.
type Article struct {
	// Root is the article's content as a detached element (a <div>), or
	// nil when no content was found.
	Root *html.Node
	// Text is the plain text, paragraphs separated by a blank line.
	Text string
	// Byline is an author line found in the content, if any.
	Byline string
	// Excerpt is the first paragraph's text, for pages that declare no
	// description.
	Excerpt string
}

// Content extracts the article from doc. It rewrites doc: the article's
// elements are moved into Article.Root.
func Content(doc *html.Node, opts Options) Article {
	body := contentRoot(doc)
	if body == nil || skipped(body, opts.Skip) {
		return Article{}
	}
	ix := buildIndex(body, opts.Skip)
	if len(ix.el) == 0 {
		return Article{}
	}
	byline := ix.findByline()

	tops := ix.extract(byline)
	ix.dropTitle(tops, opts.Title)
	captions := ix.captionNodes(tops)
	root := ix.build(tops)
	f := newFinisher(opts.BaseURL)
	f.finish(root)

	art := Article{Root: root}
	if byline >= 0 {
		art.Byline = cleanByline(nodeText(ix.el[byline].n))
	}
	size := ix.textSize(tops)
	// The index is not used from here on, so it can be collected while
	// the text is written (on a 20 MB page it is some 50 MB).
	art.Text = renderText(root, captions, size)
	art.Excerpt = excerpt(root)
	if art.Text == "" && root.FirstChild == nil {
		art.Root = nil
	}
	return art
}

// skipped reports whether n or one of its ancestors is in skip: then
// nothing under it may reach the article.
func skipped(n *html.Node, skip map[*html.Node]bool) bool {
	if len(skip) == 0 {
		return false
	}
	for ; n != nil; n = n.Parent {
		if skip[n] {
			return true
		}
	}
	return false
}

// textSize estimates the bytes of the article's text: its characters,
// plus an eighth for multi-byte characters and paragraph breaks.
func (ix *index) textSize(tops []int) int {
	n := 0
	for _, t := range tops {
		if ix.el[t].flags&flagRemoved == 0 {
			n += int(ix.el[t].sum.text)
		}
	}
	return n + n/8
}

// contentRoot returns the <body>, or nil for a document without one (a
// frameset page, whose content lives in other documents).
func contentRoot(doc *html.Node) *html.Node {
	if doc == nil {
		return nil
	}
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.DataAtom == atom.Html {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.DataAtom == atom.Body {
					return c
				}
			}
		}
	}
	if doc.Type == html.ElementNode {
		return doc // a fragment's container
	}
	return nil
}

// extract runs the passes until one finds enough text, and leaves the
// index in the state of the chosen attempt. It returns the article's
// top-level elements.
func (ix *index) extract(byline int) []int {
	bestPass, bestChars := -1, int32(-1)
	var tops []int
	for k, p := range passes {
		var chars int32
		tops, chars = ix.attempt(p, byline)
		if chars >= minArticleChars {
			return tops
		}
		if chars > bestChars {
			bestPass, bestChars = k, chars
		}
	}
	if bestPass == len(passes)-1 {
		return tops // the index is already in that attempt's state
	}
	tops, _ = ix.attempt(passes[bestPass], byline)
	return tops
}

// attempt is one pass: score, choose, clean. It returns the top-level
// elements and their text length.
func (ix *index) attempt(p pass, byline int) ([]int, int32) {
	ix.resetRemoved()
	ix.sumStats(func(i int) bool {
		e := &ix.el[i]
		return i == byline || (p.stripUnlikely && e.flags&flagUnlikely != 0 && !isQuotation(e))
	})
	ix.scoreParagraphs(p)
	best := ix.chooseCandidate(ix.topCandidates(), p)
	tops := ix.siblings(best)
	ix.clean(tops, p)
	var chars int32
	for _, t := range tops {
		if ix.el[t].flags&flagRemoved == 0 {
			chars += ix.el[t].sum.text
		}
	}
	ix.precisionClean(tops, best)
	return tops, chars
}

// Bylines, after Readability.js _checkByline.

// maxBylineChars: an author line is short (Readability.js
// _isValidByline: length > 0 && length < 100).
const maxBylineChars = 100

// findByline returns the index of the first element that is an author
// line, or -1: rel="author", an itemprop naming the author, or a class or
// id matching REGEXPS.byline (/byline|author|dateline|writtenby|p-author/i),
// with some text under 100 characters.
func (ix *index) findByline() int {
	ix.sumStats(nil)
	for i := 1; i < len(ix.el); i++ {
		e := &ix.el[i]
		if e.sum.text == 0 || e.sum.text >= maxBylineChars {
			continue
		}
		if isBylineElement(e) && !document.OnlyTime(e.n) {
			return i
		}
	}
	return -1
}

// isBylineElement: see findByline.
func isBylineElement(e *elem) bool {
	if attr(e.n, "rel") == "author" || strings.Contains(attr(e.n, "itemprop"), "author") {
		return true
	}
	return (e.cls|e.id)&sigByline != 0
}

// cleanByline normalizes an author line's whitespace.
func cleanByline(s string) string {
	return collapseSpace(s)
}

// Title headings.

// titleSimilarity: a heading this similar to the title repeats it
// (Readability.js _headerDuplicatesTitle: textSimilarity > 0.75).
const titleSimilarity = 0.75

// maxTitleLineSlack: a block that repeats the title has at most twice
// the title's length plus this many characters (a heading may add a word
// or two; the title may carry a site name the heading lacks).
const maxTitleLineSlack = 20

// dropTitle removes, before the article's first paragraph, the headings
// that repeat the title (the reader shows the title itself), and a
// non-heading block (a <p class="title">) that is the title and nothing
// more.
func (ix *index) dropTitle(tops []int, title string) {
	if strings.TrimSpace(title) == "" {
		return
	}
	limit := int32(2*len(title) + maxTitleLineSlack)
	done := false
	for _, t := range tops {
		ix.visit(t, func(i int) bool {
			if done {
				return false
			}
			e := &ix.el[i]
			a := e.n.DataAtom
			switch {
			case isHeading(a):
				if e.sum.text <= limit && textSimilarity(title, nodeText(e.n)) > titleSimilarity {
					ix.remove(i)
				}
				return false
			case a == atom.P || ix.isDivParagraph(i):
				if e.sum.text == 0 {
					return false
				}
				if e.sum.heading > 0 && a != atom.P {
					return true // a wrapper of the heading: look inside
				}
				if e.sum.text <= limit && isTitleLine(title, nodeText(e.n)) {
					ix.remove(i)
					return false
				}
				done = a == atom.P // the first paragraph: the title comes before it
				return false
			}
			return true
		})
	}
}

// titleLineSimilarity: a block that is not a heading must match the title
// closely both ways to be taken for it.
const titleLineSimilarity = 0.9

// isTitleLine reports a text that is the title: its words are the
// title's, and it holds most of the title's words.
func isTitleLine(title, text string) bool {
	return textSimilarity(title, text) > titleLineSimilarity && textSimilarity(text, title) > titleSimilarity
}

// textSimilarity follows Readability.js _textSimilarity: the share of
// b's text (its words joined by spaces) made of words that also appear in
// a. Words are Unicode letter and digit runs (Readability's \W+ split is
// ASCII-only).
func textSimilarity(a, b string) float64 {
	ta, tb := words(lowerText(a)), words(lowerText(b))
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	inA := make(map[string]bool, len(ta))
	for _, t := range ta {
		inA[t] = true
	}
	total, missing := 0, 0
	for k, t := range tb {
		if k > 0 {
			total++ // the joining space
		}
		total += len(t)
		if !inA[t] {
			missing += len(t)
			if k > 0 {
				missing++
			}
		}
	}
	return 1 - float64(missing)/float64(total)
}

// words splits s into runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r))
	})
}

// Excerpts.

// minExcerptChars: a first paragraph shorter than this is a label, not
// the article's opening.
const minExcerptChars = 40

// excerpt returns the text of the article's first real paragraph.
func excerpt(root *html.Node) string {
	for n := root.FirstChild; n != nil; {
		if n.Type == html.ElementNode {
			if n.DataAtom == atom.P {
				if t := collapseSpace(nodeText(n)); len(t) >= minExcerptChars {
					return t
				}
				n = document.SkipSubtree(n, root)
				continue
			}
			if n.DataAtom == atom.Figure || n.DataAtom == atom.Blockquote {
				n = document.SkipSubtree(n, root)
				continue
			}
			if n.FirstChild != nil {
				n = n.FirstChild
				continue
			}
		}
		n = document.SkipSubtree(n, root)
	}
	return ""
}
