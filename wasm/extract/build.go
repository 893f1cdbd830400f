package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/sanitize"
)

// Building the article: move the chosen elements out of the page into a
// detached container, unlink what the cleaner removed, then finish every
// element in one walk: noscript image fallbacks and lazy images resolved,
// URLs made absolute, javascript: links unwrapped, attributes reduced to
// those a reader needs (which also keeps the sanitizer's work small).

// build returns the detached article container for the top-level elements.
func (ix *index) build(tops []int) *html.Node {
	for _, t := range tops {
		end := int(ix.el[t].end)
		for i := t + 1; i < end; {
			e := &ix.el[i]
			if e.flags&flagRemoved != 0 {
				if e.n.Parent != nil {
					e.n.Parent.RemoveChild(e.n)
				}
				i = int(e.end)
				continue
			}
			i++
		}
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, t := range tops {
		if ix.el[t].flags&flagRemoved != 0 {
			continue
		}
		n := ix.el[t].n
		if t == 0 || n.Parent == nil {
			for c := n.FirstChild; c != nil; {
				next := c.NextSibling
				n.RemoveChild(c)
				root.AppendChild(c)
				c = next
			}
			continue
		}
		n.Parent.RemoveChild(n)
		root.AppendChild(n)
	}
	return root
}

// finisher holds what finishing needs.
type finisher struct {
	base *url.URL
	// origin is the base's scheme and host ("https://news.example"),
	// which a plain root-relative path resolves after (isPlainRootPath);
	// "" when the base has none, or has user information, which
	// resolving would keep.
	origin string
}

func newFinisher(base *url.URL) finisher {
	f := finisher{base: base}
	if base != nil && base.Scheme != "" && base.Host != "" && base.User == nil && base.Opaque == "" {
		f.origin = strings.TrimSuffix(base.ResolveReference(&url.URL{Path: "/"}).String(), "/")
	}
	return f
}

// finish prepares every element under root.
func (f *finisher) finish(root *html.Node) {
	n := root.FirstChild
	for n != nil {
		if n.Type != html.ElementNode {
			n = document.SkipSubtree(n, root)
			continue
		}
		switch n.DataAtom {
		case atom.Noscript:
			after := document.SkipSubtree(n, root)
			f.unwrapNoscript(n)
			n = after
			continue
		case atom.A:
			if href := strings.TrimSpace(attr(n, "href")); hasScheme(href, "javascript:") {
				// A script link leads nowhere in the reader: keep its text.
				first, after := n.FirstChild, document.SkipSubtree(n, root)
				unwrap(n)
				if first != nil {
					n = first
				} else {
					n = after
				}
				continue
			}
		case atom.Img:
			fixLazyImage(n)
		case atom.Source:
			fixLazySource(n)
		case atom.H1:
			// The reader shows the title as its only <h1> (Readability.js
			// _prepArticle: h1 → h2).
			n.Data, n.DataAtom = "h2", atom.H2
		}
		f.keepAttrs(n)
		if n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		n = document.SkipSubtree(n, root)
	}
}

// keptAttrs are the attributes a reader needs; the rest (class, id,
// style, data-*, event handlers) go.
var keptAttrs = map[string]bool{
	"href": true, "src": true, "srcset": true, "sizes": true, "alt": true, "title": true,
	"width": true, "height": true, "colspan": true, "rowspan": true, "headers": true,
	"scope": true, "datetime": true, "cite": true, "poster": true, "lang": true, "dir": true,
	"start": true, "reversed": true, "type": true, "media": true, "open": true, "span": true,
	"abbr": true,
}

// keptHTMLAttr reports whether keepAttrs keeps an HTML attribute (keptAttrs).
func keptHTMLAttr(key string) bool { return keptAttrs[key] }

// urlAttrs hold one URL; srcset holds a list of candidates.
var urlAttrs = map[string]bool{"href": true, "src": true, "poster": true, "cite": true}

// keepAttrs drops unneeded attributes and resolves URLs.
func (f *finisher) keepAttrs(n *html.Node) {
	kept := keptHTMLAttr
	if n.Namespace == "math" {
		kept = sanitize.MathAttr // a formula's layout, as the sanitizer keeps it
	}
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Namespace != "" || !kept(a.Key) {
			continue
		}
		switch {
		case urlAttrs[a.Key]:
			a.Val = f.resolve(a.Val)
		case a.Key == "srcset":
			a.Val = f.resolveSrcset(a.Val)
		}
		out = append(out, a)
	}
	n.Attr = out
}

// resolve makes a URL absolute against the base; unparseable URLs are
// left as they are (the sanitizer drops them).
func (f *finisher) resolve(raw string) string {
	s := strings.TrimSpace(raw)
	if f.base == nil || s == "" || hasScheme(s, "data:") || hasScheme(s, "mailto:") || isWebURL(s) {
		return s
	}
	if f.origin != "" && isPlainRootPath(s) {
		return f.origin + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	if u.IsAbs() && u.Host != "" {
		return s
	}
	return f.base.ResolveReference(u).String()
}

// isPlainRootPath reports a root-relative path ("/world/story-1.html")
// made of characters URLs carry unescaped, with no "." or ".." segment:
// resolving it against a base gives the base's origin followed by the
// path as it is, without parsing it (links of saved pages are often such
// paths).
func isPlainRootPath(s string) bool {
	if s == "" || s[0] != '/' || strings.HasPrefix(s, "//") {
		return false
	}
	seg := 0 // index of the slash that starts the current segment
	for i := 1; i <= len(s); i++ {
		if i == len(s) || s[i] == '/' {
			if d := s[seg+1 : i]; d == "." || d == ".." {
				return false
			}
			seg = i
			continue
		}
		if !isUnreservedByte(s[i]) {
			return false
		}
	}
	return true
}

// isUnreservedByte: RFC 3986 unreserved characters, which no URL escapes.
func isUnreservedByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// isWebURL reports an absolute http(s) URL whose host is a plain name
// (letters, digits, dots and hyphens): url.Parse gives it a host, so
// resolve would return it unchanged, and most links of saved pages are
// such URLs; this test spares them the parse.
func isWebURL(s string) bool {
	var rest string
	switch {
	case hasScheme(s, "https://"):
		rest = s[len("https://"):]
	case hasScheme(s, "http://"):
		rest = s[len("http://"):]
	default:
		return false
	}
	n := 0
	for n < len(rest) && isHostByte(rest[n]) {
		n++
	}
	// The host must end the URL or be followed by what url.Parse splits
	// off after it (path, query or fragment), not by a port, user
	// information or an escape.
	return n > 0 && (n == len(rest) || rest[n] == '/' || rest[n] == '?' || rest[n] == '#')
}

func isHostByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-'
}

// resolveSrcset resolves each candidate URL of a srcset, keeping its
// descriptors, and drops candidates that are not web (http, https) or
// inline image (data:image/) URLs: the sanitizer checks src and href but
// not srcset, and a lazy data-srcset copied here could hold anything.
// URLs may contain commas (image CDNs write "w_300,h_200"), so a
// candidate's URL runs to whitespace, as the HTML standard parses srcset.
func (f *finisher) resolveSrcset(srcset string) string {
	var b strings.Builder
	s := srcset
	for {
		s = strings.TrimLeft(s, " \t\n\r\f,")
		if s == "" {
			break
		}
		i := strings.IndexAny(s, " \t\n\r\f")
		if i < 0 {
			i = len(s)
		}
		u, desc := s[:i], ""
		s = s[i:]
		if trimmed := strings.TrimRight(u, ","); trimmed != u {
			u = trimmed
		} else if j := strings.IndexByte(s, ','); j >= 0 {
			desc, s = strings.TrimSpace(s[:j]), s[j+1:]
		} else {
			desc, s = strings.TrimSpace(s), ""
		}
		u = f.resolve(u)
		if !isImageURL(u) {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(u)
		if desc != "" {
			b.WriteByte(' ')
			b.WriteString(desc)
		}
	}
	return b.String()
}

// isImageURL reports a URL an image may load: http(s), or an inline
// data:image/ one.
func isImageURL(u string) bool {
	return hasScheme(u, "http://") || hasScheme(u, "https://") || hasScheme(u, "data:image/")
}

// hasScheme reports whether s starts with scheme, ignoring case.
func hasScheme(s, scheme string) bool {
	return len(s) >= len(scheme) && strings.EqualFold(s[:len(scheme)], scheme)
}

// unwrap replaces n by its children.
func unwrap(n *html.Node) {
	parent := n.Parent
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		parent.InsertBefore(c, n)
		c = next
	}
	parent.RemoveChild(n)
}

// lazySrcAttrs are the attributes lazy-loading scripts read the real
// image from, most specific first.
var lazySrcAttrs = []string{
	"data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src",
	"data-full-src", "data-orig-src", "data-actualsrc", "data-img-src", "data-echo",
	"data-original-src", "data-image", "data-srcs",
}

// lazySrcsetAttrs hold a lazily loaded srcset.
var lazySrcsetAttrs = []string{"data-srcset", "data-lazy-srcset", "data-original-srcset"}

// fixLazyImage moves a lazily loaded image's real source into src and
// srcset (Readability.js _fixLazyImages): a data-* source wins over a
// placeholder src; with no known attribute, any attribute whose value
// looks like an image URL is used.
func fixLazyImage(n *html.Node) {
	src := strings.TrimSpace(attr(n, "src"))
	real := ""
	for _, k := range lazySrcAttrs {
		if v := strings.TrimSpace(attr(n, k)); v != "" && !isPlaceholderSrc(v) && !strings.HasPrefix(v, "{") {
			real = v
			break
		}
	}
	if real == "" && (src == "" || isPlaceholderSrc(src)) {
		for _, a := range n.Attr {
			if a.Key != "src" && a.Key != "srcset" && a.Key != "alt" && looksLikeImageURL(a.Val) {
				real = strings.TrimSpace(a.Val)
				break
			}
		}
	}
	if real != "" {
		setAttr(n, "src", real)
	}
	for _, k := range lazySrcsetAttrs {
		if v := strings.TrimSpace(attr(n, k)); v != "" {
			setAttr(n, "srcset", v)
			break
		}
	}
	if src := attr(n, "srcset"); src != "" && isPlaceholderSrc(src) {
		removeAttr(n, "srcset")
	}
}

// fixLazySource moves a <source>'s lazily loaded srcset into srcset.
func fixLazySource(n *html.Node) {
	for _, k := range lazySrcsetAttrs {
		if v := strings.TrimSpace(attr(n, k)); v != "" {
			setAttr(n, "srcset", v)
			return
		}
	}
}

// placeholderDataURIMax: a data: URI shorter than this is a placeholder
// pixel, not a picture (Readability.js treats base64 images under 133
// bytes so).
const placeholderDataURIMax = 200

// isPlaceholderSrc reports a src that lazy-loading scripts put in place
// of the real image: a tiny data: URI or a blank/spacer/placeholder file.
func isPlaceholderSrc(s string) bool {
	if hasScheme(s, "data:") {
		return len(s) < placeholderDataURIMax
	}
	l := lowerASCII(s)
	return strings.Contains(l, "placeholder") || strings.Contains(l, "blank.gif") ||
		strings.Contains(l, "spacer.gif") || strings.Contains(l, "pixel.gif") || strings.Contains(l, "lazy-load") ||
		strings.Contains(l, "lazyload")
}

// looksLikeImageURL: one URL token ending in an image extension
// (Readability.js: /^\s*\S+\.(jpg|jpeg|png|webp)\S*\s*$/i).
func looksLikeImageURL(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || strings.ContainsAny(v, " \t\n") {
		return false
	}
	l := lowerASCII(v)
	for _, ext := range []string{".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"} {
		if i := strings.Index(l, ext); i > 0 {
			rest := l[i+len(ext):]
			if rest == "" || rest[0] == '?' || rest[0] == '#' || rest[0] == '/' {
				return true
			}
		}
	}
	return false
}

// unwrapNoscript replaces a <noscript> holding an image fallback with the
// image, also replacing a placeholder <img> just before it (Readability.js
// _unwrapNoscriptImages). Other noscript content is dropped.
func (f *finisher) unwrapNoscript(n *html.Node) {
	var img *html.Node
	raw := nodeRaw(n)
	if strings.Contains(lowerASCII(raw), "<img") {
		ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
		if nodes, err := html.ParseFragment(strings.NewReader(raw), ctx); err == nil {
			for _, c := range nodes {
				if img = findTag(c, atom.Img); img != nil {
					break
				}
			}
		}
	}
	parent := n.Parent
	if img != nil && attr(img, "src") != "" {
		if img.Parent != nil {
			img.Parent.RemoveChild(img)
		}
		prev := n.PrevSibling
		for prev != nil && prev.Type == html.TextNode && strings.TrimSpace(prev.Data) == "" {
			prev = prev.PrevSibling
		}
		switch {
		case prev != nil && prev.DataAtom == atom.Img:
			fixLazyImage(prev)
			if s := attr(prev, "src"); s == "" || isPlaceholderSrc(s) {
				parent.InsertBefore(img, prev)
				parent.RemoveChild(prev)
			} else {
				img = nil
			}
		case prev != nil && prev.DataAtom == atom.Picture:
			img = nil
		default:
			parent.InsertBefore(img, n)
		}
		if img != nil {
			f.keepAttrs(img)
		}
	}
	parent.RemoveChild(n)
}

// nodeRaw is the text inside n (the parser keeps <noscript> content as
// raw text when scripting is on).
func nodeRaw(n *html.Node) string {
	if n.FirstChild != nil && n.FirstChild == n.LastChild && n.FirstChild.Type == html.TextNode {
		return n.FirstChild.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&b, c); err != nil {
			return ""
		}
	}
	return b.String()
}

// findTag returns the first element with tag a in n's subtree.
func findTag(n *html.Node, a atom.Atom) *html.Node {
	for c := n; c != nil; {
		if c.Type == html.ElementNode && c.DataAtom == a {
			return c
		}
		if c.FirstChild != nil {
			c = c.FirstChild
			continue
		}
		c = document.SkipSubtree(c, n)
	}
	return nil
}

func setAttr(n *html.Node, key, val string) {
	for i := range n.Attr {
		if n.Attr[i].Key == key && n.Attr[i].Namespace == "" {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func removeAttr(n *html.Node, key string) {
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Key != key || a.Namespace != "" {
			out = append(out, a)
		}
	}
	n.Attr = out
}
