package rules

import (
	"testing"
)

// BenchmarkParseCompileFanboy: the target is 150 ms natively.
//
//	go test ./wasm/rules -run '^$' -bench ParseCompile -benchmem
func BenchmarkParseCompileFanboy(b *testing.B) {
	text := loadFanboy(b)
	b.ReportAllocs()
	for b.Loop() {
		Compile(Parse("fanboy-annoyance.txt", text))
	}
}

// BenchmarkMatchZyte matches one page per iteration, cycling through the
// Zyte pages, with Fanboy's list and the generic similarity rules loaded.
// The target is 10 ms median per page natively.
func BenchmarkMatchZyte(b *testing.B) {
	benchMatch(b, Compile(Parse("fanboy-annoyance.txt", loadFanboy(b)), Parse("generic-similarity.txt", genericSimilarity(b))))
}

// benchMatch matches one Zyte page per iteration with m, cycling through
// the pages.
func benchMatch(b *testing.B, m *Matcher) {
	docs := zytePages(b, 0)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Match(docs[i%len(docs)], "https://www.example.com/news/1")
		i++
	}
}

// BenchmarkLintFanboy measures what the extension's rule editor calls.
func BenchmarkLintFanboy(b *testing.B) {
	text := loadFanboy(b)
	for b.Loop() {
		Lint("fanboy-annoyance.txt", text)
	}
}
