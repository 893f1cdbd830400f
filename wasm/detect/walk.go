package detect

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/rules"
)

// Page measures. The walk measures every element's text once; the
// guard and the heuristics read these numbers instead of re-reading text.
const (
	// proseRunes: a <p> with at least this much text, mostly not link
	// text, is prose (an article paragraph, or a long banner paragraph).
	proseRunes = 80
	// scoreRunes is the shortest paragraph that votes for the main-content
	// element (Readability.js skips paragraphs under 25 characters).
	scoreRunes = 25
	// scoreRunesPerPoint and maxLengthPoints: a paragraph earns a point
	// per 100 characters, at most 3 (Readability.js's content score).
	scoreRunesPerPoint = 100
	maxLengthPoints    = 3
	// ctrlTextBytes bounds the text kept of one link or button: labels
	// that decide a control's role are short; longer ones are headlines.
	ctrlTextBytes = 100
)

// measure is what an element's subtree holds.
type measure struct {
	// text counts the runes of its text, whitespace runs counted once;
	// linkText those inside links.
	text, linkText int
	// prose counts the runes of its prose paragraphs.
	prose int
	links int
}

func (m *measure) add(o *measure) {
	m.text += o.text
	m.linkText += o.linkText
	m.prose += o.prose
	m.links += o.links
}

// features count the controls in an element's subtree that heuristics
// are anchored on.
type features struct {
	share, follow int    // share controls; links to social profiles
	nets          uint32 // networks of those, one bit each
	email         int    // e-mail fields
	password      int
	textarea      int
	inputs        int // form fields of any kind (not hidden fields or buttons)
	pay           int // links and buttons to give money
	newsletter    int // links to a newsletter sign-up
	auth          int // sign-in, register and subscribe controls
	accept        int // accept/agree/OK buttons
	cookieMark    int // elements named after cookies or consent
	nlMark        int // elements and forms named after newsletters
}

func (f *features) add(o *features) {
	f.share += o.share
	f.follow += o.follow
	f.nets |= o.nets
	f.email += o.email
	f.password += o.password
	f.textarea += o.textarea
	f.inputs += o.inputs
	f.pay += o.pay
	f.newsletter += o.newsletter
	f.auth += o.auth
	f.accept += o.accept
	f.cookieMark += o.cookieMark
	f.nlMark += o.nlMark
}

// plainLinks are the links of a subtree that are none of the controls
// heuristics look for: menus and story lists have many.
func plainLinks(m *measure, f *features) int {
	return max(0, m.links-f.share-f.follow-f.pay-f.newsletter-f.auth)
}

// Context flags an element inherits from its ancestors.
const (
	ctxBody = 1 << iota // inside <body>
	ctxNav              // inside navigation
	ctxLink             // inside a link or button
	ctxPara             // inside a paragraph, list item or cell: running text
)

// frame is an open element of the walk.
type frame struct {
	n     *html.Node
	order int32
	ctx   uint8
	marks uint32 // what its class and id names say (names.go)
	hit   int32  // index of the rule hit on this element, or -1
	m     measure
	feat  features
	score float64 // content score from its paragraphs
	// cands are the open heuristic candidates inside the element; had
	// marks the heuristics that found one anywhere inside.
	cands []*cand
	had   uint16
}

// hitInfo is what the walk learned about a rule hit's element.
type hitInfo struct {
	order int32
	m     measure
	seen  bool
	body  bool // inside <body>
}

// walker measures the page in one pass and runs the heuristics.
type walker struct {
	on      [numHeuristics]bool
	hits    []rules.Hit
	hitAt   []hitInfo
	nextHit int

	stack []frame
	order int32
	space bool
	// ctrl holds the text of the link or button being walked; ctrlLong
	// is set when it is longer than a control's label (a headline).
	ctrl      []byte
	ctrlLong  bool
	ctrlDepth int

	cands []*cand
	// names caches the marks of class values (classMarks).
	names map[string]uint32
	// overlays are overlay-scroll-lock candidates, kept at the end only
	// when the page is locked or blurred.
	overlays        []*cand
	locked, blurred bool
	declaredPaywall bool

	// main is the element the paragraphs vote for (Readability's top
	// candidate); page the <body>'s measure.
	main      *html.Node
	mainScore float64
	mainM     measure
	page      measure
}

func newWalker(hits []rules.Hit) *walker {
	return &walker{hits: hits, hitAt: make([]hitInfo, len(hits)), stack: make([]frame, 0, 64)}
}

// run walks the document once, without recursion.
func (w *walker) run(doc *html.Node) {
	n := doc
	for n != nil {
		if w.enter(n) && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for {
			if n.Type == html.ElementNode {
				w.exit()
			}
			if n == doc {
				return
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
			if n == nil {
				return
			}
		}
	}
}

// enter visits a node and reports whether to walk its children.
func (w *walker) enter(n *html.Node) bool {
	switch n.Type {
	case html.DocumentNode:
		return true
	case html.TextNode:
		w.text(n.Data)
		return false
	case html.ElementNode:
	default:
		return false
	}
	var ctx uint8
	if len(w.stack) > 0 {
		ctx = w.stack[len(w.stack)-1].ctx
	}
	f := frame{n: n, order: w.order, ctx: ctx, hit: -1}
	w.order++
	if w.nextHit < len(w.hits) && w.hits[w.nextHit].Node == n {
		f.hit = int32(w.nextHit)
		w.nextHit++
	}
	switch n.DataAtom {
	case atom.Body:
		f.ctx |= ctxBody
	case atom.Nav:
		f.ctx |= ctxNav
	case atom.P, atom.Li, atom.Blockquote, atom.Td, atom.Dd, atom.Cite:
		f.ctx |= ctxPara
	case atom.A, atom.Button:
		f.ctx |= ctxLink
		if w.ctrlDepth == 0 {
			w.ctrl, w.ctrlLong = w.ctrl[:0], false
		}
		w.ctrlDepth++
		if n.DataAtom == atom.A {
			f.m.links++
		}
	}
	w.stack = append(w.stack, f)
	w.enterElement(&w.stack[len(w.stack)-1])
	if noText(n) {
		// Script text is not page text (a JSON-LD block was read above);
		// rule hits inside are passed over. exit() is still called.
		for w.nextHit < len(w.hits) && isAncestor(n, w.hits[w.nextHit].Node) {
			w.nextHit++
		}
		return false
	}
	return true
}

// text counts a text node into the open element.
func (w *walker) text(s string) {
	if len(w.stack) == 0 {
		return
	}
	f := &w.stack[len(w.stack)-1]
	if f.ctx&ctxBody == 0 {
		return
	}
	c := countRunes(s, &w.space)
	f.m.text += c
	if f.ctx&ctxLink != 0 {
		f.m.linkText += c
		if w.ctrlDepth > 0 && !w.ctrlLong {
			if len(w.ctrl)+len(s) > ctrlTextBytes && len(w.ctrl)+len(strings.TrimSpace(s)) > ctrlTextBytes {
				w.ctrlLong = true
			} else {
				w.ctrl = append(w.ctrl, s...)
			}
		}
	}
}

// exit closes the innermost open element.
func (w *walker) exit() {
	f := &w.stack[len(w.stack)-1]
	n := f.n
	if n.DataAtom == atom.A || n.DataAtom == atom.Button {
		w.exitControl(f)
		w.ctrlDepth--
	}
	w.vote(f)
	if f.ctx&ctxBody != 0 && !noText(n) {
		w.exitHeuristics(f)
	}
	if f.hit >= 0 {
		w.hitAt[f.hit] = hitInfo{order: f.order, m: f.m, seen: true, body: f.ctx&ctxBody != 0}
	}
	if n.DataAtom == atom.Body {
		w.page = f.m
	}
	w.stack = w.stack[:len(w.stack)-1]
	if len(w.stack) == 0 {
		return
	}
	p := &w.stack[len(w.stack)-1]
	p.m.add(&f.m)
	p.feat.add(&f.feat)
	p.had |= f.had
	for _, c := range f.cands {
		if c.open {
			p.cands = append(p.cands, c)
		}
	}
}

// vote marks prose paragraphs and gives a paragraph's points to its
// parent and half to its grandparent, as Readability.js scores content;
// the element with the best score, discounted by link density, is the
// page's main content.
func (w *walker) vote(f *frame) {
	switch f.n.DataAtom {
	case atom.P, atom.Pre, atom.Td:
	default:
		if f.score > 0 {
			w.consider(f)
		}
		return
	}
	if f.m.linkText*2 > f.m.text {
		return
	}
	if f.n.DataAtom == atom.P && f.m.text >= proseRunes {
		f.m.prose = f.m.text
	}
	if f.m.text < scoreRunes {
		return
	}
	points := 1 + float64(min(f.m.text/scoreRunesPerPoint, maxLengthPoints))
	if k := len(w.stack); k >= 2 {
		w.stack[k-2].score += points
		if k >= 3 {
			w.stack[k-3].score += points / 2
		}
	}
}

func (w *walker) consider(f *frame) {
	s := f.score
	if f.m.text > 0 {
		s *= 1 - float64(f.m.linkText)/float64(f.m.text)
	}
	if s > w.mainScore {
		w.main, w.mainScore, w.mainM = f.n, s, f.m
	}
}

// measureNode measures an element the walk did not record (a rule hit in
// a subtree the walk skips, or a shrunk similarity hit).
func measureNode(n *html.Node) measure {
	w := newWalker(nil)
	w.stack = append(w.stack, frame{ctx: ctxBody, hit: -1})
	w.run(n)
	return w.stack[0].m
}

// parentCtx is the context of the open element's parent.
func (w *walker) parentCtx() uint8 {
	if len(w.stack) < 2 {
		return 0
	}
	return w.stack[len(w.stack)-2].ctx
}
