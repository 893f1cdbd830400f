package detect

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/rules"
)

// The built-in heuristics, by index; heuristicIDs gives their ids in
// rules.Heuristics (a test checks the two agree).
const (
	hOverlay = iota
	hVendor
	hDonate
	hSubscribe
	hSignup
	hCookie
	hShare
	numHeuristics
)

var heuristicIDs = [numHeuristics]string{
	hOverlay:   "overlay-scroll-lock",
	hVendor:    "paywall-vendor",
	hDonate:    "donate-box",
	hSubscribe: "subscribe-box",
	hSignup:    "signup-box",
	hCookie:    "cookie-banner",
	hShare:     "share-bar",
}

// Growing a box. A heuristic first finds the smallest element holding its
// anchor (an e-mail field, a payment link, share links) and its wording,
// then climbs to the wrapper of the whole banner, as the labelled set
// defines it: the smallest element that holds the whole banner and nothing
// of the article. A parent is taken when it adds little (a heading, a
// close button: at most growRunes runes or a quarter of the box's text),
// or when what it adds is about the same thing (the heuristic's wording)
// and the box stays within the heuristic's size.
const (
	growRunes = 40
	// growLinks: a wrapper adding more links than this is a menu or a
	// list of stories, not part of the banner.
	growLinks = 3
	// growProse: a wrapper may add at most this much prose (a banner's
	// own paragraph), never the article's paragraphs.
	growProse = 400
)

// policy is how one heuristic's boxes are bounded and grown.
type policy struct {
	// maxRunes is the longest text a banner of this kind has.
	maxRunes int
	// about reports whether (lowercased) text is about this kind of
	// banner, for growing through wrappers that add a heading or a line
	// (at most maxAdded runes of it); named whether a wrapper's class or
	// id names this kind of banner; not whether added text belongs to
	// another kind (a price: a subscription offer beside a newsletter).
	about    func(lower string) bool
	maxAdded int
	named    func(names string) bool
	not      func(lower string) bool
	// own counts the anchors of this kind among those foreign counts: a
	// wrapper may add these.
	own func(f *features) int
	// smallRunes and growLinks: what a wrapper may add without being
	// about the banner (a close button, a counter, a "Print" link).
	smallRunes, growLinks int
}

// Banner sizes, in runes of text. Each is above the longest banner of its
// kind in the labelled set (newsletter 1,243 runes, donation 1,045, cookie
// 865, social 464), so that a box growing past it holds something else.
// Overlays and vendor containers are not grown; the bound only limits the
// text read to name their category.
const (
	overlayMaxRunes    = 5000
	donateMaxRunes     = 2000
	newsletterMaxRunes = 1500
	signupMaxRunes     = 1000
	cookieMaxRunes     = 2500
	shareMaxRunes      = 600
	// addedRunes: the heading and a sentence or two that a banner's
	// wrapper adds when it is about the same thing; a prompt's wrapper
	// adds less.
	addedRunes       = 300
	signupAddedRunes = 200
)

var policies = [numHeuristics]policy{
	hOverlay: {maxRunes: overlayMaxRunes},
	hVendor:  {maxRunes: overlayMaxRunes},
	hDonate: {maxRunes: donateMaxRunes, about: appealWording, maxAdded: addedRunes, named: donationNamed,
		not: func(s string) bool { return containsAny(s, adBlockWords) }, own: func(f *features) int { return f.pay },
		smallRunes: growRunes, growLinks: growLinks},
	hSubscribe: {maxRunes: newsletterMaxRunes, about: newsletterWording, maxAdded: addedRunes, named: newsletterNamed,
		not: func(s string) bool { return containsAny(s, priceWords) }, own: func(f *features) int { return f.email + f.nlMark + f.newsletter },
		smallRunes: growRunes, growLinks: growLinks},
	hSignup: {maxRunes: signupMaxRunes, about: signupWording, maxAdded: signupAddedRunes, own: func(f *features) int { return f.auth },
		smallRunes: growRunes, growLinks: growLinks},
	hCookie: {maxRunes: cookieMaxRunes, about: cookieWording, maxAdded: addedRunes, named: cookieNamed,
		own: func(f *features) int { return f.cookieMark + f.accept }, smallRunes: growRunes, growLinks: growLinks},
	// A share bar's wrapper adds a word or a counter, not a byline or a
	// section name, and few other links.
	hShare: {maxRunes: shareMaxRunes, about: shareWording, maxAdded: shareMaxAdded, named: shareNamed,
		smallRunes: shareSmallRunes, growLinks: shareGrowLinks},
}

// foreign counts the anchors of the box heuristics other than p's own: a
// wrapper that adds any holds another banner. (Share and follow links are
// not counted: promo boxes often carry them.)
func foreign(f *features, p *policy) int {
	n := f.email + f.pay + f.newsletter + f.nlMark + f.auth + f.accept + f.cookieMark
	if p.own != nil {
		n -= p.own(f)
	}
	return n
}

// step is one element a candidate grew to.
type step struct {
	node  *html.Node
	order int32
	m     measure
}

// cand is a heuristic's candidate banner: the elements it grew through,
// innermost first; the guard keeps the largest that does not swallow the
// article.
type cand struct {
	h        int
	category rules.Category
	conf     float64
	chain    []step
	feat     features
	open     bool
}

func (c *cand) top() *step { return &c.chain[len(c.chain)-1] }

// add records a new candidate on the element of frame f. Open candidates
// may grow to f's ancestors.
func (w *walker) add(f *frame, h int, cat rules.Category, conf float64, open bool) *cand {
	c := &cand{h: h, category: cat, conf: conf, chain: []step{{node: f.n, order: f.order, m: f.m}}, feat: f.feat, open: open}
	w.cands = append(w.cands, c)
	f.had |= 1 << h
	if open {
		f.cands = append(f.cands, c)
	}
	return c
}

// exitHeuristics runs the heuristics on an element whose subtree is
// complete: grow the candidates found inside, then look for new ones.
func (w *walker) exitHeuristics(f *frame) {
	if len(f.cands) > 0 {
		keep := f.cands[:0]
		for _, c := range f.cands {
			if w.grow(c, f) {
				c.chain = append(c.chain, step{node: f.n, order: f.order, m: f.m})
				c.feat = f.feat
				keep = append(keep, c)
			} else {
				c.open = false
			}
		}
		f.cands = keep
	}
	if w.on[hShare] && f.had&(1<<hShare) == 0 {
		w.shareBar(f)
		w.shareButton(f)
	}
	if w.on[hSubscribe] && f.had&(1<<hSubscribe) == 0 {
		w.subscribeBox(f)
	}
	if w.on[hDonate] && f.had&(1<<hDonate) == 0 {
		w.donateBox(f)
	}
	if w.on[hCookie] && f.had&(1<<hCookie) == 0 {
		w.cookieBanner(f)
	}
	if w.on[hSignup] && f.had&(1<<hSignup) == 0 {
		w.signupBox(f)
	}
}

// grow reports whether candidate c may grow to the element of frame f.
func (w *walker) grow(c *cand, f *frame) bool {
	if sectioning(f.n) || f.ctx&ctxBody == 0 {
		return false
	}
	cur := c.top()
	p := &policies[c.h]
	if plainLinks(&f.m, &f.feat)-plainLinks(&cur.m, &c.feat) > p.growLinks {
		return false
	}
	// A wrapper that adds form fields or another kind's controls holds
	// another banner or form: a sign-up box beside a share bar, a search
	// form beside follow icons, a comment form below an appeal.
	if f.feat.inputs > c.feat.inputs || foreign(&f.feat, p) > foreign(&c.feat, p) {
		return false
	}
	extra := f.m.text - cur.m.text
	small := extra <= max(p.smallRunes, cur.m.text/4) && f.m.prose == cur.m.prose
	if !small && (p.about == nil || f.m.text > p.maxRunes || f.m.prose-cur.m.prose > growProse) {
		return false
	}
	if extra == 0 {
		return true
	}
	inner := cur.node
	added := strings.ToLower(textOf(f.n, p.maxRunes, func(n *html.Node) bool { return n == inner }))
	if p.not != nil && p.not(added) {
		return false
	}
	if small {
		return true
	}
	if p.named != nil && p.named(names(f.n)) {
		return true
	}
	return extra <= p.maxAdded && p.about(added)
}

// sectioning reports elements a banner never grows into: the page's
// structure and the article itself.
func sectioning(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Html, atom.Head, atom.Body, atom.Main, atom.Article, atom.Nav, atom.Header, atom.Footer:
		return true
	}
	return false
}

// lowerText is n's text, lowercased, with the labels of its form fields
// and icon-only controls (placeholder, value, aria-label, title, alt):
// the words a heuristic reads. skip leaves out subtrees.
func lowerText(n *html.Node, limit int, skip func(*html.Node) bool) string {
	t := textOf(n, limit, skip)
	var extra []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || noText(c) || (skip != nil && skip(c)) {
				continue
			}
			extra = appendLabels(extra, c)
			walk(c)
		}
	}
	if n.Type == html.ElementNode {
		extra = appendLabels(extra, n)
		walk(n)
	}
	if len(extra) > 0 {
		t += " " + strings.Join(extra, " ")
	}
	return strings.ToLower(t)
}

// appendLabels adds the text-like attributes of a control.
func appendLabels(dst []string, n *html.Node) []string {
	switch n.DataAtom {
	case atom.Input:
		switch strings.ToLower(attr(n, "type")) {
		case "submit", "button", "image":
			dst = appendNonEmpty(dst, attr(n, "value"), attr(n, "alt"))
		case "hidden":
			return dst
		}
		return appendNonEmpty(dst, attr(n, "placeholder"), attr(n, "aria-label"))
	case atom.A, atom.Button:
		return appendNonEmpty(dst, attr(n, "aria-label"), attr(n, "title"))
	}
	return dst
}

func appendNonEmpty(dst []string, vals ...string) []string {
	for _, v := range vals {
		if v != "" {
			dst = append(dst, v)
		}
	}
	return dst
}

// maxHrefBytes: the start of an href is enough to classify a link.
const maxHrefBytes = 256

// exitControl classifies a link or button when its text is complete.
func (w *walker) exitControl(f *frame) {
	if f.ctx&ctxBody == 0 {
		return
	}
	n := f.n
	// A link whose text is longer than a label (a headline) is read by its
	// href only.
	short := !w.ctrlLong
	label := ""
	if short {
		label = controlLabel(n, w.ctrl)
	}
	href := attr(n, "href")
	if len(href) > maxHrefBytes {
		href = href[:maxHrefBytes] // tracking parameters, data: URLs
	}
	href = strings.ToLower(strings.TrimSpace(href))
	if net, ok := shareTarget(href); ok {
		f.feat.share++
		f.feat.nets |= net
		if w.on[hShare] && f.ctx&ctxPara == 0 && short && shareSlogan(label) {
			w.add(f, hShare, rules.Social, confShareBar, true)
		}
	} else if net, ok := profileTarget(href); ok {
		f.feat.follow++
		f.feat.nets |= net
		if w.on[hShare] && f.ctx&ctxPara == 0 && short && shareSlogan(label) {
			w.add(f, hShare, rules.Social, confFollowRow, true)
		}
	} else if short {
		if net, ok := shareControl(n, label, attr(n, "class"), href); ok {
			f.feat.share++
			f.feat.nets |= net
		}
	}
	if f.ctx&ctxNav != 0 {
		// Menus link to donation, newsletter and account pages: site
		// chrome, not banners.
		return
	}
	if paymentLink(href) || (short && donateLabel(label)) {
		f.feat.pay++
		if w.on[hDonate] && f.ctx&ctxPara == 0 && short && appealSlogan(label) {
			w.add(f, hDonate, rules.Donation, confSlogan, false)
		}
	}
	if newsletterLink(href) {
		f.feat.newsletter++
	}
	if authControl(href, label) {
		f.feat.auth++
	}
	if short && (acceptLabel(label) || (n.DataAtom == atom.Button && acceptNamed(classNames(n)))) {
		f.feat.accept++
	}
}

// controlLabel is a link's or button's label, lowercased: its text, else
// its aria-label or title.
func controlLabel(n *html.Node, text []byte) string {
	if s := lowerCollapsed(text); s != "" {
		return s
	}
	s := attr(n, "aria-label")
	if s == "" {
		s = attr(n, "title")
	}
	return strings.ToLower(collapse(s))
}

// lowerCollapsed is text trimmed, whitespace runs collapsed and
// lowercased, with one allocation for ASCII text.
func lowerCollapsed(text []byte) string {
	var buf [ctrlTextBytes]byte
	out := buf[:0]
	space := false
	for _, c := range text {
		if c >= utf8.RuneSelf {
			return strings.ToLower(collapse(string(text)))
		}
		if isNameSep(c) {
			space = len(out) > 0
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, lowerASCII(c))
	}
	return string(out)
}

// enterElement runs the checks that need only the element's own markup.
func (w *walker) enterElement(f *frame) {
	n := f.n
	switch n.DataAtom {
	case atom.Html, atom.Body:
		if pageLocked(n) {
			w.locked = true
		}
	case atom.Script:
		if jsonLDPaywalled(n) {
			w.declaredPaywall = true
		}
		return
	case atom.Meta:
		if metaPaywalled(n) {
			w.declaredPaywall = true
		}
		return
	case atom.Input:
		w.classifyInput(f)
	case atom.Textarea:
		f.feat.textarea++
		f.feat.inputs++
	case atom.Select:
		f.feat.inputs++
	case atom.Form:
		if newsletterLink(strings.ToLower(attr(n, "action"))) {
			f.feat.nlMark++
		}
	}
	if f.ctx&ctxBody == 0 {
		return
	}
	// One pass over the attributes.
	var class, id, style, role string
	var modal bool
	var shareNet uint32
	for _, a := range n.Attr {
		if a.Namespace != "" {
			continue
		}
		switch a.Key {
		case "class":
			class = a.Val
		case "id":
			id = a.Val
		case "style":
			style = a.Val
		case "role":
			role = a.Val
		case "aria-modal":
			modal = a.Val == "true"
		case "title", "aria-label", "data-share", "data-network", "data-service", "data-social-service", "data-social-share-button":
			if shareNet == 0 {
				shareNet = shareItemNet(a.Val)
			}
		}
	}
	if role == "navigation" {
		f.ctx |= ctxNav
	}
	// Containers carry the names heuristics read; phrasing elements
	// (spans, links, icons) and graphics are passed over.
	var marks uint32
	if namedContainer(n) || n.DataAtom == atom.A || n.DataAtom == atom.Button {
		marks = w.classMarks(class) | scanNames(id)
	}
	f.marks = marks
	if marks != 0 {
		if marks&markNav != 0 {
			f.ctx |= ctxNav
		}
		if marks&markCookie != 0 {
			f.feat.cookieMark++
		}
		if marks&markNewsletter != 0 {
			f.feat.nlMark++
		}
		if w.on[hVendor] {
			if conf, ok := vendorConfidence(marks); ok {
				w.add(f, hVendor, rules.Paywall, conf, false)
			}
		}
	}
	// A share script's button that is not a link (<li title="Facebook">).
	if shareNet != 0 && n.DataAtom != atom.A && n.DataAtom != atom.Button {
		f.feat.share++
		f.feat.nets |= shareNet
	}
	if w.on[hOverlay] {
		w.overlayCheck(f, marks, style, role == "dialog" || modal)
	}
}

// namedContainer reports the elements whose class and id names are read:
// the boxes banners are built of.
func namedContainer(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Aside, atom.Form, atom.Nav, atom.Ul, atom.Ol, atom.Li, atom.Header,
		atom.Footer, atom.Dialog, atom.Iframe, atom.Fieldset, atom.P, atom.Table, atom.Center, atom.Main,
		atom.Article, atom.Figure, atom.Details, atom.Dl:
		return true
	}
	// Custom elements (<ps-newsletter-module>) are containers too.
	return n.DataAtom == 0 && strings.IndexByte(n.Data, '-') > 0
}

// classifyInput counts form fields.
func (w *walker) classifyInput(f *frame) {
	n := f.n
	typ := strings.ToLower(attr(n, "type"))
	switch typ {
	case "hidden", "submit", "button", "image", "reset":
	default:
		f.feat.inputs++
	}
	switch typ {
	case "email":
		f.feat.email++
	case "password":
		f.feat.password++
	case "", "text":
		if emailField(n) || emailContainer(n) {
			f.feat.email++
		}
	case "submit", "button", "image":
		label := strings.ToLower(attr(n, "value"))
		if f.ctx&ctxNav != 0 {
			return
		}
		if authControl("", label) {
			f.feat.auth++
		}
		if acceptLabel(label) {
			f.feat.accept++
		}
		if containsAny(label, newsletterStrong) {
			f.feat.nlMark++
		}
	}
}

// emailField reports a text field meant for an e-mail address by its
// name, id, placeholder or autocomplete hint.
func emailField(n *html.Node) bool {
	for _, k := range [...]string{"name", "id", "placeholder", "autocomplete", "aria-label"} {
		v := strings.ToLower(attr(n, k))
		if strings.Contains(v, "email") || strings.Contains(v, "e-mail") || strings.Contains(v, "почт") {
			return true
		}
	}
	return false
}

// emailContainer reports a text field whose wrapper is named for an
// e-mail address (form builders: "ginput_container_email").
func emailContainer(n *html.Node) bool {
	for p, i := n.Parent, 0; p != nil && i < 2; p, i = p.Parent, i+1 {
		if strings.Contains(names(p), "email") {
			return true
		}
	}
	return false
}

// classNames is n's class attribute, lowercased ("" without one).
func classNames(n *html.Node) string {
	if c := attr(n, "class"); c != "" {
		return strings.ToLower(c)
	}
	return ""
}

// collapse trims s and collapses its whitespace runs (allocating only when
// there are runs to collapse).
func collapse(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i+1 < len(s); i++ {
		if isNameSep(s[i]) && (isNameSep(s[i+1]) || s[i] != ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// maxCachedNames bounds the class values remembered per page.
const maxCachedNames = 4096

// classMarks scans a class value, remembering the result: a page repeats
// the same class values on many elements.
func (w *walker) classMarks(class string) uint32 {
	if class == "" {
		return 0
	}
	if m, ok := w.names[class]; ok {
		return m
	}
	m := scanNames(class)
	if w.names == nil {
		w.names = make(map[string]uint32, 64)
	}
	if len(w.names) < maxCachedNames {
		w.names[class] = m
	}
	return m
}
