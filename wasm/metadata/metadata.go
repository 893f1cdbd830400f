// Package metadata reads what a page says about its article: title,
// byline, publication time, site name, language and direction, excerpt,
// lead image and canonical URL, from JSON-LD, OpenGraph, Twitter and other
// meta tags, and the document itself. It also judges whether a page is an
// article at all (Readerable).
package metadata

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
)

// Metadata is what the page says about its article.
type Metadata struct {
	Title         string
	Byline        string
	SiteName      string
	PublishedTime string
	Lang          string
	Dir           string
	Excerpt       string
	Image         string
	CanonicalURL  string
}

// Extract reads the metadata of doc. base resolves relative URLs (may be nil).
// PLACEHOLDER: the <title> only; the full reader replaces it.
func Extract(doc *html.Node, base *url.URL) Metadata {
	var m Metadata
	if t := document.Find(doc, "title"); t != nil && t.FirstChild != nil {
		m.Title = strings.TrimSpace(t.FirstChild.Data)
	}
	if h := document.Find(doc, "html"); h != nil {
		m.Lang = document.Attr(h, "lang")
		m.Dir = document.Attr(h, "dir")
	}
	return m
}

// BaseURL returns the URL that relative links in doc resolve against: the
// page's <base href> resolved against pageURL, or pageURL itself.
func BaseURL(doc *html.Node, pageURL *url.URL) *url.URL {
	b := document.Find(doc, "base")
	if b == nil {
		return pageURL
	}
	href := strings.TrimSpace(document.Attr(b, "href"))
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

// Readerable reports whether doc looks like an article page.
// PLACEHOLDER: true when the body has any paragraph.
func Readerable(doc *html.Node) bool {
	return document.Find(doc, "p") != nil
}
