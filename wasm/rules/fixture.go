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
// with that category; must hit no element marked "none" nor any of its
// ancestors (hiding an ancestor hides it); and must hit nothing else
// outside the marked elements (hits inside an element expected to be hit
// are fine: hiding the outer one hides them too). The page URL (for
// domain-scoped rules) comes from the tidings-test-url meta, else from
// <link rel=canonical>.

// Fixture markup.
const (
	ExpectAttr = "data-tidings-expect"
	ExpectNone = "none"
	URLMeta    = "tidings-test-url"
)

// Fixture is a parsed fixture file.
type Fixture struct {
	Name   string
	URL    string
	Doc    *html.Node
	Expect []Expectation
}

// Expectation is one marked element. Category is "" for "none".
type Expectation struct {
	Node     *html.Node
	Category Category
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
		if v, ok := attrOK(n, ExpectAttr); ok {
			v = strings.TrimSpace(v)
			if v == ExpectNone {
				fx.Expect = append(fx.Expect, Expectation{Node: n})
			} else if c, ok := ParseCategory(v); ok {
				fx.Expect = append(fx.Expect, Expectation{Node: n, Category: c})
			} else {
				bad = append(bad, v)
			}
		}
		return true
	}, func(*html.Node) {})
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s: %s=%q: not a category (known: %s, or none)", name, ExpectAttr, bad[0], categoryNames())
	}
	if fx.URL == "" {
		fx.URL = canonical
	}
	return fx, nil
}

// FixtureReport is the outcome of one fixture.
type FixtureReport struct {
	Name     string
	Hits     int
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
	}
	expected := map[*html.Node]bool{}
	reported := map[*html.Node]bool{}
	for _, ex := range fx.Expect {
		if ex.Category == "" {
			for a := ex.Node; a != nil; a = a.Parent {
				if h := hitOf[a]; h != nil {
					reported[a] = true
					what := "it"
					if a != ex.Node {
						what = "its ancestor " + describe(a)
					}
					rep.Failures = append(rep.Failures, fmt.Sprintf("%s must stay, but %s was hit by %s", describe(ex.Node), what, hitRule(h)))
				}
			}
			continue
		}
		expected[ex.Node] = true
		h := hitOf[ex.Node]
		switch {
		case h == nil:
			rep.Failures = append(rep.Failures, fmt.Sprintf("missed %s: expected %s, no rule hit it", describe(ex.Node), ex.Category))
		case h.Category != ex.Category:
			rep.Failures = append(rep.Failures, fmt.Sprintf("%s: expected %s, got %s from %s", describe(ex.Node), ex.Category, h.Category, hitRule(h)))
		}
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		if !reported[h.Node] && !insideExpected(h.Node, expected) {
			rep.Failures = append(rep.Failures, fmt.Sprintf("unexpected hit on %s: %s from %s", describe(h.Node), h.Category, hitRule(h)))
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
