package metadata

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// publishedDateKeys are meta names, properties and itemprops (lowercased)
// that carry the publication date on pages without JSON-LD or
// article:published_time, most specific first: schema.org microdata,
// OpenGraph variants, Dublin Core, common CMS and newsroom tags
// (Sailthru, Parse.ly, Highwire/Google Scholar citation tags).
var publishedDateKeys = []string{
	"datepublished",
	"article:published", "og:published_time", "og:article:published_time", "published_time",
	"dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date", "dcterms.date",
	"publishdate", "publish-date", "publish_date", "pubdate", "publication_date", "date_published",
	"sailthru.date", "parsely-pub-date", "citation_publication_date", "citation_date",
	"article.published", "date",
}

// publishedTime: JSON-LD datePublished, article:published_time and
// Parse.ly's pub-date (Readability's order), then other date metas, then a
// <time> marked as the publication date. The value is returned as the
// page writes it: normalizing it would lose the page's own precision.
func (p *page) publishedTime(ld ldArticle) string {
	if s := strings.TrimSpace(ld.Published); s != "" {
		return clean(s)
	}
	if s := p.meta.value("article:published_time", "parsely-pub-date"); s != "" {
		return clean(s)
	}
	if s := p.meta.first(publishedDateKeys...); s != "" {
		return clean(s)
	}
	return clean(p.timeElementDate())
}

// timeElementDate returns the datetime of the <time> that most likely
// dates the article: one marked itemprop=datePublished or pubdate, else
// the first inside an <article>. A bare <time> elsewhere is as likely a
// comment's or a teaser's date, so it is not used.
func (p *page) timeElementDate() string {
	for _, t := range p.times {
		if strings.EqualFold(attr(t, "itemprop"), "datePublished") || hasAttr(t, "pubdate") {
			return attr(t, "datetime")
		}
	}
	for _, t := range p.times {
		if inArticle(t) {
			return attr(t, "datetime")
		}
	}
	return ""
}

// inArticle reports whether n is inside an <article> element.
func inArticle(n *html.Node) bool {
	for a := n.Parent; a != nil; a = a.Parent {
		if a.DataAtom == atom.Article {
			return true
		}
	}
	return false
}
