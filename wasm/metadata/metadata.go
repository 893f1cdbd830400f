// Package metadata reads what a page says about its article: title,
// byline, publication time, site name, language and direction, excerpt,
// lead image and canonical URL, from JSON-LD, OpenGraph, Twitter and other
// meta tags, and the document itself. It also judges whether a page is an
// article at all (Readerable).
//
// The rules follow Mozilla Readability (Readability.js _getJSONLD,
// _getArticleMetadata, _getArticleTitle, _checkByline and
// Readability-readerable.js), whose output is the reference the package is
// measured against, and add fallbacks for what Readability leaves empty.
package metadata

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Metadata is what the page says about its article.
type Metadata struct {
	// Title is the article's title: chosen as Readability does (JSON-LD or
	// meta tags as written, else the <title> with its site part cut), then
	// without a trailing " | Site" naming the page's site, which meta
	// titles often carry. Readability keeps that suffix; Tidings does
	// not, because a reader view headline should not end in the site name.
	Title         string
	Byline        string
	SiteName      string
	PublishedTime string
	Lang          string
	Dir           string
	Excerpt       string
	Image         string
	CanonicalURL  string
	// Readerable is Readerable(doc), computed in the same pass.
	Readerable bool
}

// page is what one walk over the document collects.
type page struct {
	doc        *html.Node
	htmlEl     *html.Node
	body       *html.Node
	meta       *metaTags
	ldScripts  []string
	canonical  string // first <link rel=canonical href>
	imageSrc   string // first <link rel=image_src href>
	times      []*html.Node
	paragraphs []*html.Node
}

// maxTimes bounds the <time> elements remembered for the date fallback.
const maxTimes = 16

// scan walks the document once, collecting the elements the rules read.
func scan(doc *html.Node) *page {
	p := &page{doc: doc, meta: newMetaTags()}
	var divs []*html.Node
	seenDivs := map[*html.Node]bool{}
	walkElements(doc, func(n *html.Node) bool {
		if n.Namespace != "" {
			return true
		}
		switch n.DataAtom {
		case atom.Html:
			if p.htmlEl == nil {
				p.htmlEl = n
			}
		case atom.Body:
			if p.body == nil {
				p.body = n
			}
		case atom.Meta:
			p.meta.add(n)
		case atom.Link:
			p.addLink(n)
		case atom.Script:
			if isJSONLDScript(n) && n.FirstChild != nil {
				p.ldScripts = append(p.ldScripts, textContent(n))
			}
			return false
		case atom.Time:
			if len(p.times) < maxTimes && attr(n, "datetime") != "" {
				p.times = append(p.times, n)
			}
		default:
			collectParagraph(n, &p.paragraphs, &divs, seenDivs)
		}
		return true
	})
	p.paragraphs = append(p.paragraphs, divs...)
	return p
}

// isJSONLDScript: <script type="application/ld+json">.
func isJSONLDScript(n *html.Node) bool {
	t := strings.TrimSpace(attr(n, "type"))
	return equalFoldASCII(t, "application/ld+json")
}

// addLink records the canonical and image_src links.
func (p *page) addLink(n *html.Node) {
	href := strings.TrimSpace(attr(n, "href"))
	if href == "" {
		return
	}
	for rel := range strings.FieldsSeq(asciiLower(attr(n, "rel"))) {
		switch rel {
		case "canonical":
			if p.canonical == "" {
				p.canonical = href
			}
		case "image_src":
			if p.imageSrc == "" {
				p.imageSrc = href
			}
		}
	}
}

// Extract reads the metadata of doc, which must not have been modified by
// extraction yet. base resolves relative URLs (may be nil).
func Extract(doc *html.Node, base *url.URL) Metadata {
	if doc == nil {
		return Metadata{}
	}
	p := scan(doc)
	graph := parseJSONLD(p.ldScripts)
	ld := graph.extract()
	var m Metadata

	title := p.title(ld)
	m.Byline = p.byline(ld, title)
	m.Excerpt = p.excerpt(ld)
	m.SiteName = p.siteName(ld)
	m.Title = stripSiteSuffix(title, m.SiteName)
	m.PublishedTime = p.publishedTime(ld)
	m.Lang = p.lang()
	m.Dir = p.dir(m.Lang)
	m.Image = absolute(base, p.image(ld))
	m.CanonicalURL = absolute(base, p.canonicalURL(ld))
	m.Readerable = p.readerable(graph.article() != nil)
	return m
}

// title follows Readability's order: JSON-LD, then Dublin Core, OpenGraph,
// Weibo, meta title, Twitter and Parse.ly titles, and only then the
// <title> element, trimmed of its site name by articleTitle.
func (p *page) title(ld ldArticle) string {
	if t := p.ldTitle(ld); t != "" {
		return clean(t)
	}
	if t := p.meta.value("dc:title", "dcterm:title", "og:title", "weibo:article:title",
		"weibo:webpage:title", "title", "twitter:title", "parsely-title"); t != "" {
		return clean(t)
	}
	return clean(articleTitle(p.doc))
}

// ldTitle picks between JSON-LD "name" and "headline". They should agree,
// but some sites put their own name in "name"; when they differ, the one
// close to the <title>-derived title wins, "name" by default
// (Readability's rule).
func (p *page) ldTitle(ld ldArticle) string {
	name, headline := strings.TrimSpace(ld.Name), strings.TrimSpace(ld.Headline)
	if name != "" && headline != "" && name != headline {
		t := articleTitle(p.doc)
		if textSimilarity(headline, t) > titleSimilarity && textSimilarity(name, t) <= titleSimilarity {
			return headline
		}
		return name
	}
	if name != "" {
		return name
	}
	return headline
}

// byline: JSON-LD authors, Dublin Core creator, meta author, Parse.ly
// author, article:author unless it is a profile URL, then an author element
// in the page.
func (p *page) byline(ld ldArticle, title string) string {
	if ld.Byline != "" {
		return clean(ld.Byline)
	}
	if b := p.meta.value("dc:creator", "dcterm:creator", "author", "parsely-author"); b != "" {
		return clean(b)
	}
	if b := p.meta.value("article:author"); b != "" && !hasURLScheme(b) {
		return clean(b)
	}
	return clean(domByline(p.doc, title))
}

// excerpt: the article's description from JSON-LD or meta tags.
func (p *page) excerpt(ld ldArticle) string {
	if ld.Excerpt != "" {
		return clean(ld.Excerpt)
	}
	return clean(p.meta.value("dc:description", "dcterm:description", "og:description",
		"weibo:article:description", "weibo:webpage:description", "description", "twitter:description"))
}

// siteName: the JSON-LD publisher (or WebSite), og:site_name, then the
// web-app name a page declares for itself.
func (p *page) siteName(ld ldArticle) string {
	if ld.SiteName != "" {
		return clean(ld.SiteName)
	}
	if s := p.meta.value("og:site_name"); s != "" {
		return clean(s)
	}
	return clean(p.meta.first("application-name"))
}

// hasURLScheme reports whether s starts with a URL scheme ("https:"),
// as an absolute URL does: Readability's _isUrl test for article:author.
func hasURLScheme(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || scheme == "" {
		return false
	}
	for i := 0; i < len(scheme); i++ {
		c := scheme[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// absolute resolves ref against base; a reference that does not parse is
// dropped, and without a base it is returned as is.
func absolute(base *url.URL, ref string) string {
	ref = strings.TrimSpace(unescapeEntities(ref))
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.IsAbs() && u.Scheme != "http" && u.Scheme != "https" {
		return "" // javascript:, data: and the like are not page addresses
	}
	return u.String()
}

// image: og:image, twitter:image, the JSON-LD image, link rel=image_src,
// an itemprop image.
func (p *page) image(ld ldArticle) string {
	if s := p.meta.first("og:image", "og:image:url", "og:image:secure_url"); s != "" {
		return s
	}
	if s := p.meta.first("twitter:image", "twitter:image:src"); s != "" {
		return s
	}
	if ld.Image != "" {
		return ld.Image
	}
	if p.imageSrc != "" {
		return p.imageSrc
	}
	return p.meta.first("image", "thumbnailurl")
}

// canonicalURL: link rel=canonical, og:url, the JSON-LD url.
func (p *page) canonicalURL(ld ldArticle) string {
	if p.canonical != "" {
		return p.canonical
	}
	if s := p.meta.first("og:url"); s != "" {
		return s
	}
	return ld.URL
}

// BaseURL returns the URL that relative links in doc resolve against: the
// page's <base href> resolved against pageURL, or pageURL itself.
func BaseURL(doc *html.Node, pageURL *url.URL) *url.URL {
	b := findElement(doc, func(n *html.Node) bool {
		return n.DataAtom == atom.Base && n.Namespace == "" && hasAttr(n, "href")
	})
	if b == nil {
		return pageURL
	}
	href := strings.TrimSpace(attr(b, "href"))
	if href == "" {
		return pageURL
	}
	u, err := url.Parse(href)
	if err != nil {
		return pageURL
	}
	if pageURL != nil {
		u = pageURL.ResolveReference(u)
	}
	if !u.IsAbs() {
		return pageURL
	}
	return u
}
