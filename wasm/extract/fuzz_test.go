package extract

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
)

// FuzzContent feeds arbitrary HTML to the extractor: it must not panic
// or hang (a watchdog turns a hang into a crash, so the fuzzer records
// the input), and what it returns must be consistent (text only with a
// root, every kept URL absolute).
func FuzzContent(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "seeds", "*.html"))
	for _, s := range seeds {
		if raw, err := os.ReadFile(s); err == nil {
			f.Add(string(raw))
		}
	}
	for _, s := range []string{
		"", "<p>x", page(paras(3)), "<table><tr><td>" + para + "</table>",
		"<noscript><img src=a.jpg></noscript><img data-src=b.jpg>",
		"<div hidden><p>" + para + "</div><a href=javascript:x>y</a>",
		"<frameset><frame src=a></frameset>", "<pre>" + para + "</pre>",
		"<h1>T</h1><article><h2>T</h2><p>" + para + "<script>evil()</script><style>p{}</style>",
	} {
		f.Add(s)
	}
	base, _ := url.Parse("https://example.com/a/b.html")
	f.Fuzz(func(t *testing.T, src string) {
		timer := time.AfterFunc(hangLimit, func() { panic(fmt.Sprintf("hang on %q", src)) })
		doc, err := document.Parse(src)
		if err != nil {
			timer.Stop()
			return
		}
		defer timer.Stop()
		art := Content(doc, Options{BaseURL: base, Title: "T"})
		if art.Root == nil && art.Text != "" {
			t.Fatalf("text without a root: %q", art.Text)
		}
		if art.Root == nil {
			return
		}
		walkElements(art.Root, func(n *html.Node) bool {
			for _, a := range n.Attr {
				if (a.Key == "href" || a.Key == "src") && a.Val != "" {
					u, err := url.Parse(a.Val)
					if err == nil && !u.IsAbs() {
						t.Fatalf("relative %s %q kept", a.Key, a.Val)
					}
				}
			}
			return true
		})
	})
}
