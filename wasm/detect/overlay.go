package detect

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/rules"
)

// overlay-scroll-lock: a full-page overlay over a page that cannot scroll
// or whose text is blurred.
//
// Why: a paywall or registration modal covers the page with a fixed layer
// and locks scrolling (overflow: hidden on <html> or <body>, or a class
// such as "modal-open" that does it) or blurs the text underneath. Either
// signal alone is common and harmless (menus lock scrolling, lightboxes
// cover the page); together they are an overlay keeping the reader from
// text the page delivered, which may be hidden (never fetched). Evidence
// comes from the markup: inline styles and class names. Saved pages
// rarely carry script-injected overlays; the extension runs the same test
// on the live page's serialized DOM, where inline styles are present.

// lockClasses are class names that lock the page's scrolling.
var lockClasses = map[string]bool{
	"noscroll": true, "no-scroll": true, "no_scroll": true, "overflow-hidden": true, "scroll-lock": true,
	"scroll-locked": true, "scrolllock": true, "lock-scroll": true, "modal-open": true, "tp-modal-open": true,
	"is-locked": true, "has-overlay": true, "overlay-open": true, "overlay-active": true, "disable-scroll": true,
	"disable-scrolling": true, "prevent-scroll": true, "stop-scrolling": true, "paywall-active": true,
	"paywall-open": true, "is-paywalled": true, "modal-is-open": true,
}

// pageLocked reports an <html> or <body> whose scrolling is locked.
func pageLocked(n *html.Node) bool {
	if st := parseStyle(attr(n, "style")); st != nil {
		if st["overflow"] == "hidden" || st["overflow-y"] == "hidden" || (n.DataAtom == atom.Body && st["position"] == "fixed") {
			return true
		}
	}
	return eachToken(strings.ToLower(attr(n, "class")), func(t string) bool { return lockClasses[t] })
}

// overlayCheck records blur and overlay candidates while entering an
// element.
func (w *walker) overlayCheck(f *frame, marks uint32, style string, dialog bool) {
	n := f.n
	var st map[string]string
	// Most inline styles are colours and sizes: parse only those that
	// could position or blur.
	if style != "" && (strings.Contains(style, "fixed") || strings.Contains(style, "absolute") || strings.Contains(style, "blur")) {
		st = parseStyle(style)
	}
	if st != nil && (strings.Contains(st["filter"], "blur(") || strings.Contains(st["-webkit-filter"], "blur(")) {
		w.blurred = true
	}
	if marks&markBlur != 0 && n.DataAtom != atom.Img {
		w.blurred = true
	}
	switch {
	case st != nil && fullPage(st):
	case marks&markOverlay != 0 && nearBody(n):
	case dialog && st != nil && st["position"] == "fixed":
	default:
		return
	}
	c := w.add(f, hOverlay, rules.Paywall, confOverlay, false)
	// Overlays are decided at the end of the walk, when the lock is known.
	w.cands = w.cands[:len(w.cands)-1]
	w.overlays = append(w.overlays, c)
}

const confOverlay = 0.8

// nearBody reports an element that is a child or grandchild of <body>,
// where scripts append their overlays.
func nearBody(n *html.Node) bool {
	p := n.Parent
	return p != nil && (p.DataAtom == atom.Body || (p.Parent != nil && p.Parent.DataAtom == atom.Body))
}

// fullPage reports declarations that lay an element over the whole
// viewport: position fixed (or absolute) and an inset of 0, or 100 %
// width and height.
func fullPage(st map[string]string) bool {
	pos := st["position"]
	if pos != "fixed" && pos != "absolute" {
		return false
	}
	zero := func(k string) bool { v := st[k]; return v == "0" || v == "0px" }
	full := func(k string) bool { v := st[k]; return v == "100%" || v == "100vw" || v == "100vh" }
	if v := st["inset"]; v == "0" || v == "0px" {
		return true
	}
	if zero("top") && zero("left") && ((zero("right") && zero("bottom")) || (full("width") && full("height"))) {
		return true
	}
	return pos == "fixed" && full("width") && full("height")
}

// finishOverlays keeps the overlay candidates when the page is locked or
// blurred, with a category from their wording (a consent or newsletter
// modal locks the page too); an overlay that says nothing is a paywall's.
func (w *walker) finishOverlays() {
	if !w.on[hOverlay] || !(w.locked || w.blurred) {
		return
	}
	for _, c := range w.overlays {
		s := lowerText(c.top().node, policies[hOverlay].maxRunes, nil)
		switch {
		case cookieWording(s):
			c.category = rules.Cookie
		case containsAny(s, newsletterStrong):
			c.category = rules.Newsletter
		case donationWording(s) && !paywallWording(s):
			c.category = rules.Donation
		}
		w.cands = append(w.cands, c)
	}
}

// parseStyle reads an inline style attribute into lowercased property
// and value pairs (without !important), or nil when there is none.
func parseStyle(s string) map[string]string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	st := map[string]string{}
	for _, decl := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.ToLower(v)), "!important"))
		st[strings.TrimSpace(strings.ToLower(k))] = v
	}
	return st
}
