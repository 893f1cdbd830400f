package metadata

import (
	"net/url"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/decode"
	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/shared"
)

// zyteDocs parses the Zyte benchmark pages, real news pages of every kind.
func zyteDocs(b testing.TB) []*html.Node {
	b.Helper()
	files, err := filepath.Glob(filepath.Join(shared.DirOrSkip(b), "corpus", "zyte", "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		b.Skip("skipping: no Zyte pages under shared/corpus/zyte/html")
	}
	var docs []*html.Node
	for _, f := range files {
		src, err := decode.File(f, nil)
		if err != nil {
			b.Fatal(err)
		}
		doc, err := document.Parse(src)
		if err != nil {
			continue
		}
		docs = append(docs, doc)
	}
	return docs
}

// BenchmarkExtract times Extract (with Readerable) per page over the Zyte
// pages; parsing is excluded.
func BenchmarkExtract(b *testing.B) {
	docs := zyteDocs(b)
	base, _ := url.Parse("https://example.com/news/article.html")
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		Extract(docs[i%len(docs)], base)
	}
}
