package extract

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Precision cleaning: after Readability's cleaning, remove from the
// article the blocks that readers skip and that Readability keeps: comment
// threads, share and tag bars, related links and newsletter boxes named
// so by their class (trafilatura's discard lists), date lines, image
// galleries, ad labels, and short blocks that are all links. Each test is
// guarded by size, so that a class name on a wrapper never removes the
// article itself.

const (
	// maxDiscardShare: a block named as boilerplate is removed only when
	// it holds under a third of the article's text (or is mostly links).
	maxDiscardShare = 3
	// discardLinkDensity: a boilerplate-named block this full of links is
	// removed whatever its size.
	discardLinkDensity = 0.5
	// maxDateChars: a date line is short.
	maxDateChars = 100
	// maxTagListChars: a list of tags is short.
	maxTagListChars = 500
	// maxGalleryProse: a gallery is images, captions and controls; one
	// with more other text than this holds prose.
	maxGalleryProse = 200
	// maxCaptionChars: a caption or credit is shorter than this; a longer
	// element with such a class is a wrapper.
	maxCaptionChars = 600
	// linkBlockDensity and maxLinkParaChars: a paragraph under 100
	// characters with over 80 % link text is a "Read more" line
	// (trafilatura link_density_test uses 0.8 and 30–200 characters).
	linkBlockDensity = 0.8
	maxLinkParaChars = 100
)

// precisionClean removes the blocks described above from the article.
func (ix *index) precisionClean(tops []int, best int) {
	var total int32
	for _, t := range tops {
		total += ix.el[t].sum.text
	}
	// Siblings that joined the candidate are judged like its descendants.
	if len(tops) > 1 {
		for _, t := range tops {
			if t != best && ix.isBoilerplate(t, total) {
				ix.remove(t)
			}
		}
	}
	ix.descendants(tops, func(i int) bool {
		if ix.isBoilerplate(i, total) {
			ix.remove(i)
			return false
		}
		return true
	})
	ix.removeDanglingHeadings(tops)
}

// isBoilerplate applies the precision predicates to element i of an
// article of total characters.
func (ix *index) isBoilerplate(i int, total int32) bool {
	e := &ix.el[i]
	return isCommentThread(e) ||
		ix.isDiscardBlock(i, total) ||
		isDateLine(e) ||
		isTagList(e) ||
		ix.isGallery(i) ||
		isAdLabelBlock(e) ||
		ix.isLinkBlock(i) ||
		isArticleHeader(e, total)
}

// isCommentThread: a readers' comment section (trafilatura
// REMOVE_COMMENTS_XPATH: ids and classes starting with "comment",
// "article-comments", "post-comments", "comol", "disqus_thread",
// "dsq-comments").
func isCommentThread(e *elem) bool {
	return (e.cls|e.id)&sigComments != 0
}

// isDiscardBlock: a block whose class or id names boilerplate
// (trafilatura OVERALL_DISCARD_XPATH and TEASER_DISCARD_XPATH: related
// posts, sharing, newsletter, tags, author boxes, widgets…), small in the
// article or mostly links. A formula is never one: MathJax 3 wraps each in
// a container of class "CtxtMenu_Attached_0", whose "menu" is a discard
// pattern.
func (ix *index) isDiscardBlock(i int, total int32) bool {
	e := &ix.el[i]
	if (e.cls|e.id)&(sigDiscard|sigTeaser) == 0 || isQuotation(e) || isMedia(e.n.DataAtom) || ix.holdsMath(i) {
		return false
	}
	return e.sum.text*maxDiscardShare < total || ix.linkDensity(i) > discardLinkDensity
}

// isMedia reports image elements: their class names the image's role in
// a layout (WordPress's "attachment-large") more than boilerplate.
func isMedia(a atom.Atom) bool {
	return a == atom.Img || a == atom.Picture || a == atom.Source || a == atom.Figure
}

// isDateLine: a short element named as a date or time line by its class
// or id or by schema.org microdata (itemprop="datePublished" …), or a
// short line holding a <time> element: publication dates are page
// furniture.
func isDateLine(e *elem) bool {
	if e.sum.text == 0 || e.sum.text >= maxDateChars {
		return false
	}
	if (e.cls|e.id)&sigDate != 0 || dateItemprops[attr(e.n, "itemprop")] {
		return true
	}
	if e.flags&flagInLink != 0 || !isBlock(e.n.DataAtom) {
		return false
	}
	for c := e.n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Time {
			return true
		}
	}
	return false
}

// dateItemprops are the schema.org date properties of an article.
var dateItemprops = map[string]bool{
	"datePublished": true, "dateModified": true, "dateCreated": true, "uploadDate": true,
}

// isTagList: a short block mostly made of rel="tag" links (the post's
// tags or categories).
func isTagList(e *elem) bool {
	return e.sum.tagLink > 0 && 2*e.sum.tagLink > e.sum.text && e.sum.text < maxTagListChars
}

// isGallery: an element named as a gallery, slideshow or carousel that
// holds little text besides captions (image counters, "Close", "Next").
func (ix *index) isGallery(i int) bool {
	e := &ix.el[i]
	return (e.cls|e.id)&sigGallery != 0 && e.sum.text-e.sum.caption < maxGalleryProse
}

// isAdLabelBlock: an element whose whole text is its own (no element
// inside holds text) and is an advertisement or loading label (see
// isAdOrLoadingLabel). Judging the innermost element only keeps the test
// linear on deep trees.
func isAdLabelBlock(e *elem) bool {
	return e.sum.text > 0 && e.sum.text <= maxAdLabelChars && e.own.text == e.sum.text &&
		e.flags&flagInLink == 0 && isAdOrLoadingLabel(directText(e.n))
}

// isLinkBlock: a short paragraph that is nearly all link text ("Read
// more: …", "Click here to subscribe"); after trafilatura's
// link_density_test. List items are left to the list's own test
// (cleanConditionally), as lists of links can be the article's content.
func (ix *index) isLinkBlock(i int) bool {
	e := &ix.el[i]
	switch e.n.DataAtom {
	case atom.P:
	case atom.Div:
		if !ix.isDivParagraph(i) {
			return false
		}
	default:
		return false
	}
	return e.sum.text > 0 && e.sum.text < maxLinkParaChars && ix.linkDensity(i) > linkBlockDensity
}

// isArticleHeader: a <header> inside the article holds the title,
// byline, date and share bar, which the reader shows (or drops) itself
// (trafilatura PRECISION_DISCARD_XPATH: .//header).
func isArticleHeader(e *elem, total int32) bool {
	return e.n.DataAtom == atom.Header && e.sum.text*maxDiscardShare < total
}

// isCaption: an element named as a caption or photo credit, short.
func isCaption(e *elem) bool {
	return (e.cls|e.id)&sigCaption != 0 && e.sum.text < maxCaptionChars
}

// isImageBlock: an element named as an image or photo holder that has an
// image and a short text of at most one paragraph: the text is the
// image's caption, marked up without <figcaption>.
func isImageBlock(e *elem) bool {
	return (e.cls|e.id)&sigImage != 0 && e.sum.imgs > 0 && e.sum.paras <= 1 && e.sum.text < maxCaptionChars
}

// captionNodes returns the kept elements of the article named as
// captions or photo credits: they stay in the HTML, next to their
// images, but not in the text (see renderText).
func (ix *index) captionNodes(tops []int) map[*html.Node]bool {
	var out map[*html.Node]bool
	ix.descendants(tops, func(i int) bool {
		e := &ix.el[i]
		if isCaption(e) || isImageBlock(e) {
			if out == nil {
				out = map[*html.Node]bool{}
			}
			out[e.n] = true
			return false
		}
		return true
	})
	return out
}

// removeDanglingHeadings removes headings left without content: a
// heading followed by nothing but a heading of the same or a higher rank,
// or by the end of the article. They announced a block the cleaning
// removed ("You may also like…", "Related", "Comments").
func (ix *index) removeDanglingHeadings(tops []int) {
	pending, rank := -1, 0
	for _, t := range tops {
		if ix.el[t].flags&flagRemoved != 0 {
			continue
		}
		ix.visit(t, func(i int) bool {
			e := &ix.el[i]
			if r := headingRank(e.n.DataAtom); r > 0 {
				if pending >= 0 && r <= rank {
					ix.remove(pending)
				}
				pending, rank = i, r
				return false
			}
			if e.own.text > 0 || e.own.has(ownImg) || e.own.has(ownEmbed) {
				pending = -1
			}
			return true
		})
	}
	if pending >= 0 {
		ix.remove(pending)
	}
}

// headingRank is 1 for <h1> … 6 for <h6>, 0 for other tags.
func headingRank(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}
