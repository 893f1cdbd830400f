package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/document"
)

// The index flattens the element tree under <body> into a pre-order array.
// An element's subtree is the contiguous range [i, end), its parent an
// index, and every statistic the scorer and the cleaner need (text length,
// link text, commas, counts of paragraphs, images, list items…) is summed
// bottom-up in one reverse pass. The whole extractor then works on
// indices: no recursion, no maps keyed by nodes, no repeated subtree
// walks, and it is safe on trees of any depth.

// elemFlags are per-element facts found while indexing.
type elemFlags uint16

const (
	// flagUnlikely: the element matches Readability's unlikely-candidate
	// test (class/id or role); its subtree is dropped in the first pass.
	flagUnlikely elemFlags = 1 << iota
	// flagIgnored: the element's own text never counts (noscript, video,
	// audio…): it stays in the tree for the builder to handle.
	flagIgnored
	// flagBlockChild: the element has a descendant that Readability.js
	// counts as a block when it turns divs into paragraphs
	// (_hasChildBlockElement over DIV_TO_P_ELEMS: blockquote, dl, div, img,
	// ol, p, pre, table, ul). A div without one is a paragraph.
	flagBlockChild
	// flagRemoved: the cleaner removed the element.
	flagRemoved
	// flagInTable: the element is inside a <table>.
	flagInTable
	// flagInCode: the element is inside <code> or <pre>.
	flagInCode
	// flagInFigure: the element is inside a <figure>.
	flagInFigure
	// flagInLink: the element is inside an <a>.
	flagInLink
	// flagDataTable: a <table> that holds data, not layout.
	flagDataTable
	// flagInDataTable: the element is inside a data table.
	flagInDataTable
)

// stats are the sums over an element's subtree (or, before the bottom-up
// pass, the element's own contribution).
type stats struct {
	text     int32   // characters of text, whitespace runs counted once
	link     float32 // characters inside links, weighted (see linkWeight)
	commas   int32   // commas of the Latin, Arabic and CJK scripts
	paras    int32   // <p> elements
	imgs     int32   // <img> elements
	lis      int32   // <li> elements
	inputs   int32   // <input> elements
	embeds   int32   // <object>, <embed>, <iframe>
	heading  int32   // characters inside <h1>–<h6>
	textish  int32   // characters inside a descendant text container
	listText int32   // characters inside <ul>/<ol>
	tables   int32   // data tables
	caption  int32   // characters inside captions and photo credits
	quote    int32   // characters inside <blockquote>
	ptext    int32   // characters inside <p>
	tagLink  int32   // characters inside rel="tag" links
}

func (s *stats) add(o *stats) {
	s.text += o.text
	s.link += o.link
	s.commas += o.commas
	s.paras += o.paras
	s.imgs += o.imgs
	s.lis += o.lis
	s.inputs += o.inputs
	s.embeds += o.embeds
	s.heading += o.heading
	s.textish += o.textish
	s.listText += o.listText
	s.tables += o.tables
	s.caption += o.caption
	s.quote += o.quote
	s.ptext += o.ptext
	s.tagLink += o.tagLink
}

func (s *stats) sub(o *stats) {
	s.text -= o.text
	s.link -= o.link
	s.commas -= o.commas
	s.paras -= o.paras
	s.imgs -= o.imgs
	s.lis -= o.lis
	s.inputs -= o.inputs
	s.embeds -= o.embeds
	s.heading -= o.heading
	s.textish -= o.textish
	s.listText -= o.listText
	s.tables -= o.tables
	s.caption -= o.caption
	s.quote -= o.quote
	s.ptext -= o.ptext
	s.tagLink -= o.tagLink
}

// ownStats is an element's own contribution to the stats (the text
// directly inside it, its tag), stored in a quarter of the space of a
// stats: an index holds one per element, and a 20 MB page has some
// 300,000 elements. Every text node directly inside an element is read in
// the same context (the element's), so the text counted inside headings,
// captions, quotes, paragraphs and tag links is either all of its text
// or none, which the kind bits say; link is kept as it was summed, text
// node by text node, so that sums stay exactly the same.
type ownStats struct {
	text, commas int32
	link         float32
	kind         ownKind
}

// ownKind says which stats an element's own text and tag count in.
type ownKind uint16

const (
	ownHeading ownKind = 1 << iota // its text is inside a heading
	ownCaption                     // inside a caption
	ownQuote                       // inside a blockquote
	ownPara                        // inside a <p>
	ownTagLink                     // inside a rel="tag" link
	ownP                           // the element is a <p>
	ownImg                         // an <img>
	ownLi                          // an <li>
	ownInput                       // an <input>
	ownEmbed                       // an <object>, <embed> or <iframe>
	ownTable                       // a data table
)

// has reports whether o has all of the kind bits k.
func (o *ownStats) has(k ownKind) bool { return o.kind&k == k }

// stats expands o into the stats it stands for.
func (o *ownStats) stats() stats {
	s := stats{text: o.text, commas: o.commas, link: o.link}
	k := o.kind
	if k == 0 {
		return s
	}
	if k&ownHeading != 0 {
		s.heading = o.text
	}
	if k&ownCaption != 0 {
		s.caption = o.text
	}
	if k&ownQuote != 0 {
		s.quote = o.text
	}
	if k&ownPara != 0 {
		s.ptext = o.text
	}
	if k&ownTagLink != 0 {
		s.tagLink = o.text
	}
	s.paras = bit(k, ownP)
	s.imgs = bit(k, ownImg)
	s.lis = bit(k, ownLi)
	s.inputs = bit(k, ownInput)
	s.embeds = bit(k, ownEmbed)
	s.tables = bit(k, ownTable)
	return s
}

// bit is 1 when k has the bit b, else 0.
func bit(k, b ownKind) int32 {
	if k&b != 0 {
		return 1
	}
	return 0
}

// elem is one element of the index.
type elem struct {
	n      *html.Node
	parent int32 // index of the parent element, -1 for the root
	end    int32 // one past the last index of the subtree
	cls    sigBits
	id     sigBits
	flags  elemFlags
	// scored sits beside flags, in what would be padding: an elem is 128
	// bytes, not 136, which on a 20 MB page's 280,000 elements is 2 MB.
	scored bool

	own ownStats // the element's own contribution (text directly inside it…)
	sum stats    // own + every descendant's, after sumStats
	// inline is the text of the element's phrasing content: its text
	// nodes and inline descendants', not inside a nested block. An element
	// with enough inline text is scored as a paragraph.
	inline       int32
	inlineCommas int32
	// textishOwn is text whose lowest text-container ancestor is this
	// element; it counts as "textish" for the element's ancestors.
	textishOwn int32

	score float64
}

// index is the flattened body.
type index struct {
	el []elem
	// mathBefore[i] counts the <math> elements among el[:i] (see
	// holdsMath); nil on the pages without any.
	mathBefore []int32
}

// indexFrame is an open element while buildIndex walks the tree: what
// the text directly inside it counts towards.
type indexFrame struct {
	idx     int32
	block   int32 // nearest block element (for inline text)
	textish int32 // nearest text container, -1 for none
	link    float32
	ignored bool
	heading bool
	caption bool
	quote   bool
	para    bool
	tag     bool
}

// textKind is the ownKind of text read in this frame.
func (f *indexFrame) textKind() ownKind {
	var k ownKind
	if f.heading {
		k |= ownHeading
	}
	if f.caption {
		k |= ownCaption
	}
	if f.quote {
		k |= ownQuote
	}
	if f.para {
		k |= ownPara
	}
	if f.tag {
		k |= ownTagLink
	}
	return k
}

// buildIndex flattens the tree under root, leaving out (and detaching)
// what never belongs to an article: see dropAlways. skip holds nodes from
// detection, dropped with their subtrees.
func buildIndex(root *html.Node, skip map[*html.Node]bool) *index {
	ix := &index{el: make([]elem, 0, document.CountElements(root))}
	stack := make([]indexFrame, 0, 64)

	push := func(n *html.Node, at *elemAttrs, cls, id sigBits) {
		i := int32(len(ix.el))
		e := elem{n: n, parent: -1, end: -1}
		f := indexFrame{idx: i, block: i, textish: -1}
		if len(stack) > 0 {
			top := stack[len(stack)-1]
			e.parent = top.idx
			f = top
			f.idx = i
			e.flags = ix.el[top.idx].flags & (flagInTable | flagInCode | flagInFigure | flagInLink | flagIgnored)
		}
		e.cls, e.id = cls, id
		a := n.DataAtom
		if isBlock(a) {
			f.block = i
		}
		if isTextContainer(a) {
			f.textish = i
		}
		switch a {
		case atom.P:
			e.own.kind |= ownP
		case atom.Img:
			e.own.kind |= ownImg
		case atom.Li:
			e.own.kind |= ownLi
		case atom.Input:
			e.own.kind |= ownInput
		case atom.Object, atom.Embed, atom.Iframe:
			e.own.kind |= ownEmbed
		case atom.Table:
			e.flags |= flagInTable
		case atom.Code, atom.Pre:
			e.flags |= flagInCode
		case atom.Figure:
			e.flags |= flagInFigure
		case atom.A:
			e.flags |= flagInLink
			f.link = linkWeight(at.href)
			f.tag = at.rel != "" && hasToken(at.rel, "tag")
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			f.heading = true
		case atom.Noscript, atom.Video, atom.Audio, atom.Picture, atom.Canvas, atom.Map:
			e.flags |= flagIgnored
			f.ignored = true
		}
		if a == atom.Blockquote {
			f.quote = true
		}
		if a == atom.P {
			f.para = true
		}
		if a == atom.Figcaption || (e.cls|e.id)&sigCaption != 0 {
			f.caption = true
		}
		if isUnlikely(n, at.role, e.cls|e.id, e.flags) {
			e.flags |= flagUnlikely
		}
		e.own.kind |= f.textKind()
		ix.el = append(ix.el, e)
		stack = append(stack, f)
	}

	addText := func(s string) {
		top := &stack[len(stack)-1]
		if top.ignored {
			return
		}
		chars, commas := textWeight(s)
		if chars == 0 {
			return
		}
		e := &ix.el[top.idx]
		e.own.text += chars
		e.own.commas += commas
		if top.link > 0 {
			e.own.link += top.link * float32(chars)
		}
		b := &ix.el[top.block]
		b.inline += chars
		b.inlineCommas += commas
		if top.textish >= 0 {
			ix.el[top.textish].textishOwn += chars
		}
	}

	// Iterative pre-order walk with explicit exit events.
	push(root, &elemAttrs{}, 0, 0)
	n := root.FirstChild
	for len(stack) > 0 {
		if n == nil {
			// Leave the current element.
			top := stack[len(stack)-1]
			ix.el[top.idx].end = int32(len(ix.el))
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				break
			}
			n = ix.el[top.idx].n.NextSibling
			continue
		}
		next := n.NextSibling
		switch n.Type {
		case html.TextNode:
			addText(n.Data)
		case html.ElementNode:
			at := readAttrs(n)
			cls, id := patternMatcher.match(at.class), idPatterns(at.id)
			if skip[n] || dropAlways(n, &at, cls|id) {
				n.Parent.RemoveChild(n)
				n = next
				continue
			}
			push(n, &at, cls, id)
			n = n.FirstChild
			continue
		case html.CommentNode, html.DoctypeNode:
			n.Parent.RemoveChild(n)
		}
		n = next
	}
	ix.markDataTables()
	ix.countMath()
	for i := len(ix.el) - 1; i > 0; i-- {
		e := &ix.el[i]
		if e.flags&flagBlockChild != 0 || isDivToPBlock(e.n.DataAtom) {
			ix.el[e.parent].flags |= flagBlockChild
		}
	}
	return ix
}

// countMath fills ix.mathBefore when the page holds a <math> element.
func (ix *index) countMath() {
	seen := int32(0)
	for i := range ix.el {
		if ix.el[i].n.DataAtom == atom.Math {
			if ix.mathBefore == nil {
				ix.mathBefore = make([]int32, len(ix.el)+1)
			}
			seen++
		}
		if ix.mathBefore != nil {
			ix.mathBefore[i+1] = seen
		}
	}
}

// holdsMath reports whether element i's subtree holds a <math> element:
// a formula, the text it is part of, whatever its container's class says.
func (ix *index) holdsMath(i int) bool {
	if ix.mathBefore == nil {
		return false
	}
	e := &ix.el[i]
	return ix.mathBefore[e.end] > ix.mathBefore[i]
}

// isDivToPBlock: Readability.js DIV_TO_P_ELEMS.
func isDivToPBlock(a atom.Atom) bool {
	switch a {
	case atom.Blockquote, atom.Dl, atom.Div, atom.Img, atom.Ol, atom.P, atom.Pre, atom.Table, atom.Ul:
		return true
	}
	return false
}

// elemAttrs are the attributes indexing reads, found in one pass.
type elemAttrs struct {
	class, id, role, style, href, rel string
	hidden, ariaHidden                bool
}

func readAttrs(n *html.Node) elemAttrs {
	var at elemAttrs
	for _, a := range n.Attr {
		if a.Namespace != "" {
			continue
		}
		switch a.Key {
		case "class":
			at.class = a.Val
		case "id":
			at.id = a.Val
		case "role":
			at.role = a.Val
		case "style":
			at.style = a.Val
		case "href":
			at.href = a.Val
		case "rel":
			at.rel = a.Val
		case "hidden":
			at.hidden = true
		case "aria-hidden":
			at.ariaHidden = a.Val == "true"
		}
	}
	return at
}

// maxLayoutIDWords: an id of more words is an anchor made from a
// heading ("example-1-amend-a-shared-changeset"), which says what the
// section is about, not what part of the layout it is.
const maxLayoutIDWords = 4

// idPatterns matches an id against the class patterns, unless it is a
// heading anchor (see maxLayoutIDWords).
func idPatterns(id string) sigBits {
	words, in := 0, false
	for i := 0; i < len(id); i++ {
		alnum := symbolOf[id[i]] != symSep
		if alnum && !in {
			words++
		}
		in = alnum
	}
	if words > maxLayoutIDWords {
		return 0
	}
	return patternMatcher.match(id)
}

// sumStats sums own statistics bottom-up into sum. Elements in excluded
// subtrees (as decided by excl, on the element itself, whose sums are
// complete when excl is called) add nothing to their ancestors, as if
// they had been removed.
func (ix *index) sumStats(excl func(i int) bool) {
	for i := range ix.el {
		e := &ix.el[i]
		e.sum = e.own.stats()
	}
	for i := len(ix.el) - 1; i >= 0; i-- {
		e := &ix.el[i]
		if e.flags&flagRemoved != 0 || (excl != nil && excl(i)) {
			e.flags |= flagRemoved
			continue
		}
		if p := e.parent; p >= 0 {
			c := ix.contribution(i)
			ix.el[p].sum.add(&c)
		}
	}
	for i := range ix.el {
		if p := ix.el[i].parent; p >= 0 && ix.el[p].flags&flagRemoved != 0 {
			ix.el[i].flags |= flagRemoved
		}
	}
}

// resetRemoved clears every removal, for another extraction attempt.
func (ix *index) resetRemoved() {
	for i := range ix.el {
		ix.el[i].flags &^= flagRemoved
		ix.el[i].score = 0
		ix.el[i].scored = false
	}
}

// remove marks element i and its subtree removed and subtracts its
// statistics from its ancestors, so later decisions see the tree without
// it.
func (ix *index) remove(i int) {
	e := &ix.el[i]
	if e.flags&flagRemoved != 0 {
		return
	}
	s := ix.contribution(i)
	for p := e.parent; p >= 0; p = ix.el[p].parent {
		ix.el[p].sum.sub(&s)
	}
	// Mark the whole subtree, so that "is it removed?" is one flag test.
	// Subtrees removed before are skipped: each element is marked once.
	end := int(e.end)
	e.flags |= flagRemoved
	for j := i + 1; j < end; {
		d := &ix.el[j]
		if d.flags&flagRemoved != 0 {
			j = int(d.end)
			continue
		}
		d.flags |= flagRemoved
		j++
	}
}

// contribution is what element i adds to its parent's sums: its own sums,
// its text as textish when it is a text container's text, and its text as
// list text when it is a list.
func (ix *index) contribution(i int) stats {
	e := &ix.el[i]
	s := e.sum
	s.textish += e.textishOwn
	if a := e.n.DataAtom; a == atom.Ul || a == atom.Ol {
		s.listText = e.sum.text
	}
	return s
}

// linkDensity is the share of an element's text inside links.
func (ix *index) linkDensity(i int) float64 {
	s := &ix.el[i].sum
	if s.text == 0 {
		return 0
	}
	return float64(s.link) / float64(s.text)
}

// hashLinkWeight is how much the text of an in-page link ("#section")
// counts towards link density: Readability.js _getLinkDensity uses 0.3,
// as such links are tables of contents and footnotes, part of the article.
const hashLinkWeight = 0.3

// linkWeight is how much a link's text counts towards link density: in-page
// links little (hashLinkWeight), script links ("javascript:", buttons
// drawn as links) not at all, as they lead nowhere else.
func linkWeight(href string) float32 {
	href = strings.TrimSpace(href)
	switch {
	case len(href) > 1 && href[0] == '#':
		return hashLinkWeight
	case hasScheme(href, "javascript:"):
		return 0
	}
	return 1
}

// textWeight measures text as Readability's normalized innerText length:
// characters (code points) with each whitespace run counted once, and
// its commas (Readability.js REGEXPS.commas:
// /\u002C|\u060C|\uFE50|\uFE10|\uFE11|\u2E41|\u2E34|\u2E32|\uFF0C/).
func textWeight(s string) (chars, commas int32) {
	space := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case ' ', '\t', '\n', '\r', '\f':
				if !space {
					chars++
				}
				space = true
				continue
			case ',':
				commas++
			}
			chars++
			space = false
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '\u060C', '\uFE50', '\uFE10', '\uFE11', '\u2E41', '\u2E34', '\u2E32', '\uFF0C', '、':
			commas++
		case '\u00a0':
			if !space {
				chars++
			}
			space = true
			continue
		}
		chars++
		space = false
	}
	if space && chars > 0 {
		chars-- // the trailing whitespace run
	}
	return chars, commas
}

// attr returns the value of attribute key of n, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// hasToken reports whether the space-separated list v holds tok, ignoring
// ASCII case.
func hasToken(v, tok string) bool {
	for _, f := range strings.Fields(v) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// lowerASCII lower-cases ASCII letters without allocating when there are none.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// Data tables, after Readability.js _markDataTables: a table holds data
// (and is kept whole) unless it is laid out for presentation.
const (
	// minDataTableRows, minDataTableCols, minDataTableCells: a table with
	// 10 rows, more than 4 columns or more than 10 cells holds data.
	minDataTableRows  = 10
	minDataTableCols  = 4
	minDataTableCells = 10
)

func (ix *index) markDataTables() {
	for i := range ix.el {
		e := &ix.el[i]
		if e.flags&flagInTable == 0 {
			continue
		}
		if e.parent >= 0 && ix.el[e.parent].flags&(flagDataTable|flagInDataTable) != 0 {
			e.flags |= flagInDataTable
		}
		if e.n.DataAtom == atom.Table && ix.isDataTable(i) {
			e.flags |= flagDataTable
			e.own.kind |= ownTable
		}
	}
}

// isDataTable: role="presentation" and datatable="0" say layout; a
// summary, a caption, or <col>, <colgroup>, <tfoot>, <thead>, <th> say
// data; a nested table says layout; otherwise size decides.
func (ix *index) isDataTable(i int) bool {
	n := ix.el[i].n
	if attr(n, "role") == "presentation" || attr(n, "datatable") == "0" {
		return false
	}
	if attr(n, "summary") != "" {
		return true
	}
	var dataTag, nested bool
	rows, cols := 0, 0
	end := int(ix.el[i].end)
	for c := i + 1; c < end; c++ {
		m := ix.el[c].n
		switch m.DataAtom {
		case atom.Caption:
			if m.FirstChild != nil {
				return true
			}
		case atom.Col, atom.Colgroup, atom.Tfoot, atom.Thead, atom.Th:
			dataTag = true
		case atom.Table:
			nested = true
		case atom.Tr:
			rows += spanOf(m, "rowspan")
			cells := 0
			for td := m.FirstChild; td != nil; td = td.NextSibling {
				if td.DataAtom == atom.Td || td.DataAtom == atom.Th {
					cells += spanOf(td, "colspan")
				}
			}
			cols = max(cols, cells)
		}
	}
	switch {
	case dataTag:
		return true
	case nested:
		return false
	case rows == 1 || cols == 1:
		return false
	case rows >= minDataTableRows || cols > minDataTableCols:
		return true
	}
	return rows*cols > minDataTableCells
}

// maxSpan bounds a rowspan/colspan value, as browsers do (HTML caps
// colspan at 1000 and rowspan at 65534).
const maxSpan = 1000

// spanOf reads a rowspan or colspan attribute, 1 when absent or invalid.
func spanOf(n *html.Node, key string) int {
	v := attr(n, key)
	s := 0
	for i := 0; i < len(v) && '0' <= v[i] && v[i] <= '9'; i++ {
		s = s*10 + int(v[i]-'0')
		if s > maxSpan {
			return maxSpan
		}
	}
	if s == 0 {
		return 1
	}
	return s
}
