package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/decode"
	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/shared"
)

func loadFanboy(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(shared.DirOrSkip(t), "corpus", "filterlists", "fanboy-annoyance.txt"))
	if err != nil {
		t.Skipf("fanboy list: %v", err)
	}
	return string(b)
}

// zytePages parses up to n Zyte corpus pages (all when n <= 0).
func zytePages(t testing.TB, n int) []*html.Node {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(shared.DirOrSkip(t), "corpus", "zyte", "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		t.Skip("no Zyte pages")
	}
	sort.Strings(files)
	if n > 0 && n < len(files) {
		files = files[:n]
	}
	var docs []*html.Node
	for _, f := range files {
		src, err := decode.File(f, nil)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := document.Parse(src)
		if err != nil {
			continue
		}
		docs = append(docs, doc)
	}
	return docs
}

// TestFanboyCompiles holds the target: at least 99 % of the
// list's element-hiding lines compile, and each rejected line has a
// diagnostic with its reason.
func TestFanboyCompiles(t *testing.T) {
	l := Parse("fanboy-annoyance.txt", loadFanboy(t))
	c := l.Counts
	if c.ElementHiding < 43000 {
		t.Fatalf("only %d element-hiding lines found; the list has about 43,500 outside !#if", c.ElementHiding)
	}
	compiled := float64(c.ElementHiding-c.Rejected) / float64(c.ElementHiding)
	if compiled < 0.99 {
		t.Errorf("compiled %.4f of element-hiding lines, want >= 0.99", compiled)
	}
	rejectedLines := map[int]bool{}
	for _, d := range l.Diagnostics {
		if d.Code == CodeInvalidSelector || d.Code == CodeUnsupported || d.Code == CodeInvalidDomain || d.Code == CodeLimit {
			rejectedLines[d.Line] = true
		}
	}
	if len(rejectedLines) != c.Rejected {
		t.Errorf("%d rejected lines but %d with a rejection diagnostic", c.Rejected, len(rejectedLines))
	}
	if c.Errors != 0 {
		t.Errorf("%d errors on a list that real blockers load: %+v", c.Errors, l.Diagnostics)
	}
	if c.ByKind[KindCSS] == 0 || c.Exceptions == 0 || c.Skipped[SkipNetwork] == 0 {
		t.Errorf("counts look wrong: %+v", c)
	}
}

// TestFanboyAgreesWithCascadia runs the list's generic rules that cascadia
// understands over corpus pages, with the indexed matcher and with
// cascadia one rule at a time, and compares the elements hit.
func TestFanboyAgreesWithCascadia(t *testing.T) {
	text := loadFanboy(t)
	docs := zytePages(t, 12)
	var lines []string
	var sels []cascadia.Selector
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "##") {
			continue
		}
		body := line[2:]
		if _, _, simple := simpleSelector(body); simple && len(lines)%8 != 0 {
			continue // test a sample of the simple ones: they are all alike
		}
		sel, err := cascadia.Compile(body)
		if err != nil {
			continue
		}
		lines = append(lines, line)
		sels = append(sels, sel)
	}
	l := Parse("generic", strings.Join(lines, "\n"))
	if l.Counts.Rejected != 0 {
		t.Fatalf("selectors cascadia accepts were rejected: %+v", l.Diagnostics)
	}
	m := Compile(l)
	total := agreeWithCascadia(t, m, sels, docs)
	t.Logf("%d rules, %d pages, %d elements hit, all agree", len(lines), len(docs), total)
}

// agreeWithCascadia compares, on each page, the elements m hits with those
// cascadia's selectors match (the page root and unrendered elements
// aside, which the matcher never hits), and returns the number of
// elements hit. It fails t when none is: the comparison proves nothing.
func agreeWithCascadia(t *testing.T, m *Matcher, sels []cascadia.Selector, docs []*html.Node) int {
	t.Helper()
	total := 0
	for i, doc := range docs {
		want := map[*html.Node]bool{}
		for _, s := range sels {
			for _, n := range s.MatchAll(doc) {
				if !pageRoot(n) && !unrendered(n) {
					want[n] = true
				}
			}
		}
		got := map[*html.Node]bool{}
		for _, h := range m.Match(doc, "").Hits {
			got[h.Node] = true
		}
		for n := range want {
			if !got[n] {
				t.Errorf("page %d: cascadia hits %s, the matcher does not", i, describe(n))
			}
		}
		for n := range got {
			if !want[n] {
				t.Errorf("page %d: the matcher hits %s, cascadia does not", i, describe(n))
			}
		}
		total += len(want)
	}
	if total == 0 {
		t.Fatal("no element hit on any page: the comparison proves nothing")
	}
	return total
}

// unrendered reports whether n is in, or is, a subtree the matcher never
// hits (see Match): <head>, <template>, <noscript>.
func unrendered(n *html.Node) bool {
	for a := n; a != nil; a = a.Parent {
		if a.Type == html.ElementNode && neverRendered(a) {
			return true
		}
	}
	return false
}

// TestZyteMatchSpeed is a smoke check (the bench reports the real
// numbers): with the whole list, matching a page takes milliseconds.
func TestZyteMatchSpeed(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	m := Compile(Parse("fanboy", loadFanboy(t)))
	docs := zytePages(t, 30)
	times := make([]time.Duration, 0, len(docs))
	for _, doc := range docs {
		start := time.Now()
		res := m.Match(doc, "https://www.example.com/")
		times = append(times, time.Since(start))
		if res.Truncated {
			t.Errorf("budget exhausted on a real page")
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	// Generous: the target is 10 ms median; the machine is shared.
	if med := times[len(times)/2]; med > 50*time.Millisecond {
		t.Errorf("median match time %v", med)
	}
}

// TestComplexRulesAgreeWithCascadia runs every generic rule of Fanboy's
// list and of the shipped lists that is more than a lone class or id and
// that cascadia understands (combinators, attribute tests, :not, :has,
// :is…) over many corpus pages, with the indexed, gated, memoized matcher
// and with cascadia one rule at a time.
func TestComplexRulesAgreeWithCascadia(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	texts := []string{loadFanboy(t)}
	for _, l := range shippedFiles(t) {
		b, err := os.ReadFile(l)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	var lines []string
	var sels []cascadia.Selector
	for _, text := range texts {
		for _, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(line)
			if !strings.HasPrefix(line, "##") {
				continue
			}
			body := line[2:]
			if _, _, simple := simpleSelector(body); simple || strings.Contains(body, ":style(") || strings.Contains(body, ":remove(") {
				continue
			}
			sel, err := compileCascadiaSelector(body)
			if err != nil {
				continue
			}
			if l := Parse("one", line); len(l.Rules) != 1 || l.Rules[0].Kind != KindCSS {
				continue // procedural or unsupported here
			}
			lines = append(lines, line)
			sels = append(sels, sel)
		}
	}
	m := Compile(Parse("generic", strings.Join(lines, "\n")))
	total := agreeWithCascadia(t, m, sels, zytePages(t, 60))
	t.Logf("%d rules, %d elements hit, all agree", len(lines), total)
}

// compileCascadiaSelector compiles with cascadia, turning a panic into an
// error.
func compileCascadiaSelector(s string) (sel cascadia.Selector, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return cascadia.Compile(s)
}
