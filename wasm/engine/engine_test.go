package engine

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/wasm/document"
)

func TestBadInput(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		url     string
		wantErr error  // nil: must succeed
		errText string // substring of the error, when wantErr is not a sentinel
	}{
		{name: "empty", src: ""},
		{name: "whitespace", src: " \n\t "},
		{name: "binary garbage", src: "\x00\x01\xff\xfe\x89PNG\r\n\x1a\n" + strings.Repeat("\x00\xde\xad\xbe\xef", 1000), wantErr: document.ErrBinary},
		{name: "binary after a text start", src: "<html><body>" + strings.Repeat("\xde\xad\x00", 100), wantErr: document.ErrBinary},
		// Stray control characters in a text page are not binary data.
		{name: "stray NUL in a page", src: "<title>T\x00</title><p>" + strings.Repeat("text ", 20) + "\x00\x01</p>"},
		{name: "unclosed everything", src: "<html><body><div><p><b><i><table><tr><td><a href='x'>text"},
		{name: "only a comment", src: "<!-- nothing -->"},
		{name: "frameset", src: "<html><frameset><frame src='a.html'></frameset></html>"},
		{name: "deep div nesting", src: strings.Repeat("<div>", 50000) + "x", wantErr: document.ErrTooDeep},
		{name: "deep span nesting", src: "<p>" + strings.Repeat("<span>", 50000), wantErr: document.ErrTooDeep},
		// Elements the parser closes implicitly do not nest, so they parse.
		{name: "50k implicit paragraphs", src: strings.Repeat("<p>a", 50000)},
		{name: "relative page URL", src: "<p>x</p>", url: "/relative", errText: "not absolute"},
		{name: "bad page URL", src: "<p>x</p>", url: "http://[::1", errText: "page URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Clean(tt.src, Options{URL: tt.url})
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
			case tt.errText != "":
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("error %v, want one containing %q", err, tt.errText)
				}
			default:
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				checkSafe(t, res)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	_, err := Clean(strings.Repeat("a", document.MaxInputBytes+1), Options{})
	if !errors.Is(err, document.ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
}

// TestLargePage cleans a 20 MB page: it must finish with a sane result.
// (Its time and memory are printed by `make bench`, not asserted here.)
func TestLargePage(t *testing.T) {
	if testing.Short() {
		t.Skip("large page: skipped with -short")
	}
	src := LargePage(20 << 20)
	res, err := Clean(src, Options{URL: "https://example.com/long"})
	if err != nil {
		t.Fatal(err)
	}
	checkSafe(t, res)
	if res.WordCount < 100000 {
		t.Errorf("a 20 MB article gave only %d words", res.WordCount)
	}
}

// seedPage is a seed fixture (testdata/seeds): its path and its bytes.
type seedPage struct {
	file string
	raw  []byte
}

// seedPages reads the seed fixtures; a test without them fails.
func seedPages(t *testing.T) []seedPage {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "seeds", "*.html"))
	if len(files) == 0 {
		t.Fatal("no seed pages")
	}
	pages := make([]seedPage, len(files))
	for i, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages[i] = seedPage{f, raw}
	}
	return pages
}

func TestSeedPages(t *testing.T) {
	seeds := seedPages(t)
	if len(seeds) != 2 {
		t.Fatalf("want the 2 seed pages, found %d", len(seeds))
	}
	for _, sp := range seeds {
		f := sp.file
		res, err := Clean(string(sp.raw), Options{URL: "https://example.com/" + filepath.Base(f)})
		if err != nil {
			t.Fatal(err)
		}
		checkSafe(t, res)
		if !strings.Contains(res.TextContent, "Kerry") || res.ReadingMinutes < 1 {
			t.Errorf("%s: no article text (%d words)", f, res.WordCount)
		}
	}
}

func TestCountWords(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"one two  three", 3},
		{"don't stop—now", 3},
		{"東京都", 3},
		{"Putin's move, 10,000 km", 5},
	}
	for _, tt := range tests {
		if got := countWords(tt.in); got != tt.want {
			t.Errorf("countWords(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
	if readingMinutes(0) != 0 || readingMinutes(1) != 1 || readingMinutes(wordsPerMinute+1) != 2 {
		t.Error("readingMinutes rounds wrong")
	}
}

// checkSafe asserts what every result must satisfy: valid UTF-8, and no
// active content in the HTML as a browser would parse it: no script,
// style, iframe, form, object or embed element, no event-handler
// attribute, no javascript: URL. (Text may say "onerror=" or
// "javascript:": a fuzzer found that a substring test then fails.)
func checkSafe(t *testing.T, res *Result) {
	t.Helper()
	if res == nil {
		t.Fatal("nil result without an error")
	}
	for name, s := range map[string]string{"title": res.Title, "text": res.TextContent, "content": res.Content} {
		if !utf8.ValidString(s) {
			t.Errorf("%s is not valid UTF-8", name)
		}
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(res.Content), ctx)
	if err != nil {
		t.Fatalf("content does not parse: %v", err)
	}
	for _, n := range nodes {
		checkSafeNode(t, n)
	}
	if res.Detections == nil {
		t.Error("detections is null; want a list")
	}
}

func checkSafeNode(t *testing.T, n *html.Node) {
	t.Helper()
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Iframe, atom.Form, atom.Object, atom.Embed:
			t.Errorf("content keeps a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") {
				t.Errorf("content keeps the handler %s=%q", a.Key, a.Val)
			}
			if strings.Contains(strings.ToLower(a.Val), "javascript:") && (key == "href" || key == "src" || key == "cite" || key == "srcset") {
				t.Errorf("content keeps %s=%q", a.Key, a.Val)
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		checkSafeNode(t, c)
	}
}

func TestLinksResolveAgainstCanonicalWithoutURL(t *testing.T) {
	src := `<html><head><link rel="canonical" href="https://news.example/2024/story"></head><body><article>` +
		strings.Repeat(`<p>Officials said the new bridge would open next spring after years of delays and rising costs, according to <a href="/city/bridge">the city</a>.</p>`, 6) +
		`</article></body></html>`
	res, err := Clean(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Content, `href="https://news.example/city/bridge"`) {
		t.Errorf("relative link not resolved against the canonical URL:\n%s", res.Content)
	}
	res, _ = Clean(src, Options{URL: "https://mirror.example/a/b"})
	if !strings.Contains(res.Content, `href="https://mirror.example/city/bridge"`) {
		t.Errorf("the given URL does not win over the canonical one:\n%s", res.Content)
	}
}

// TestCountWordsMatchesRuneRules checks the fast paths of countWords
// against its rules applied to each rune as written: every rune on its
// own, between letters and between spaces, and invalid UTF-8.
func TestCountWordsMatchesRuneRules(t *testing.T) {
	slow := func(s string) int {
		n, in := 0, false
		for _, r := range s {
			switch {
			case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
				n++
				in = false
			case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’':
				if !in {
					n++
				}
				in = true
			default:
				in = false
			}
		}
		return n
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue // surrogates are not valid in UTF-8
		}
		for _, s := range []string{string(r), "a" + string(r) + "b", " " + string(r) + " "} {
			if got, want := countWords(s), slow(s); got != want {
				t.Fatalf("countWords(%q) = %d, want %d", s, got, want)
			}
		}
	}
	for _, s := range []string{"\xff\xfeab", "ab\xc3", "日本\xe6\x97語 x", "Ünï\x80cödé wörds’ don't 123"} {
		if got, want := countWords(s), slow(s); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestCleanBytesIsClean checks that the bridge's entry point gives Clean's
// result, on the seed pages and on invalid UTF-8.
func TestCleanBytesIsClean(t *testing.T) {
	srcs := []string{"<article><p>bad \xff bytes, then words enough to make an article of it.</p></article>"}
	for _, sp := range seedPages(t) {
		srcs = append(srcs, string(sp.raw))
	}
	for _, src := range srcs {
		opts := Options{URL: "https://example.com/news/a"}
		want, err := Clean(src, opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := CleanBytes([]byte(src), opts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("CleanBytes differs from Clean on %.40q", src)
		}
	}
	if _, err := CleanBytes([]byte("<p>x"), Options{URL: "relative/url"}); err == nil {
		t.Error("CleanBytes accepts a relative page URL")
	}
}

func TestMemoryLimit(t *testing.T) {
	tests := []struct {
		page     int
		resident int64
		want     int64
	}{
		{0, 0, minMemoryLimit},
		{300 << 10, 2 << 20, minMemoryLimit},
		{20 << 20, 0, memoryPerPageByte * 20 << 20},
		{20 << 20, 3 << 20, 3<<20 + memoryPerPageByte*20<<20},
		{300 << 10, 100 << 20, 100<<20 + memoryPerPageByte*300<<10}, // large rule lists
	}
	for _, tt := range tests {
		if got := MemoryLimit(tt.page, tt.resident); got != tt.want {
			t.Errorf("MemoryLimit(%d, %d) = %d, want %d", tt.page, tt.resident, got, tt.want)
		}
	}
	// The limit for a 20 MB page keeps the process under ten times it.
	if MemoryLimit(20<<20, 0) >= 10*20<<20 {
		t.Errorf("MemoryLimit(20 MB) = %d MB: no room under 10x the page", MemoryLimit(20<<20, 0)>>20)
	}
	if r := ResidentHeap(); r <= 0 {
		t.Errorf("ResidentHeap() = %d", r)
	}
}

// TestDetectThenFinish checks the two halves of Clean: Detected already
// holds Clean's metadata and detections but no article, and Finish
// completes it into Clean's result, once.
func TestDetectThenFinish(t *testing.T) {
	for _, sp := range seedPages(t) {
		s, raw := sp.file, sp.raw
		opts := Options{URL: "https://example.com/news/a"}
		want, err := Clean(string(raw), opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Detections) == 0 || want.TextContent == "" {
			t.Fatalf("%s: the seed page has no detections or no text", s)
		}
		var st Stages
		p, err := DetectBytes(raw, Options{URL: opts.URL, Stages: &st})
		if err != nil {
			t.Fatal(err)
		}
		half := *p.Detected()
		if !reflect.DeepEqual(half.Detections, want.Detections) || half.Title != want.Title ||
			half.Readerable != want.Readerable || half.Paywalled != want.Paywalled {
			t.Errorf("%s: Detected differs from Clean's detections and metadata", s)
		}
		if half.TextContent != "" || half.Content != "" || half.WordCount != 0 {
			t.Errorf("%s: Detected already has an article", s)
		}
		if st != (Stages{}) {
			t.Errorf("%s: the stage times were filled before Finish: %+v", s, st)
		}
		if got := p.Finish(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Detect then Finish differs from Clean", s)
		}
		if st.ParseMs <= 0 || st.ExtractMs+st.SanitizeMs <= 0 {
			t.Errorf("%s: Finish did not fill the stage times of both halves: %+v", s, st)
		}
		if again := p.Finish(); again != nil {
			t.Errorf("%s: a second Finish returned a result", s)
		}
	}
	if _, err := Detect("<p>x", Options{URL: "relative/url"}); err == nil {
		t.Error("Detect accepts a relative page URL")
	}
}

// TestWarm checks that the warm-up page runs every stage: the article is
// extracted without what surrounds it, and rules of four categories fire.
func TestWarm(t *testing.T) {
	res, err := Warm(Options{URL: "ignored: Warm cleans its own page"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Title != "Harbour reopens after storm repairs" || !res.Readerable || res.PublishedTime == "" || res.Byline != "Ana Ortiz" {
		t.Errorf("metadata: %q readerable=%v time=%q byline=%q", res.Title, res.Readerable, res.PublishedTime, res.Byline)
	}
	if !strings.Contains(res.TextContent, "harbour reopened on Monday") || strings.Contains(res.TextContent, "Sign up for our newsletter") {
		t.Errorf("article text: %q", res.TextContent)
	}
	got := map[string]bool{}
	for _, d := range res.Detections {
		got[d.Category] = true
	}
	for _, c := range []string{"newsletter", "donation", "cookie", "social"} {
		if !got[c] {
			t.Errorf("no %s detection: %v", c, got)
		}
	}
	if res.URL != warmURL {
		t.Errorf("URL %q, want the built-in page's", res.URL)
	}
}
