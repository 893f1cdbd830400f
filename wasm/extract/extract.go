// Package extract finds the article in a page's node tree and prepares it
// for reading: the main content container, cleaned of what is not the
// article, with lazy images resolved and every URL made absolute, and its
// plain text with paragraph breaks.
package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
)

// Options controls Content.
type Options struct {
	// BaseURL resolves relative URLs; nil leaves them as they are.
	BaseURL *url.URL
	// Title is the article's title from metadata, used to drop a heading
	// that repeats it.
	Title string
	// Skip holds nodes found to be boilerplate by detection: they and
	// their subtrees never reach the article.
	Skip map[*html.Node]bool
}

// Article is the extracted content.
type Article struct {
	// Root is the article's content as a detached element (a <div>), or
	// nil when no content was found.
	Root *html.Node
	// Text is the plain text, paragraphs separated by a blank line.
	Text string
	// Byline is an author line found in the content, if any.
	Byline string
	// Excerpt is the first paragraph's text, for pages that declare no
	// description.
	Excerpt string
}

// Content extracts the article from doc. It may rewrite doc.
// PLACEHOLDER: takes the whole body; the scoring extractor replaces it.
func Content(doc *html.Node, opts Options) Article {
	body := document.Find(doc, "body")
	if body == nil {
		return Article{}
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if opts.Skip[n] {
			return
		}
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(body)
	return Article{Root: body, Text: strings.Join(strings.Fields(b.String()), " ")}
}
