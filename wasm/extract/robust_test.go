package extract

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/document"
)

// Bad and extreme input: never a panic, never a hang, a safe result.
func TestOddDocuments(t *testing.T) {
	long := strings.Repeat("word, ", 400)
	tests := []struct {
		name     string
		src      string
		wantText string // a substring of the text; "" for no text
	}{
		{"empty", "", ""},
		{"frameset", `<html><head><title>f</title></head><frameset><frame src="a.html"><noframes><p>No frames</p></noframes></frameset></html>`, ""},
		{"only text", "just some words", "just some words"},
		{"giant pre", "<pre>" + strings.Repeat("line of code();\n", 20000) + "</pre>", "line of code();\nline of code();"},
		{"giant table", "<table>" + strings.Repeat("<tr><td>"+long[:60]+"</td><td>cell</td></tr>", 5000) + "</table>", "word, word"},
		{"unclosed", "<div><p>" + long + "<table><tr><td><a href=x>" + long, "word, word"},
		{"nested links and tables", "<a href=a><table><tr><td><a href=b><p>" + long + "</a></table></a>", "word"},
		{"noscript only", "<noscript><p>Enable JavaScript to read " + long + "</p></noscript>", ""},
		{"comments and doctype", "<!DOCTYPE html><!--x--><p>" + long + "<!--y--></p>", "word, word"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := document.Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			art := Content(doc, Options{Title: "t"})
			if tt.wantText == "" {
				if strings.TrimSpace(art.Text) != "" && tt.name != "only text" {
					t.Errorf("text %q, want none", art.Text[:min(80, len(art.Text))])
				}
				return
			}
			if !strings.Contains(art.Text, tt.wantText) {
				t.Errorf("text lacks %q: %q", tt.wantText, art.Text[:min(200, len(art.Text))])
			}
			if art.Root == nil {
				t.Error("text but no root")
			}
		})
	}
}

func TestNilAndFragments(t *testing.T) {
	if art := Content(nil, Options{}); art.Root != nil || art.Text != "" {
		t.Errorf("nil document gave %+v", art)
	}
	div := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	if art := Content(div, Options{}); art.Text != "" {
		t.Errorf("empty element gave %q", art.Text)
	}
	doc := &html.Node{Type: html.DocumentNode}
	if art := Content(doc, Options{}); art.Root != nil {
		t.Errorf("empty document gave a root")
	}
}

// hangLimit catches hangs and quadratic blow-ups (which take minutes on
// these inputs) without failing on a loaded machine: both cases take
// about a second when the machine is idle. Speed itself is measured by
// tidings-bench, not asserted here.
const hangLimit = 30 * time.Second

// TestDeepTree builds a tree far deeper than the parser allows (it stops
// at 512 open elements): every walk in the package is iterative, so depth
// costs no stack.
func TestDeepTree(t *testing.T) {
	const depth = 200000
	doc, err := html.Parse(strings.NewReader("<html><body></body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	n := contentRoot(doc)
	for i := 0; i < depth; i++ {
		c := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
		if i%3 == 0 {
			c = &html.Node{Type: html.ElementNode, Data: "span", DataAtom: atom.Span, Attr: []html.Attribute{{Key: "class", Val: "related"}}}
		}
		n.AppendChild(c)
		n = c
	}
	p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
	p.AppendChild(&html.Node{Type: html.TextNode, Data: para})
	n.AppendChild(p)
	start := time.Now()
	art := Content(doc, Options{Title: "x"})
	if !strings.Contains(art.Text, para) {
		t.Errorf("deep paragraph lost: %q", art.Text[:min(100, len(art.Text))])
	}
	if d := time.Since(start); d > hangLimit {
		t.Errorf("a %d-deep tree took %v", depth, d)
	}
}

// TestParserDepthLimit runs a page nested to just under the parser's
// limit through the whole extractor.
func TestParserDepthLimit(t *testing.T) {
	src := "<html><body>" + strings.Repeat("<div>", 500) + "<p>" + para + "</p>" + strings.Repeat("<section><p>"+para+"</p></section>", 3)
	doc, err := document.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if art := Content(doc, Options{}); !strings.Contains(art.Text, para) {
		t.Errorf("text lost at depth 500: %q", art.Text)
	}
}

// TestWideAndLong: many siblings and a long article stay linear.
func TestWideAndLong(t *testing.T) {
	if testing.Short() {
		t.Skip("large input: skipped with -short")
	}
	var b strings.Builder
	b.WriteString("<html><body><nav>" + strings.Repeat("<a href=/x>nav</a>", 20000) + "</nav><article>")
	for b.Len() < 8<<20 {
		b.WriteString(`<p>` + para + ` <a href="/l">link</a> <img data-src="/i.jpg"></p><div class="share">Share</div>`)
	}
	b.WriteString("</article></body></html>")
	doc, err := document.Parse(b.String())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	art := Content(doc, Options{})
	if d := time.Since(start); d > hangLimit {
		t.Errorf("an 8 MB page took %v to extract", d)
	}
	if strings.Count(art.Text, para) < 1000 || strings.Contains(art.Text, "Share") {
		t.Errorf("long article extracted wrongly (%d paragraphs)", strings.Count(art.Text, para))
	}
}
