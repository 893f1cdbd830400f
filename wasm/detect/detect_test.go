package detect

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/locate"
	"github.com/tidings-app/tidings/wasm/rules"
)

// articlePage is a page with a main article of eight long paragraphs in
// div.body, a promo box after it and a footer; extra is inserted at the
// end of the article.
func articlePage(extra string) string {
	var b strings.Builder
	b.WriteString(`<html><head><title>T</title></head><body><header><a href="/">Home</a></header><main><article class="story"><h1>Title</h1><div class="body">`)
	for i := range 8 {
		fmt.Fprintf(&b, `<p>Paragraph %d of the article says what the committee decided about the budget, and what its members told reporters after the vote on Tuesday evening.</p>`, i)
	}
	b.WriteString(extra)
	b.WriteString(`</div></article><div class="promo"><p>Sign up for our newsletter and get the best stories.</p></div></main><footer><p>© Example</p></footer></body></html>`)
	return b.String()
}

func parse(t *testing.T, src string) *html.Node {
	t.Helper()
	doc, err := document.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func compile(t *testing.T, list string) *rules.Matcher {
	t.Helper()
	l := rules.Parse("test.txt", list)
	for _, d := range l.Diagnostics {
		if d.Severity == rules.SeverityError {
			t.Fatalf("test list line %d: %s", d.Line, d.Message)
		}
	}
	return rules.Compile(l)
}

// classes lists the detections as "category:tag.class" strings.
func classes(dets []Detection) []string {
	var out []string
	for _, d := range dets {
		out = append(out, string(d.Category)+":"+d.Node.Data+"."+attr(d.Node, "class"))
	}
	return out
}

func TestGuard(t *testing.T) {
	tests := []struct {
		name    string
		list    string
		extra   string
		want    []string // detections, as classes()
		refused int
	}{
		{
			name: "a rule on a banner",
			list: "##.promo:category(newsletter)",
			want: []string{"newsletter:div.promo"},
		},
		{
			name:    "a rule on the article is refused",
			list:    "##.story:category(paywall)\n##.body:category(paywall)",
			want:    nil,
			refused: 2,
		},
		{
			name:    "a rule on a wrapper of the article is refused",
			list:    "##main:category(other)",
			refused: 1,
		},
		{
			// :upward climbs from the phrase to the article: the hit is
			// shrunk back to the block holding the phrase.
			name:  "a similarity climb is shrunk",
			list:  "! Category: donation\n##:similar(please consider a donation today):upward(article)",
			extra: `<div class="appeal"><p class="ask">Please consider a <b>donation</b> today.</p></div>`,
			want:  []string{"donation:p.ask"},
		},
		{
			// One article paragraph quoting the phrase is not an appeal.
			name:    "a quoted phrase in an article paragraph",
			list:    "! Category: newsletter\n##:similar(sign up for our newsletter)",
			extra:   `<p class="quote">The senator told supporters at the rally on Sunday evening to sign up for our newsletter, a line that drew laughter from the crowd and from reporters.</p>`,
			want:    []string{"newsletter:p."},
			refused: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parse(t, articlePage(tt.extra))
			res := Run(doc, "https://example.com/a", compile(t, tt.list), Options{NoHeuristics: true})
			got := classes(res.Detections)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("detections %v, want %v", got, tt.want)
			}
			if res.Refused != tt.refused {
				t.Errorf("refused %d, want %d", res.Refused, tt.refused)
			}
		})
	}
}

// TestHitAfterTemplate: the elements inside a <template> are not part of
// the page, so a rule hit after one is measured as itself, not as the
// element as many places further on (here <main>, which holds the
// article and would be refused).
func TestHitAfterTemplate(t *testing.T) {
	page := strings.Replace(articlePage(""), "<title>T</title>", "<title>T</title><template><p>a</p><p>b</p></template>", 1)
	res := Run(parse(t, page), "https://example.com/a", compile(t, "##header:category(other)"), Options{NoHeuristics: true})
	if got := classes(res.Detections); strings.Join(got, " ") != "other:header." || res.Refused != 0 {
		t.Errorf("detections %v, %d refused; want the header alone", got, res.Refused)
	}
}

func TestNestedDetectionsReportedOnce(t *testing.T) {
	doc := parse(t, articlePage(`<aside class="box"><div class="inner"><p>Sign up for our newsletter.</p></div><div class="share">x</div></aside>`))
	m := compile(t, "##.box:category(newsletter)\n##.inner:category(newsletter)\n##.share:category(social)")
	res := Run(doc, "", m, Options{NoHeuristics: true})
	if got := classes(res.Detections); strings.Join(got, " ") != "newsletter:aside.box" {
		t.Errorf("detections %v, want only the outer box, not its children", got)
	}
}

func TestOneDetectionPerElementRuleFirst(t *testing.T) {
	page := articlePage(`<div class="share-bar"><a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a> <a href="https://twitter.com/intent/tweet?url=x">Twitter</a></div>`)
	doc := parse(t, page)
	res := Run(doc, "", compile(t, "##.share-bar:category(promo)"), Options{})
	n := 0
	for _, d := range res.Detections {
		if attr(d.Node, "class") == "share-bar" {
			n++
			if d.Kind != rules.KindCSS || d.Category != rules.Promo || d.Rule == nil || d.Rule.Line != 1 {
				t.Errorf("the rule's detection should win: %+v", d)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d detections on the share bar, want 1", n)
	}
}

func TestHeuristicSwitches(t *testing.T) {
	page := articlePage(`<div class="bar"><a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a> <a href="https://twitter.com/intent/tweet?url=x">Twitter</a></div>`)
	count := func(list, url string) int {
		n := 0
		for _, d := range Run(parse(t, page), url, compile(t, list), Options{}).Detections {
			if d.Heuristic == "share-bar" {
				n++
			}
		}
		return n
	}
	tests := []struct {
		list, url string
		want      int
	}{
		{"! nothing", "https://news.example.com/a", 1},
		{"#@#:heuristic(share-bar)", "https://news.example.com/a", 0},
		{"#@#:heuristic(*)", "https://news.example.com/a", 0},
		{"example.com#@#:heuristic(share-bar)", "https://news.example.com/a", 0},
		{"example.com#@#:heuristic(share-bar)", "https://other.org/a", 1},
		{"example.com#@#:heuristic(*)\nnews.example.com##:heuristic(share-bar)", "https://news.example.com/a", 1},
	}
	for _, tt := range tests {
		if got := count(tt.list, tt.url); got != tt.want {
			t.Errorf("list %q on %s: %d share bars, want %d", tt.list, tt.url, got, tt.want)
		}
	}
	if got := Run(parse(t, page), "", nil, Options{NoHeuristics: true}).Detections; len(got) != 0 {
		t.Errorf("NoHeuristics without rules found %v", classes(got))
	}
}

func TestStyleActions(t *testing.T) {
	doc := parse(t, articlePage(""))
	res := Run(doc, "", compile(t, "##html:style(overflow: auto !important)\n##body:style(overflow: auto !important)\n##.story:style(filter: none)"), Options{NoHeuristics: true})
	if len(res.Detections) != 3 {
		t.Fatalf("detections %v, want the three style rules", classes(res.Detections))
	}
	for _, d := range res.Detections {
		if d.Hides() || d.Action.Kind != rules.ActionStyle || d.Action.Style == "" {
			t.Errorf("style rule reported as %+v", d.Action)
		}
	}
	if res.Refused != 0 {
		t.Errorf("a style rule on the article was refused")
	}
}

func TestLocatorsAndSnippets(t *testing.T) {
	doc := parse(t, articlePage(`<div class="share"><a href="https://www.facebook.com/sharer/sharer.php?u=x">Share on Facebook</a> <a href="https://twitter.com/intent/tweet?u=x">Tweet</a></div>`))
	res := Run(doc, "", compile(t, "##.promo:category(newsletter)"), Options{})
	if len(res.Detections) != 2 {
		t.Fatalf("detections %v", classes(res.Detections))
	}
	for _, d := range res.Detections {
		if locate.Find(doc, d.Locator) != d.Node {
			t.Errorf("locator %+v does not find <%s>", d.Locator, d.Node.Data)
		}
		if d.Snippet == "" || len([]rune(d.Snippet)) > SnippetRunes {
			t.Errorf("snippet %q", d.Snippet)
		}
	}
	if res.Detections[0].Snippet != "Share on Facebook Tweet" {
		t.Errorf("first detection's snippet %q (detections must be in document order)", res.Detections[0].Snippet)
	}
}

func TestPaywalledByPrompt(t *testing.T) {
	prompt := `<div class="snippet-login"><span>To Read the Full Story</span> <a href="/subscribe">Subscribe</a> <a href="/login">Sign In</a></div>`
	if res := Run(parse(t, articlePage(prompt)), "", nil, Options{}); !res.Paywalled {
		t.Errorf("a paywall prompt did not set Paywalled: %v", classes(res.Detections))
	}
	// An empty vendor shell is detected but does not say the article is
	// walled.
	res := Run(parse(t, articlePage(`<div id="poool-widget"></div>`)), "", nil, Options{})
	if res.Paywalled || len(res.Detections) != 1 {
		t.Errorf("empty vendor shell: paywalled %v, detections %v", res.Paywalled, classes(res.Detections))
	}
}

func TestBadInput(t *testing.T) {
	if res := Run(nil, "", nil, Options{}); len(res.Detections) != 0 {
		t.Error("detections on a nil document")
	}
	m := compile(t, "##div\n##:similar(the committee decided about the budget):upward(10)")
	tests := map[string]string{
		"empty":       "",
		"garbage":     "\x00\xff<<<>>>\x89PNG",
		"deep":        strings.Repeat("<div>", 500) + "text" + strings.Repeat("</div>", 500),
		"wide":        strings.Repeat(`<div class="cookie-notice"><p>We use cookies.</p><button>OK</button></div>`, 5000),
		"many inputs": strings.Repeat(`<form><input type=email><p>Sign up for our newsletter</p></form>`, 3000),
		"unclosed":    `<body style="overflow:hidden"><div style="position:fixed;inset:0"><a href="https://www.facebook.com/sharer`,
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := document.Parse(src)
			if err != nil {
				t.Skipf("parser refused: %v", err)
			}
			for _, mm := range []*rules.Matcher{nil, m} {
				res := Run(doc, "https://example.com/", mm, Options{})
				for _, d := range res.Detections {
					if d.Node == nil || pageRoot(d.Node) && d.Hides() {
						t.Errorf("bad detection %+v", d)
					}
				}
			}
		})
	}
}

// TestMaxDetections: a rule hitting more elements than MaxDetections
// gives the first MaxDetections in document order, located, and says the
// list is truncated; at the limit nothing is dropped.
func TestMaxDetections(t *testing.T) {
	m := compile(t, "! Category: social\n##.chip\n")
	for _, tt := range []struct {
		chips     int
		want      int
		truncated bool
	}{
		{MaxDetections, MaxDetections, false},
		{MaxDetections + 500, MaxDetections, true},
	} {
		var b strings.Builder
		for i := range tt.chips {
			fmt.Fprintf(&b, `<span class="chip">chip %d</span>`, i)
		}
		doc := parse(t, articlePage("")+"<aside>"+b.String()+"</aside>")
		res := Run(doc, "", m, Options{NoHeuristics: true})
		if len(res.Detections) != tt.want || res.Truncated != tt.truncated {
			t.Fatalf("%d chips: %d detections, truncated %v; want %d, %v", tt.chips, len(res.Detections), res.Truncated, tt.want, tt.truncated)
		}
		last := res.Detections[len(res.Detections)-1]
		if want := fmt.Sprintf("chip %d", tt.want-1); last.Snippet != want {
			t.Errorf("%d chips: last detection %q, want %q (document order)", tt.chips, last.Snippet, want)
		}
		if locate.Find(doc, last.Locator) != last.Node {
			t.Errorf("%d chips: the last detection's locator does not find it", tt.chips)
		}
	}
	// A paywall prompt after the limit is kept, and the page still paywalled.
	wall := compile(t, "! Category: social\n##.chip\n! Category: paywall\n##.wall\n")
	var b strings.Builder
	for i := range MaxDetections + 10 {
		fmt.Fprintf(&b, `<span class="chip">chip %d</span>`, i)
	}
	doc := parse(t, articlePage("")+"<aside>"+b.String()+`</aside><div class="wall">Subscribe to keep reading</div>`)
	res := Run(doc, "", wall, Options{NoHeuristics: true})
	if !res.Paywalled || !res.Truncated || len(res.Detections) != MaxDetections {
		t.Fatalf("paywall after the limit: paywalled %v, truncated %v, %d detections", res.Paywalled, res.Truncated, len(res.Detections))
	}
	if last := res.Detections[MaxDetections-1]; last.Category != rules.Paywall {
		t.Errorf("the last detection is %s %q, want the paywall prompt (document order)", last.Category, last.Snippet)
	}
}
