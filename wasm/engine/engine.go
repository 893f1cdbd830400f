// Package engine is Tidings' pipeline: parse a page, detect what is not
// the article, extract the article and its metadata, sanitize it. The CLI
// and the JavaScript bridge both call Clean, so every test of the CLI is a
// test of what the extension runs.
package engine

import (
	"fmt"
	"net/url"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/extract"
	"github.com/tidings-app/tidings/wasm/metadata"
	"github.com/tidings-app/tidings/wasm/rules"
	"github.com/tidings-app/tidings/wasm/sanitize"
)

// wordsPerMinute is a common adult silent-reading speed for prose
// (Brysbaert 2019 puts the mean at 238 wpm for English non-fiction).
const wordsPerMinute = 230

// Options controls one call of Clean.
type Options struct {
	// URL is the page's address; relative links are resolved against it
	// (or against the page's <base href>).
	URL string
	// Policy is the sanitizer allowlist; nil builds the default one. Pass
	// one built with sanitize.NewPolicy when cleaning many pages.
	Policy *sanitize.Policy
	// Rules are the compiled rule lists that detection applies, with the
	// heuristic switches they hold; nil applies DefaultRules(). Compile
	// a Matcher once and share it: it is safe for concurrent use.
	Rules *rules.Matcher
	// NoDetection leaves detection out (no rules, no heuristics): the
	// article is extracted from the whole page, as before detection
	// existed. For measuring what detection changes.
	NoDetection bool
	// Stages, when set, receives the time each stage took (when the
	// result is complete: Clean, or Page.Finish).
	Stages *Stages
}

func (o Options) matcher() *rules.Matcher {
	if o.Rules != nil {
		return o.Rules
	}
	return DefaultRules()
}

func (o Options) policy() *sanitize.Policy {
	if o.Policy != nil {
		return o.Policy
	}
	return sanitize.NewPolicy()
}

// Clean runs the whole pipeline on one page's UTF-8 HTML: Detect, then
// the Page's Finish.
func Clean(src string, opts Options) (*Result, error) {
	return finished(Detect(src, opts))
}

// CleanBytes is Clean on the page's UTF-8 HTML as bytes, for callers that
// hold it so (the WebAssembly bridge): the result is Clean's on the same
// text. src is not modified.
func CleanBytes(src []byte, opts Options) (*Result, error) {
	return finished(DetectBytes(src, opts))
}

// finished is the whole result of a page Detect gave (or its error).
func finished(p *Page, err error) (*Result, error) {
	if err != nil {
		return nil, err
	}
	return p.Finish(), nil
}

// Page is a page half cleaned: parsed, its metadata read and what is not
// the article detected, the article not yet extracted. The extension's
// in-page cleanup needs only this half, so it gets its answer before the
// article is extracted and sanitized (Finish, the other half).
type Page struct {
	doc   *html.Node
	base  *url.URL
	opts  Options
	skip  map[*html.Node]bool
	res   *Result
	clock stageClock
}

// Detect runs the first half of Clean on one page's UTF-8 HTML: parse,
// metadata, detection.
func Detect(src string, opts Options) (*Page, error) {
	return detectPage(func() (*html.Node, error) { return document.Parse(src) }, opts)
}

// DetectBytes is Detect on the page as bytes (see CleanBytes).
func DetectBytes(src []byte, opts Options) (*Page, error) {
	return detectPage(func() (*html.Node, error) { return document.ParseBytes(src) }, opts)
}

// detectPage checks the page URL, parses the page with parse and runs the
// first half of the pipeline on it.
func detectPage(parse func() (*html.Node, error), opts Options) (*Page, error) {
	base, err := parseBase(opts.URL)
	if err != nil {
		return nil, err
	}
	p := &Page{opts: opts, clock: startClock(opts.Stages != nil)}
	p.doc, err = parse()
	if err != nil {
		return nil, err
	}
	p.clock.lap(&p.clock.times.ParseMs)
	p.detect(base)
	return p, nil
}

// detect reads the metadata and detects what is not the article. base is
// the caller's URL, or nil.
func (p *Page) detect(base *url.URL) {
	doc, opts := p.doc, p.opts
	base = metadata.BaseURL(doc, base)

	// Metadata and readerability read the page as delivered, before
	// extraction rewrites the tree.
	meta := metadata.Extract(doc, base)
	if base == nil {
		// No address given (a saved file): links resolve against the
		// page's own canonical URL, as the page would have on its site.
		base = absoluteURL(meta.CanonicalURL)
	}
	p.base = base
	p.res = &Result{
		URL:           opts.URL,
		CanonicalURL:  meta.CanonicalURL,
		Title:         meta.Title,
		Byline:        meta.Byline,
		SiteName:      meta.SiteName,
		PublishedTime: meta.PublishedTime,
		Lang:          meta.Lang,
		Dir:           meta.Dir,
		Excerpt:       meta.Excerpt,
		Image:         meta.Image,
		Readerable:    meta.Readerable,
		Detections:    []Detection{},
	}
	p.clock.lap(&p.clock.times.MetadataMs)

	// Detection (rules and heuristics): the nodes it hides are handed to
	// extraction as Skip, so they never reach the article.
	p.skip = detectInto(p.res, doc, pageURL(opts.URL, meta.CanonicalURL), opts)
	p.clock.lap(&p.clock.times.DetectMs)
}

// Detected is the result so far: the page's metadata, readerability and
// detections, with no article (no text, content or word count, and the
// byline and excerpt only when the metadata gave them). It is the result
// Finish completes: read it before calling Finish, not after.
func (p *Page) Detected() *Result { return p.res }

// Finish runs the second half of the pipeline, extracting and sanitizing
// the article, and returns the whole result (the one Clean gives), and
// fills Options.Stages. The Page holds nothing after it: a second call
// returns nil.
func (p *Page) Finish() *Result {
	doc, base, skip, res, opts, clock := p.doc, p.base, p.skip, p.res, p.opts, p.clock
	*p = Page{}
	if res == nil {
		// Finished already.
		return nil
	}
	art := extract.Content(doc, extract.Options{BaseURL: base, Title: res.Title, Skip: skip})
	res.TextContent = art.Text
	if res.Byline == "" {
		res.Byline = art.Byline
	}
	if res.Excerpt == "" {
		res.Excerpt = art.Excerpt
	}
	clock.lap(&clock.times.ExtractMs)
	// art is not used after this point: the article's tree can be
	// collected while the sanitizer, which allocates several times the
	// article, reads its rendered copy (a 20 MB page's tree is about
	// 100 MB). Reading art.Text after the call would keep all of art,
	// Root included, alive through it.
	if root := art.Root; root != nil {
		res.Content = opts.policy().HTML(root)
	}
	clock.lap(&clock.times.SanitizeMs)
	res.WordCount = countWords(res.TextContent)
	res.ReadingMinutes = readingMinutes(res.WordCount)
	if opts.Stages != nil {
		*opts.Stages = clock.times
	}
	return res
}

// absoluteURL parses raw, or returns nil when it is not an absolute URL.
func absoluteURL(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		return nil
	}
	return u
}

func parseBase(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("page URL %q: %w", raw, err)
	}
	if !u.IsAbs() {
		return nil, fmt.Errorf("page URL %q is not absolute", raw)
	}
	return u, nil
}

// countWords counts runs of letters or digits; CJK text, written without
// spaces, counts each ideograph as a word, which matches reading speed
// better than counting whole runs.
//
// ASCII bytes, most of the text on most pages, are classified by a table
// lookup; only other runes are decoded and looked up in the Unicode tables
// (a 20 MB article spent most of this function's time in unicode.Is).
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		var kind runeKind
		if c := s[i]; c < utf8.RuneSelf {
			kind = asciiKinds[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			kind = kindOf(r)
			i += size
		}
		switch kind {
		case kindIdeograph:
			n++
			in = false
		case kindWord:
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

// runeKind is what a rune is to countWords.
type runeKind uint8

const (
	kindSeparator runeKind = iota
	kindWord               // a letter, a digit or an apostrophe: part of a word
	kindIdeograph          // Han, Hiragana or Katakana: a word by itself
)

// firstIdeograph is the lowest code point of the Han, Hiragana and
// Katakana scripts (U+2E80, CJK Radicals Supplement): below it no rune
// can be an ideograph, which spares most non-ASCII text (accented Latin,
// Cyrillic, Greek) the three script lookups.
const firstIdeograph = 0x2E80

// kindOf classifies any rune (countWords' rules).
func kindOf(r rune) runeKind {
	switch {
	case r >= firstIdeograph && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)):
		return kindIdeograph
	case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’':
		return kindWord
	}
	return kindSeparator
}

// asciiKinds is kindOf for the ASCII range, computed once.
var asciiKinds = func() (t [utf8.RuneSelf]runeKind) {
	for c := range t {
		t[c] = kindOf(rune(c))
	}
	return t
}()

func readingMinutes(words int) int {
	if words == 0 {
		return 0
	}
	return (words + wordsPerMinute - 1) / wordsPerMinute
}
