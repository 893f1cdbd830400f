package rules

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// repoRoot finds the repository root (the directory with go.mod) above
// the working directory.
func repoRoot(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; filepath.Dir(dir) != dir; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
	}
	t.Fatal("no go.mod above the working directory")
	return ""
}

// shippedLists parses the repository's shipped lists, rules/tidings-*.txt,
// in file-name order (the engine's order).
func shippedLists(t testing.TB) []*List {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot(t), "rules", "tidings-*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped lists under rules/: %v", err)
	}
	sort.Strings(files)
	lists := make([]*List, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lists = append(lists, Parse(filepath.Base(f), string(b)))
	}
	return lists
}

// BenchmarkMatchShipped matches one Zyte page per iteration with the
// shipped lists compiled together (the engine's default rules).
//
//	GOMAXPROCS=1 go test ./wasm/rules -run '^$' -bench 'MatchShipped' -count 6
func BenchmarkMatchShipped(b *testing.B) {
	benchMatch(b, Compile(shippedLists(b)...))
}

// BenchmarkMatchShippedFanboy adds Fanboy's annoyance list.
func BenchmarkMatchShippedFanboy(b *testing.B) {
	lists := append(shippedLists(b), Parse("fanboy-annoyance.txt", loadFanboy(b)))
	benchMatch(b, Compile(lists...))
}

func benchMatch(b *testing.B, m *Matcher) {
	docs := zytePages(b, 0)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Match(docs[i%len(docs)], "https://www.example.com/news/1")
		i++
	}
}

func BenchmarkMatchFanboyOnly(b *testing.B) {
	benchMatch(b, Compile(Parse("fanboy-annoyance.txt", loadFanboy(b))))
}

// TestMatchMedians prints the speed numbers: the median over the
// Zyte pages of each page's median Match time, with the shipped lists and
// with Fanboy's list added, on one core. Timing depends on the machine, so
// it only runs when asked:
//
//	TIDINGS_TIMING=1 go test ./wasm/rules -run MatchMedians -v
func TestMatchMedians(t *testing.T) {
	if os.Getenv("TIDINGS_TIMING") == "" {
		t.Skip("set TIDINGS_TIMING=1 to time matching")
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	docs := zytePages(t, 0)
	shipped := shippedLists(t)
	fanboy := Parse("fanboy-annoyance.txt", loadFanboy(t))
	for _, tc := range []struct {
		name  string
		lists []*List
	}{
		{"shipped", shipped},
		{"shipped+fanboy", append(append([]*List(nil), shipped...), fanboy)},
		{"fanboy", []*List{fanboy}},
	} {
		m := Compile(tc.lists...)
		med, p90 := pageMedians(m, docs, timingRounds)
		t.Logf("%-15s median %.3f ms, p90 %.3f ms per page (%d pages, median of %d rounds each)", tc.name, med, p90, len(docs), timingRounds)
	}
}

// timingRounds is how often each page is matched; its median time counts.
const timingRounds = 7

// pageMedians returns the median and 90th percentile over docs of each
// page's median Match time, in milliseconds.
func pageMedians(m *Matcher, docs []*html.Node, rounds int) (float64, float64) {
	per := make([]time.Duration, len(docs))
	round := make([]time.Duration, rounds)
	for i, doc := range docs {
		for r := range round {
			start := time.Now()
			m.Match(doc, "https://www.example.com/news/1")
			round[r] = time.Since(start)
		}
		slices.Sort(round)
		per[i] = round[rounds/2]
	}
	slices.Sort(per)
	ms := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
	return ms(per[len(per)/2]), ms(per[len(per)*9/10])
}
