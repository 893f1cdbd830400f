package ecbplus

import (
	"testing"

	"github.com/tidings-app/tidings/wasm/related"
	"github.com/tidings-app/tidings/wasm/shared"
)

// BenchmarkNew times one article's fingerprint (related.New), the story
// fingerprint the engine computes for every article it extracts, over the
// ECB+ development articles.
func BenchmarkNew(b *testing.B) {
	docs, err := Load(DevPath(shared.DirOrSkip(b)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := docs[i%len(docs)]
		related.New(related.Article{Title: d.Title, Text: d.Text, URL: d.URL})
	}
}
