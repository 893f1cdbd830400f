// Package feed reads news feeds (RSS 2.0, RSS 1.0/RDF and Atom) for the
// extension's related coverage: each item's title, link, plain-text
// summary and publication time. It runs in the engine because the
// Chromium service worker that hosts it has no DOMParser, and because
// encoding/xml and golang.org/x/net/html (for the HTML inside summaries)
// are sturdier than a hand-written JavaScript parser.
//
// Parsing is forgiving, as feeds in the wild are sloppy: HTML entities and
// unclosed HTML tags inside elements are accepted, namespaces are matched
// by local name, an element nested where it is not expected is skipped,
// and a feed cut short keeps the items read so far. The input is text the
// caller has already decoded to UTF-8 (the XML declaration's encoding is
// ignored).
package feed

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
)

const (
	// MaxItems is the most items kept of one feed (feeds list their
	// newest first).
	MaxItems = 200
	// MaxTitleRunes and MaxSummaryRunes bound what is kept of an item:
	// the headline and the lead are what identify a story.
	MaxTitleRunes   = 300
	MaxSummaryRunes = 1200
	// maxDepth bounds element nesting: deeper elements are skipped.
	maxDepth = 64
	// MinTTL and MaxTTL bound the refresh interval a feed may ask for
	// (RSS <ttl>, minutes).
	MinTTL = 15
	MaxTTL = 24 * 60
)

// autoClose are the HTML void elements sloppy feeds leave unclosed in
// unescaped content: xml.HTMLAutoClose without "link", which RSS uses
// with a text content.
var autoClose = []string{"basefont", "br", "area", "img", "param", "hr", "input", "col", "frame", "isindex", "base", "meta"}

// ErrNotFeed is returned for XML (or anything else) that is not RSS or
// Atom.
var ErrNotFeed = errors.New("feed: not an RSS or Atom feed")

// Feed is what a feed says about itself and its items.
type Feed struct {
	Title string `json:"title"`
	// Link is the site's home page, when the feed gives one.
	Link string `json:"link"`
	// TTL is the refresh interval the feed asks for, in minutes (0: none),
	// within MinTTL..MaxTTL.
	TTL   int    `json:"ttl"`
	Items []Item `json:"items"`
}

// Item is one story of a feed.
type Item struct {
	// ID is the item's link, or its guid / Atom id when it has no link.
	ID    string `json:"id"`
	Link  string `json:"url"`
	Title string `json:"title"`
	// Summary is the description (or the start of the content) as plain
	// text.
	Summary string `json:"summary"`
	// Published is RFC 3339, or "" when the feed gives no readable date.
	Published string `json:"published"`
}

// element is one element being read: its local name and the text and
// children gathered so far (only what items and channels use).
type element struct {
	name  string
	attrs []xml.Attr
	text  strings.Builder
	kids  []*element
}

func (e *element) child(names ...string) *element {
	for _, n := range names {
		for _, k := range e.kids {
			if k.name == n {
				return k
			}
		}
	}
	return nil
}

func (e *element) childText(names ...string) string {
	if c := e.child(names...); c != nil {
		return strings.TrimSpace(c.text.String())
	}
	return ""
}

func (e *element) attr(name string) string {
	for _, a := range e.attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// isItem tells the elements that are one story each.
func isItem(name string) bool { return name == "item" || name == "entry" }

// Parse reads a feed. base resolves relative links (the feed's own URL);
// it may be "".
func Parse(src string, base string) (*Feed, error) {
	d := xml.NewDecoder(strings.NewReader(src))
	d.Strict = false
	d.AutoClose = autoClose
	d.Entity = xml.HTMLEntity
	// The caller decoded the bytes already: whatever the declaration says,
	// this is UTF-8.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	baseURL, _ := url.Parse(base)

	f := &Feed{Items: []Item{}}
	seen := map[string]bool{}
	var root string
	// stack holds the open elements below the root; <channel> is not
	// kept, so RSS items and header fields are top-level like Atom's.
	var stack []*element
	depth := 0
	for len(f.Items) < MaxItems {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) || root != "" {
				break // a feed cut short keeps what was read
			}
			return nil, fmt.Errorf("feed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			name := strings.ToLower(t.Name.Local)
			if root == "" {
				if name != "rss" && name != "feed" && name != "rdf" {
					return nil, ErrNotFeed
				}
				root = name
				continue
			}
			if depth > maxDepth || (name == "channel" && len(stack) == 0) {
				continue
			}
			el := &element{name: name, attrs: t.Attr}
			if len(stack) > 0 {
				stack[len(stack)-1].kids = append(stack[len(stack)-1].kids, el)
			}
			stack = append(stack, el)
		case xml.EndElement:
			depth--
			if len(stack) == 0 || depth+1 > maxDepth || !strings.EqualFold(t.Name.Local, stack[len(stack)-1].name) {
				continue
			}
			el := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				// A parent's text includes its children's (Atom's
				// type="xhtml" content is elements).
				parent := stack[len(stack)-1]
				parent.text.WriteByte(' ')
				parent.text.WriteString(el.text.String())
				continue
			}
			if !isItem(el.name) {
				f.headerField(el, baseURL)
			} else if it, ok := readItem(el, baseURL); ok && !seen[it.ID] {
				seen[it.ID] = true
				f.Items = append(f.Items, it)
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		}
	}
	if root == "" {
		return nil, ErrNotFeed
	}
	return f, nil
}

// headerField reads one field of the feed's own header.
func (f *Feed) headerField(el *element, base *url.URL) {
	switch el.name {
	case "title":
		if f.Title == "" {
			f.Title = clip(collapse(htmlText(el.text.String())), MaxTitleRunes)
		}
	case "link":
		if f.Link == "" {
			f.Link = linkOf(el, base)
		}
	case "ttl":
		if n, err := strconv.Atoi(strings.TrimSpace(el.text.String())); err == nil && n > 0 {
			f.TTL = min(max(n, MinTTL), MaxTTL)
		}
	}
}

// linkOf reads an RSS <link>text</link> or an Atom <link href rel>; Atom
// links other than rel="alternate" (or none) are not the page.
func linkOf(el *element, base *url.URL) string {
	if href := el.attr("href"); href != "" {
		if rel := el.attr("rel"); rel != "" && rel != "alternate" {
			return ""
		}
		return resolve(href, base)
	}
	return resolve(strings.TrimSpace(el.text.String()), base)
}

func readItem(el *element, base *url.URL) (Item, bool) {
	var it Item
	for _, k := range el.kids {
		if k.name == "link" && it.Link == "" {
			it.Link = linkOf(k, base)
		}
	}
	it.Title = clip(collapse(htmlText(el.childText("title"))), MaxTitleRunes)
	summary := el.childText("description", "summary")
	if summary == "" {
		summary = el.childText("encoded", "content")
	}
	it.Summary = clip(collapse(htmlText(summary)), MaxSummaryRunes)
	if t := parseDate(el.childText("pubdate", "published", "date", "updated", "issued", "modified")); !t.IsZero() {
		it.Published = t.UTC().Format(time.RFC3339)
	}
	guid := cmp.Or(el.childText("guid"), el.childText("id"))
	if it.Link == "" {
		// A guid is often the permalink.
		it.Link = resolve(guid, nil)
	}
	it.ID = cmp.Or(it.Link, guid)
	if it.ID == "" || (it.Title == "" && it.Summary == "") {
		return Item{}, false
	}
	return it, true
}

// resolve makes a link absolute against base and keeps http(s) links only.
func resolve(ref string, base *url.URL) string {
	ref = strings.TrimSpace(ref)
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
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

// htmlText returns the text of an HTML fragment (summaries are usually
// escaped HTML): tags dropped, entities decoded, block boundaries spaced.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b bytes.Buffer
	skip := 0 // inside <script> or <style>
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if z.Token().Type == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			default:
				b.WriteByte(' ')
			}
		}
	}
}

// collapse trims s and turns every whitespace run into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// clip cuts s to at most n runes, at a word boundary when there is one
// in the last fifth, with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := len(r)
	for i := len(r) - 1; i > len(r)*4/5; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimSpace(string(r[:cut])) + "…"
}

// dateLayouts are the dates feeds write: RFC 822 (RSS, with its many
// variants) and RFC 3339 (Atom, Dublin Core).
var dateLayouts = []string{
	time.RFC3339Nano,
	time.RFC3339,
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 02 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 02 Jan 06 15:04:05 -0700",
	"Mon, 02 Jan 06 15:04:05 MST",
	"02 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"02 Jan 2006 15:04:05 MST",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// parseDate reads a feed date, or returns the zero time.
func parseDate(s string) time.Time {
	s = collapse(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
