package rules

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
)

func mustDoc(t testing.TB, src string) *html.Node {
	t.Helper()
	doc, err := document.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func mustCompile(t testing.TB, lists ...string) *Matcher {
	t.Helper()
	var parsed []*List
	for i, text := range lists {
		l := Parse("list"+string(rune('A'+i)), text)
		if l.Counts.Errors > 0 {
			t.Fatalf("list %d: %+v", i, l.Diagnostics)
		}
		parsed = append(parsed, l)
	}
	return Compile(parsed...)
}

// hitSummary lists the hits as "id:category:line".
func hitSummary(res Result) string {
	var parts []string
	for _, h := range res.Hits {
		id := attr(h.Node, "id")
		if id == "" {
			id = h.Node.Data
		}
		parts = append(parts, id+":"+string(h.Category)+":"+h.Rule.List+"@"+itoa(h.Rule.Line))
	}
	return strings.Join(parts, " ")
}

// hitIDs lists the ids of the elements hit, in hit order.
func hitIDs(res Result) []string {
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, attr(h.Node, "id"))
	}
	return ids
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

const domainPage = `<html><body>
<div id="a" class="ad"></div><div id="b" class="promo"></div><div id="c" class="box"></div>
<div id="d" class="x y"></div><span id="e" data-tracking="1"></span></body></html>`

func TestDomainScoping(t *testing.T) {
	list := `! Category: ads
##.ad
example.com##.promo
~shop.example.com##.box
news.example.com,~live.news.example.com##.x
example.*##[data-tracking]
other.org##.ad
`
	m := mustCompile(t, list)
	doc := mustDoc(t, domainPage)
	tests := []struct{ url, want string }{
		{"", "a:ads:listA@2 c:ads:listA@4"},
		{"https://other.net/", "a:ads:listA@2 c:ads:listA@4"},
		{"https://www.example.com/page", "a:ads:listA@2 b:ads:listA@3 c:ads:listA@4 e:ads:listA@6"},
		{"https://shop.example.com/", "a:ads:listA@2 b:ads:listA@3 e:ads:listA@6"},
		{"https://deep.shop.example.com:8080/", "a:ads:listA@2 b:ads:listA@3 e:ads:listA@6"},
		{"http://news.example.com/", "a:ads:listA@2 b:ads:listA@3 c:ads:listA@4 d:ads:listA@5 e:ads:listA@6"},
		{"http://live.news.example.com/", "a:ads:listA@2 b:ads:listA@3 c:ads:listA@4 e:ads:listA@6"},
		{"example.co.uk", "a:ads:listA@2 c:ads:listA@4 e:ads:listA@6"},
		{"notexample.com", "a:ads:listA@2 c:ads:listA@4"},
		{"EXAMPLE.COM.", "a:ads:listA@2 b:ads:listA@3 c:ads:listA@4 e:ads:listA@6"},
	}
	for _, tt := range tests {
		if got := hitSummary(m.Match(doc, tt.url)); got != tt.want {
			t.Errorf("%q:\n got  %s\n want %s", tt.url, got, tt.want)
		}
	}
}

func TestExceptions(t *testing.T) {
	rulesList := "##.ad\n##.promo\nexample.com##.box\n##div.x.y\n"
	exceptions := "#@#.promo\nexample.com#@#.ad\nexample.com#@#.box\nsub.example.com#@#div.x.y\n"
	m := mustCompile(t, rulesList, exceptions)
	doc := mustDoc(t, domainPage)
	tests := []struct{ url, want string }{
		{"https://a.org/", "a:annoyance:listA@1 d:annoyance:listA@4"},
		{"https://example.com/", "d:annoyance:listA@4"},
		{"https://sub.example.com/", ""},
	}
	for _, tt := range tests {
		if got := hitSummary(m.Match(doc, tt.url)); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.url, got, tt.want)
		}
	}
	if s := m.Stats(); s.Cancelled != 1 || s.Exceptions != 4 {
		t.Errorf("stats = %+v", s)
	}
	// ~a.com#@#x: excepted everywhere but a.com.
	m = mustCompile(t, "##.ad", "~a.org#@#.ad")
	if got := hitSummary(m.Match(doc, "https://a.org/")); got != "a:annoyance:listA@1" {
		t.Errorf("a.org: %q", got)
	}
	if got := hitSummary(m.Match(doc, "https://b.org/")); got != "" {
		t.Errorf("b.org: %q", got)
	}
	// A similarity exception matches whatever the phrase's case, quotes
	// and spacing, and ignores :category().
	m = mustCompile(t, "##:similar(We’ve a “small” favor to ask):category(donation)", "example.com#@#:similar(we've a small   favor to ask)")
	doc = mustDoc(t, `<html><body><p>we've a small favor to ask</p></body></html>`)
	if got := len(m.Match(doc, "https://a.org/").Hits); got != 1 {
		t.Errorf("a.org: %d hits, want 1", got)
	}
	if got := len(m.Match(doc, "https://example.com/").Hits); got != 0 {
		t.Errorf("example.com: %d hits, want 0", got)
	}
}

func TestMergeAndPriority(t *testing.T) {
	// The same selector in two lists is one entry; the first list's rule
	// is reported.
	m := mustCompile(t, "! Category: cookie\n##.ad\n##div.x", "##.ad\n##div.x\n! Category: paywall\n##.y")
	if s := m.Stats(); s.Merged != 2 || s.Generic != 3 {
		t.Errorf("stats = %+v", s)
	}
	doc := mustDoc(t, domainPage)
	// div#d has classes x and y: hit by listA div.x (cookie, directive)
	// and listB .y (paywall, directive); same confidence, both stated:
	// the first found (document walk, generic index order) stays.
	got := hitSummary(m.Match(doc, ""))
	if got != "a:cookie:listA@2 d:cookie:listA@3" {
		t.Errorf("got %q", got)
	}
	// A hiding rule beats a :style() rule on the same element, whatever
	// the order.
	m = mustCompile(t, "##.ad:style(opacity: 0.5)\n##[id=a]")
	res := m.Match(doc, "")
	if len(res.Hits) != 1 || res.Hits[0].Action.Kind != ActionHide {
		t.Errorf("hits = %s", hitSummary(res))
	}
}

func TestActionsAndPageRoots(t *testing.T) {
	m := mustCompile(t, "##body\n##html\n##body:style(overflow: auto !important)\n##.ad:remove()")
	doc := mustDoc(t, domainPage)
	res := m.Match(doc, "")
	if len(res.Hits) != 2 {
		t.Fatalf("hits = %s", hitSummary(res))
	}
	if h := res.Hits[0]; h.Node.Data != "body" || h.Action.Kind != ActionStyle || h.Action.Style != "overflow: auto !important" {
		t.Errorf("body hit = %+v", h.Action)
	}
	if h := res.Hits[1]; attr(h.Node, "id") != "a" || h.Action.Kind != ActionRemove {
		t.Errorf("ad hit = %+v", h.Action)
	}
}

func TestProceduralAfterWalk(t *testing.T) {
	page := `<html><body>
<div id="outer"><div id="card"><p id="t">Subscribe to continue reading</p><a id="cta" href="/subscribe">Subscribe</a></div></div>
<div id="other"><p>Nothing here</p></div></body></html>`
	m := mustCompile(t, `! Category: paywall
##p:has-text(continue reading):upward(1)
##a[href="/subscribe"]:upward(#outer)
##div:has(> p:has-text(/nothing/i)) > p
`)
	got := hitSummary(m.Match(mustDoc(t, page), ""))
	if got != "outer:paywall:listA@3 card:paywall:listA@2 other p:paywall:listA@4" && got != "outer:paywall:listA@3 card:paywall:listA@2 p:paywall:listA@4" {
		t.Errorf("got %q", got)
	}
}

func genericSimilarity(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "generic-similarity.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSimilarityOnSeeds(t *testing.T) {
	l := Parse("generic-similarity.txt", genericSimilarity(t))
	if l.Counts.Errors > 0 || l.Counts.Warnings > 0 {
		t.Fatalf("diagnostics: %+v", l.Diagnostics)
	}
	for _, r := range l.Rules {
		if len(r.Domains) > 0 || r.Kind != KindSimilarity {
			t.Fatalf("line %d is not a generic similarity rule: %s", r.Line, r.Text)
		}
		if prog := r.prog; len(prog.sel) > 0 {
			t.Fatalf("line %d uses a selector: %s", r.Line, r.Text)
		}
	}
	m := Compile(l)
	tests := []struct {
		page  string
		url   string
		class string // class of the element that must be hit
		cat   Category
	}{
		{"moscowtimes-kerry-syria.html", "https://www.themoscowtimes.com/2016/03/15/a52175", "contribution-banner__inner", Donation},
		{"middleeasteye-kerry-syria.html", "https://www.middleeasteye.net/news/kerry", "newsletter-block-inline mee-newsletter-promo", Newsletter},
	}
	for _, tt := range tests {
		src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", tt.page))
		if err != nil {
			t.Fatal(err)
		}
		doc := mustDoc(t, string(src))
		res := m.Match(doc, tt.url)
		found := false
		for _, h := range res.Hits {
			if h.Kind != KindSimilarity {
				t.Errorf("%s: %s hit", tt.page, h.Kind)
			}
			if attr(h.Node, "class") == tt.class {
				found = true
				if h.Category != tt.cat || h.Confidence < defaultThreshold {
					t.Errorf("%s: %s with %.2f", tt.page, h.Category, h.Confidence)
				}
			}
			// Nothing of the article body may be hit.
			for a := h.Node; a != nil; a = a.Parent {
				if c := attr(a, "class"); strings.Contains(c, "article__content") || strings.Contains(c, "field--name-body") && a == h.Node {
					t.Errorf("%s: article text hit: %s", tt.page, describe(h.Node))
				}
			}
		}
		if !found {
			t.Errorf("%s: no hit on .%s; hits: %s", tt.page, tt.class, hitSummary(res))
		}
	}
}

func TestSimilarityVariants(t *testing.T) {
	m := mustCompile(t, "! Category: donation\n##:similar(we have a small favor to ask)\n! Category: newsletter\nexample.com##aside:similar(sign up for our daily newsletter):threshold(0.95)")
	tests := []struct {
		page, url string
		want      string
	}{
		// British spelling, curly quotes, case and a leading ellipsis.
		{`<div id="x"><p id="p">… We have a small favour to ask. More people…</p></div>`, "", "p:donation:listA@2"},
		// The smallest block: the <p>, not the <div>, and not the <em>.
		{`<div id="x"><p id="p">Intro <em>we have a small favor to ask</em> outro</p></div>`, "", "p:donation:listA@2"},
		// Split across inline elements still matches.
		{`<div id="x"><p id="p">we have a <b>small</b> fa<i>vor</i> to ask</p></div>`, "", "p:donation:listA@2"},
		// Too different.
		{`<p id="p">we had a big favorite task</p>`, "", ""},
		// Domain scope, selector constraint and strict threshold.
		{`<aside id="s"><p id="p">Sign up for our daily newsletter!</p></aside>`, "https://example.com/", "s:newsletter:listA@4"},
		{`<aside id="s"><p id="p">Sign up for our daily newsletter!</p></aside>`, "https://example.org/", ""},
		{`<aside id="s"><p id="p">Sign up to our weekly newsletters!</p></aside>`, "https://example.com/", ""},
		{`<div id="s"><p id="p">Sign up for our daily newsletter!</p></div>`, "https://example.com/", ""},
	}
	for _, tt := range tests {
		got := hitSummary(m.Match(mustDoc(t, "<html><body>"+tt.page+"</body></html>"), tt.url))
		if got != tt.want {
			t.Errorf("%s @ %q:\n got  %q\n want %q", tt.page, tt.url, got, tt.want)
		}
	}
}

func TestHeuristicSwitches(t *testing.T) {
	m := mustCompile(t, `#@#:heuristic(donate-box)
example.com##:heuristic(donate-box)
news.example.com#@#:heuristic(*)
live.news.example.com##:heuristic(share-bar)
`)
	tests := []struct {
		id, url string
		on      bool
		line    int
	}{
		{"donate-box", "https://other.org/", false, 1},
		{"donate-box", "https://www.example.com/", true, 2},
		{"donate-box", "https://news.example.com/", false, 3},
		{"share-bar", "https://other.org/", true, 0},
		{"share-bar", "https://news.example.com/", false, 3},
		{"share-bar", "https://live.news.example.com/", true, 4},
		{"cookie-banner", "https://live.news.example.com/", false, 3},
	}
	for _, tt := range tests {
		on, r := m.HeuristicEnabled(tt.id, tt.url)
		line := 0
		if r != nil {
			line = r.Line
		}
		if on != tt.on || line != tt.line {
			t.Errorf("%s on %s: %v by line %d, want %v by line %d", tt.id, tt.url, on, line, tt.on, tt.line)
		}
	}
}

// deepPage nests n divs, each with a class, around a paragraph.
func deepPage(n int) string {
	return "<html><body>" + strings.Repeat(`<div class="d">`, n) + `<p class="leaf">we have a small favor to ask</p>` + strings.Repeat("</div>", n) + "</body></html>"
}

func TestDeepTreeStaysFast(t *testing.T) {
	// The HTML parser stops at 512 open elements; build the deepest tree
	// it accepts. "a b c d e" on such a tree costs depth^4 with naive
	// backtracking.
	doc := mustDoc(t, deepPage(500))
	m := mustCompile(t, `##.x .d .d .d .d .leaf
##.d:not(.x) .d .d .d > .d
##.d:has(.d:has(.d:has(.x)))
##:similar(we have a small favor to ask)
##.d .d ~ .d + .d .d
`)
	start := time.Now()
	res := m.Match(doc, "")
	elapsed := time.Since(start)
	if elapsed > 5*time.Second {
		t.Errorf("match took %v", elapsed)
	}
	// ".d:not(.x) .d .d .d > .d" hits every div from the 5th level down.
	divs := 0
	for _, h := range res.Hits {
		if h.Node.Data == "div" {
			divs++
		}
	}
	if !res.Truncated && divs != 496 {
		t.Errorf("%d divs hit, want 496", divs)
	}
}

func TestBudgetStopsRunaway(t *testing.T) {
	// A wide, deep page and rules that cost depth × size without
	// memos: nested :has() is remembered per element (linear), a scoped
	// one is not, and the budget stops that.
	var b strings.Builder
	b.WriteString("<html><body>")
	for i := 0; i < 200; i++ {
		b.WriteString(strings.Repeat(`<div class="d">`, 100) + strings.Repeat("</div>", 100))
	}
	b.WriteString("</body></html>")
	doc := mustDoc(t, b.String())
	m := mustCompile(t, "##div:has(div:has(div:has(div:has(.none))))")
	start := time.Now()
	res := m.Match(doc, "")
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("match took %v", elapsed)
	}
	if res.Truncated || len(res.Hits) != 0 {
		t.Errorf("nested :has(): truncated %v, %d hits; want a complete match without hits", res.Truncated, len(res.Hits))
	}
	m = mustCompile(t, "##div:has(.d .d .d .d .none)")
	start = time.Now()
	res = m.Match(doc, "")
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("match took %v", elapsed)
	}
	if len(res.Hits) != 0 {
		t.Errorf("%d hits", len(res.Hits))
	}
	// The same with a small budget: reported as truncated.
	var st matchState
	st.tr.build(doc, m, true)
	st.ev.reset(&st.tr, m)
	st.ev.budget = 10_000
	if res := m.matchWith(&st.ev, m.rulesFor("")); !res.Truncated || len(res.Hits) != 0 {
		t.Errorf("small budget: truncated %v, %d hits", res.Truncated, len(res.Hits))
	}
}

func TestMatchNilAndEmpty(t *testing.T) {
	m := mustCompile(t, "##.a\n##:similar(we have a small favor to ask)")
	if res := m.Match(nil, ""); len(res.Hits) != 0 {
		t.Error("hits on nil document")
	}
	if res := m.Match(mustDoc(t, ""), "not a url at all"); len(res.Hits) != 0 {
		t.Error("hits on empty document")
	}
	empty := Compile()
	if res := empty.Match(mustDoc(t, domainPage), "https://example.com"); len(res.Hits) != 0 {
		t.Error("hits with no rules")
	}
}

func TestDocumentOrder(t *testing.T) {
	m := mustCompile(t, "##.late:upward(1)\n##.first\n##:similar(we have a small favor to ask)")
	doc := mustDoc(t, `<html><body><div id="p1"><p id="sim">we have a small favor to ask</p></div><div id="p2"><span class="late">x</span></div><div id="f" class="first"></div></body></html>`)
	got := hitSummary(m.Match(doc, ""))
	if got != "sim:annoyance:listA@3 p2:annoyance:listA@1 f:annoyance:listA@2" {
		t.Errorf("got %q", got)
	}
}

func TestLoadSources(t *testing.T) {
	m, lists := Load(Source{Name: "mine", Text: "##.a\n##.b[", Category: Cookie}, Source{Name: "sub", Text: "##.c"})
	if len(lists) != 2 || lists[0].Counts.Errors != 1 || lists[1].Counts.Rules != 1 {
		t.Fatalf("lists = %+v", lists)
	}
	res := m.Match(mustDoc(t, `<html><body><div class="a"></div><div class="c"></div></body></html>`), "")
	if len(res.Hits) != 2 || res.Hits[0].Category != Cookie || res.Hits[1].Rule.List != "sub" {
		t.Errorf("hits = %s", hitSummary(res))
	}
}

// TestConcurrentMatch: one Matcher serves several goroutines (run with
// -race to check).
func TestConcurrentMatch(t *testing.T) {
	m := mustCompile(t, genericSimilarity(t), "##.ad\nexample.com##.promo\n##p:has-text(favor):upward(1)")
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", "moscowtimes-kerry-syria.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := hitSummary(m.Match(mustDoc(t, string(src)), "https://example.com/"))
	if want == "" {
		t.Fatal("no hits to compare")
	}
	done := make(chan string)
	for g := 0; g < 4; g++ {
		go func() {
			doc := mustDoc(t, string(src))
			got := ""
			for i := 0; i < 20; i++ {
				got = hitSummary(m.Match(doc, "https://example.com/"))
			}
			done <- got
		}()
	}
	for g := 0; g < 4; g++ {
		if got := <-done; got != want {
			t.Errorf("goroutine got %q, want %q", got, want)
		}
	}
}

func TestBudgetCoversTextSearch(t *testing.T) {
	// :has-text() on each of 400 nested divs over 8 MB of text would scan
	// 3.2 GB; the budget stops it.
	page := "<html><body>" + strings.Repeat("<div>", 400) + strings.Repeat("lorem ipsum ", 8<<20/12) + strings.Repeat("</div>", 400) + "</body></html>"
	doc := mustDoc(t, page)
	// Text the page lacks: the gates skip the rules at once.
	m := mustCompile(t, "##div:has-text(no such text)\n##div:has-text(/no such (text|words)/)")
	start := time.Now()
	res := m.Match(doc, "")
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("match took %v", elapsed)
	}
	if res.Truncated || len(res.Hits) != 0 {
		t.Errorf("absent text: truncated %v, %d hits", res.Truncated, len(res.Hits))
	}
	// A regex whose literal is on the page (once, at the end) but which
	// never matches: every div's text is searched, and the budget stops
	// it.
	page = strings.Replace(page, "</div>", "dolor</div>", 1)
	doc = mustDoc(t, page)
	m = mustCompile(t, "##div:has-text(/dolor\\s+sit/)")
	start = time.Now()
	res = m.Match(doc, "")
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("match took %v", elapsed)
	}
	if !res.Truncated || len(res.Hits) != 0 {
		t.Errorf("truncated %v, %d hits", res.Truncated, len(res.Hits))
	}
}

// TestNeverRenderedContent: what a browser never shows is never hit. The
// content of a <template> is not part of the page at all (not even for
// :has()); <head> and its children, <noscript> and <template> elements
// are never hidden; <body> may still be restyled.
func TestNeverRenderedContent(t *testing.T) {
	doc := mustDoc(t, `<html><head><title class="ad">t</title><link class="ad" href="/x.css"></head>
<body class="locked"><template id="tpl"><div class="ad" id="in-template">we have a small favor to ask</div><p class="promo">x</p></template>
<noscript class="ad"><div class="ad">no script</div></noscript>
<div id="box" class="wrap"><div class="ad" id="real">ad</div></div>
<div id="holder"></div></body></html>`)
	m := mustCompile(t, `##.ad
##template
##div:has(.promo)
##:similar(we have a small favor to ask)
##body.locked:style(overflow: auto !important)
##:is(div, p):has-text(favor)`)
	res := m.Match(doc, "")
	if got, want := hitSummary(res), "body:annoyance:listA@5 real:annoyance:listA@1"; got != want {
		t.Errorf("hits %q, want %q", got, want)
	}
}

// TestTextLengthCollapsesWhitespace: :min-text-length and
// :max-text-length count the text as read, whitespace runs as one space,
// without the indentation around it.
func TestTextLengthCollapsesWhitespace(t *testing.T) {
	doc := mustDoc(t, `<html><body>
<p id="indented">
            short
        </p>
<p id="spaced">hello   <b>world</b>
  again</p>
<div id="nested"> <span> a </span> <span> b </span> </div>
<div id="empty">
   </div>
</body></html>`)
	tests := []struct{ sel, want string }{
		{"p:min-text-length(6)", "spaced"},          // "short" is 5
		{"p:min-text-length(5)", "indented spaced"}, // "hello world again" is 17
		{"p:min-text-length(17)", "spaced"},
		{"p:min-text-length(18)", ""},
		{"p:max-text-length(5)", "indented"},
		{"p:not(:min-text-length(6))", "indented"},
		{"div:min-text-length(3)", "nested"}, // "a b"
		{"div:max-text-length(0)", "empty"},
		{"div:not(:max-text-length(2))", "nested"},
	}
	for _, tt := range tests {
		if got := strings.Join(selectIDs(t, doc, tt.sel), " "); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.sel, got, tt.want)
		}
	}
}

// TestOperatorOrder: after :threshold() or :category(), which say nothing
// about the element, pseudo-classes still apply to the selector's subject,
// in any order.
func TestOperatorOrder(t *testing.T) {
	doc := mustDoc(t, `<html><body><div id="short"><p>We have a small favour to ask.</p></div>
<div id="long"><p>We have a small favour to ask. `+strings.Repeat("More people are reading. ", 30)+`</p></div></body></html>`)
	orders := []string{
		`##:similar(we have a small favor to ask):not(:min-text-length(200)):threshold(0.9)`,
		`##:similar(we have a small favor to ask):threshold(0.9):not(:min-text-length(200))`,
		`##:similar(we have a small favor to ask):threshold(0.9):category(donation):not(:min-text-length(200))`,
		`##:similar(we have a small favor to ask):category(donation):max-text-length(199):threshold(0.9)`,
	}
	for _, o := range orders {
		l := Parse("o.txt", o)
		if l.Counts.Errors > 0 {
			t.Errorf("%s: %+v", o, l.Diagnostics)
			continue
		}
		res := Compile(l).Match(doc, "")
		if len(res.Hits) != 1 || res.Hits[0].Node.Data != "p" || attr(res.Hits[0].Node.Parent, "id") != "short" {
			t.Errorf("%s: hits %q", o, hitSummary(res))
		}
		if th := l.Rules[0].Threshold(); th != 0.9 {
			t.Errorf("%s: threshold %v", o, th)
		}
	}
	for _, bad := range []string{
		`##.a:style(overflow: auto):not(.b)`,
		`##.a, .b:category(donation):not(.c)`,
		`##.a:threshold(0.9)`,
	} {
		if l := Parse("bad.txt", bad); l.Counts.Errors == 0 {
			t.Errorf("%s: accepted", bad)
		}
	}
	if l := Parse("ok.txt", `##.a:category(donation):has-text(give)`); l.Counts.Errors != 0 {
		t.Errorf("pseudo-class after :category(): %+v", l.Diagnostics)
	}
}

// TestSpecificAttributeTests: the attribute tests that only
// domain-specific rules use are evaluated on those domains' pages.
func TestSpecificAttributeTests(t *testing.T) {
	doc := mustDoc(t, `<html><body><div id="promo" data-promo="YES please">x</div>
<aside id="appeal" data-x="1"><p>We have a small favour to ask.</p></aside>
<div id="both" data-y="abc" class="z">y</div></body></html>`)
	m := mustCompile(t, `example.com##div[data-promo*="yes" i]
example.com##aside[data-x="1"]:similar(we have a small favor to ask)
##[data-y^="ab"]:not(.z)
example.com##[data-y^="ab"].z`)
	for _, tt := range []struct{ url, want string }{
		{"https://www.example.com/a", "promo both appeal"},
		{"https://other.org/a", ""},
	} {
		got := hitIDs(m.Match(doc, tt.url))
		slices.Sort(got)
		want := strings.Fields(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: hits %v, want %v", tt.url, got, want)
		}
	}
}

// TestRepeatedPhrasesStayBounded: a page that repeats banner phrases tens
// of thousands of times costs bounded time and memory (the similarity
// search works in chunks and counts the piece occurrences it meets).
func TestRepeatedPhrasesStayBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("<html><body>")
	for b.Len() < 4<<20 {
		b.WriteString(`<div class="c"><p>We have a small favour to ask. <a href="/donate">Support us</a> Sign up for our newsletter <input type=email></p></div>`)
	}
	b.WriteString("</body></html>")
	doc := mustDoc(t, b.String())
	m := Compile(shippedLists(t)...)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	res := m.Match(doc, "https://www.example.com/")
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	// The page's text alone takes about 3 × 4 MB (raw, lowercase,
	// normalized); the piece occurrences must not take hundreds more.
	const maxAlloc = 150 << 20
	t.Logf("allocated %d MB in %v, %d hits, truncated %v", (after.TotalAlloc-before.TotalAlloc)>>20, elapsed, len(res.Hits), res.Truncated)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > maxAlloc {
		t.Errorf("allocated %d MB, want at most %d", alloc>>20, maxAlloc>>20)
	}
	if elapsed > 10*time.Second {
		t.Errorf("match took %v", elapsed)
	}
	if len(res.Hits) == 0 {
		t.Error("no hits: the repeated appeals were not found at all")
	}
}
