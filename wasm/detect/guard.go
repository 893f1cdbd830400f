package detect

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/rules"
)

// The guard: a detection never swallows the article. Rules are written
// for many sites, and :upward() climbs by what a container has, so a rule
// can reach a wrapper around the article; a site can also wrap its article
// in an element named like a banner (Barron's div.paywall). A detection is
// refused when its element
//   - holds more than maxProseShare of the page's prose (paragraphs of
//     proseRunes or more, mostly not links), or
//   - contains the page's main content element (the one its paragraphs
//     vote for, as in Readability.js) when that has real prose, or
//   - holds more than maxTextShare of the page's text, on pages with
//     little prose markup (text in <div>s and <br>s).
//
// A similarity hit that fails is first shrunk to the deepest block that
// still holds its phrase (what :upward() climbed from); a hit on one
// article paragraph that only quotes a phrase is dropped.
const (
	// minMainProse: with less prose than this, a page has no measurable
	// article, and prose shares mean nothing.
	minMainProse = 400
	// maxProseShare is the largest share of the page's prose that one
	// banner may hold. Real banners hold a paragraph or two of a page
	// (the seeds' donation appeal, the longest labelled one, holds 17 %).
	maxProseShare = 0.3
	// maxTextShare and minTextForShare: as the extension's content script
	// refuses to hide an element with over half of a page's text.
	maxTextShare    = 0.5
	minTextForShare = 2000
	// quotedCoverage: a similarity match covering less than this share of
	// an article paragraph is the article quoting the phrase.
	quotedCoverage = 0.25
	// interParagraphRunes: the whitespace between paragraphs counts as
	// text but not as prose; a little of it is allowed.
	interParagraphRunes = 20
	// maxShrinkRunes bounds the text read while shrinking a hit.
	maxShrinkRunes = 50000
)

// swallows reports whether hiding n (with measure m) would hide the
// article.
func (w *walker) swallows(n *html.Node, m measure) bool {
	if pageRoot(n) {
		return true
	}
	if w.page.prose >= minMainProse && float64(m.prose) > maxProseShare*float64(w.page.prose) {
		return true
	}
	if w.main != nil && w.mainM.prose >= minMainProse && (n == w.main || isAncestor(n, w.main)) {
		return true
	}
	return w.page.text >= minTextForShare && float64(m.text) > maxTextShare*float64(w.page.text)
}

// pick returns the largest element of a candidate's chain that does not
// swallow the article.
func (w *walker) pick(c *cand) (*step, bool) {
	for i := len(c.chain) - 1; i >= 0; i-- {
		if !w.swallows(c.chain[i].node, c.chain[i].m) {
			return &c.chain[i], true
		}
	}
	return nil, false
}

// ruleDetection turns rule hit i into a detection, or refuses it.
func (w *walker) ruleDetection(h *rules.Hit, i int) (Detection, bool) {
	info := w.hitAt[i]
	d := Detection{
		Node: h.Node, Category: h.Category, Kind: h.Kind, Rule: h.Rule,
		Confidence: h.Confidence, Action: h.Action, order: info.order,
	}
	if !info.seen {
		// In a <template> or <noscript>: not on the page.
		return d, false
	}
	if h.Action.Kind == rules.ActionStyle {
		// Restyling <html> or <body> gives a locked page its scrolling back.
		return d, true
	}
	if !info.body {
		// In <head>: nothing to hide.
		return d, false
	}
	if !w.swallows(h.Node, info.m) {
		if h.Kind == rules.KindSimilarity && w.quoted(h, info.m) {
			return d, false
		}
		return d, true
	}
	if h.Kind != rules.KindSimilarity {
		return d, false
	}
	n := shrink(h)
	if n == nil {
		return d, false
	}
	if w.swallows(n, measureNode(n)) {
		return d, false
	}
	d.Node = n
	return d, true
}

// quoted reports a similarity hit on a single prose paragraph of the main
// content whose phrase is a small part of it: the article quoting an
// appeal, not an appeal.
func (w *walker) quoted(h *rules.Hit, m measure) bool {
	return h.Coverage < quotedCoverage && m.prose > 0 && m.prose == m.text &&
		w.main != nil && isAncestor(w.main, h.Node)
}

// articleText reports an element inside the main content whose text is
// all prose paragraphs: the article itself (a paragraph about a charity
// that links its donation page), never a banner, whose buttons and
// headings are not prose.
func (w *walker) articleText(n *html.Node, m measure) bool {
	return m.prose > 0 && m.text-m.prose <= interParagraphRunes && w.main != nil && (n == w.main || isAncestor(w.main, n))
}

// shrink finds, inside a similarity hit's element, the deepest block that
// still holds the rule's phrase, or nil.
func shrink(h *rules.Hit) *html.Node {
	phrase, thr := h.Rule.Phrase(), h.Rule.Threshold()
	if phrase == "" {
		return nil
	}
	n := h.Node
	for {
		var next *html.Node
		for c := n.FirstChild; c != nil && next == nil; c = c.NextSibling {
			if c.Type == html.ElementNode && !noText(c) && holdsPhrase(c, phrase, thr) {
				next = c
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	for n != h.Node && isInlineTag(n) {
		n = n.Parent
	}
	if n == h.Node {
		return nil
	}
	return n
}

// holdsPhrase reports whether n's text holds phrase (normalized) with at
// least the similarity thr.
func holdsPhrase(n *html.Node, phrase string, thr float64) bool {
	t := rules.NormalizeText(textOf(n, maxShrinkRunes, nil))
	if len(t) < len(phrase)/2 {
		return false
	}
	if strings.Contains(t, phrase) {
		return true
	}
	return rules.PhraseSimilarity(phrase, t) >= thr
}
