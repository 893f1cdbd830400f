package rules

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/shared"
)

// shippedFiles returns the repository's shipped lists, rules/*.txt (the
// files rules/embed.go compiles into the engine), in file-name order.
func shippedFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(shared.RepoRootOrFail(t), "rules", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped lists under rules/: %v", err)
	}
	sort.Strings(files)
	return files
}

// shippedLists parses the shipped lists in the engine's order.
func shippedLists(t testing.TB) []*List {
	t.Helper()
	files := shippedFiles(t)
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

// TestShippedListFixtures runs every shipped list's fixtures
// (rules/tests/<list>/*.html), as `tidings rules test rules/<list>.txt`
// does: each list alone must pass its own fixtures, and all lists
// compiled together (as the engine loads them) must pass all of them.
// Every list must have fixtures.
// TestShippedListsRegexBudget: the shipped lists' :has-text() regexes use
// a small part of MaxListRegexInsts (-v prints how much), so the bound
// stops hostile lists, not lists like ours.
func TestShippedListsRegexBudget(t *testing.T) {
	for _, l := range shippedLists(t) {
		used := 0 // the list's symbol table's count, from any rule that has one
		for _, r := range l.Rules {
			if r.prog != nil {
				used = r.prog.tab.regexInsts
				break
			}
		}
		t.Logf("%s: regexes compile to %d instructions (the bound is %d)", l.Name, used, MaxListRegexInsts)
		if used > MaxListRegexInsts/10 {
			t.Errorf("%s: %d regex instructions, over a tenth of MaxListRegexInsts", l.Name, used)
		}
	}
}

func TestShippedListFixtures(t *testing.T) {
	root := shared.RepoRootOrFail(t)
	var all []*Fixture
	var lists []*List
	for _, f := range shippedFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		l := Parse(filepath.Join("rules", name), string(b))
		if l.Counts.Errors > 0 {
			t.Errorf("%s: %d errors: %+v", name, l.Counts.Errors, l.Diagnostics)
		}
		lists = append(lists, l)
		dir := filepath.Join(root, "rules", "tests", strings.TrimSuffix(name, ".txt"))
		files, err := filepath.Glob(filepath.Join(dir, "*.html"))
		if err != nil || len(files) == 0 {
			t.Errorf("%s: no fixtures in %s", name, dir)
			continue
		}
		m := Compile(l)
		for _, ff := range files {
			src, err := os.ReadFile(ff)
			if err != nil {
				t.Fatal(err)
			}
			fx, err := ParseFixture(ff, string(src))
			if err != nil {
				t.Error(err)
				continue
			}
			if len(fx.Expect) == 0 {
				t.Errorf("%s: no expectations", ff)
			}
			all = append(all, fx)
			if rep := fx.Check(m); !rep.Passed() {
				t.Errorf("%s alone: %s:\n\t%s", name, ff, strings.Join(rep.Failures, "\n\t"))
			}
		}
	}
	m := Compile(lists...)
	for _, fx := range all {
		if rep := fx.Check(m); !rep.Passed() {
			t.Errorf("all lists: %s:\n\t%s", fx.Name, strings.Join(rep.Failures, "\n\t"))
		}
	}
	t.Logf("%d lists, %d fixtures", len(lists), len(all))
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

// TestIndexAndGatesAreExact matches the shipped lists over corpus pages
// twice: as Match does (index keys, gates on attributes and text), and by
// testing every rule on every element with all gates off. Both must hit
// the same elements with the same rules.
func TestIndexAndGatesAreExact(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	lists := shippedLists(t)
	fast := Compile(lists...)
	ref := Compile(lists...)
	entries := ref.allGeneric()
	for _, e := range append(entries, ref.sims...) {
		for i := range e.alts {
			e.alts[i].gate = -1
		}
	}
	gated := 0
	for _, e := range fast.allGeneric() {
		for _, a := range e.alts {
			if a.gate >= 0 {
				gated++
			}
		}
	}
	if gated == 0 {
		t.Fatal("no rule has a gate: the comparison proves nothing")
	}
	hits := 0
	for p, doc := range zytePages(t, 80) {
		want := hitSummary(referenceMatch(ref, entries, doc))
		got := hitSummary(fast.Match(doc, ""))
		if got != want {
			t.Errorf("page %d:\n got  %s\n want %s", p, got, want)
		}
		hits += strings.Count(want, "@")
	}
	if hits == 0 {
		t.Fatal("no hits on any page: the comparison proves nothing")
	}
	t.Logf("%d hits, %d gated selectors", hits, gated)
}

// allGeneric returns the generic entries of m's index.
func (m *Matcher) allGeneric() []*entry {
	seen := map[*entry]bool{}
	var out []*entry
	add := func(e *entry) {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	for _, slots := range []map[string]*slot{m.generic.byClass, m.generic.byID} {
		for _, s := range slots {
			if s.simple != nil {
				add(s.simple)
			}
			for _, c := range s.cands {
				add(c.e)
			}
		}
	}
	for _, cs := range m.generic.byAtom {
		for _, c := range cs {
			add(c.e)
		}
	}
	for _, cs := range m.generic.byTag {
		for _, c := range cs {
			add(c.e)
		}
	}
	for _, c := range m.generic.any {
		add(c.e)
	}
	return out
}

// referenceMatch is Match without the index: every entry is tested on
// every element.
func referenceMatch(m *Matcher, entries []*entry, doc *html.Node) Result {
	var st matchState
	st.tr.build(doc, m, true)
	st.ev.reset(&st.tr, m)
	ev, tr := &st.ev, &st.tr
	pr := m.rulesFor("")
	col := &collector{tr: tr, byElem: map[int32]int{}}
	pending := map[*entry][]int32{}
	for i := int32(0); i < int32(tr.size()); i++ {
		for _, e := range entries {
			r := e.rule
			if r.prog == nil {
				n := tr.nodes[i]
				if (r.simpleKind == keyID && attr(n, "id") == r.simpleName()) ||
					(r.simpleKind == keyClass && hasClass(attr(n, "class"), r.simpleName())) {
					col.add(i, cssHit(n, r), e.prio)
				}
				continue
			}
			ev.tab = &m.tabs[e.tab]
			for alt := range r.prog.sel {
				if ev.matchComplex(&r.prog.sel[alt], i) {
					if len(r.prog.ops) > 0 {
						pending[e] = append(pending[e], i)
					} else {
						col.add(i, cssHit(tr.nodes[i], r), e.prio)
					}
					break
				}
			}
		}
	}
	for _, e := range entries {
		if nodes, ok := pending[e]; ok {
			ev.tab = &m.tabs[e.tab]
			for _, n := range ev.applyOps(e.rule.prog.ops, nodes) {
				col.add(n, cssHit(tr.nodes[n], e.rule), e.prio)
			}
		}
	}
	m.matchSimilar(ev, pr, col)
	return Result{Hits: col.ordered(), Truncated: ev.exhausted}
}
