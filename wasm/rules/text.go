package rules

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageText is a page's text, gathered in a walk of its own (build) the
// first time a rule needs text (tree.textOf): the normalized text (for
// similarity rules), each element's span in it and in the raw text (the
// elements' textContent, for :has-text), each element's
// whitespace-collapsed text length (for :min-text-length and
// :max-text-length), and which gate literals the raw text holds. The raw
// text itself is gathered in the same walk when it is short (under
// shortPageBytes, as on nearly every page); a longer one is streamed
// through the literal scan and gathered only when a :has-text() test on
// a long element needs it, shorter elements' texts being gathered apart
// (elementText): on a 20 MB page it is some 17 MB that would otherwise be
// held while all the rules are matched. Elements are numbered as in the
// page; elements inside skipped ones (a <noscript>, an <iframe>) have
// empty spans.
type pageText struct {
	root *html.Node
	// raw is the raw text, made on first use (hasRaw) by rawText;
	// rawLen is its length, known after build.
	raw    []byte
	hasRaw bool
	rawLen int
	norm   []byte
	spans  []span
	// clen[i] is the length in bytes of element i's text with every run
	// of whitespace collapsed to one space and the ends trimmed: what a
	// reader sees, not the page's indentation.
	clen []int32
	// lits[id] tells whether gate literal id is in the raw text (build
	// finds them with litStream, in the same walk).
	lits   []bool
	stream litStream
	// lower is raw in ASCII lowercase, for case-insensitive literal
	// searches, made on first use (hasLower); risk is true when raw
	// holds a character that Unicode case folding equates with an ASCII
	// letter (the Kelvin sign, the long s), which such a search would
	// miss.
	lower     []byte
	hasLower  bool
	risk      bool
	lastSpace bool
	skip      int // depth inside elements whose text is skipped
}

type span struct {
	rawStart, rawEnd, normStart, normEnd int32
}

// maxTextBytes bounds the text gathered from one page; a 64 MB page of
// text is beyond any article and the rest is ignored.
const maxTextBytes = 32 << 20

// skipText are elements whose content is not page text.
func skipText(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Iframe, atom.Object:
		return true
	}
	return false
}

// isInline tells phrasing elements apart from blocks: text in adjacent
// inline elements runs together, a block starts a new run, and similarity
// rules report the smallest block around a match.
func isInline(n *html.Node) bool {
	switch n.DataAtom {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Big, atom.Cite, atom.Code, atom.Data,
		atom.Dfn, atom.Em, atom.Font, atom.I, atom.Img, atom.Kbd, atom.Label, atom.Mark, atom.Nobr,
		atom.Q, atom.S, atom.Samp, atom.Small, atom.Span, atom.Strike, atom.Strong, atom.Sub, atom.Sup,
		atom.Time, atom.Tt, atom.U, atom.Var, atom.Wbr, atom.Input, atom.Button, atom.Select,
		atom.Textarea, atom.Output, atom.Picture, atom.Source:
		return true
	}
	return false
}

// reset empties t for another page, keeping its buffers.
func (t *pageText) reset() {
	t.raw, t.norm, t.lower = t.raw[:0], t.norm[:0], t.lower[:0]
	t.spans, t.clen = t.spans[:0], t.clen[:0]
	// spans, clen and lits are sized by build.
	t.root, t.hasRaw, t.rawLen = nil, false, 0
	t.hasLower, t.risk, t.lastSpace, t.skip = false, false, true, 0
}

// sep ends a word in the normalized text.
func (t *pageText) sep() {
	if !t.lastSpace && len(t.norm) > 0 {
		t.norm = append(t.norm, ' ')
		t.lastSpace = true
	}
}

// textFrame is an open element while the text is gathered.
type textFrame struct {
	i    int32
	coll collapsed
}

// build gathers the text under root, numbering elements as tree.build
// does (n of them), in one walk without recursion, and finds which of
// the gate literals lits (filed in lt) the raw text holds.
func (t *pageText) build(root *html.Node, n int, lits []literal, lt *litTable) {
	t.root = root
	t.spans = resize(t.spans, n)
	t.clen = resize(t.clen, n)
	t.lits = resize(t.lits, len(lits))
	clear(t.lits)
	// The normalized text is rarely longer than the raw one (a few
	// non-ASCII characters normalize to more bytes); append grows it then.
	size := textBytes(root)
	t.norm = slices.Grow(t.norm, size+size/16)
	// A short text is gathered raw in the same walk, as most pages' rules
	// read it; a long one is streamed through the literal scan.
	t.hasRaw = size < shortPageBytes
	if t.hasRaw {
		t.raw = slices.Grow(t.raw[:0], size)
	} else {
		t.stream.start(lt, lits, t.lits)
	}
	var open []textFrame
	next := int32(0)
	walk(root, func(x *html.Node) bool {
		switch x.Type {
		case html.ElementNode:
			t.enter(next, x)
			open = append(open, textFrame{i: next})
			next++
			return descendInto(x)
		case html.TextNode:
			t.addText(x.Data, open)
		}
		return x.Type == html.DocumentNode
	}, func(x *html.Node) {
		if x.Type == html.ElementNode {
			f := open[len(open)-1]
			open = open[:len(open)-1]
			t.exit(f, x, open)
		}
	})
	if t.hasRaw {
		lt.scan(lits, t.raw, t.lits)
		t.risk = bytes.Contains(t.raw, []byte(kelvinSign)) || bytes.Contains(t.raw, []byte(longS))
		return
	}
	t.stream.finish()
	for _, id := range lt.short {
		t.lits[id] = containsLiteral(t.rawText(), &lits[id])
	}
}

// kelvinSign and longS are the characters Unicode case folding equates
// with an ASCII letter ("k" and "s"; see pageText.risk).
const (
	kelvinSign = "\u212a"
	longS      = "\u017f"
)

// rawText returns the raw text, gathering it on first use: the text
// nodes build counted, in a walk of its own.
func (t *pageText) rawText() []byte {
	if t.hasRaw {
		return t.raw
	}
	t.hasRaw = true
	t.raw = slices.Grow(t.raw[:0], t.rawLen)
	t.raw = appendText(t.raw, t.root, 0)
	return t.raw
}

// appendText appends the raw text of n's subtree to dst, as build counts
// it, for a subtree whose raw text starts at byte off of the page's.
func appendText(dst []byte, n *html.Node, off int) []byte {
	eachText(n, func(s string) {
		if off+len(s) <= maxTextBytes {
			dst = append(dst, s...)
			off += len(s)
		}
	})
	return dst
}

// textBytes is the length of the text build gathers under root (at most
// maxTextBytes): sizing the buffers once spares a large page the copies
// and the garbage of growing them by doubling.
func textBytes(root *html.Node) int {
	total := 0
	eachText(root, func(s string) { total += len(s) })
	return min(total, maxTextBytes)
}

// eachText calls f with each text node's text under n that the raw text
// holds: those outside elements whose text is skipped (and outside
// template content), in document order.
func eachText(n *html.Node, f func(string)) {
	walk(n, func(x *html.Node) bool {
		switch x.Type {
		case html.ElementNode:
			return descendInto(x) && !skipText(x)
		case html.TextNode:
			f(x.Data)
		}
		return x.Type == html.DocumentNode
	}, func(*html.Node) {})
}

// enter starts element i.
func (t *pageText) enter(i int32, n *html.Node) {
	if !isInline(n) || n.DataAtom == atom.Br {
		t.sep()
	}
	t.spans[i] = span{rawStart: int32(t.rawLen), normStart: int32(len(t.norm))}
	if skipText(n) {
		t.skip++
	}
}

// addText adds a text node's text to the open elements.
func (t *pageText) addText(s string, open []textFrame) {
	if t.skip > 0 || t.rawLen+len(s) > maxTextBytes {
		return
	}
	t.rawLen += len(s)
	if t.hasRaw {
		t.raw = append(t.raw, s...)
	} else {
		t.stream.feed(s)
		// The Kelvin sign and the long s are whole characters inside one
		// text node.
		t.risk = t.risk || strings.Contains(s, kelvinSign) || strings.Contains(s, longS)
	}
	var c collapsed
	t.norm, c = appendNormalized(t.norm, s, &t.lastSpace)
	if len(open) > 0 {
		top := &open[len(open)-1].coll
		*top = top.concat(c)
	}
}

// exit ends element f.i, adding its collapsed text to its parent's.
func (t *pageText) exit(f textFrame, n *html.Node, open []textFrame) {
	if skipText(n) {
		t.skip--
	}
	sp := &t.spans[f.i]
	sp.rawEnd, sp.normEnd = int32(t.rawLen), int32(len(t.norm))
	// A trailing separator space belongs to no element.
	if sp.normEnd > sp.normStart && t.norm[sp.normEnd-1] == ' ' {
		sp.normEnd--
	}
	if !isInline(n) {
		t.sep()
	}
	t.clen[f.i] = f.coll.trimmed()
	if len(open) > 0 {
		top := &open[len(open)-1].coll
		*top = top.concat(f.coll)
	}
}

// collapsed describes a text with every whitespace run collapsed to one
// space, untrimmed: its length and whether it starts or ends with such a
// space. Texts combine with concat, so an element's value is built from
// its children's without copying text.
type collapsed struct {
	n                  int32
	lead, trail, blank bool // blank: only whitespace
	nonEmpty           bool
}

// concat is the collapsed text of a followed by b.
func (a collapsed) concat(b collapsed) collapsed {
	switch {
	case !a.nonEmpty:
		return b
	case !b.nonEmpty:
		return a
	}
	r := collapsed{n: a.n + b.n, lead: a.lead, trail: b.trail, blank: a.blank && b.blank, nonEmpty: true}
	if a.trail && b.lead {
		r.n-- // the two spaces are one
	}
	return r
}

// trimmed is the length without a leading and a trailing space.
func (a collapsed) trimmed() int32 {
	if !a.nonEmpty || a.blank {
		return 0
	}
	n := a.n
	if a.lead {
		n--
	}
	if a.trail {
		n--
	}
	return n
}

// lowerText returns the page's raw text in ASCII lowercase, made on
// first use: only :has-text() literal tests on long texts read it (see
// lowerSpan), and most pages' rules never get that far.
func (t *pageText) lowerText() []byte {
	if !t.hasLower {
		t.hasLower = true
		raw := t.rawText()
		t.lower = appendLower(slices.Grow(t.lower[:0], len(raw)), raw)
	}
	return t.lower
}

// appendLower appends text in ASCII lowercase to dst.
func appendLower(dst, text []byte) []byte {
	for _, c := range text {
		dst = append(dst, lowerTable[c])
	}
	return dst
}

// walk visits root's subtree in document order without recursion. enter
// returns whether to descend into the node's children; exit is called
// after a node's subtree.
func walk(root *html.Node, enter func(*html.Node) bool, exit func(*html.Node)) {
	n := root
	for n != nil {
		if enter(n) && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for {
			exit(n)
			if n == root {
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

// deepest returns the number of the deepest element whose normalized span
// contains [s, e), or -1. The last element in document order that starts
// at or before s is a descendant-or-self of every element containing the
// range (an element after a container's subtree starts after its end), so
// it is enough to climb from there.
func (t *pageText) deepest(s, e int32, parent []int32) int32 {
	lo, hi := 0, len(t.spans)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if t.spans[mid].normStart <= s {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for i := int32(lo - 1); i >= 0; i = parent[i] {
		if sp := t.spans[i]; sp.normStart <= s && sp.normEnd >= e {
			return i
		}
	}
	return -1
}

// appendNormalized appends s normalized for similarity: letters and digits
// lowercased, combining marks and invisible format characters dropped,
// everything else (spaces, punctuation, quotes, dashes, symbols) turned
// into one space. Curly and straight quotes, dashes, case and spacing
// therefore never count as differences. It also measures s with its
// whitespace collapsed (for :min-text-length), in the same pass.
func appendNormalized(dst []byte, s string, lastSpace *bool) ([]byte, collapsed) {
	var c collapsed
	if s == "" {
		return dst, c
	}
	c.nonEmpty = true
	c.lead = isHTMLSpace(s[0])
	// ASCII is written into spare capacity without branches: a separator
	// is always written and kept only after a letter (lastSep 0).
	var lastSep, prevWhite uint8
	if *lastSpace {
		lastSep = 1
	}
	n := int32(0)
	dst = slices.Grow(dst, len(s))
	p := len(dst)
	buf := dst[:cap(dst)]
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			i++
			e := asciiNorm[b]
			buf[p] = e.char
			p += int(1 - e.sep&lastSep)
			lastSep = e.sep
			n += int32(1 - e.white&prevWhite)
			prevWhite = e.white
			continue
		}
		var r rune
		var size int
		if i+1 < len(s) && b >= 0xC2 && b <= 0xDF && s[i+1]&0xC0 == 0x80 {
			r, size = rune(b&0x1F)<<6|rune(s[i+1]&0x3F), 2 // two bytes: Latin, Greek, Cyrillic…
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		n += int32(size)
		prevWhite = 0
		out := buf[:p]
		kind, lower := runeNormKind(r)
		switch kind {
		case normKeep:
			out = utf8.AppendRune(out, lower)
			lastSep = 0
		case normDrop:
			// Combining accents, soft hyphens, zero-width spaces.
		default:
			if lastSep == 0 {
				out = append(out, ' ')
				lastSep = 1
			}
		}
		out = slices.Grow(out, len(s)-i)
		p, buf = len(out), out[:cap(out)]
	}
	*lastSpace = lastSep == 1
	c.n = n
	c.trail = prevWhite == 1
	c.blank = c.lead && c.n == 1 && c.trail
	return buf[:p], c
}

// asciiNorm describes each ASCII byte for the text walk (an immutable
// table): the byte in the normalized text (a letter or digit lowercased,
// anything else a space), whether it is a separator there, and whether it
// is HTML whitespace.
var asciiNorm = func() (t [utf8.RuneSelf]struct{ char, sep, white uint8 }) {
	for i := range t {
		c := byte(i)
		e := &t[i]
		e.char, e.sep = ' ', 1
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			e.char, e.sep = c, 0
		case c >= 'A' && c <= 'Z':
			e.char, e.sep = c+'a'-'A', 0
		}
		if isHTMLSpace(c) {
			e.white = 1
		}
	}
	return t
}()

// How appendNormalized treats a rune other than ASCII.
const (
	normSep  uint8 = iota // anything else: a separator
	normKeep              // a letter or digit: kept, lowercased
	normDrop              // a combining mark or an invisible format character: dropped
)

// runeNormKind tells how appendNormalized treats r (not ASCII), and r
// lowercased when it is kept. Runes of two bytes in UTF-8 (Latin-1 and
// Latin Extended, Greek, Cyrillic, Armenian, Hebrew, Arabic: most of the
// letters of non-English pages) are looked up in twoByteNorm; others are
// classified through the unicode tables, which search a range table for
// each question.
func runeNormKind(r rune) (uint8, rune) {
	if r >= twoByteFirst && r < twoByteEnd {
		e := twoByteNorm[r-twoByteFirst]
		return e.kind, e.lower
	}
	return classifyRune(r)
}

// classifyRune is runeNormKind by the unicode package's tables.
func classifyRune(r rune) (uint8, rune) {
	switch {
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return normKeep, unicode.ToLower(r)
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r):
		return normDrop, r
	}
	return normSep, r
}

// The runes written with two bytes in UTF-8.
const (
	twoByteFirst = 0x80
	twoByteEnd   = 0x800
)

// twoByteNorm is classifyRune for each rune of two bytes (an immutable
// table, 15 KB).
var twoByteNorm = func() (t [twoByteEnd - twoByteFirst]struct {
	lower rune
	kind  uint8
}) {
	for i := range t {
		t[i].kind, t[i].lower = classifyRune(rune(i + twoByteFirst))
	}
	return t
}()

// NormalizeText returns s as similarity rules see it (see rules/README.md):
// lowercase letters and digits separated by single spaces, trimmed.
func NormalizeText(s string) string {
	last := true
	b, _ := appendNormalized(nil, s, &last)
	if len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return string(b)
}
