package extract

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
)

// para is a paragraph long enough to be scored, with commas.
const para = "The committee met on Tuesday to discuss the budget, and its members said the proposal would be revised before the vote, according to officials familiar with the talks."

// page wraps an article body in a realistic page shell.
func page(article string) string {
	return `<!DOCTYPE html><html><head><title>Budget talks | Example News</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<main><article>` + article + `</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Another story</a></li><li><a href="/b">A second story</a></li></ul></aside></main>
<footer><p>© Example News. All rights reserved.</p></footer></body></html>`
}

func paras(n int) string {
	return strings.Repeat("<p>"+para+"</p>\n", n)
}

func content(t *testing.T, src, base string, title string) Article {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Title: title}
	if base != "" {
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		opts.BaseURL = u
	}
	return Content(doc, opts)
}

func render(t *testing.T, n *html.Node) string {
	t.Helper()
	if n == nil {
		return ""
	}
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestContentKeepsArticleDropsChrome(t *testing.T) {
	art := content(t, page(`<h1>Budget talks</h1>`+paras(4)+`<h2>What comes next</h2>`+paras(2)+
		`<ul><li>First point of the plan, with detail.</li><li>Second point of the plan.</li></ul>`+
		`<blockquote><p>We will vote next week, the chair said.</p></blockquote>`), "", "Budget talks")
	for _, want := range []string{para, "What comes next", "First point of the plan", "We will vote next week"} {
		if !strings.Contains(art.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, bad := range []string{"Home", "Most read", "Another story", "All rights reserved", "Budget talks"} {
		if strings.Contains(art.Text, bad) {
			t.Errorf("text has %q:\n%s", bad, art.Text)
		}
	}
	if art.Excerpt != para {
		t.Errorf("excerpt = %q", art.Excerpt)
	}
}

func TestTextLayout(t *testing.T) {
	art := content(t, page(paras(3)+`<h2>Heading</h2><ul><li>one item here</li><li>two items here</li></ul>`+
		`<p>line one<br>line two</p><pre>a  b
c</pre>`), "", "")
	for _, want := range []string{
		para + "\n\n" + para,
		"\n\nHeading\n\none item here\ntwo items here\n\n",
		"line one\nline two",
		"a  b\nc",
	} {
		if !strings.Contains(art.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, art.Text)
		}
	}
}

func TestURLsMadeAbsolute(t *testing.T) {
	art := content(t, page(paras(4)+`<p>See <a href="/report.pdf">the report</a> and <a href="notes#s2">notes</a>.</p>
<figure><img src="img/a.jpg" srcset="img/a-1x.jpg 1x, /img/a-2x.jpg 2x, https://cdn.example.org/w_300,h_200/a.jpg 300w"><figcaption>A photo</figcaption></figure>
<blockquote cite="/source"><p>`+para+`</p></blockquote>
<video poster="/poster.jpg" src="clip.mp4"></video>`), "https://news.example.com/2019/story.html", "")
	out := render(t, art.Root)
	for _, want := range []string{
		`href="https://news.example.com/report.pdf"`,
		`href="https://news.example.com/2019/notes#s2"`,
		`src="https://news.example.com/2019/img/a.jpg"`,
		`srcset="https://news.example.com/2019/img/a-1x.jpg 1x, https://news.example.com/img/a-2x.jpg 2x, https://cdn.example.org/w_300,h_200/a.jpg 300w"`,
		`cite="https://news.example.com/source"`,
		`poster="https://news.example.com/poster.jpg"`,
		`<figcaption>A photo</figcaption>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("article lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(art.Text, "A photo") {
		t.Errorf("caption in text: %s", art.Text)
	}
}

func TestLazyImages(t *testing.T) {
	art := content(t, page(paras(4)+`
<img id="a" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/real-a.jpg" data-srcset="/real-a.jpg 1x, /real-a2.jpg 2x">
<img id="b" data-lazy-src="/real-b.jpg">
<img id="c" class="lazyload" src="/placeholder.png" data-original="/real-c.jpg">
<img src="/blank.gif"><noscript><img src="/real-d.jpg" alt="d"></noscript>
<picture><source data-srcset="/real-e.webp" type="image/webp"><img data-src="/real-e.jpg"></picture>`+paras(1)), "https://example.com/x/", "")
	out := render(t, art.Root)
	for _, want := range []string{
		`src="https://example.com/real-a.jpg"`, `srcset="https://example.com/real-a.jpg 1x, https://example.com/real-a2.jpg 2x"`,
		`src="https://example.com/real-b.jpg"`, `src="https://example.com/real-c.jpg"`,
		`src="https://example.com/real-d.jpg"`, `srcset="https://example.com/real-e.webp"`,
		`src="https://example.com/real-e.jpg"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("article lacks %s:\n%s", want, out)
		}
	}
	for _, bad := range []string{"blank.gif", "placeholder.png", "data:image/gif", "noscript", "data-src"} {
		if strings.Contains(out, bad) {
			t.Errorf("article still has %s:\n%s", bad, out)
		}
	}
}

// TestLazySrcsetSchemes: a lazy srcset is copied into srcset, which the
// sanitizer does not check URL by URL, so only web and inline image
// candidates are kept.
func TestLazySrcsetSchemes(t *testing.T) {
	art := content(t, page(paras(4)+`
<img src="http://a.example/b.png" data-srcset="javascript:alert(1) 1x, data:text/html,x 2x, /ok.jpg 3x">
<picture><source data-srcset="data:text/html;base64,PHNjcmlwdD4= 1x, data:image/png;base64,iVBOR= 2x"><img src="http://a.example/c.png"></picture>`+paras(1)), "https://example.com/x/", "")
	out := render(t, art.Root)
	for _, want := range []string{`srcset="https://example.com/ok.jpg 3x"`, `srcset="data:image/png;base64,iVBOR= 2x"`} {
		if !strings.Contains(out, want) {
			t.Errorf("article lacks %s:\n%s", want, out)
		}
	}
	for _, bad := range []string{"javascript", "data:text"} {
		if strings.Contains(out, bad) {
			t.Errorf("article keeps %s:\n%s", bad, out)
		}
	}
}

func TestBoilerplateRemoved(t *testing.T) {
	art := content(t, page(paras(3)+`
<div hidden><p>Hidden attribute text that is long enough to be a paragraph of its own.</p></div>
<div aria-hidden="true"><p>Aria hidden text that is long enough to be a paragraph of its own.</p></div>
<p style="display: none">Display none text that is long enough to be a paragraph of its own.</p>
<div class="share-buttons"><a href="https://facebook.com/share">Share on Facebook</a></div>
<form action="/subscribe"><p>Subscribe to our newsletter today</p><input type="email"><button>Sign up</button></form>
<div class="related-posts"><h3>Related</h3><ul><li><a href="/r1">Related story one</a></li><li><a href="/r2">Related story two</a></li></ul></div>
<div id="comments" class="comments-area"><p>`+para+` (a reader)</p></div>
<div class="ad">Advertisement</div>`+paras(2)), "", "")
	for _, bad := range []string{"Hidden attribute", "Aria hidden", "Display none", "Share on Facebook",
		"Subscribe", "Sign up", "Related story", "Related", "(a reader)", "Advertisement"} {
		if strings.Contains(art.Text, bad) {
			t.Errorf("text has %q:\n%s", bad, art.Text)
		}
	}
	if n := strings.Count(art.Text, para); n != 5 {
		t.Errorf("text has %d article paragraphs, want 5:\n%s", n, art.Text)
	}
	if out := render(t, art.Root); strings.Contains(out, "<form") || strings.Contains(out, "<input") {
		t.Errorf("a form survived:\n%s", out)
	}
}

// TestFormulaInDiscardClass: a formula stays whatever its container's
// class (MathJax 3's "CtxtMenu_Attached_0" holds "menu", a discard
// pattern), while a menu without one still goes.
func TestFormulaInDiscardClass(t *testing.T) {
	formula := `<mjx-container class="MathJax CtxtMenu_Attached_0" jax="CHTML">` +
		`<mjx-math aria-hidden="true"><mjx-mi></mjx-mi></mjx-math>` +
		`<mjx-assistive-mml display="inline"><math><mi>a</mi><mo>≠</mo><mn>0</mn></math></mjx-assistive-mml></mjx-container>`
	art := content(t, page(paras(3)+`<p>When</p>`+formula+`, there are two solutions.`+
		`<div class="menu"><a href="/x">Sections</a></div>`+paras(2)), "", "")
	if !strings.Contains(art.Text, "a≠0") {
		t.Errorf("the formula is lost:\n%s", art.Text)
	}
	if strings.Contains(art.Text, "Sections") {
		t.Errorf("the menu was kept:\n%s", art.Text)
	}
}

// TestKaTeXFormula: KaTeX writes a formula twice, as MathML and as spans
// hidden from assistive technology; the article keeps the MathML once.
func TestKaTeXFormula(t *testing.T) {
	katex := `<span class="katex"><span class="katex-mathml"><math><semantics><mrow><msup><mi>x</mi><mn>7</mn></msup></mrow>` +
		`<annotation encoding="application/x-tex">x^7</annotation></semantics></math></span>` +
		`<span class="katex-html" aria-hidden="true"><span class="base"><span class="mord mathnormal">x</span><span class="msupsub">7</span></span></span></span>`
	art := content(t, page(paras(3)+`<p>We know `+katex+` grows.</p>`+paras(2)), "", "")
	out := render(t, art.Root)
	if !strings.Contains(out, "<msup><mi>x</mi><mn>7</mn></msup>") {
		t.Errorf("the MathML is lost:\n%s", out)
	}
	if strings.Count(art.Text, "7") != 1 {
		t.Errorf("the formula is not there once:\n%s", art.Text)
	}
}

// TestMathAttributesKept: a formula keeps the attributes of its layout,
// and nothing else.
func TestMathAttributesKept(t *testing.T) {
	art := content(t, page(paras(3)+`<p>So <math display="block" class="x" href="https://e.com/"><mo stretchy="false" id="m">(</mo>`+
		`<mi mathvariant="normal" style="color:red">a</mi></math> holds.</p>`+paras(2)), "", "")
	out := render(t, art.Root)
	for _, want := range []string{`<math display="block">`, `<mo stretchy="false">`, `<mi mathvariant="normal">`} {
		if !strings.Contains(out, want) {
			t.Errorf("lost %s:\n%s", want, out)
		}
	}
	for _, bad := range []string{"class=", "href=", "id=", "style="} {
		if strings.Contains(out, bad) {
			t.Errorf("kept %s:\n%s", bad, out)
		}
	}
}

func TestSkipNodes(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(page(paras(3) + `<div id="promo"><p>Donate today: we have a small favor to ask of every reader of this site.</p></div>` + paras(2))))
	if err != nil {
		t.Fatal(err)
	}
	var promo *html.Node
	for n := doc; n != nil; {
		if n.Type == html.ElementNode && attr(n, "id") == "promo" {
			promo = n
			break
		}
		if n.FirstChild != nil {
			n = n.FirstChild
		} else {
			n = document.SkipSubtree(n, doc)
		}
	}
	art := Content(doc, Options{Skip: map[*html.Node]bool{promo: true}})
	if strings.Contains(art.Text, "Donate") {
		t.Errorf("skipped node in text:\n%s", art.Text)
	}
	if strings.Count(art.Text, para) != 5 {
		t.Errorf("article paragraphs lost:\n%s", art.Text)
	}
}

func TestTitleHeadingAndByline(t *testing.T) {
	art := content(t, page(`<header><h1>Budget talks stall again</h1></header>
<div class="byline">By <a rel="author" href="/jane">Jane Doe</a></div>`+paras(4)+`<h2>Budget talks stall again</h2><p>`+para+`</p>`),
		"", "Budget talks stall again | Example News")
	if strings.HasPrefix(art.Text, "Budget talks") {
		t.Errorf("leading title heading kept:\n%s", art.Text)
	}
	if !strings.Contains(art.Text, "\nBudget talks stall again\n") {
		t.Errorf("a later heading that repeats the title was dropped:\n%s", art.Text)
	}
	if art.Byline != "By Jane Doe" {
		t.Errorf("byline = %q", art.Byline)
	}
	if strings.Contains(art.Text, "Jane Doe") {
		t.Errorf("byline in text:\n%s", art.Text)
	}
}

func TestJavascriptLinksUnwrapped(t *testing.T) {
	art := content(t, page(paras(3)+`<p>Click <a href="javascript:void(0)">this <b>bold</b> link</a> now, please, if you will.</p>`), "https://example.com/", "")
	out := render(t, art.Root)
	if strings.Contains(out, "javascript:") {
		t.Errorf("javascript link kept:\n%s", out)
	}
	if !strings.Contains(art.Text, "Click this bold link now") {
		t.Errorf("link text lost:\n%s", art.Text)
	}
}

func TestAttributesReduced(t *testing.T) {
	art := content(t, page(paras(3)+`<p class="x" id="y" style="color:red" onclick="evil()" data-track="1" lang="fr">Bonjour, dit-il, `+para+`</p>`), "", "")
	out := render(t, art.Root)
	for _, bad := range []string{"class=", "id=", "style=", "onclick", "data-track"} {
		if strings.Contains(out, bad) {
			t.Errorf("attribute %s kept:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, `lang="fr"`) {
		t.Errorf("lang dropped:\n%s", out)
	}
}

func TestResolveSrcset(t *testing.T) {
	base, _ := url.Parse("https://example.com/a/b.html")
	f := finisher{base: base}
	tests := []struct{ in, want string }{
		{"x.jpg", "https://example.com/a/x.jpg"},
		{"x.jpg 1x, y.jpg 2x", "https://example.com/a/x.jpg 1x, https://example.com/a/y.jpg 2x"},
		{"  /x.jpg 100w,/y.jpg 200w ", "https://example.com/x.jpg 100w, https://example.com/y.jpg 200w"},
		{"https://cdn.example.org/c_fill,w_300/x.jpg 300w", "https://cdn.example.org/c_fill,w_300/x.jpg 300w"},
		// The standard reads a URL up to whitespace: "x.jpg,y.jpg" is one URL.
		{"x.jpg,y.jpg", "https://example.com/a/x.jpg,y.jpg"},
		{"x.jpg, y.jpg", "https://example.com/a/x.jpg, https://example.com/a/y.jpg"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := f.resolveSrcset(tt.in); got != tt.want {
			t.Errorf("resolveSrcset(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestImageURLHeuristics(t *testing.T) {
	tests := []struct {
		v                 string
		image, placholder bool
	}{
		{"/photos/a.jpg", true, false},
		{"https://x.org/a.JPEG?w=300", true, false},
		{"a.png 2x", false, false},
		{"data:image/gif;base64,R0lGODlhAQABAAAAACw=", false, true},
		{"/img/blank.gif", true, true},
		{"/assets/lazy-load-placeholder.png", true, true},
		{"not an image", false, false},
	}
	for _, tt := range tests {
		if got := looksLikeImageURL(tt.v); got != tt.image {
			t.Errorf("looksLikeImageURL(%q) = %v", tt.v, got)
		}
		if got := isPlaceholderSrc(tt.v); got != tt.placholder {
			t.Errorf("isPlaceholderSrc(%q) = %v", tt.v, got)
		}
	}
}

// TestBuildSkipsRemovedTops: a sibling the precision step removed must
// not reach the article.
func TestBuildSkipsRemovedTops(t *testing.T) {
	ix, i := indexOf(t, `<div><header id="x"><h1>Title</h1></header><div>`+paras(3)+`</div></div>`)
	tops := []int{i, int(ix.el[i].end)}
	ix.remove(i)
	root := ix.build(tops)
	if out := render(t, root); strings.Contains(out, "Title") || !strings.Contains(out, para) {
		t.Errorf("build kept a removed top or lost a kept one:\n%s", out)
	}
}

func TestSkippedBody(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(page(paras(4))))
	if err != nil {
		t.Fatal(err)
	}
	body := contentRoot(doc)
	if art := Content(doc, Options{Skip: map[*html.Node]bool{body.Parent: true}}); art.Root != nil || art.Text != "" {
		t.Errorf("a skipped <html> still gave an article: %q", art.Text)
	}
}

func TestScriptAndStyleDropped(t *testing.T) {
	art := content(t, page(paras(3)+`<script>var evil = "leak";</script><style>p { color: red }</style><template><p>tpl</p></template>`+paras(1)), "", "")
	for _, bad := range []string{"leak", "color", "tpl"} {
		if strings.Contains(art.Text, bad) || strings.Contains(render(t, art.Root), bad) {
			t.Errorf("%q reached the article", bad)
		}
	}
}

// TestResolveSkipsOnlyUnchangedURLs checks that the shortcuts for plain
// web URLs (isWebURL) and root-relative paths (isPlainRootPath) return
// what parsing and resolving the URLs returns, against bases with and
// without the shortcut's origin.
func TestResolveSkipsOnlyUnchangedURLs(t *testing.T) {
	urls := []string{
		"/", "/budget", "/img/1.jpg", "/a//b", "/a/./b", "/a/../b", "/a/b/..", "/.", "/..", "/a/.b/c.", "/~user/x_y-z",
		"/a b", "/a%20b", "/a?b", "/a#b", "/a:b", "/ä", "///x",
		"https://a.example", "https://a.example/", "HTTPS://A.Example/x/../y?q=1#f", "http://a.example?x",
		"https://a.example#top", "https://a-b.example.co.uk/p%20q", "https://a.example/bad%zz",
		"https:///x/../y", "https://user@a.example/x", "https://a.example:8080/../x", "https://[::1]/x",
		"https://exa mple.com/x", "https://%61.example/", "https://a.example/\x7f", "https://-./.././x",
		"http:/x/../y", "https:x", "/relative/../path", "relative", "//cdn.example/img.jpg", "?page=2", "#note",
	}
	for _, b := range []string{
		"https://news.example/world/story.html?x=1", "http://news.example:8080", "https://user:pw@news.example/a/",
		"https://[::1]:443/x", "https://xn--nws-ena.example/ä/", "file:///tmp/page.html", "mailto:x@example.com",
	} {
		base, err := url.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		parsed := func(s string) string {
			u, err := url.Parse(s)
			if err != nil || (u.IsAbs() && u.Host != "") {
				return s
			}
			return base.ResolveReference(u).String()
		}
		f := newFinisher(base)
		for _, s := range urls {
			if got, want := f.resolve(s), parsed(s); got != want {
				t.Errorf("base %s: resolve(%q) = %q, want %q", b, s, got, want)
			}
		}
	}
}
