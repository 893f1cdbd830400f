package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Each heuristic below is a small predicate with the reason for it; where
// it comes from Readability.js or trafilatura, the original selector or
// regexp is quoted.

// isBlock reports whether elements with tag a break the inline flow, so
// that text inside them belongs to them rather than to the enclosing
// block (HTML's flow content that is not phrasing content).
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body, atom.Center,
		atom.Dd, atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Dt,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup,
		atom.Hr, atom.Html, atom.Li, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P,
		atom.Pre, atom.Section, atom.Summary, atom.Table, atom.Tbody, atom.Td, atom.Tfoot,
		atom.Th, atom.Thead, atom.Tr, atom.Ul, atom.Caption, atom.Noscript:
		return true
	}
	return false
}

// isTextContainer reports the tags whose text Readability's
// _cleanConditionally counts as "textish" (textishTags = SPAN, LI, TD and
// DIV_TO_P_ELEMS = BLOCKQUOTE, DL, DIV, IMG, OL, P, PRE, TABLE, UL): a
// block whose text sits in none of them is chrome, not prose.
func isTextContainer(a atom.Atom) bool {
	switch a {
	case atom.Span, atom.Li, atom.Td, atom.Blockquote, atom.Dl, atom.Div, atom.Img,
		atom.Ol, atom.P, atom.Pre, atom.Table, atom.Ul:
		return true
	}
	return false
}

// isHeading reports h1–h6.
func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// dropAlways reports elements that never belong to an article and are
// removed with their subtrees before anything else:
//   - code and resources (script, style, template, link, meta), which
//     carry no visible text;
//   - embedded documents and plug-ins (iframe, object, embed, applet) and
//     drawings (svg, canvas), which the sanitizer forbids anyway (MathML
//     stays: formulas are part of the text; not a formula's annotations,
//     its TeX or MathML source, which a browser does not show);
//   - form controls (input, button, select, textarea, option), which are
//     interface, not prose (Readability.js prepArticle:
//     _clean(articleContent, "input"|"textarea"|"select"|"button"));
//   - hidden elements (isHidden) and hover cards (isPopup).
//
// at are n's attributes and sig the patterns of its class and id.
func dropAlways(n *html.Node, at *elemAttrs, sig sigBits) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Template, atom.Link, atom.Meta, atom.Head, atom.Title,
		atom.Iframe, atom.Object, atom.Embed, atom.Applet, atom.Svg, atom.Canvas,
		atom.Input, atom.Button, atom.Select, atom.Textarea, atom.Option, atom.Datalist,
		atom.Dialog:
		return true
	}
	if n.Namespace == "svg" {
		return true // drawings; MathML (namespace "math") is text and stays
	}
	if n.Namespace == "math" && (n.DataAtom == atom.Annotation || n.DataAtom == atom.AnnotationXml) {
		return true // a formula's source (TeX, content MathML), never shown
	}
	return isHidden(at, sig) || isPopup(at, sig)
}

// isPopup reports tooltips, popovers and hover cards (role="tooltip", or
// a class or id naming one): content shown only on hover, often a
// person's card with links to other stories inside an article sentence.
func isPopup(at *elemAttrs, sig sigBits) bool {
	return sig&sigPopup != 0 || at.role == "tooltip"
}

// isHidden reports an element the reader would not see (Readability.js
// _isProbablyVisible: style display:none, the hidden attribute,
// aria-hidden="true" except on "fallback-image" wrappers; trafilatura
// adds visibility:hidden and hiding classes, see hasHidingClass, tested
// only when the class patterns hint at one).
func isHidden(at *elemAttrs, sig sigBits) bool {
	return at.hidden ||
		at.ariaHidden && !strings.Contains(at.class, "fallback-image") ||
		at.style != "" && styleHides(at.style) ||
		sig&sigHideHint != 0 && hasHidingClass(at.class)
}

// styleHides reports an inline style with display:none or
// visibility:hidden, allowing spaces and any letter case.
func styleHides(style string) bool {
	return styleHas(style, "display", "none") || styleHas(style, "visibility", "hidden")
}

// styleHas reports whether style sets property to value.
func styleHas(style, property, value string) bool {
	s := lowerASCII(style)
	for {
		i := strings.Index(s, property)
		if i < 0 {
			return false
		}
		rest := strings.TrimLeft(s[i+len(property):], " \t\n")
		if strings.HasPrefix(rest, ":") {
			rest = strings.TrimLeft(rest[1:], " \t\n")
			if strings.HasPrefix(rest, value) {
				return true
			}
		}
		s = s[i+len(property):]
	}
}

// hidingClasses are class names that hide an element by convention:
// Bootstrap 3 "hidden", "hide" and "invisible"; screen-reader-only text
// (Bootstrap "sr-only" and "visually-hidden", WordPress
// "screen-reader-text"), which reads out interface labels such as "Share
// on Facebook". Exact tokens only: "hidden-xs" hides on small screens and
// shows elsewhere.
var hidingClasses = map[string]bool{
	"hidden": true, "hide": true, "invisible": true, "is-hidden": true, "u-hidden": true,
	"sr-only": true, "visually-hidden": true, "visuallyhidden": true, "screen-reader-text": true,
	"screenreader-only": true,
}

// hasHidingClass reports whether a class attribute has one of hidingClasses.
func hasHidingClass(class string) bool {
	for len(class) > 0 {
		i := strings.IndexAny(class, " \t\n")
		tok := class
		if i >= 0 {
			tok, class = class[:i], class[i+1:]
		} else {
			class = ""
		}
		if tok != "" && hidingClasses[lowerASCII(tok)] {
			return true
		}
	}
	return false
}

// isUnlikelyRole reports ARIA roles of interface, not content
// (Readability.js UNLIKELY_ROLES: menu, menubar, complementary,
// navigation, alert, alertdialog, dialog).
func isUnlikelyRole(role string) bool {
	switch role {
	case "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog":
		return true
	}
	return false
}

// isUnlikely is Readability.js's unlikely-candidate test, applied in the
// first extraction pass: class or id matching REGEXPS.unlikelyCandidates
// and not REGEXPS.okMaybeItsACandidate, outside tables and code, not
// <body> or <a>; or an interface role; or a <nav> or <aside> element
// (page navigation and complementary content by definition).
func isUnlikely(n *html.Node, role string, sig sigBits, inherited elemFlags) bool {
	switch n.DataAtom {
	case atom.Body, atom.A:
		return false
	case atom.Nav, atom.Aside:
		return true
	}
	if isUnlikelyRole(role) {
		return true
	}
	return sig&sigUnlikely != 0 && sig&sigMaybe == 0 && inherited&(flagInTable|flagInCode) == 0
}
