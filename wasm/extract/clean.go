package extract

import (
	"strings"

	"golang.org/x/net/html/atom"
)

// Cleaning the chosen article, after Readability.js _prepArticle: remove
// blocks that look like interface or boilerplate by their statistics
// (link density, images per paragraph, list items, form inputs) and
// class names. Every decision marks elements in the index; the builder
// unlinks them at the end.

const (
	// shareMaxChars: a share bar is short (Readability.js
	// shareElementThreshold = 500).
	shareMaxChars = 500
	// conditionalMaxCommas: a block with 10 or more commas is prose and
	// is never removed by the conditional tests (Readability.js
	// `if (this._getCharCount(node, ",") < 10)`).
	conditionalMaxCommas = 10
	// listShare: a block whose text is over 90 % in lists is a list.
	listShare = 0.9
	// liAllowance: list items only count against a block beyond 100
	// (Readability.js `getElementsByTagName("li").length - 100`).
	liAllowance = 100
	// maxHeadingDensity, minBlockChars: a block under 25 characters with
	// links and under 90 % heading text is a link or a label.
	maxHeadingDensity = 0.9
	minBlockChars     = 25
	// maxLinkDensity, maxLinkDensityPositive: link density above which a
	// block is a link list (0.2; 0.5 when its class says content).
	maxLinkDensity         = 0.2
	maxLinkDensityPositive = 0.5
	// minEmbedChars: a block holding one embed with under 75 characters
	// is a player, not prose.
	minEmbedChars = 75
	// minArticleChars: an attempt yielding less text is retried with the
	// next pass (Readability.js DEFAULT_CHAR_THRESHOLD = 500).
	minArticleChars = 500
	// maxAdLabelChars: longest text checked against ad and loading labels.
	maxAdLabelChars = 20
)

// clean runs Readability.js's _prepArticle steps on the article.
func (ix *index) clean(tops []int, p pass) {
	b := ix.bucket(tops)
	ix.removeForms(tops, b.forms)
	if p.cleanConditionally {
		ix.cleanConditionally(tops, p, b.fieldsets)
	}
	ix.removeAll(b.furniture)
	ix.removeShareBars(tops)
	ix.cleanHeaders(b.headers, p)
	if p.cleanConditionally {
		ix.cleanConditionally(tops, p, b.tables)
		ix.cleanConditionally(tops, p, b.lists)
		ix.cleanConditionally(tops, p, b.blocks)
	}
	ix.removeEmptyParagraphs(b.paras)
}

// buckets are the article's elements that cleaning judges, by kind, in
// document order, collected in one pass.
type buckets struct {
	forms, fieldsets, furniture, headers, tables, lists, blocks, paras []int
}

func (ix *index) bucket(tops []int) *buckets {
	b := &buckets{}
	ix.descendants(tops, func(i int) bool {
		switch ix.el[i].n.DataAtom {
		case atom.Form:
			b.forms = append(b.forms, i)
		case atom.Fieldset:
			b.fieldsets = append(b.fieldsets, i)
		case atom.Footer, atom.Aside:
			// Page furniture even inside the article (Readability.js
			// _clean(articleContent, "footer"|"aside")).
			b.furniture = append(b.furniture, i)
		case atom.H1, atom.H2:
			b.headers = append(b.headers, i)
		case atom.Table:
			b.tables = append(b.tables, i)
		case atom.Ul:
			b.lists = append(b.lists, i)
		case atom.Div, atom.Section:
			b.blocks = append(b.blocks, i)
		case atom.P:
			b.paras = append(b.paras, i)
		}
		return true
	})
	return b
}

// removeAll removes the listed elements.
func (ix *index) removeAll(list []int) {
	for _, i := range list {
		ix.remove(i)
	}
}

// descendants calls f on every kept element strictly inside the article's
// top-level elements, in document order, skipping removed subtrees; f
// returns false to skip the element's subtree.
func (ix *index) descendants(tops []int, f func(i int) bool) {
	for _, t := range tops {
		end := int(ix.el[t].end)
		for i := t + 1; i < end; {
			e := &ix.el[i]
			if e.flags&flagRemoved != 0 || !f(i) {
				i = int(e.end)
				continue
			}
			i++
		}
	}
}

// visit calls f on element t and its kept descendants in document order,
// skipping removed subtrees; f returns false to skip an element's subtree.
func (ix *index) visit(t int, f func(i int) bool) {
	end := int(ix.el[t].end)
	for i := t; i < end; {
		e := &ix.el[i]
		if e.flags&flagRemoved != 0 || !f(i) {
			i = int(e.end)
			continue
		}
		i++
	}
}

// removeForms removes forms (sign-up, search, comment forms), unless a
// form holds the article's main text: some sites wrap the whole page in
// one <form> (ASP.NET). Their controls are already gone (dropAlways).
func (ix *index) removeForms(tops, forms []int) {
	ptext := ix.paragraphText(tops)
	for k := len(forms) - 1; k >= 0; k-- {
		if !holdsMainText(&ix.el[forms[k]], ptext) {
			ix.remove(forms[k])
		}
	}
}

// paragraphText is the text inside <p> in the kept article.
func (ix *index) paragraphText(tops []int) int32 {
	var ptext int32
	for _, t := range tops {
		if ix.el[t].flags&flagRemoved == 0 {
			ptext += ix.el[t].sum.ptext
		}
	}
	return ptext
}

// removeShareBars removes short elements whose class or id names a share
// bar (Readability.js: REGEXPS.shareElements
// /(\b|_)(share|sharedaddy)(\b|_)/i and textContent.length < 500).
func (ix *index) removeShareBars(tops []int) {
	ix.descendants(tops, func(i int) bool {
		if isShareBar(&ix.el[i]) {
			ix.remove(i)
			return false
		}
		return true
	})
}

// isShareBar: see removeShareBars.
func isShareBar(e *elem) bool {
	return (e.cls|e.id)&sigShare != 0 && e.sum.text < shareMaxChars
}

// cleanHeaders removes <h1> and <h2> whose class weight is negative
// (Readability.js _cleanHeaders): section labels such as "Related" or
// "Comments".
func (ix *index) cleanHeaders(headers []int, p pass) {
	for _, i := range headers {
		if ix.el[i].flags&flagRemoved == 0 && ix.classWeight(i, p) < 0 {
			ix.remove(i)
		}
	}
}

// removeEmptyParagraphs removes <p> with neither text nor images
// (Readability.js _prepArticle's empty-paragraph pass).
func (ix *index) removeEmptyParagraphs(paras []int) {
	for _, i := range paras {
		s := &ix.el[i].sum
		if ix.el[i].flags&flagRemoved == 0 && s.text == 0 && s.imgs == 0 && s.embeds == 0 {
			ix.remove(i)
		}
	}
}

// cleanConditionally removes, innermost and last first, the candidates
// (one kind of element, in document order) that shouldRemove judges
// boilerplate.
func (ix *index) cleanConditionally(tops []int, p pass, cands []int) {
	ptext := ix.paragraphText(tops)
	for k := len(cands) - 1; k >= 0; k-- {
		i := cands[k]
		if ix.el[i].flags&flagRemoved != 0 {
			continue
		}
		if ix.isDivParagraph(i) || holdsMainText(&ix.el[i], ptext) {
			continue
		}
		if ix.shouldRemove(i, p) {
			ix.remove(i)
		}
	}
}

// shouldRemove is Readability.js _cleanConditionally's test for one
// element; its parts are named below.
func (ix *index) shouldRemove(i int, p pass) bool {
	e := &ix.el[i]
	if e.n.DataAtom == atom.Table && e.flags&flagDataTable != 0 {
		return false
	}
	if ix.inDataTable(i) || e.flags&flagInCode != 0 || ix.hasDataTable(i) {
		return false
	}
	if isQuotation(e) {
		return false
	}
	weight := ix.classWeight(i, p)
	if weight < 0 {
		return true
	}
	s := &e.sum
	if s.commas >= conditionalMaxCommas {
		return false
	}
	if isAdLabelBlock(e) {
		return true
	}
	isList := ix.isList(i)
	ld := ix.linkDensity(i)
	remove := tooManyImages(e) ||
		(!isList && moreItemsThanParagraphs(e)) ||
		tooManyInputs(e) ||
		(!isList && isShortLinkBlock(e, ld)) ||
		isLinkHeavy(isList, weight, ld) ||
		isPlayer(e) ||
		(s.imgs == 0 && ix.textish(i) == 0) // no text in any text container: chrome
	if isList && remove {
		return !ix.isImageList(i)
	}
	return remove
}

// moreItemsThanParagraphs: a block (not a list) with more list items,
// beyond 100, than paragraphs is a menu or an index (Readability.js
// !isList && li > p, li counted from -100).
func moreItemsThanParagraphs(e *elem) bool {
	return e.sum.lis-liAllowance > e.sum.paras
}

// tooManyInputs: more form inputs than a third of the paragraphs is a
// form (Readability.js input > Math.floor(p / 3)).
func tooManyInputs(e *elem) bool {
	return e.sum.inputs > e.sum.paras/3
}

// isLinkHeavy: link density over 0.2, or over 0.5 when the class says
// content (Readability.js: !isList && weight < 25 && linkDensity > 0.2,
// weight >= 25 && linkDensity > 0.5). Lists are judged only in the
// second case: a list of links can be the article's.
func isLinkHeavy(isList bool, weight, linkDensity float64) bool {
	if weight >= classWeightPoints {
		return linkDensity > maxLinkDensityPositive
	}
	return !isList && linkDensity > maxLinkDensity
}

// holdsMainText reports a block holding most of the article's paragraph
// text (ptext): conditional cleaning removes peripheral blocks, and a
// wrapper made link-dense by a menu beside the story is still the
// story's wrapper. Readability has no such guard and loses short
// articles set in link-heavy layouts.
func holdsMainText(e *elem, ptext int32) bool {
	return ptext > 0 && 2*e.sum.ptext > ptext
}

// quotationShare: a block with this share of its text in blockquotes is
// a quotation.
const quotationShare = 0.8

// isQuotation reports a block that is mostly a blockquote: a quoted
// passage or an embedded post (a tweet is a <blockquote> with links),
// which the link-density tests would otherwise take for a link list.
func isQuotation(e *elem) bool {
	return e.sum.quote > 0 && float64(e.sum.quote) >= quotationShare*float64(e.sum.text)
}

// isDivParagraph reports a div without blocks inside, which
// Readability.js turns into a <p> before cleaning, so it is never
// cleaned as a div.
func (ix *index) isDivParagraph(i int) bool {
	e := &ix.el[i]
	return e.n.DataAtom == atom.Div && e.flags&flagBlockChild == 0
}

// textish is the text of i inside text containers (see
// isTextContainer); a div's own text runs count, as Readability.js wraps
// them in paragraphs.
func (ix *index) textish(i int) int32 {
	e := &ix.el[i]
	t := e.sum.textish
	if e.n.DataAtom == atom.Div {
		t += e.textishOwn
	}
	return t
}

// isList reports a list, or a block whose text is over 90 % inside lists.
func (ix *index) isList(i int) bool {
	e := &ix.el[i]
	if a := e.n.DataAtom; a == atom.Ul || a == atom.Ol {
		return true
	}
	return e.sum.text > 0 && float64(e.sum.listText)/float64(e.sum.text) > listShare
}

// isImageList: Readability.js keeps a list whose items are single images
// ("Allow simple lists of images to remain in pages").
func (ix *index) isImageList(i int) bool {
	e := &ix.el[i]
	for c := i + 1; c < int(e.end); c = int(ix.el[c].end) {
		if ix.el[c].flags&flagRemoved == 0 && ix.elementChildren(c) > 1 {
			return false
		}
	}
	return e.sum.imgs == e.sum.lis
}

// tooManyImages: more than one image and fewer than one paragraph per two
// images, outside a figure, is a gallery or an ad block.
func tooManyImages(e *elem) bool {
	s := &e.sum
	return e.flags&flagInFigure == 0 && s.imgs > 1 && float64(s.paras)/float64(s.imgs) < 0.5
}

// isShortLinkBlock: under 25 characters, mostly not a heading, with
// links, and no image or more than two (Readability.js:
// headingDensity < 0.9 && contentLength < 25 && (img === 0 || img > 2)
// && !isFigureChild && linkDensity > 0).
func isShortLinkBlock(e *elem, linkDensity float64) bool {
	s := &e.sum
	headingDensity := 0.0
	if s.text > 0 {
		headingDensity = float64(s.heading) / float64(s.text)
	}
	return headingDensity < maxHeadingDensity && s.text < minBlockChars && (s.imgs == 0 || s.imgs > 2) &&
		e.flags&flagInFigure == 0 && linkDensity > 0
}

// isPlayer: one embed with little text, or several embeds (Readability.js
// (embedCount === 1 && contentLength < 75) || embedCount > 1).
func isPlayer(e *elem) bool {
	s := &e.sum
	return (s.embeds == 1 && s.text < minEmbedChars) || s.embeds > 1
}

// adLabels and loadingLabels are Readability.js REGEXPS.adWords
// /^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|广告|Реклама|Anuncio)$/iu
// and REGEXPS.loadingWords
// /^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$/iu.
// "advert", "anzeige" and "sponsored" are added: the same labels in
// British English and German, and for paid placements.
var adLabels = [...]string{
	"ad", "advertising", "advertisement", "pub", "publicité", "werb", "werbung", "广告", "реклама",
	"anuncio", "advert", "anzeige", "sponsored",
}

var loadingLabels = [...]string{"loading", "正在加载", "загрузка", "chargement", "cargando"}

// isAdOrLoadingLabel reports a block whose whole text is an ad label or a
// loading placeholder. It allocates nothing: it runs on every short
// element.
func isAdOrLoadingLabel(text string) bool {
	t := strings.TrimSpace(text)
	if t == "" {
		return false
	}
	for _, l := range adLabels {
		if strings.EqualFold(t, l) {
			return true
		}
	}
	for _, suffix := range [...]string{"…", "..."} {
		t = strings.TrimSuffix(t, suffix)
	}
	for _, l := range loadingLabels {
		if strings.EqualFold(t, l) {
			return true
		}
	}
	return false
}

// inDataTable reports whether i is inside a data table.
func (ix *index) inDataTable(i int) bool {
	return ix.el[i].flags&flagInDataTable != 0
}

// hasDataTable reports whether i contains a kept data table.
func (ix *index) hasDataTable(i int) bool {
	return ix.el[i].sum.tables > ix.el[i].own.stats().tables
}
