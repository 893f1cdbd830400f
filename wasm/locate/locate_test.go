package locate

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func parse(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// find returns the first element with the given id.
func byID(n *html.Node, id string) *html.Node {
	if n.Type == html.ElementNode {
		for _, a := range n.Attr {
			if a.Key == "id" && a.Val == id {
				return n
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := byID(c, id); f != nil {
			return f
		}
	}
	return nil
}

func TestForAndFind(t *testing.T) {
	doc := parse(t, `<!DOCTYPE html><html><head><title>t</title></head><body>
<div id="a"><p>one</p><!-- c --><p id="b">two  <b>three</b>
four</p></div><aside id="c">Donate  now!</aside></body></html>`)
	tests := []struct {
		id   string
		path []int
		tag  string
	}{
		{"a", []int{1, 0}, "div"},
		{"b", []int{1, 0, 1}, "p"},
		{"c", []int{1, 1}, "aside"},
	}
	for _, tt := range tests {
		n := byID(doc, tt.id)
		l, ok := For(n)
		if !ok {
			t.Fatalf("%s: no locator", tt.id)
		}
		if l.Tag != tt.tag || !equal(l.Path, tt.path) {
			t.Errorf("%s: got %v %s, want %v %s", tt.id, l.Path, l.Tag, tt.path, tt.tag)
		}
		if got := Find(doc, l); got != n {
			t.Errorf("%s: Find did not return the element", tt.id)
		}
	}
}

func TestFindRejectsChangedText(t *testing.T) {
	doc := parse(t, `<body><div id="x">Subscribe now</div></body>`)
	l, _ := For(byID(doc, "x"))
	other := parse(t, `<body><div id="x">Something else</div></body>`)
	if Find(other, l) != nil {
		t.Error("Find matched an element whose text changed")
	}
	l.Tag = "span"
	if Find(doc, l) != nil {
		t.Error("Find matched an element with another tag")
	}
}

// The hash values are shared with the JavaScript implementation
// (extension/content/locate.js), whose tests check the same vectors.
func TestTextHashVectors(t *testing.T) {
	tests := []struct{ html, want string }{
		{`<p id="x"></p>`, fnv1a("")},
		{`<p id="x">  Hello,
	 world  </p>`, fnv1a("Hello, world")},
		{`<p id="x">a<b> b </b>c</p>`, fnv1a("a b c")},
		{`<p id="x">` + strings.Repeat("é", 200) + `</p>`, fnv1a(strings.Repeat("é", HashRunes))},
		{`<p id="x">` + strings.Repeat("ab ", 100) + `</p>`, fnv1a(strings.Repeat("ab ", 40))},
		{`<div id="x">a<script>var b;</script> <style>p{}</style>c<svg><style>g{}</style></svg></div>`, fnv1a("a c")},
		{`<script id="x">var a;</script>`, fnv1a("")},
	}
	for i, tt := range tests {
		if got := TextHash(byID(parse(t, tt.html), "x")); got != tt.want {
			t.Errorf("%d: got %s, want %s", i, got, tt.want)
		}
	}
	// Known values for cross-language checks.
	if got := fnv1a(""); got != "811c9dc5" {
		t.Errorf("fnv1a(\"\") = %s", got)
	}
	if got := fnv1a("Hello, world"); got != "94d8f9bd" {
		t.Errorf("fnv1a(Hello, world) = %s", got)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestPathsManySiblings: a shared Paths gives every element the locator
// For gives it, on a parent with more children than shortWalk (numbered
// once) and on a short one (walked), and 100,000 siblings are located in
// one pass (each For alone walks its earlier siblings: 5·10^9 steps).
func TestPathsManySiblings(t *testing.T) {
	var b strings.Builder
	b.WriteString("<html><body><main><p>Lead</p>")
	for i := range 300 {
		fmt.Fprintf(&b, "<div>item %d</div> text <!-- c -->", i)
	}
	b.WriteString("</main><aside><b>x</b><i>y</i></aside></body></html>")
	doc := parse(t, b.String())
	var p Paths
	var els []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			els = append(els, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	// In reverse document order, so later siblings are located first.
	for i := len(els) - 1; i >= 0; i-- {
		n := els[i]
		got, ok := p.For(n)
		want, wok := For(n)
		if ok != wok || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("<%s>: shared %v %v, alone %v %v", n.Data, got, ok, want, wok)
		}
		if ok && Find(doc, got) != n {
			t.Fatalf("<%s>: %v does not find it again", n.Data, got)
		}
	}

	const many = 100_000
	doc = parse(t, "<html><body><article>"+strings.Repeat("<div>x</div>", many)+"</article></body></html>")
	article := doc.FirstChild.LastChild.FirstChild
	var q Paths
	i := 0
	for c := article.FirstChild; c != nil; c = c.NextSibling {
		loc, ok := q.For(c)
		if !ok || len(loc.Path) != 3 || loc.Path[2] != i {
			t.Fatalf("child %d: %v %v", i, loc, ok)
		}
		i++
	}
	if i != many {
		t.Fatalf("%d children, want %d", i, many)
	}
}
