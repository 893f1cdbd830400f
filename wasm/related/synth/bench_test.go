package synth

import (
	"fmt"
	"testing"

	"github.com/tidings-app/tidings/wasm/related"
	"github.com/tidings-app/tidings/wasm/shared"
)

// BenchmarkQuery10k times one lookup in an index of 10,000 synthetic
// articles (go test -bench Query ./wasm/related/synth).
func BenchmarkQuery10k(b *testing.B) {
	base, err := Base(shared.DirOrSkip(b))
	if err != nil {
		b.Fatal(err)
	}
	gen := New(base, 1)
	idx := related.NewIndex(related.DefaultModel())
	for n := range 10000 {
		if err := idx.Add(fmt.Sprint(n), related.New(gen.Article(n))); err != nil {
			b.Fatal(err)
		}
	}
	qs := make([]*related.Fingerprint, 64)
	for k := range qs {
		qs[k] = related.New(gen.Article(1<<30 + k*11))
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		idx.Query(qs[i%len(qs)], related.QueryOptions{})
	}
}
