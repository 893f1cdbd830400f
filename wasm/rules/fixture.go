package rules

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
)

// Fixture tests (`tidings rules test`): an HTML file, usually a small
// snippet of a real page, with the expected detections marked on the
// elements themselves:
//
//	<div class="appeal" data-tidings-expect="donation">…</div>
//	<div class="article-body" data-tidings-expect="none">…</div>
//	<meta name="tidings-test-url" content="https://www.example.com/news/1">
//
// The rules under test must hit every element marked with a category,
// with that category; must hide no element marked "none" nor any of its
// ancestors (hiding an ancestor hides it); and must hit nothing else
// outside the marked elements (hits inside an element expected to be hit
// are fine: hiding the outer one hides them too). The page URL (for
// domain-scoped rules) comes from the tidings-test-url meta, else from
// <link rel=canonical>.
//
// Restyles (:style() rules, which undo a scroll lock on <body> or a blur
// on the article) do not hide their element, so they never break a
// "none" expectation; they are expected with their own attribute:
//
//	<body data-tidings-expect-style="paywall">
//
// data-tidings-expect-style="none" says the element must not be
// restyled. A restyle nobody expected fails the fixture, as does a hide
// where a restyle was expected. (An element marked data-tidings-expect
// with a category accepts either: <body>, which is never hidden, was
// marked so before restyles had their own attribute.)

// Fixture markup.
const (
	ExpectAttr      = "data-tidings-expect"
	ExpectStyleAttr = "data-tidings-expect-style"
	ExpectNone      = "none"
	URLMeta         = "tidings-test-url"
)

// Fixture is a parsed fixture file.
type Fixture struct {
	Name   string
	URL    string
	Doc    *html.Node
	Expect []Expectation
}

// Expectation is one marked element. Category is "" for "none"; Style is
// true for data-tidings-expect-style (a restyle, not a hide).
type Expectation struct {
	Node     *html.Node
	Category Category
	Style    bool
}

// ParseFixture parses a fixture file's HTML.
func ParseFixture(name, src string) (*Fixture, error) {
	doc, err := document.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	fx := &Fixture{Name: name, Doc: doc}
	canonical := ""
	var bad []string
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch {
		case n.Data == "meta" && attr(n, "name") == URLMeta:
			fx.URL = attr(n, "content")
		case n.Data == "link" && strings.EqualFold(attr(n, "rel"), "canonical") && canonical == "":
			canonical = attr(n, "href")
		}
		for _, key := range []string{ExpectAttr, ExpectStyleAttr} {
			v, ok := attrOK(n, key)
			if !ok {
				continue
			}
			v = strings.TrimSpace(v)
			ex := Expectation{Node: n, Style: key == ExpectStyleAttr}
			if v != ExpectNone {
				c, ok := ParseCategory(v)
				if !ok {
					bad = append(bad, key+"="+v)
					continue
				}
				ex.Category = c
			}
			fx.Expect = append(fx.Expect, ex)
		}
		return true
	}, func(*html.Node) {})
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s: %s: not a category (known: %s, or none)", name, bad[0], categoryNames())
	}
	if fx.URL == "" {
		fx.URL = canonical
	}
	return fx, nil
}

// FixtureReport is the outcome of one fixture. Hits counts all hits,
// Restyles those of them that restyle rather than hide.
type FixtureReport struct {
	Name     string
	Hits     int
	Restyles int
	Failures []string
}

// Passed reports whether the fixture passed.
func (r FixtureReport) Passed() bool { return len(r.Failures) == 0 }

// Check runs the matcher on the fixture and compares the hits with the
// expectations.
func (fx *Fixture) Check(m *Matcher) FixtureReport {
	return fx.Compare(m.Match(fx.Doc, fx.URL))
}

// Compare compares a match result with the expectations. Package detect
// can use it for fixtures that include heuristic detections.
func (fx *Fixture) Compare(res Result) FixtureReport {
	rep := FixtureReport{Name: fx.Name, Hits: len(res.Hits)}
	hitOf := make(map[*html.Node]*Hit, len(res.Hits))
	for i := range res.Hits {
		hitOf[res.Hits[i].Node] = &res.Hits[i]
		if !res.Hits[i].Hides() {
			rep.Restyles++
		}
	}
	fail := func(format string, a ...any) { rep.Failures = append(rep.Failures, fmt.Sprintf(format, a...)) }
	hidden := map[*html.Node]bool{}   // expected to be hit (hidden, or restyled if never hidden)
	restyled := map[*html.Node]bool{} // expected to be restyled
	reported := map[*html.Node]bool{}
	for _, ex := range fx.Expect {
		h := hitOf[ex.Node]
		switch {
		case ex.Style && ex.Category == "":
			if h != nil && !h.Hides() {
				reported[ex.Node] = true
				fail("%s must not be restyled, but %s restyles it", describe(ex.Node), hitRule(h))
			}
		case ex.Style:
			restyled[ex.Node] = true
			switch {
			case h == nil:
				fail("missed restyle of %s: expected %s, no :style() rule hit it", describe(ex.Node), ex.Category)
			case h.Hides():
				reported[ex.Node] = true
				fail("%s: expected a restyle (%s), but %s hides it", describe(ex.Node), ex.Category, hitRule(h))
			case h.Category != ex.Category:
				reported[ex.Node] = true
				fail("%s: expected a %s restyle, got %s from %s", describe(ex.Node), ex.Category, h.Category, hitRule(h))
			}
		case ex.Category == "":
			for a := ex.Node; a != nil; a = a.Parent {
				if h := hitOf[a]; h != nil && h.Hides() {
					reported[a] = true
					what := "it"
					if a != ex.Node {
						what = "its ancestor " + describe(a)
					}
					fail("%s must stay, but %s was hit by %s", describe(ex.Node), what, hitRule(h))
				}
			}
		default:
			hidden[ex.Node] = true
			switch {
			case h == nil:
				fail("missed %s: expected %s, no rule hit it", describe(ex.Node), ex.Category)
			case h.Category != ex.Category:
				reported[ex.Node] = true
				fail("%s: expected %s, got %s from %s", describe(ex.Node), ex.Category, h.Category, hitRule(h))
			}
		}
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		switch {
		case reported[h.Node] || insideExpected(h.Node, hidden):
		case !h.Hides() && restyled[h.Node]:
		case !h.Hides():
			fail("unexpected restyle of %s: %s from %s", describe(h.Node), h.Category, hitRule(h))
		default:
			fail("unexpected hit on %s: %s from %s", describe(h.Node), h.Category, hitRule(h))
		}
	}
	sort.Strings(rep.Failures)
	return rep
}

func insideExpected(n *html.Node, expected map[*html.Node]bool) bool {
	for a := n; a != nil; a = a.Parent {
		if expected[a] {
			return true
		}
	}
	return false
}

func hitRule(h *Hit) string {
	return fmt.Sprintf("%s:%d (%s)", h.Rule.List, h.Rule.Line, h.Rule.Text)
}

// describe names an element for a message: <div#id.class> "text…".
func describe(n *html.Node) string {
	var b strings.Builder
	b.WriteString("<" + n.Data)
	if id := attr(n, "id"); id != "" {
		b.WriteString("#" + id)
	}
	eachClass(attr(n, "class"), func(c string) { b.WriteString("." + c) })
	b.WriteString(">")
	txt := NormalizeText(textContent(n))
	if txt != "" {
		b.WriteString(fmt.Sprintf(" %q", phraseSnippet(txt)))
	}
	return b.String()
}

// textContent gathers n's text (for messages only).
func textContent(n *html.Node) string {
	var b strings.Builder
	walk(n, func(d *html.Node) bool {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
			b.WriteByte(' ')
		}
		return d.Type == html.ElementNode && !skipText(d) || d.Type == html.DocumentNode
	}, func(*html.Node) {})
	return b.String()
}
