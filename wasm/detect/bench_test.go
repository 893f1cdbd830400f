package detect_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/decode"
	"github.com/tidings-app/tidings/wasm/detect"
	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/eval"
)

// zytePages parses the Zyte pages (every fourth, to keep the benchmark
// short), skipping when the shared corpus is absent.
func zytePages(b *testing.B) ([]*html.Node, []string) {
	b.Helper()
	shared, err := eval.SharedDir()
	if err != nil {
		b.Skipf("skipping: %v", err)
	}
	pages, err := eval.LoadZyte(filepath.Join(shared, "corpus", "zyte"))
	if err != nil {
		b.Fatal(err)
	}
	var docs []*html.Node
	var urls []string
	for i, p := range pages {
		if i%4 != 0 {
			continue
		}
		src, err := decode.File(p.File, nil)
		if err != nil {
			b.Fatal(err)
		}
		doc, err := document.Parse(src)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, doc)
		urls = append(urls, p.URL)
	}
	return docs, urls
}

// BenchmarkRun measures detection (default rules and heuristics) per page;
// BenchmarkMatch the rules alone, BenchmarkHeuristics the heuristics alone.
func BenchmarkRun(b *testing.B) {
	docs, urls := zytePages(b)
	m := engine.DefaultRules()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		detect.Run(docs[i%len(docs)], urls[i%len(docs)], m, detect.Options{})
	}
}

func BenchmarkMatch(b *testing.B) {
	docs, urls := zytePages(b)
	m := engine.DefaultRules()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Match(docs[i%len(docs)], urls[i%len(docs)])
	}
}

func BenchmarkHeuristics(b *testing.B) {
	docs, urls := zytePages(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		detect.Run(docs[i%len(docs)], urls[i%len(docs)], nil, detect.Options{})
	}
}

// BenchmarkWalkReference is the cost of walking every node of the page
// once (no work per node): the floor under any detection.
func BenchmarkWalkReference(b *testing.B) {
	docs, _ := zytePages(b)
	b.ResetTimer()
	count := 0
	for i := 0; i < b.N; i++ {
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				count++
				walk(c)
			}
		}
		walk(docs[i%len(docs)])
	}
	_ = count
}
