package detect

import (
	"cmp"
	"slices"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/locate"
	"github.com/tidings-app/tidings/wasm/rules"
)

// Detection is one element of the page found not to be the article.
type Detection struct {
	// Node is the element, in the document given to Run.
	Node *html.Node
	// Category is what the element is (rules.Categories).
	Category rules.Category
	// Kind is how it was found: rules.KindCSS, rules.KindSimilarity or
	// rules.KindHeuristic.
	Kind rules.Kind
	// Rule is the rule that matched (css and similarity kinds), else nil.
	Rule *rules.Rule
	// Heuristic is the id of the heuristic that found it (heuristic kind).
	Heuristic string
	// Confidence is between 0 and 1: 1 for CSS rules, the similarity of
	// the match for similarity rules, the heuristic's own estimate.
	Confidence float64
	// Action is what to do with the element: hide it (the default),
	// remove it, or apply a :style() rule's declarations.
	Action rules.Action
	// Locator finds the element in the live DOM.
	Locator locate.Locator
	// Snippet is the start of the element's text (SnippetRunes runes).
	Snippet string

	order int32 // the element's position in the document
}

// Hides reports whether the detection takes the element off the page (and
// out of the reader article), as opposed to restyling it.
func (d *Detection) Hides() bool { return d.Action.Kind != rules.ActionStyle }

// Result is what Run found on a page.
type Result struct {
	// Detections are in document order. Nested detections are reported
	// once, by the outermost element.
	Detections []Detection
	// Paywalled is true when the page says its article is behind a wall:
	// a paywall prompt was detected, or the page declares the article not
	// free (schema.org isAccessibleForFree false, article:content_tier
	// "locked"). Tidings tells the reader; it never fetches the rest.
	Paywalled bool
	// Truncated is true when the rules ran out of their work budget on
	// this page, so some rules were not evaluated, or when the page had
	// more than MaxDetections detections and the later ones were dropped.
	Truncated bool
	// Refused counts detections dropped because they would have hidden a
	// large share of the article's text.
	Refused int
}

// Options controls Run.
type Options struct {
	// NoHeuristics runs the rules only.
	NoHeuristics bool
}

// Run finds the detections on a parsed page. pageURL decides which
// domain-specific rules and heuristic switches apply ("" applies the
// generic ones). m may be nil: heuristics only. doc is not modified.
func Run(doc *html.Node, pageURL string, m *rules.Matcher, opts Options) Result {
	var res Result
	if doc == nil {
		return res
	}
	var hits []rules.Hit
	if m != nil {
		mr := m.Match(doc, pageURL)
		hits, res.Truncated = mr.Hits, mr.Truncated
	}
	w := newWalker(hits)
	if !opts.NoHeuristics {
		for h := range w.on {
			w.on[h] = true
			if m != nil {
				w.on[h], _ = m.HeuristicEnabled(heuristicIDs[h], pageURL)
			}
		}
	}
	w.run(doc)
	w.finishOverlays()

	var dets []Detection
	for i := range hits {
		if d, ok := w.ruleDetection(&hits[i], i); ok {
			dets = append(dets, d)
		} else if hits[i].Action.Kind != rules.ActionStyle {
			res.Refused++
		}
	}
	for _, c := range w.cands {
		st, ok := w.pick(c)
		if !ok || w.articleText(st.node, st.m) {
			res.Refused++
			continue
		}
		dets = append(dets, Detection{
			Node: st.node, Category: c.category, Kind: rules.KindHeuristic, Heuristic: heuristicIDs[c.h],
			Confidence: c.conf, Action: rules.Action{Kind: rules.ActionHide}, order: st.order,
		})
	}
	var dropped bool
	res.Detections, dropped = finish(dets)
	res.Truncated = res.Truncated || dropped
	res.Paywalled = w.declaredPaywall || paywallPrompt(res.Detections)
	return res
}

// paywallPrompt reports whether a paywall detection shows a prompt (an
// element with text, not an empty script shell or a restyling rule).
func paywallPrompt(dets []Detection) bool {
	for i := range dets {
		d := &dets[i]
		if d.Category == rules.Paywall && d.Hides() && d.Snippet != "" {
			return true
		}
	}
	return false
}

// MaxDetections bounds one page's detections. Real pages have a few
// dozen (52 at most on the Zyte pages with Fanboy's annoyance list:
// tidings clean --jsonl --rules fanboy-annoyance.txt on them); a
// rule gone wrong (article > div) can hit tens of thousands of elements,
// whose locators, snippets and hiding would cost the page seconds.
const MaxDetections = 1000

// finish keeps one detection per element (a rule's over a heuristic's),
// drops those inside another hidden one, keeps MaxDetections of them
// (paywall ones first, then the first in document order; dropped tells
// whether there were more), orders them as in the document and fills in
// locators and snippets.
func finish(dets []Detection) (out []Detection, dropped bool) {
	if len(dets) == 0 {
		return []Detection{}, false
	}
	byNode := make(map[*html.Node]int, len(dets))
	var kept []Detection
	for _, d := range dets {
		if i, ok := byNode[d.Node]; ok {
			if preferred(&d, &kept[i]) {
				kept[i] = d
			}
			continue
		}
		byNode[d.Node] = len(kept)
		kept = append(kept, d)
	}
	out = kept[:0]
	for _, d := range kept {
		if d.Hides() && covered(&d, kept, byNode) {
			continue
		}
		out = append(out, d)
	}
	if len(out) > MaxDetections {
		// Paywall detections first, so that the prompt is still hidden
		// and the page still said to be paywalled; then document order.
		slices.SortStableFunc(out, func(a, b Detection) int {
			if pa, pb := a.Category == rules.Paywall, b.Category == rules.Paywall; pa != pb {
				if pa {
					return -1
				}
				return 1
			}
			return cmp.Compare(a.order, b.order)
		})
		clear(out[MaxDetections:])
		out, dropped = out[:MaxDetections], true
	}
	sortDocumentOrder(out)
	var paths locate.Paths
	for i := range out {
		if loc, ok := paths.For(out[i].Node); ok {
			out[i].Locator = loc
		}
		out[i].Snippet = Snippet(out[i].Node)
	}
	return out, dropped
}

// preferred reports whether a should replace b on the same element: one
// that hides beats a restyling one, then a rule beats a heuristic (rules
// are the reader's explicit choice), then the more confident.
func preferred(a, b *Detection) bool {
	if a.Hides() != b.Hides() {
		return a.Hides()
	}
	if (a.Rule != nil) != (b.Rule != nil) {
		return a.Rule != nil
	}
	return a.Confidence > b.Confidence
}

// covered reports whether an ancestor of d's element is hidden by another
// detection: hiding the ancestor hides d, and one entry per banner is what
// the reader wants to see.
func covered(d *Detection, all []Detection, byNode map[*html.Node]int) bool {
	for p := d.Node.Parent; p != nil; p = p.Parent {
		if i, ok := byNode[p]; ok && all[i].Hides() {
			return true
		}
	}
	return false
}

// sortDocumentOrder sorts detections by their element's position (the
// walk numbered the elements).
func sortDocumentOrder(dets []Detection) {
	slices.SortStableFunc(dets, func(a, b Detection) int { return cmp.Compare(a.order, b.order) })
}

// pageRoot reports elements that are never hidden: hiding them blanks the
// page.
func pageRoot(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Html, atom.Head, atom.Body:
		return true
	}
	return false
}
