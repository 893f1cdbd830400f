package metadata

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/shared"
)

// This file measures Extract alone (no content extraction) against Mozilla
// Readability's test pages. It reads the corpus itself rather than through
// package eval, so that it does not depend on the rest of the engine.

// readabilityPageURL is the page URL Readability's own tests use.
const readabilityPageURL = "http://fakehost/test/page.html"

// corpusFields are the compared fields, in report order.
var corpusFields = []string{"title", "byline", "publishedTime", "siteName", "lang", "dir", "readerable"}

// corpusPage is one Readability test page.
type corpusPage struct {
	name, source string
	expected     map[string]any
}

func loadCorpus(t testing.TB) []corpusPage {
	t.Helper()
	dir := filepath.Join(shared.DirOrSkip(t), "corpus", "readability", "test-pages")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	var pages []corpusPage
	for _, e := range ents {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name(), "expected-metadata.json"))
		if err != nil {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		pages = append(pages, corpusPage{e.Name(), filepath.Join(dir, e.Name(), "source.html"), m})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].name < pages[j].name })
	return pages
}

// corpusDocs parses every page. Readability's harness reads its pages as
// UTF-8 whatever they declare, and its expectations follow, so the bytes
// are not charset-decoded here.
func corpusDocs(t testing.TB, pages []corpusPage) map[string]string {
	t.Helper()
	src := map[string]string{}
	for _, p := range pages {
		raw, err := os.ReadFile(p.source)
		if err != nil {
			t.Fatal(err)
		}
		src[p.name] = string(raw)
	}
	return src
}

// agreement tallies per-field agreement; a field counts where the
// expectation has the key (publishedTime only where it is set).
type agreement struct {
	equal, total map[string]int
	misses       []string
}

func measure(t testing.TB) agreement {
	pages := loadCorpus(t)
	srcs := corpusDocs(t, pages)
	base, _ := url.Parse(readabilityPageURL)
	a := agreement{equal: map[string]int{}, total: map[string]int{}}
	for _, p := range pages {
		doc, err := document.Parse(srcs[p.name])
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		m := Extract(doc, BaseURL(doc, base))
		got := map[string]any{
			"title": m.Title, "byline": m.Byline, "publishedTime": m.PublishedTime,
			"siteName": m.SiteName, "lang": m.Lang, "dir": m.Dir, "readerable": m.Readerable,
		}
		for _, f := range corpusFields {
			want, ok := p.expected[f]
			if !ok || f == "publishedTime" && (want == nil || want == "") {
				continue
			}
			a.total[f]++
			if norm(got[f]) == norm(want) {
				a.equal[f]++
			} else {
				a.misses = append(a.misses, fmt.Sprintf("%s: %s: got %q, want %q", p.name, f, norm(got[f]), norm(want)))
			}
		}
	}
	return a
}

func norm(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strings.Join(strings.Fields(x), " ")
	default:
		return fmt.Sprint(x)
	}
}

func (a agreement) percent(f string) float64 {
	if a.total[f] == 0 {
		return 0
	}
	return 100 * float64(a.equal[f]) / float64(a.total[f])
}

// metadataFloors are a little under the measured agreement of Extract
// alone (title 95.4, byline 97.7, publishedTime 100, siteName 98.5, lang 100,
// dir 99.2, readerable 100 %); a regression below them fails. Title
// agreement is capped at 124/130 on purpose: on 6 pages Readability keeps
// a trailing " | Site" (breitbart, ehow-1, ehow-2, firefox-nightly-blog,
// iab-1, medium-3) that Tidings removes; see stripSiteSuffix.
var metadataFloors = map[string]float64{
	"title": 95, "byline": 95, "publishedTime": 97, "siteName": 96, "lang": 98, "dir": 97, "readerable": 98,
}

func TestReadabilityAgreement(t *testing.T) {
	a := measure(t)
	for _, f := range corpusFields {
		t.Logf("%-14s %5.1f %% (%d/%d)", f, a.percent(f), a.equal[f], a.total[f])
	}
	for _, m := range a.misses {
		t.Log("miss", m)
	}
	for _, f := range corpusFields {
		if got := a.percent(f); got < metadataFloors[f] {
			t.Errorf("%s agreement %.1f %% is under its floor %.0f %%", f, got, metadataFloors[f])
		}
	}
}
