package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ReadabilityPage is one of Mozilla Readability's test pages.
type ReadabilityPage struct {
	Name   string
	Source string // path of source.html
	// Expected holds expected-metadata.json as decoded JSON values
	// (strings, bools or nil); a key absent from the file is absent here.
	Expected map[string]any
}

// HTML returns the page's source as Readability's test harness reads it:
// as UTF-8, whatever charset the page declares. Two pages (qq, youth)
// declare a legacy charset or none in the first 1024 bytes but were saved
// as UTF-8, and the expectations follow the UTF-8 reading; invalid bytes
// become U+FFFD.
func (p ReadabilityPage) HTML() (string, error) {
	raw, err := os.ReadFile(p.Source)
	if err != nil {
		return "", fmt.Errorf("%s: %w", p.Name, err)
	}
	return strings.ToValidUTF8(string(raw), "\uFFFD"), nil
}

// ReadabilityURL is the page URL Readability's own tests use.
const ReadabilityURL = "http://fakehost/test/page.html"

// LoadReadability reads the test pages under dir (shared/corpus/readability/test-pages).
func LoadReadability(dir string) ([]ReadabilityPage, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("readability pages: %w", err)
	}
	var pages []ReadabilityPage
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name(), "expected-metadata.json"))
		if err != nil {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		pages = append(pages, ReadabilityPage{Name: e.Name(), Source: filepath.Join(dir, e.Name(), "source.html"), Expected: m})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].Name < pages[j].Name })
	return pages, nil
}

// MetadataFields are the fields compared, in report order.
var MetadataFields = []string{"title", "byline", "publishedTime", "siteName", "lang", "dir", "readerable"}

// Agreement counts, per field, how many pages agree with the expectation.
type Agreement struct {
	Equal, Total map[string]int
	// SiteSuffix counts the title misses where the expected title is the
	// one given plus the site's name after a separator ("… | eHow"):
	// Readability keeps that suffix, the issue asks for titles without it.
	SiteSuffix int
	// Misses lists "page: field: got … want …" for each disagreement.
	Misses []string
}

// NewAgreement returns an empty tally.
func NewAgreement() *Agreement {
	return &Agreement{Equal: map[string]int{}, Total: map[string]int{}}
}

// Add compares one page's values (field → string or bool) with its
// expectation. A field is counted where the expectation file has the key;
// publishedTime only where it is set, as the targets define.
func (a *Agreement) Add(page ReadabilityPage, got map[string]any) {
	for _, f := range MetadataFields {
		want, ok := page.Expected[f]
		if !ok {
			continue
		}
		if f == "publishedTime" && (want == nil || want == "") {
			continue
		}
		a.Total[f]++
		g, w := normalize(got[f]), normalize(want)
		switch {
		case g == w:
			a.Equal[f]++
		case f == "title" && siteSuffixOnly(g, w):
			a.SiteSuffix++
			fallthrough
		default:
			a.Misses = append(a.Misses, fmt.Sprintf("%s: %s: got %q, want %q", page.Name, f, g, w))
		}
	}
}

// Percent is the agreement on field f, 0–100.
func (a *Agreement) Percent(f string) float64 {
	if a.Total[f] == 0 {
		return 0
	}
	return 100 * float64(a.Equal[f]) / float64(a.Total[f])
}

// siteSuffixOnly reports whether want is got followed by a site suffix:
// a separator sites put between a title and their name (| - – — : » / \),
// then at most maxSuffixWords words.
func siteSuffixOnly(got, want string) bool {
	if got == "" || !strings.HasPrefix(want, got+" ") {
		return false
	}
	sep, name, ok := strings.Cut(want[len(got)+1:], " ")
	if !ok {
		return false
	}
	switch sep {
	case "|", "-", "–", "—", ":", "»", "/", "\\":
		return len(strings.Fields(name)) <= maxSuffixWords
	}
	return false
}

// maxSuffixWords: a site's name has at most this many words ("Firefox
// Nightly News").
const maxSuffixWords = 4

// normalize renders a value for comparison: strings with whitespace runs
// collapsed and trimmed, nil as "", booleans as "true"/"false".
func normalize(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strings.Join(strings.Fields(x), " ")
	default:
		return fmt.Sprint(x)
	}
}
