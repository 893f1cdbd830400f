package document

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// OnlyTime reports a <time> element, or an element whose text is all
// inside <time> elements (at least one): a date line, which a class or an
// itemprop may name "byline", is not an author. Metadata and extraction
// both refuse such a byline.
func OnlyTime(n *html.Node) bool {
	if isTime(n) {
		return true
	}
	hasTime := false
	for c := n.FirstChild; c != nil; {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) != "":
			return false
		case isTime(c):
			hasTime = true
		case c.Type == html.ElementNode && c.FirstChild != nil:
			c = c.FirstChild
			continue
		}
		c = SkipSubtree(c, n)
	}
	return hasTime
}

func isTime(n *html.Node) bool {
	return n.Type == html.ElementNode && n.DataAtom == atom.Time && n.Namespace == ""
}
