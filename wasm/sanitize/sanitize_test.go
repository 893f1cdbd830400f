package sanitize

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestRemovesActiveContent(t *testing.T) {
	p := NewPolicy()
	tests := []struct {
		name, in string
		banned   []string // must not appear (lower-cased output)
		kept     []string // must appear
	}{
		{"script", `<p>a</p><script>alert(1)</script>`, []string{"<script", "alert"}, []string{"<p>a</p>"}},
		{"handler", `<p onclick="x()">a</p><img src="https://e.com/i.png" onerror="x()">`, []string{"onclick", "onerror"}, []string{`src="https://e.com/i.png"`}},
		{"javascript url", `<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a>`, []string{"javascript"}, []string{"x", "y"}},
		{"data url link", `<a href="data:text/html,<script>1</script>">x</a>`, []string{"data:text"}, nil},
		{"vbscript", `<a href="vbscript:x">x</a>`, []string{"vbscript"}, nil},
		{"form", `<form action="https://e.com"><input name=q><button>go</button></form><p>b</p>`, []string{"<form", "<input", "<button"}, []string{"<p>b</p>"}},
		{"iframe", `<iframe src="https://e.com"></iframe><object data="x"></object><embed src="x">`, []string{"<iframe", "<object", "<embed"}, nil},
		{"style", `<style>body{}</style><p style="background:url(https://e.com/t)">a</p>`, []string{"<style", "style=", "url("}, []string{"<p>a</p>"}},
		{"svg script", `<svg><script>alert(1)</script></svg>`, []string{"<svg", "<script"}, nil},
		{"meta refresh", `<meta http-equiv="refresh" content="0;url=https://e.com">`, []string{"<meta", "refresh"}, nil},
		{"base", `<base href="https://evil.example/">`, []string{"<base"}, nil},
		{"srcdoc", `<iframe srcdoc="<script>alert(1)</script>"></iframe>`, []string{"srcdoc", "<script"}, nil},
		{"link", `<link rel="stylesheet" href="https://e.com/x.css">`, []string{"<link"}, nil},
		{"mathml link and style", `<math><mi href="javascript:alert(1)" style="color:red" xlink:href="javascript:x">x</mi></math>`,
			[]string{"href", "javascript", "style"}, []string{"<mi>x</mi>"}},
		{"mathml annotation-xml", `<math><semantics><mi>y</mi><annotation-xml encoding="text/html"><script>alert(1)</script><p>z</p></annotation-xml></semantics></math>`,
			[]string{"annotation", "<script", "alert", "<p>z"}, []string{"<mi>y</mi>"}},
		// DOMPurify 2.0.0's namespace-confusion bypass (mXSS).
		{"mathml mglyph style", `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img src=1 onerror=alert(1)&gt;">`,
			[]string{"<style", "<mglyph", "<!--"}, nil},
		{"mathml mglyph svg style", `<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=alert(1)>"></style></h1>`,
			[]string{"<style", "<svg", "<img"}, nil},
		{"mathml maction", `<math><maction actiontype="statusline#http://e.com" xlink:href="javascript:alert(1)"><mi>m</mi></maction></math>`,
			[]string{"maction", "javascript", "actiontype"}, []string{"<mi>m</mi>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := p.String(tt.in)
			low := strings.ToLower(out)
			for _, b := range tt.banned {
				if strings.Contains(low, b) {
					t.Errorf("output keeps %q: %s", b, out)
				}
			}
			for _, k := range tt.kept {
				if !strings.Contains(out, k) {
					t.Errorf("output lost %q: %s", k, out)
				}
			}
		})
	}
}

// TestNoActiveContentOnceParsed parses the output of the mXSS cases above
// as a browser would and looks for anything active in the tree: an
// escaped payload left in an attribute's value is text, a parsed one is not.
func TestNoActiveContentOnceParsed(t *testing.T) {
	p := NewPolicy()
	for _, in := range []string{
		`<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img src=1 onerror=alert(1)&gt;">`,
		`<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=alert(1)>"></style></h1>`,
		`<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`,
		`<math><mi><style><img src=x onerror=alert(1)></style></mi></math>`,
		`<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">`,
	} {
		out := p.String(in)
		doc, err := html.Parse(strings.NewReader("<body>" + out))
		if err != nil {
			t.Fatal(err)
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			switch n.Data {
			case "script", "style", "svg", "iframe", "mglyph":
				t.Errorf("%s parses to a <%s> element from %q", out, n.Data, in)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") || strings.Contains(strings.ToLower(a.Val), "javascript:") {
					t.Errorf("%s parses to <%s %s=%q> from %q", out, n.Data, a.Key, a.Val, in)
				}
			}
		}
	}
}

func TestKeepsReadingMarkup(t *testing.T) {
	p := NewPolicy()
	in := `<h2>Head</h2><p>Text <em>em</em> <a href="https://e.com/a">link</a></p>` +
		`<figure><img src="https://e.com/i.jpg" alt="A" srcset="https://e.com/i2.jpg 2x"><figcaption>Cap</figcaption></figure>` +
		`<blockquote cite="https://e.com/q">Q</blockquote><ul><li>one</li></ul>` +
		`<table><thead><tr><th scope="col">H</th></tr></thead><tbody><tr><td colspan="2">D</td></tr></tbody></table>` +
		`<pre><code>x := 1</code></pre><p dir="rtl" lang="ar">مرحبا</p>`
	out := p.String(in)
	for _, want := range []string{"<h2>Head</h2>", "<em>em</em>", `href="https://e.com/a"`, `noreferrer`, `target="_blank"`,
		"<figure>", `alt="A"`, `srcset="https://e.com/i2.jpg 2x"`, "<figcaption>Cap</figcaption>", "<blockquote", "<li>one</li>",
		`<th scope="col">`, `colspan="2"`, "<pre><code>x := 1</code></pre>", `dir="rtl"`, `lang="ar"`} {
		if !strings.Contains(out, want) {
			t.Errorf("lost %s in:\n%s", want, out)
		}
	}
}

func TestCiteURLsAreChecked(t *testing.T) {
	p := NewPolicy()
	if out := p.String(`<blockquote cite="https://e.com/q">Q</blockquote>`); !strings.Contains(out, `cite="https://e.com/q"`) {
		t.Errorf("web cite dropped: %s", out)
	}
	if out := p.String(`<blockquote cite="javascript:alert(1)">Q</blockquote>`); strings.Contains(out, "javascript") {
		t.Errorf("javascript cite kept: %s", out)
	}
}

// TestSrcsetURLsAreChecked: bluemonday checks src but not srcset, so the
// policy keeps a srcset only when every candidate is a web or inline
// image URL, as a browser splits them.
func TestSrcsetURLsAreChecked(t *testing.T) {
	p := NewPolicy()
	tests := []struct {
		srcset string
		kept   bool
	}{
		{"https://e.com/a.jpg", true},
		{"https://e.com/a.jpg 1x, https://e.com/b.jpg 2x", true},
		{"https://e.com/a.jpg 300w,https://e.com/w_600,h_400/b.jpg 600w", true},
		{"HTTP://e.com/a.jpg 1.5x, data:image/png;base64,iVBOR= 2x", true},
		{"javascript:alert(1)", false},
		{"https://e.com/a.jpg 1x, javascript:alert(1) 2x", false},
		{"https://e.com/a.jpg, javascript:alert(1)", false}, // the second URL is no descriptor
		{"data:text/html;base64,PHNjcmlwdD4= 1x", false},
		{"/relative.jpg 1x", false},
		{" jav&#x09;ascript:alert(1) 1x", false},
	}
	for _, tt := range tests {
		for _, tag := range []string{`<img src="https://e.com/i.jpg" srcset="%s">`, `<picture><source srcset="%s"><img src="https://e.com/i.jpg"></picture>`} {
			in := strings.Replace(tag, "%s", tt.srcset, 1)
			out := p.String(in)
			if got := strings.Contains(out, "srcset="); got != tt.kept {
				t.Errorf("%s: srcset kept %v, want %v: %s", in, got, tt.kept, out)
			}
		}
	}
}

// TestKeepsMathML: formulas keep their MathML, with the attributes of their
// layout, and their annotations (a formula's source) go.
func TestKeepsMathML(t *testing.T) {
	p := NewPolicy()
	in := `<p>When <math xmlns="http://www.w3.org/1998/Math/MathML"><mi>a</mi><mo stretchy="false">≠</mo><mn>0</mn></math>:</p>` +
		`<math display="block"><semantics><mrow><mi>x</mi><mo>=</mo><mfrac linethickness="0"><mrow><mo form="prefix">−</mo><mi>b</mi></mrow>` +
		`<msqrt><msup><mi>b</mi><mn>2</mn></msup></msqrt></mfrac></mrow><annotation encoding="application/x-tex">x = \\frac{-b}{\\sqrt{b^2}}</annotation></semantics></math>`
	out := p.String(in)
	for _, want := range []string{"<math><mi>a</mi>", `<mo stretchy="false">≠</mo>`, "<mn>0</mn></math>", `<math display="block">`,
		"<semantics><mrow>", `<mfrac linethickness="0">`, `<mo form="prefix">−</mo>`, "<msqrt><msup><mi>b</mi><mn>2</mn></msup></msqrt>"} {
		if !strings.Contains(out, want) {
			t.Errorf("lost %s in:\n%s", want, out)
		}
	}
	for _, bad := range []string{"xmlns", "annotation", "frac{", "sqrt{"} {
		if strings.Contains(out, bad) {
			t.Errorf("kept %s in:\n%s", bad, out)
		}
	}
}
