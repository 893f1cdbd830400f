package engine

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tidings-app/tidings/wasm/decode"
)

// FuzzClean feeds the whole pipeline arbitrary input. Seeds: the seed pages,
// small hostile fragments and, when ../shared is present, corpus pages.
// Run it with `make fuzz` (FUZZTIME=5m).
func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"", "<", "<!DOCTYPE", "<html><body><p>x</p></body></html>",
		"<table><div><p>a<table><tr><td>b</table></p></div>",
		"<a href='javascript:alert(1)'>x</a><img src=x onerror=alert(1)>",
		"<svg><foreignObject><script>1</script></foreignObject></svg>",
		"<math><mi><style><img src=x onerror=1></style></mi></math>",
		"<noscript><p>fallback</p></noscript><template><p>t</p></template>",
		"<base href='javascript:x//'><a href='y'>z</a>",
		"<img data-src='//cdn.example/i.jpg' srcset=', , ,'>",
		"0 onerror=", "<p>javascript: the good parts</p>", // text that only looks active
	} {
		f.Add(s, "https://example.com/a/b")
	}
	seeds, _ := filepath.Glob("../../testdata/seeds/*.html")
	for _, s := range seeds {
		if raw, err := os.ReadFile(s); err == nil {
			f.Add(string(raw), "https://example.com/")
		}
	}
	corpus, _ := filepath.Glob("../../../shared/corpus/zyte/html/*.html.gz")
	for i, p := range corpus {
		if i%15 != 0 {
			continue
		}
		if src, err := decode.File(p, nil); err == nil {
			f.Add(src, "https://news.example/story")
		}
	}
	f.Fuzz(func(t *testing.T, src, url string) {
		res, err := Clean(src, Options{URL: url})
		if err != nil {
			return
		}
		checkSafe(t, res)
	})
}
