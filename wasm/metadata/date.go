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
	candidates := []string{ld.Published, p.meta.value("article:published_time"), p.meta.value("parsely-pub-date")}
	for _, k := range publishedDateKeys {
		candidates = append(candidates, p.meta.all[k]...)
	}
	candidates = append(candidates, p.timeElementDate())
	for _, c := range candidates {
		if c = clean(c); c != "" && plausibleDate(c) {
			return c
		}
	}
	return ""
}

// minPlausibleYear: a date before it is a placeholder, not a publication
// date; CMSs print the zero value of their date type ("0001-01-01").
const minPlausibleYear = 1900

// plausibleDate rejects dates that start with a year before 1900 and the
// Unix epoch, both zero values that some sites print for "no date".
// Dates in other formats are accepted as written.
func plausibleDate(s string) bool {
	if strings.HasPrefix(s, "1970-01-01T00:00:00") {
		return false
	}
	if len(s) < 4 {
		return true
	}
	year := 0
	for i := 0; i < 4; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return true
		}
		year = year*10 + int(c-'0')
	}
	return year >= minPlausibleYear
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
