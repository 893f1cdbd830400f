// Package sanitize turns an extracted article into HTML that is safe to
// show inside the extension: an allowlist of reading elements and
// attributes (bluemonday), so no script, style, event handler,
// javascript: URL, form, iframe or embedded object survives.
package sanitize

import (
	"regexp"
	"slices"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// Policy is the article allowlist. Build it once with NewPolicy and reuse
// it: a policy is safe for concurrent use once built.
type Policy struct {
	p *bluemonday.Policy
}

// NewPolicy returns the allowlist for reader articles.
func NewPolicy() *Policy {
	p := bluemonday.NewPolicy()

	// Text structure.
	p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
		"blockquote", "pre", "code", "kbd", "samp", "var",
		"ul", "ol", "li", "dl", "dt", "dd",
		"em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small",
		"sub", "sup", "abbr", "cite", "q", "dfn", "bdi", "bdo", "wbr",
		"div", "span", "section", "article", "aside", "header", "footer",
		"figure", "figcaption", "details", "summary", "address",
		"caption", "colgroup", "col", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
		"picture")
	p.AllowAttrs("lang", "dir", "title").Globally()
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("datetime").OnElements("time", "del", "ins")
	p.AllowElements("time")
	p.AllowAttrs("start", "reversed", "type").OnElements("ol")
	p.AllowAttrs("colspan", "rowspan", "headers", "scope", "abbr").OnElements("td", "th")
	p.AllowAttrs("span").OnElements("col", "colgroup")
	p.AllowAttrs("open").OnElements("details")

	// Links: only web and mail URLs, opened outside the reader.
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.RequireNoFollowOnLinks(false)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)

	// Images: http(s) or inline data images, with their responsive sources.
	// bluemonday checks the URL of src but not those of srcset: a srcset
	// is kept only when every candidate is such a URL.
	p.AllowAttrs("src", "alt", "width", "height", "sizes", "loading").OnElements("img")
	p.AllowAttrs("sizes", "type", "media").OnElements("source")
	p.AllowAttrs("srcset").Matching(srcsetPattern).OnElements("img", "source")
	p.AllowElements("source")
	p.AllowDataURIImages()

	allowMathML(p)
	return &Policy{p: p}
}

// mathElements are the MathML elements kept, so that formulas read as
// formulas (Chromium and Firefox render MathML Core): its presentation
// elements, and semantics, whose annotations (a formula's TeX or MathML
// source, not shown) are dropped with their content.
var mathElements = []string{"math", "semantics",
	"mi", "mn", "mo", "ms", "mtext", "mspace", "mrow", "mstyle", "merror", "mpadded", "mphantom",
	"mfrac", "msqrt", "mroot", "msub", "msup", "msubsup", "munder", "mover", "munderover",
	"mmultiscripts", "mprescripts", "none", "mtable", "mtr", "mtd", "menclose"}

// mathValue matches the values of the MathML attributes kept: keywords,
// booleans, numbers and lengths ("thin", "true", "2", "0.167em", "-50%").
var mathValue = regexp.MustCompile(`^[a-zA-Z0-9 .%+-]{0,40}$`)

// mathAttrs are the MathML attributes kept, each on the elements whose
// layout it sets (MathML Core's) and with the values it may have: never a
// link (MathML 3's href) or a style. (dir, allowed on every element, is
// listed for MathAttr.)
var mathAttrs = []struct {
	names, on []string
	value     *regexp.Regexp
}{
	{[]string{"display"}, []string{"math"}, regexp.MustCompile(`^(block|inline)$`)},
	{[]string{"mathvariant", "displaystyle", "scriptlevel", "dir"}, mathElements, mathValue},
	{[]string{"form", "fence", "separator", "stretchy", "symmetric", "largeop", "movablelimits",
		"lspace", "rspace", "minsize", "maxsize"}, []string{"mo"}, mathValue},
	{[]string{"accent", "accentunder"}, []string{"mover", "munder", "munderover"}, mathValue},
	{[]string{"linethickness"}, []string{"mfrac"}, mathValue},
	{[]string{"width", "height", "depth", "lspace", "voffset"}, []string{"mspace", "mpadded"}, mathValue},
	{[]string{"columnspan", "rowspan"}, []string{"mtd"}, mathValue},
	{[]string{"notation"}, []string{"menclose"}, mathValue},
}

// MathAttr reports whether name is one of the MathML attributes the policy
// keeps (on some element; sanitizing checks the element and the value):
// extraction keeps these, and only these, on MathML elements.
func MathAttr(name string) bool {
	for _, a := range mathAttrs {
		if slices.Contains(a.names, name) {
			return true
		}
	}
	return false
}

// allowMathML adds MathML to p: mathElements with mathAttrs.
func allowMathML(p *bluemonday.Policy) {
	p.AllowElements(mathElements...)
	// (bluemonday keeps only the HTML elements it knows as plain without
	// attributes: a bare <mn> would otherwise lose its tag.)
	p.AllowNoAttrs().OnElements(mathElements...)
	p.SkipElementsContent("annotation", "annotation-xml")
	for _, a := range mathAttrs {
		p.AllowAttrs(a.names...).Matching(a.value).OnElements(a.on...)
	}
}

// srcsetPattern matches a srcset whose every candidate URL is http(s) or
// data:image/, each with at most one descriptor ("2x", "300w"). As the
// HTML standard parses srcset, a URL runs to whitespace and a trailing
// comma ends the candidate; a URL here never ends with a comma, so a
// second URL cannot pass for the first one's descriptor.
var srcsetPattern = regexp.MustCompile(`^\s*` + srcsetCandidate + `(?:\s*,\s*` + srcsetCandidate + `)*\s*,?\s*$`)

const srcsetCandidate = `(?i:https?://|data:image/)[^\s]*[^\s,](?:\s+[0-9.]+[wxWX])?`

// HTML renders node's children (the article container's content) as
// sanitized HTML.
//
// The article is rendered into blocks that never move (chunks) and
// bluemonday reads it from there and writes into a buffer sized for its
// output, so a long article is not copied again and again as buffers
// grow: the result is the one Policy.String gives on the rendered
// article, with a fraction of the allocations. A very long article is
// sanitized in parts, one per processor (see parallel.go).
func (p *Policy) HTML(node *html.Node) string {
	if parts := split(node, parallelism(), parallelMinNodes); parts != nil {
		s, ok := p.parallelHTML(parts)
		if !ok {
			return ""
		}
		return strings.TrimSpace(s)
	}
	return p.wholeHTML(node)
}

// wholeHTML is HTML in one piece.
func (p *Policy) wholeHTML(node *html.Node) string {
	var in chunks
	for c := node.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&in, c); err != nil {
			return ""
		}
	}
	if in.Len() == 0 {
		return ""
	}
	var out strings.Builder
	growFor(&out, in.Len())
	if !p.sanitizeChunks(&in, &out) {
		return "" // as bluemonday's Sanitize: an unreadable fragment gives nothing
	}
	return strings.TrimSpace(out.String())
}

// outputSlack: the sanitized article is about as long as the rendered
// one, a little longer for the rel and target attributes added to links
// (on the Zyte pages 4 % longer overall); one part in outputSlack more
// covers nearly every article without a second allocation.
const outputSlack = 8

// growFor makes room in out for the sanitized form of n rendered bytes.
func growFor(out *strings.Builder, n int) {
	out.Grow(n + n/outputSlack)
}

// String sanitizes an HTML fragment.
func (p *Policy) String(s string) string {
	return strings.TrimSpace(p.p.Sanitize(s))
}
