package detect

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/locate"
	"github.com/tidings-app/tidings/wasm/rules"
)

// fuzzRules exercise every path of Run: CSS, procedural climbs to the
// root, similarity rules (shrunk when they swallow), styles, switches.
const fuzzRules = `##div:has(a):upward(3)
##p:has-text(/sign|subscribe/i)
##:similar(sign up for our newsletter)
##:similar(we have a small favor to ask):upward(:has(a[href*="donat"]))
##body:style(overflow: auto !important)
##*:category(promo)
example.com#@#:heuristic(share-bar)
`

// fuzzTimeout: a page this small never takes this long.
const fuzzTimeout = 5 * time.Second

// FuzzRun runs detection on arbitrary pages: it must not panic, and every
// detection must be locatable and never hide the page's root.
func FuzzRun(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.html")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b), "https://news.example.com/a")
		}
	}
	f.Add("<body style='overflow:hidden'><div style='position:fixed;inset:0'>x</div>", "https://example.com/")
	f.Add("<p>"+"<a href='https://www.facebook.com/sharer'>f</a>", "")
	m := rules.Compile(rules.Parse("fuzz.txt", fuzzRules))
	f.Fuzz(func(t *testing.T, src, url string) {
		doc, err := document.Parse(src)
		if err != nil {
			return
		}
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(fuzzTimeout):
				panic(fmt.Sprintf("Run took over %v on %q", fuzzTimeout, src))
			}
		}()
		res := Run(doc, url, m, Options{})
		for _, d := range res.Detections {
			if d.Hides() && pageRoot(d.Node) {
				t.Fatalf("hides the page root <%s>", d.Node.Data)
			}
			if locate.Find(doc, d.Locator) != d.Node {
				t.Fatalf("locator of <%s> does not find it", d.Node.Data)
			}
		}
	})
}
