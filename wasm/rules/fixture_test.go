package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenericSimilarityFixtures runs testdata/generic-similarity.txt on
// its fixtures, as `tidings rules test` does.
func TestGenericSimilarityFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "tests", "generic-similarity", "*.html"))
	if err != nil || len(files) < 3 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	m := Compile(Parse("generic-similarity.txt", genericSimilarity(t)))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fx, err := ParseFixture(f, string(src))
		if err != nil {
			t.Fatal(err)
		}
		if len(fx.Expect) == 0 || fx.URL == "" {
			t.Errorf("%s: %d expectations, URL %q", f, len(fx.Expect), fx.URL)
		}
		if rep := fx.Check(m); !rep.Passed() {
			t.Errorf("%s: %v", f, rep.Failures)
		}
	}
}

func TestFixtureFailures(t *testing.T) {
	page := `<html><head><link rel="canonical" href="https://example.com/a"></head><body>
<div class="story" data-tidings-expect="none"><p class="para">Text</p></div>
<div class="appeal" data-tidings-expect="donation"><p class="inner">Give</p></div>
<div class="promo" data-tidings-expect="newsletter"></div>
<div class="stray"></div></body></html>`
	fx, err := ParseFixture("f.html", page)
	if err != nil {
		t.Fatal(err)
	}
	if fx.URL != "https://example.com/a" || len(fx.Expect) != 3 {
		t.Fatalf("URL %q, %d expectations", fx.URL, len(fx.Expect))
	}
	tests := []struct {
		rules string
		fails []string // substrings, one per expected failure
	}{
		{"! Category: donation\n##.appeal\n##.inner\n! Category: newsletter\nexample.com##.promo", nil},
		{"! Category: donation\n##.appeal\n! Category: newsletter\nother.com##.promo", []string{"missed <div.promo>"}},
		{"! Category: cookie\n##.appeal\n! Category: newsletter\n##.promo", []string{"<div.appeal> \"give\": expected donation, got cookie"}},
		{"! Category: donation\n##.appeal\n! Category: newsletter\n##.promo\n##.para\n##.stray", []string{
			"unexpected hit on <p.para>",
			"unexpected hit on <div.stray>",
		}},
		{"! Category: donation\n##.appeal\n! Category: newsletter\n##.promo\n##body > div:first-child", []string{"<div.story> \"text\" must stay"}},
	}
	for _, tt := range tests {
		l := Parse("rules.txt", tt.rules)
		rep := fx.Check(Compile(l))
		if len(rep.Failures) != len(tt.fails) {
			t.Errorf("%q: failures %q, want %d", tt.rules, rep.Failures, len(tt.fails))
			continue
		}
		for _, want := range tt.fails {
			found := false
			for _, f := range rep.Failures {
				found = found || strings.Contains(f, want)
			}
			if !found {
				t.Errorf("%q: no failure mentions %q: %q", tt.rules, want, rep.Failures)
			}
		}
	}
	if _, err := ParseFixture("bad.html", `<div data-tidings-expect="banner"></div>`); err == nil {
		t.Error("an unknown category was accepted")
	}
}

// TestFixtureRestyles checks that :style() hits are expected on their own
// and never count as hiding.
func TestFixtureRestyles(t *testing.T) {
	page := func(bodyAttr, boxAttr string) string {
		return `<html><head><meta name="tidings-test-url" content="https://example.com/a"></head>
<body class="locked" ` + bodyAttr + `>
<article data-tidings-expect="none"><p>Council passes budget.</p></article>
<div class="blurred" ` + boxAttr + `>Text</div>
<div class="modal" data-tidings-expect="paywall">Subscribe</div></body></html>`
	}
	const rules = "! Category: paywall\n##.modal\n##body.locked:style(overflow: auto !important)\n##.blurred:style(filter: none)"
	tests := []struct {
		name, body, box string
		fails           []string // substrings, one per expected failure
	}{
		{"expected restyles", `data-tidings-expect-style="paywall"`, `data-tidings-expect-style="paywall"`, nil},
		{"legacy body mark", `data-tidings-expect="paywall"`, `data-tidings-expect-style="paywall"`, nil},
		{"unexpected restyle", "", `data-tidings-expect-style="paywall"`, []string{"unexpected restyle of <body.locked>"}},
		{"restyle forbidden", `data-tidings-expect-style="paywall"`, `data-tidings-expect-style="none"`, []string{"<div.blurred> \"text\" must not be restyled"}},
		{"wrong category", `data-tidings-expect-style="cookie"`, `data-tidings-expect-style="paywall"`, []string{"expected a cookie restyle, got paywall"}},
	}
	m := Compile(Parse("rules.txt", rules))
	for _, tt := range tests {
		fx, err := ParseFixture("f.html", page(tt.body, tt.box))
		if err != nil {
			t.Fatal(err)
		}
		rep := fx.Check(m)
		if rep.Restyles != 2 || rep.Hits != 3 {
			t.Errorf("%s: %d hits, %d restyles; want 3 and 2", tt.name, rep.Hits, rep.Restyles)
		}
		if len(rep.Failures) != len(tt.fails) {
			t.Errorf("%s: failures %q, want %d", tt.name, rep.Failures, len(tt.fails))
			continue
		}
		for i, want := range tt.fails {
			if !strings.Contains(rep.Failures[i], want) {
				t.Errorf("%s: failure %q does not mention %q", tt.name, rep.Failures[i], want)
			}
		}
	}
	// A hide where a restyle is expected fails.
	fx, err := ParseFixture("f.html", page(`data-tidings-expect-style="paywall"`, `data-tidings-expect-style="paywall"`))
	if err != nil {
		t.Fatal(err)
	}
	rep := fx.Check(Compile(Parse("rules.txt", rules+"\n##.blurred")))
	if len(rep.Failures) != 1 || !strings.Contains(rep.Failures[0], "expected a restyle (paywall), but") {
		t.Errorf("hide instead of restyle: %q", rep.Failures)
	}
	if _, err := ParseFixture("bad.html", `<div data-tidings-expect-style="banner"></div>`); err == nil {
		t.Error("an unknown restyle category was accepted")
	}
}
