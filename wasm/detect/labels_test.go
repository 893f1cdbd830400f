package detect_test

// This test checks the hand-labelled detection set in
// testdata/detection-set/labels.jsonl (see its README.md): every line is a
// well-formed page record, every selector matches exactly one element of the
// parsed page, and every label's text agrees with that element's text. It
// reads the shared corpus pages by name and skips when the corpus is absent.
// The label file's reader and the page names are in package eval, which
// scores detection on this set.

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/decode"
	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/eval"
	"github.com/tidings-app/tidings/wasm/rules"
)

const (
	// snippetRunes is how many runes of an element's text a label keeps.
	snippetRunes = 80
	// minSharedPages is issue 3's floor for labelled corpus pages.
	minSharedPages = 40
	// readabilityURL is the URL the Readability test pages were saved under.
	readabilityURL = "http://fakehost/test/page.html"
)

// seedPages are the two seed fixtures the set must include.
var seedPages = []string{
	"seeds/middleeasteye-kerry-syria.html",
	"seeds/moscowtimes-kerry-syria.html",
}

// snippet keeps the first snippetRunes runes of s.
func snippet(s string) string {
	if utf8.RuneCountInString(s) <= snippetRunes {
		return s
	}
	return string([]rune(s)[:snippetRunes])
}

func TestDetectionSetLabels(t *testing.T) {
	shared, err := eval.SharedDir()
	if err != nil {
		t.Skipf("skipping: shared corpus not available: %v", err)
	}
	path, err := eval.LabelsPath()
	if err != nil {
		t.Fatal(err)
	}
	pages, err := eval.LoadLabels(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	sharedPages := 0
	for _, pl := range pages {
		if seen[pl.Page] {
			t.Errorf("%s: page listed twice", pl.Page)
		}
		seen[pl.Page] = true
		if !strings.HasPrefix(pl.Page, "seeds/") {
			sharedPages++
		}
	}
	if sharedPages < minSharedPages {
		t.Errorf("%d corpus pages labelled, want at least %d", sharedPages, minSharedPages)
	}
	for _, s := range seedPages {
		if !seen[s] {
			t.Errorf("seed page %s is not labelled", s)
		}
	}
	for _, pl := range pages {
		t.Run(pl.Page, func(t *testing.T) {
			checkPage(t, pl, shared, path)
		})
	}
}

func checkPage(t *testing.T, pl eval.LabelledPage, shared, labelsFile string) {
	if pl.URL == "" {
		t.Error("url is empty")
	}
	if strings.HasPrefix(pl.Page, "readability/") && pl.URL != readabilityURL {
		t.Errorf("url %q, want %q", pl.URL, readabilityURL)
	}
	if pl.Labels == nil {
		t.Error(`"labels" is missing (use [] for a page without banners)`)
	}
	file, err := eval.PageFile(pl.Page, shared, labelsFile)
	if err != nil {
		t.Fatal(err)
	}
	src, err := decode.File(file, nil)
	if err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
	doc, err := document.Parse(src)
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	claimed := map[*html.Node]string{}
	for _, l := range pl.Labels {
		if c, ok := rules.ParseCategory(l.Category); !ok || c == rules.Annoyance {
			t.Errorf("%q: unknown category %q", l.Selector, l.Category)
		}
		sel, err := cascadia.Compile(l.Selector)
		if err != nil {
			t.Errorf("%q: %v", l.Selector, err)
			continue
		}
		matches := sel.MatchAll(doc)
		if len(matches) != 1 {
			t.Errorf("%q matches %d elements, want exactly 1", l.Selector, len(matches))
			continue
		}
		n := matches[0]
		if prev, dup := claimed[n]; dup {
			t.Errorf("%q selects the same element as %q", l.Selector, prev)
		}
		claimed[n] = l.Selector
		if got := snippet(eval.ElementText(n)); got != l.Text {
			t.Errorf("%q: text %q, element has %q", l.Selector, l.Text, got)
		}
	}
}
