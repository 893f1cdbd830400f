package metadata

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// lang: the <html lang> (what Readability reports), then xml:lang, the
// Content-Language header a page repeats in a meta, a language meta, and
// the OpenGraph locale. Locales written with an underscore ("pt_BR") are
// turned into language tags ("pt-BR").
func (p *page) lang() string {
	return strings.ReplaceAll(p.declaredLang(), "_", "-")
}

func (p *page) declaredLang() string {
	if p.htmlEl != nil {
		if l := strings.TrimSpace(attr(p.htmlEl, "lang")); l != "" {
			return l
		}
		if l := strings.TrimSpace(attr(p.htmlEl, "xml:lang")); l != "" {
			return l
		}
	}
	if l := p.meta.first("content-language", "language", "dc.language", "dcterms.language"); l != "" {
		// The header may list several languages; the first is the main one.
		l, _, _ = strings.Cut(l, ",")
		return strings.TrimSpace(l)
	}
	if l := p.meta.first("og:locale"); l != "" {
		return strings.TrimSpace(l)
	}
	return ""
}

// rtlLanguages are the primary language subtags of languages written right
// to left (Arabic, Hebrew, Persian, Urdu, Pashto, Sindhi, Uyghur, Yiddish,
// Dhivehi, Sorani Kurdish, Syriac).
var rtlLanguages = map[string]bool{
	"ar": true, "he": true, "iw": true, "fa": true, "ur": true, "ps": true, "sd": true,
	"ug": true, "yi": true, "ji": true, "dv": true, "ckb": true, "syr": true,
}

// dir is the text direction: the dir attribute nearest above the page's
// main text (Readability reads it from the ancestors of the element it
// picks as the article), else "rtl" for a right-to-left language, since a
// reader view drops the page's CSS that would otherwise set it. Without
// either it is "" (the reader's default, left to right).
func (p *page) dir(lang string) string {
	for n := p.mainTextParent(); n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		if d := asciiLower(strings.TrimSpace(attr(n, "dir"))); d == "ltr" || d == "rtl" || d == "auto" {
			return d
		}
	}
	primary, _, _ := strings.Cut(asciiLower(lang), "-")
	if rtlLanguages[primary] {
		return "rtl"
	}
	return ""
}

// mainTextParent returns the element whose child paragraphs hold the most
// text: a cheap stand-in for the article container, used to find the
// direction that applies to the article. Without paragraphs it is the body.
func (p *page) mainTextParent() *html.Node {
	sizes := map[*html.Node]int{}
	var best *html.Node
	for _, n := range p.paragraphs {
		if n.DataAtom != atom.P && n.DataAtom != atom.Pre || n.Parent == nil {
			continue
		}
		sizes[n.Parent] += textLen(n)
		if best == nil || sizes[n.Parent] > sizes[best] {
			best = n.Parent
		}
	}
	if best == nil && p.body != nil {
		return p.body
	}
	if best == nil {
		return p.htmlEl
	}
	return best
}

// textLen is the byte length of n's text outside scripts, counted without
// building the string.
func textLen(n *html.Node) int {
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			total += len(strings.TrimSpace(c.Data))
		case c.Type == html.ElementNode && !isScriptLike(c):
			total += textLen(c)
		}
	}
	return total
}
