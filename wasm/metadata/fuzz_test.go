package metadata

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tidings-app/tidings/wasm/document"
)

// fuzzSeedPages are Readability test pages with rich metadata (JSON-LD,
// OpenGraph, microdata bylines, dir attributes), used as fuzz seeds when
// the shared corpus is present.
var fuzzSeedPages = []string{"001", "aktualne", "schema-org-context-object", "medium-1", "rtl-2", "wikipedia-2", "parsely-metadata"}

// maxFuzzSeedBytes keeps seeds small enough for the fuzzer to mutate well.
const maxFuzzSeedBytes = 64 << 10

// FuzzExtract checks that Extract never panics and that what it returns
// is well formed: valid UTF-8, whitespace collapsed, URLs absolute http(s).
func FuzzExtract(f *testing.F) {
	f.Add(pageHTML(`<title>A Title Of Some Words | Site</title><meta property="og:title" content="T &amp;amp; U">`, `<p class="byline">By Me</p>`))
	f.Add(pageHTML(ld(`{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","author":{"@id":"#a"},"image":[{"url":"/x.png"}]},{"@id":"#a","name":"A"}]}`), ""))
	f.Add(`<html dir="rtl" lang="ar"><body><article><time pubdate datetime="2020">x</time><div>a<br>b</div></article>`)
	f.Add("")
	if dir, err := os.Getwd(); err == nil {
		for d := dir; filepath.Dir(d) != d; d = filepath.Dir(d) {
			pages := filepath.Join(filepath.Dir(d), "shared", "corpus", "readability", "test-pages")
			if _, err := os.Stat(pages); err != nil {
				continue
			}
			for _, name := range fuzzSeedPages {
				if raw, err := os.ReadFile(filepath.Join(pages, name, "source.html")); err == nil {
					if len(raw) > maxFuzzSeedBytes {
						raw = raw[:maxFuzzSeedBytes]
					}
					f.Add(string(raw))
				}
			}
			break
		}
	}
	base, _ := url.Parse(testPageURL)
	f.Fuzz(func(t *testing.T, src string) {
		doc, err := document.Parse(src)
		if err != nil {
			return
		}
		m := Extract(doc, BaseURL(doc, base))
		for name, v := range map[string]string{
			"Title": m.Title, "Byline": m.Byline, "SiteName": m.SiteName, "PublishedTime": m.PublishedTime,
			"Lang": m.Lang, "Excerpt": m.Excerpt,
		} {
			if !utf8.ValidString(v) {
				t.Errorf("%s is not valid UTF-8: %q", name, v)
			}
			if name != "Lang" && collapse(v) != v {
				t.Errorf("%s is not collapsed: %q", name, v)
			}
		}
		for name, v := range map[string]string{"Image": m.Image, "CanonicalURL": m.CanonicalURL} {
			if v != "" && !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
				t.Errorf("%s is not an absolute http(s) URL: %q", name, v)
			}
		}
		switch m.Dir {
		case "", "ltr", "rtl", "auto":
		default:
			t.Errorf("Dir = %q", m.Dir)
		}
		if Readerable(doc) != m.Readerable {
			t.Errorf("Readerable(doc) disagrees with Extract")
		}
	})
}
