package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// indexOf parses a body fragment, builds the index with complete
// statistics and returns it with the index of the element with id "x".
func indexOf(t *testing.T, body string) (*index, int) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<html><body>" + body + "</body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	ix := buildIndex(contentRoot(doc), nil)
	ix.sumStats(nil)
	for i := range ix.el {
		if attr(ix.el[i].n, "id") == "x" {
			return ix, i
		}
	}
	t.Fatalf("no element with id x in %s", body)
	return nil, 0
}

func TestPatternMatcher(t *testing.T) {
	tests := []struct {
		value string
		want  sigBits // bits that must be set
		not   sigBits // bits that must not be set
	}{
		{"comment-list", sigUnlikely | sigNegative | sigComments, 0},
		// "share" anywhere is negative and boilerplate, but only the
		// token "share" is a share bar (Readability's \b).
		{"socialShareBar", sigNegative | sigDiscard, sigShare},
		{"post-share", sigShare, 0},
		{"top-ad-slot", sigUnlikely | sigNegative, 0},
		{"head shadow", 0, sigUnlikely},
		{"article__body", sigPositive | sigMaybe, sigNegative},
		{"ArticleBody", sigPositive, 0},
		{"post-meta", sigNegative | sigDiscard, 0},
		{"byline", sigByline, 0},
		{"wp-caption-text", sigCaption, 0},
		{"entry-date published", sigDate, 0},
		{"hst-resgallery", sigGallery, 0},
		{"tooltip-inner", sigPopup, 0},
		{"", 0, ^sigBits(0)},
		{"content", sigMaybe | sigPositive, sigUnlikely},
	}
	for _, tt := range tests {
		got := patternMatcher.match(tt.value)
		if got&tt.want != tt.want {
			t.Errorf("match(%q) = %b, missing %b", tt.value, got, tt.want&^got)
		}
		if got&tt.not != 0 {
			t.Errorf("match(%q) = %b, has unwanted %b", tt.value, got, got&tt.not)
		}
	}
}

func TestIsHidden(t *testing.T) {
	tests := []struct {
		tag  string
		want bool
	}{
		{`<div hidden>`, true},
		{`<div aria-hidden="true">`, true},
		{`<div aria-hidden="true" class="fallback-image">`, false},
		{`<div aria-hidden="false">`, false},
		{`<div style="display:none">`, true},
		{`<div style="color: red; DISPLAY : none">`, true},
		{`<div style="visibility: hidden">`, true},
		{`<div style="display: block">`, false},
		{`<div class="sr-only">`, true},
		{`<div class="hidden">`, true},
		{`<div class="hidden-xs">`, false},
		{`<div class="a hide b">`, true},
		{`<div class="hideaway">`, false},
	}
	for _, tt := range tests {
		doc, err := html.Parse(strings.NewReader("<body>" + tt.tag + "x</div>"))
		if err != nil {
			t.Fatal(err)
		}
		n := findTag(doc, atom.Div)
		at := readAttrs(n)
		if got := isHidden(&at, patternMatcher.match(at.class)); got != tt.want {
			t.Errorf("isHidden(%s) = %v, want %v", tt.tag, got, tt.want)
		}
	}
}

func TestTextWeight(t *testing.T) {
	tests := []struct {
		s             string
		chars, commas int32
	}{
		{"", 0, 0},
		{"   ", 0, 0},
		{"a b", 3, 0},
		{"  a \n\t b  ", 3, 0},
		{"one, two, three", 15, 2},
		{"日本語、中文，", 7, 2},
		{"a\u00a0b", 3, 0},
	}
	for _, tt := range tests {
		c, k := textWeight(tt.s)
		if c != tt.chars || k != tt.commas {
			t.Errorf("textWeight(%q) = %d, %d; want %d, %d", tt.s, c, k, tt.chars, tt.commas)
		}
	}
}

func TestIsAdOrLoadingLabel(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Advertisement", true},
		{"  ADVERT ", true},
		{"Werbung", true},
		{"Loading...", true},
		{"Загрузка…", true},
		{"Advertisement feature: ten ways to save", false},
		{"Load", false},
	}
	for _, tt := range tests {
		if got := isAdOrLoadingLabel(tt.s); got != tt.want {
			t.Errorf("isAdOrLoadingLabel(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestTextSimilarity(t *testing.T) {
	tests := []struct {
		a, b     string
		min, max float64
	}{
		{"Kerry to meet Putin | Middle East Eye", "Kerry to meet Putin", 1, 1},
		{"Kerry to meet Putin", "Kerry to meet Putin over Syria", 0.5, 0.8},
		{"Kerry to meet Putin", "Something else entirely", 0, 0},
		{"", "x", 0, 0},
	}
	for _, tt := range tests {
		if got := textSimilarity(tt.a, tt.b); got < tt.min || got > tt.max {
			t.Errorf("textSimilarity(%q, %q) = %.2f, want in [%.2f, %.2f]", tt.a, tt.b, got, tt.min, tt.max)
		}
	}
}

func TestLinkWeight(t *testing.T) {
	tests := []struct {
		href string
		want float32
	}{
		{"https://example.com/a", 1},
		{"/a", 1},
		{"#section-2", hashLinkWeight},
		{"#", 1},
		{"javascript:void(0)", 0},
		{" JavaScript:go()", 0},
	}
	for _, tt := range tests {
		if got := linkWeight(tt.href); got != tt.want {
			t.Errorf("linkWeight(%q) = %v, want %v", tt.href, got, tt.want)
		}
	}
}

func TestIsDataTable(t *testing.T) {
	rows := func(r, c int) string {
		var b strings.Builder
		for i := 0; i < r; i++ {
			b.WriteString("<tr>")
			for j := 0; j < c; j++ {
				b.WriteString("<td>v</td>")
			}
			b.WriteString("</tr>")
		}
		return b.String()
	}
	tests := []struct {
		name, table string
		want        bool
	}{
		{"presentation role", `<table id="x" role="presentation"><thead><tr><th>a</th></tr></thead></table>`, false},
		{"header cells", `<table id="x"><tr><th>a</th><th>b</th></tr>` + rows(1, 2) + `</table>`, true},
		{"caption", `<table id="x"><caption>Results</caption>` + rows(2, 2) + `</table>`, true},
		{"summary", `<table id="x" summary="s">` + rows(1, 1) + `</table>`, true},
		{"one column", `<table id="x">` + rows(20, 1) + `</table>`, false},
		{"many rows", `<table id="x">` + rows(10, 2) + `</table>`, true},
		{"small grid", `<table id="x">` + rows(3, 3) + `</table>`, false},
		{"wide", `<table id="x">` + rows(2, 5) + `</table>`, true},
		{"nested layout", `<table id="x"><tr><td><table>` + rows(2, 2) + `</table></td><td>b</td></tr>` + rows(3, 2) + `</table>`, false},
	}
	for _, tt := range tests {
		ix, i := indexOf(t, tt.table)
		if got := ix.isDataTable(i); got != tt.want {
			t.Errorf("%s: isDataTable = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPrecisionPredicates(t *testing.T) {
	long := strings.Repeat("The council met on Tuesday and voted on the budget, members said. ", 20)
	tests := []struct {
		name string
		body string
		pred func(ix *index, i int) bool
		want bool
	}{
		{"comment thread", `<div id="x" class="comments-area"><p>Nice post</p></div>`,
			func(ix *index, i int) bool { return isCommentThread(&ix.el[i]) }, true},
		{"related links block", `<div><p>` + long + `</p><div id="x" class="related-posts"><a href="/a">Another story</a></div></div>`,
			func(ix *index, i int) bool { return ix.isDiscardBlock(i, ix.el[0].sum.text) }, true},
		{"boilerplate name on the article wrapper", `<div id="x" class="post-meta-wrapper"><p>` + long + `</p></div>`,
			func(ix *index, i int) bool { return ix.isDiscardBlock(i, ix.el[0].sum.text) }, false},
		{"date line by class", `<div id="x" class="entry-date">March 3, 2019</div>`,
			func(ix *index, i int) bool { return isDateLine(&ix.el[i]) }, true},
		{"date line by itemprop", `<span id="x" itemprop="datePublished">2019-03-03</span>`,
			func(ix *index, i int) bool { return isDateLine(&ix.el[i]) }, true},
		{"date line by time", `<div id="x">Updated <time datetime="2019">Nov 19</time></div>`,
			func(ix *index, i int) bool { return isDateLine(&ix.el[i]) }, true},
		{"time inside prose", `<p id="x">` + long + ` <time>Monday</time></p>`,
			func(ix *index, i int) bool { return isDateLine(&ix.el[i]) }, false},
		{"tag list", `<div id="x">Tags: <a rel="tag" href="/t/a">alpha</a>, <a rel="tag" href="/t/b">beta</a></div>`,
			func(ix *index, i int) bool { return isTagList(&ix.el[i]) }, true},
		{"gallery of captions", `<div id="x" class="photo-gallery"><img src="a.jpg"><div class="caption">` + long + `</div><span>1 of 9</span></div>`,
			func(ix *index, i int) bool { return ix.isGallery(i) }, true},
		{"gallery class on prose", `<div id="x" class="gallery-wrap"><p>` + long + `</p></div>`,
			func(ix *index, i int) bool { return ix.isGallery(i) }, false},
		{"read more line", `<p id="x">More: <a href="/b">Why the council voted no on the budget</a></p>`,
			func(ix *index, i int) bool { return ix.isLinkBlock(i) }, true},
		{"paragraph with a link", `<p id="x">The council voted on <a href="/b">the budget</a> after a long debate on Tuesday.</p>`,
			func(ix *index, i int) bool { return ix.isLinkBlock(i) }, false},
		{"list item is left to the list test", `<ul><li id="x"><a href="/b">Another story</a></li></ul>`,
			func(ix *index, i int) bool { return ix.isLinkBlock(i) }, false},
		{"ad label", `<div id="x">Advertisement</div>`,
			func(ix *index, i int) bool { return isAdLabelBlock(&ix.el[i]) }, true},
		{"share bar", `<div id="x" class="share"><a href="#">Facebook</a></div>`,
			func(ix *index, i int) bool { return isShareBar(&ix.el[i]) }, true},
		{"quotation", `<div id="x" class="social-embed"><blockquote class="twitter-tweet"><p>So true <a href="https://t.co/x">t.co/x</a></p>— Someone</blockquote></div>`,
			func(ix *index, i int) bool { return isQuotation(&ix.el[i]) }, true},
		{"main text guard", `<div id="x"><p>` + long + `</p><ul><li><a href="/1">one</a></li></ul></div><p>Short.</p>`,
			func(ix *index, i int) bool { return holdsMainText(&ix.el[i], ix.el[0].sum.ptext) }, true},
		{"popup", `<span id="x">` + "</span>",
			func(ix *index, i int) bool {
				return isPopup(&elemAttrs{}, patternMatcher.match("rollover-people-block"))
			}, true},
	}
	for _, tt := range tests {
		ix, i := indexOf(t, tt.body)
		if got := tt.pred(ix, i); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestShouldRemove(t *testing.T) {
	long := strings.Repeat("Officials said the plan, which was revised twice, would pass. ", 12)
	tests := []struct {
		name, body string
		want       bool
	}{
		{"link list div", `<div id="x"><a href="/a">One story</a> <a href="/b">Another story</a> <a href="/c">A third</a><p>x</p></div>`, true},
		{"prose with commas", `<div id="x"><p>` + long + `</p></div>`, false},
		{"negative class", `<div id="x" class="sidebar"><p>` + long[:100] + `</p></div>`, true},
		{"image gallery", `<div id="x"><img src="a"><img src="b"><img src="c"><p>one</p></div>`, true},
		{"form inputs", `<div id="x"><p>Sign up</p><input type="text"></div>`, false}, // inputs are dropped before
		{"empty block", `<div id="x"><div></div></div>`, true},
		{"data table", `<table id="x"><thead><tr><th>a</th></tr></thead><tr><td><a href="/">b</a></td></tr></table>`, false},
	}
	for _, tt := range tests {
		ix, i := indexOf(t, tt.body)
		if got := ix.shouldRemove(i, passes[0]); got != tt.want {
			t.Errorf("%s: shouldRemove = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestStyleHas(t *testing.T) {
	tests := []struct {
		style, prop, val string
		want             bool
	}{
		{"display:none", "display", "none", true},
		{"Display : NONE ;", "display", "none", true},
		{"display: inline; visibility:hidden", "visibility", "hidden", true},
		{"--display: none-ish", "display", "none", true}, // a custom property is matched too: harmless
		{"display: block", "display", "none", false},
		{"", "display", "none", false},
	}
	for _, tt := range tests {
		if got := styleHas(tt.style, tt.prop, tt.val); got != tt.want {
			t.Errorf("styleHas(%q, %q, %q) = %v, want %v", tt.style, tt.prop, tt.val, got, tt.want)
		}
	}
}

func TestCaptionPredicates(t *testing.T) {
	long := strings.Repeat("A long paragraph of the story, with commas, and more. ", 20)
	tests := []struct {
		name, body string
		want       bool
	}{
		{"caption class", `<div id="x" class="wp-caption-text">A man walks by.</div>`, true},
		{"photo credit", `<span id="x" class="credit">Photo: AP</span>`, true},
		{"long element named caption", `<div id="x" class="caption-wrapper"><p>` + long + `</p></div>`, false},
		{"image holder with its caption", `<div id="x" class="image top"><img src="a.jpg"><p>A man walks by. (AP Photo)</p></div>`, true},
		{"image holder with the story", `<div id="x" class="image-and-text"><img src="a.jpg"><p>One.</p><p>Two.</p></div>`, false},
		{"image class without image", `<div id="x" class="image"><p>A man walks by.</p></div>`, false},
	}
	for _, tt := range tests {
		ix, i := indexOf(t, tt.body)
		if got := isCaption(&ix.el[i]) || isImageBlock(&ix.el[i]); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestIDPatterns(t *testing.T) {
	tests := []struct {
		id   string
		want sigBits
	}{
		{"comments", sigComments},
		{"related-posts", sigDiscard},
		{"example-1-amend-a-shared-changeset", 0}, // a heading anchor
		{"", 0},
	}
	for _, tt := range tests {
		got := idPatterns(tt.id)
		if (tt.want == 0 && got != 0) || got&tt.want != tt.want {
			t.Errorf("idPatterns(%q) = %b, want %b", tt.id, got, tt.want)
		}
	}
}

func TestMathStays(t *testing.T) {
	ix, i := indexOf(t, `<p id="x">Solve <math><mi>x</mi><mo>=</mo><mn>2</mn></math> now.</p><svg><text>drawing</text></svg>`)
	if got := collapseSpace(nodeText(ix.el[i].n)); got != "Solve x=2 now." {
		t.Errorf("math text = %q", got)
	}
	for _, e := range ix.el {
		if e.n.Data == "svg" || e.n.Data == "text" {
			t.Errorf("svg kept in the index")
		}
	}
}

func TestConditionalParts(t *testing.T) {
	tests := []struct {
		name       string
		isList     bool
		weight, ld float64
		wantHeavy  bool
	}{
		{"plain block, few links", false, 0, 0.1, false},
		{"plain block, many links", false, 0, 0.3, true},
		{"list of links", true, 0, 0.9, false},
		{"content class tolerates links", false, 25, 0.4, false},
		{"content class, link farm", true, 25, 0.6, true},
	}
	for _, tt := range tests {
		if got := isLinkHeavy(tt.isList, tt.weight, tt.ld); got != tt.wantHeavy {
			t.Errorf("%s: isLinkHeavy = %v", tt.name, got)
		}
	}
	items := strings.Repeat("<li>x</li>", 105)
	ix, i := indexOf(t, `<div id="x"><ul>`+items+`</ul><p>a</p></div>`)
	if !moreItemsThanParagraphs(&ix.el[i]) {
		t.Error("105 items and 1 paragraph: want more items than paragraphs")
	}
	ix, i = indexOf(t, `<div id="x"><ul><li>x</li></ul><p>a</p></div>`)
	if moreItemsThanParagraphs(&ix.el[i]) {
		t.Error("1 item: the first 100 items are free")
	}
}

// TestTextWriterRuns checks that textWriter.text, which copies runs of
// single-spaced words at once, writes what writing word by word writes.
func TestTextWriterRuns(t *testing.T) {
	wordByWord := func(w *textWriter, s string) {
		s = strings.ReplaceAll(s, "\u00a0", " ")
		for len(s) > 0 {
			i := 0
			for i < len(s) && isSpaceByte(s[i]) {
				i++
			}
			if i > 0 {
				w.space = true
				s = s[i:]
				continue
			}
			j := wordEnd(s, 0)
			if w.pending != breakNone && w.b.Len() > 0 {
				w.flush()
			} else {
				w.pending = breakNone
				if w.space && w.b.Len() > 0 {
					w.b.WriteByte(' ')
				}
			}
			w.space = false
			w.b.WriteString(s[:j])
			s = s[j:]
		}
	}
	texts := []string{"", " ", "one", "one two three", " lead", "trail ", "two  spaces", "tab\there",
		"line\nbreak", "nbsp\u00a0joined", "a b\tc d  e", "x", " \n ", "end."}
	for i := range texts {
		for j := range texts {
			for _, k := range []breakKind{breakNone, breakLine, breakPara} {
				var a, b textWriter
				for _, w := range []*textWriter{&a, &b} {
					w.brk(k)
				}
				a.text(texts[i])
				wordByWord(&b, texts[i])
				a.brk(k)
				b.brk(k)
				a.text(texts[j])
				wordByWord(&b, texts[j])
				if a.b.String() != b.b.String() || a.space != b.space || a.pending != b.pending {
					t.Errorf("%q then %q (break %d): %q, want %q", texts[i], texts[j], k, a.b.String(), b.b.String())
				}
			}
		}
	}
}
