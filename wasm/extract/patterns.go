package extract

// Class and id patterns.
//
// Readability and trafilatura recognise boilerplate and content containers
// by substrings of an element's class and id ("comment", "share",
// "article-body"). Running dozens of regular expressions on every element
// dominates the time of their ports, so Tidings compiles all the
// substrings into one Aho–Corasick automaton, built once at start-up, and
// matches an attribute value in a single pass over its bytes.
//
// Before matching, a value is folded to lower case, every run of bytes
// that are not ASCII letters or digits becomes one separator, and the
// value is framed by separators. A pattern written with spaces therefore matches at
// token boundaries: " ad " matches class="ad" and "top-ad-slot" but not
// "head" or "shadow"; a pattern without spaces matches anywhere, as the
// original substring regexps do ("share" matches "socialShareBar").

// sigBits is a set of pattern classes found in a class or id value.
type sigBits uint32

const (
	// sigUnlikely: Readability's REGEXPS.unlikelyCandidates, elements that
	// are probably not content.
	sigUnlikely sigBits = 1 << iota
	// sigMaybe: Readability's REGEXPS.okMaybeItsACandidate, which rescues
	// an element from sigUnlikely.
	sigMaybe
	// sigPositive: Readability's REGEXPS.positive, +25 class weight.
	sigPositive
	// sigNegative: Readability's REGEXPS.negative, -25 class weight.
	sigNegative
	// sigShare: Readability's REGEXPS.shareElements, share bars.
	sigShare
	// sigDiscard: trafilatura's OVERALL_DISCARD_XPATH class/id tests
	// (related posts, sharing, newsletter, tags, author boxes, widgets, …).
	sigDiscard
	// sigComments: trafilatura's REMOVE_COMMENTS_XPATH, comment threads.
	sigComments
	// sigByline: Readability's REGEXPS.byline, author lines.
	sigByline
	// sigCaption: trafilatura's DISCARD_IMAGE_ELEMENTS, caption blocks.
	sigCaption
	// sigTeaser: trafilatura's TEASER_DISCARD_XPATH.
	sigTeaser
	// sigDate: publication date and time lines.
	sigDate
	// sigGallery: image galleries, slideshows and carousels.
	sigGallery
	// sigPopup: tooltips, popovers and hover cards.
	sigPopup
	// sigHideHint: a class that may hide the element (see hasHidingClass).
	sigHideHint
	// sigImage: an image or photo holder.
	sigImage
)

// classPatterns maps each pattern to the classes it signals. Sources are
// named per group; " x " is a token-bounded match (see above).
var classPatterns = map[string]sigBits{
	// Readability.js REGEXPS.unlikelyCandidates:
	// /-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote/i
	" ad ": sigUnlikely | sigNegative, "ai2html": sigUnlikely, "banner": sigUnlikely | sigNegative,
	"breadcrumbs": sigUnlikely, "combx": sigUnlikely | sigNegative, "comment": sigUnlikely | sigNegative,
	"community": sigUnlikely, "cover wrap": sigUnlikely, "disqus": sigUnlikely | sigComments, "extra": sigUnlikely,
	"footer": sigUnlikely | sigNegative | sigDiscard, "gdpr": sigUnlikely | sigNegative, "header": sigUnlikely,
	"legends": sigUnlikely, "menu": sigUnlikely | sigDiscard, "related": sigUnlikely | sigNegative | sigDiscard,
	"remark": sigUnlikely, "replies": sigUnlikely, "rss": sigUnlikely, "shoutbox": sigUnlikely | sigNegative,
	"sidebar": sigUnlikely | sigNegative | sigDiscard, "skyscraper": sigUnlikely | sigNegative,
	"social": sigUnlikely | sigDiscard, "sponsor": sigUnlikely | sigNegative, "supplemental": sigUnlikely,
	"ad break": sigUnlikely, "agegate": sigUnlikely, "pagination": sigUnlikely | sigPositive,
	"pager": sigUnlikely, "popup": sigUnlikely, "yom remote": sigUnlikely,

	// Readability.js REGEXPS.okMaybeItsACandidate: /and|article|body|column|content|main|mathjax|shadow/i
	"and": sigMaybe, "article": sigMaybe | sigPositive, "body": sigMaybe | sigPositive, "column": sigMaybe,
	"content": sigMaybe | sigPositive, "main": sigMaybe | sigPositive, "mathjax": sigMaybe, "shadow": sigMaybe,

	// Readability.js REGEXPS.positive:
	// /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story/i
	"entry": sigPositive, "hentry": sigPositive, "h entry": sigPositive, "page": sigPositive,
	"post": sigPositive, "text": sigPositive, "blog": sigPositive, "story": sigPositive,

	// Readability.js REGEXPS.negative:
	// /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget/i
	"hidden": sigNegative, " hid ": sigNegative, "com ": sigNegative, "contact": sigNegative,
	"masthead": sigNegative, "media": sigNegative, "meta": sigNegative | sigDiscard,
	"outbrain": sigNegative | sigDiscard, "promo": sigNegative, "scroll": sigNegative,
	"share": sigNegative | sigDiscard, "shopping": sigNegative, "tags": sigNegative | sigDiscard,
	"widget": sigNegative | sigDiscard,

	// Readability.js REGEXPS.shareElements: /(\b|_)(share|sharedaddy)(\b|_)/i
	" share ": sigShare, " sharedaddy ": sigShare,

	// Readability.js REGEXPS.byline: /byline|author|dateline|writtenby|p-author/i
	"byline": sigByline | sigDiscard, "author": sigByline | sigDiscard, "dateline": sigByline,
	"writtenby": sigByline, "p author": sigByline,

	// trafilatura OVERALL_DISCARD_XPATH (class/id substrings; the
	// tag-independent ones). Left out: "bar", "expand", "options", "slide",
	// "viewport", "message", which name content containers too often.
	"viral": sigDiscard, "sociable": sigDiscard, "syndication": sigDiscard,
	"newsletter": sigDiscard, "subnav": sigDiscard, "cookie": sigDiscard, "tag list": sigDiscard,
	"navigation": sigDiscard, "navbar": sigDiscard, "navbox": sigDiscard, "breadcrumb": sigDiscard,
	"bread crumb": sigDiscard, "button": sigDiscard, "rating": sigDiscard, "attachment": sigDiscard,
	"user info": sigDiscard, "user profile": sigDiscard, " icon ": sigDiscard,
	"article infos": sigDiscard, "infoline": sigDiscard, "mostpopular": sigDiscard, "most popular": sigDiscard,
	"taboola": sigDiscard, "criteo": sigDiscard, "consent": sigDiscard, "modal content": sigDiscard,
	"paid content": sigDiscard, "paidcontent": sigDiscard, "paywall": sigDiscard, "obfuscated": sigDiscard,
	"blurred": sigDiscard, "side stories": sigDiscard, "related stories": sigDiscard,
	"lightbox": sigDiscard | sigGallery, "akismet": sigDiscard, "nocomments": sigDiscard, "comments title": sigDiscard,
	"noprint": sigDiscard, "notloaded": sigDiscard,

	// trafilatura REMOVE_COMMENTS_XPATH: ids/classes starting with
	// "comment", "article-comments", "post-comments", "comol", "disqus_thread", "dsq-comments".
	" comment": sigComments, "article comments": sigComments, "post comments": sigComments,
	" comol": sigComments, "dsq comments": sigComments,

	// trafilatura DISCARD_IMAGE_ELEMENTS: contains(@class, "caption");
	// and photo credits, which sit with captions.
	"caption": sigCaption, "credit": sigCaption,

	// Date lines: hAtom's "published"/"updated", WordPress's
	// "entry-date"/"posted-on", and the common date/time class names.
	" date": sigDate, "datetime": sigDate, "timestamp": sigDate | sigDiscard, " published ": sigDate,
	" pubdate": sigDate, " updated ": sigDate, "posted on": sigDate, "post date": sigDate,
	"entry date": sigDate, "publish date": sigDate, "time info": sigDate,

	// Hover content: the bodies of tooltips and popovers (not their
	// wrappers, which hold the visible trigger), hover cards, and
	// "rollover" boxes (whose trigger, a name in a sentence, goes too: a
	// small loss against a card full of links in the text).
	"tooltiptext": sigPopup, "tooltip text": sigPopup, "tooltip content": sigPopup,
	"tooltip inner": sigPopup, "tooltip body": sigPopup, "popover content": sigPopup,
	"popover body": sigPopup, "popover inner": sigPopup, "hovercard": sigPopup, "hover card": sigPopup,
	" rollover": sigPopup,

	// Substrings of every class in hidingClasses, so that the exact
	// token test runs only on the few classes that may hide.
	"hid": sigHideHint, "invisible": sigHideHint, "sr only": sigHideHint, "visually": sigHideHint,
	"screen reader": sigHideHint, "screenreader": sigHideHint,

	// Image holders (see isImageBlock).
	" image": sigImage, " img": sigImage, "photo": sigImage, " picture": sigImage, " figure": sigImage,

	// Galleries and slideshows.
	"gallery": sigGallery, "slideshow": sigGallery, "carousel": sigGallery, "swiper": sigGallery,
	"slider": sigGallery,

	// trafilatura TEASER_DISCARD_XPATH: contains(@class|@id, "teaser").
	"teaser": sigTeaser,
}

// Alphabet of the automaton: a separator, 26 letters, 10 digits.
const (
	symSep      = 0
	alphabetLen = 1 + 26 + 10
)

// symbolOf maps a byte to its symbol: letters folded to lower case.
var symbolOf = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = uint8(1 + c - 'a')
		t[c-'a'+'A'] = uint8(1 + c - 'a')
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = uint8(27 + c - '0')
	}
	return t
}()

// matcher is a compiled Aho–Corasick automaton with a dense goto table.
type matcher struct {
	next [][alphabetLen]int32
	out  []sigBits
}

// patternMatcher is built once from classPatterns and never changes.
var patternMatcher = newMatcher(classPatterns)

// newMatcher compiles patterns (written in lower case with spaces as
// separators) into an automaton.
func newMatcher(patterns map[string]sigBits) *matcher {
	m := &matcher{next: make([][alphabetLen]int32, 1), out: make([]sigBits, 1)}
	for p, bits := range patterns {
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := symbolOf[p[i]]
			if m.next[s][c] == 0 {
				m.next = append(m.next, [alphabetLen]int32{})
				m.out = append(m.out, 0)
				m.next[s][c] = int32(len(m.next) - 1)
			}
			s = m.next[s][c]
		}
		m.out[s] |= bits
	}
	// Breadth-first: fail links, then turn the trie into a full goto table.
	fail := make([]int32, len(m.next))
	queue := make([]int32, 0, len(m.next))
	for c := range alphabetLen {
		if t := m.next[0][c]; t != 0 {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		m.out[s] |= m.out[fail[s]]
		for c := range alphabetLen {
			t := m.next[s][c]
			if t == 0 {
				m.next[s][c] = m.next[fail[s]][c]
				continue
			}
			fail[t] = m.next[fail[s]][c]
			queue = append(queue, t)
		}
	}
	return m
}

// match returns the classes of every pattern found in v, framed by
// separators.
func (m *matcher) match(v string) sigBits {
	if v == "" {
		return 0
	}
	s := m.next[0][symSep]
	bits := m.out[s]
	sep := true
	for i := 0; i < len(v); i++ {
		c := symbolOf[v[i]]
		if c == symSep {
			if sep {
				continue // a run of separators is one ("article__body")
			}
			sep = true
		} else {
			sep = false
		}
		s = m.next[s][c]
		bits |= m.out[s]
	}
	s = m.next[s][symSep]
	return bits | m.out[s]
}
