package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/shared"
)

// fuzzPage is the page every fuzzed list is matched against.
const fuzzPage = `<html><head><title>t</title></head><body class="page">
<header class="site-header"><a class="support-link" href="/contribute">Support us!</a></header>
<article id="story"><h1>Title</h1><p class="lead">Kerry said on Tuesday that he will meet Putin.</p>
<div class="appeal" data-campaign="x"><p>… we have a small favor to ask. Please support us.</p>
<a href="/donate?amount=2">Donate</a></div>
<form class="newsletter"><input type="email"><button>Sign up</button></form></article>
<ul><li>1</li><li class="odd">2</li></ul><div id="cookie-notice" role="dialog">We use cookies.</div>
</body></html>`

// fuzzSeedLines are hand-written lines covering the syntax, plus a sample
// of Fanboy's list when the shared corpus is present.
var fuzzSeedLines = []string{
	"##.ad", "###cookie-notice", "example.com,~a.example.com##div.appeal > p",
	"#@#.ad", "example.com#?#div:-abp-has(> a[href*=\"donate\"])",
	"##p:has-text(/small fa(v|vou)r/i):upward(2)", "##div:-abp-contains(cookies):remove()",
	"##body:style(overflow: auto !important)", "##:similar(we have a small favor to ask):threshold(0.8)",
	"##div:similar(please support us):category(donation)", "#@#:heuristic(donate-box)",
	"! Category: newsletter", "! Expires: 4 days", "!#if ext_abp", "!#endif", "[Adblock Plus 2.0]",
	"##li:nth-child(2n+1):not(.odd)", "##a:upward(.appeal) ~ form input", "||ads.example.com^",
	"example.com##+js(nano-sib)", "##:is(.a, .b):where(div)", "##[data-campaign=\"x\" i]",
	`###\5f x`, "##div:has(:scope > p:has-text(favor))", "##.x:upward(:has(a[href^=\"/don\"]))",
}

func FuzzParse(f *testing.F) {
	for _, l := range fuzzSeedLines {
		f.Add(l)
	}
	f.Add(strings.Join(fuzzSeedLines, "\n"))
	if b, err := os.ReadFile(filepath.Join("testdata", "generic-similarity.txt")); err == nil {
		f.Add(string(b))
	}
	// A sample of real lines, when the shared corpus is there.
	if dir, err := shared.Dir(); err == nil {
		if b, err := os.ReadFile(filepath.Join(dir, "corpus", "filterlists", "fanboy-annoyance.txt")); err == nil {
			lines := strings.Split(string(b), "\n")
			for i := 0; i < len(lines); i += 97 {
				f.Add(lines[i])
			}
		}
	}
	doc := mustDoc(f, fuzzPage)
	f.Fuzz(func(t *testing.T, text string) {
		l := Parse("fuzz", text)
		errs, warns := 0, 0
		for _, d := range l.Diagnostics {
			switch d.Severity {
			case SeverityError:
				errs++
			case SeverityWarning:
				warns++
			}
			if d.Line < 0 || d.Line > l.Counts.Lines {
				t.Fatalf("diagnostic on line %d of %d", d.Line, l.Counts.Lines)
			}
		}
		if errs != l.Counts.Errors || warns != l.Counts.Warnings || len(l.Rules) != l.Counts.Rules {
			t.Fatalf("counts disagree: %+v vs %d errors %d warnings %d rules", l.Counts, errs, warns, len(l.Rules))
		}
		if l.Counts.Rejected > l.Counts.ElementHiding {
			t.Fatalf("rejected %d of %d", l.Counts.Rejected, l.Counts.ElementHiding)
		}
		m := Compile(l)
		start := time.Now()
		res := m.Match(doc, "https://www.example.com/news/1")
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("match took %v", d)
		}
		for _, h := range res.Hits {
			if h.Node == nil || h.Rule == nil || h.Category == "" || h.Confidence <= 0 || h.Confidence > 1 {
				t.Fatalf("bad hit %+v", h)
			}
		}
		_ = LintList(l)
	})
}

// FuzzMatch matches a fixed list against fuzzed pages.
func FuzzMatch(f *testing.F) {
	f.Add(fuzzPage)
	f.Add(deepPage(300))
	f.Add("<table><div class=appeal><p>we have a small favour to ask<a href=/donate>x</a></table>")
	f.Add(strings.Repeat("<li class=odd>", 50) + "we have a small favor to ask")
	l := Parse("fuzz", strings.Join(fuzzSeedLines, "\n"))
	m := Compile(l)
	f.Fuzz(func(t *testing.T, page string) {
		doc, err := document.Parse(page)
		if err != nil {
			return
		}
		start := time.Now()
		res := m.Match(doc, "https://example.com/")
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("match took %v", d)
		}
		for _, h := range res.Hits {
			if h.Node == nil || h.Node.Type != html.ElementNode {
				t.Fatalf("hit on a non-element: %+v", h)
			}
		}
	})
}
