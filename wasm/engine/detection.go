package engine

import (
	"sync"

	"golang.org/x/net/html"

	shipped "github.com/tidings-app/tidings/rules"
	"github.com/tidings-app/tidings/wasm/detect"
	"github.com/tidings-app/tidings/wasm/rules"
)

// defaultLists and defaultRules are the shipped lists, parsed and
// compiled once per process on first use. sync.OnceValue makes them
// immutable values, safe to share between goroutines.
var (
	defaultLists = sync.OnceValue(func() []*rules.List {
		srcs := shipped.Sources()
		lists := make([]*rules.List, len(srcs))
		for i, s := range srcs {
			lists[i] = rules.ParseSource(s)
		}
		return lists
	})
	defaultRules = sync.OnceValue(func() *rules.Matcher { return rules.Compile(defaultLists()...) })
)

// DefaultLists returns the shipped rule lists (rules/*.txt), parsed once.
// They are shared: callers must not modify them. Compile them together
// with a reader's own lists (rules.Compile(append(DefaultLists(), own...)...))
// so that the reader's exceptions apply to them.
func DefaultLists() []*rules.List { return defaultLists() }

// DefaultRules returns the shipped rule lists compiled, built once per
// process.
func DefaultRules() *rules.Matcher { return defaultRules() }

// pageURL is the URL that decides which domain-specific rules apply: the
// caller's, else the page's own canonical URL.
func pageURL(given, canonical string) string {
	if given != "" {
		return given
	}
	return canonical
}

// detectInto runs detection on the parsed page, fills the result's
// detections and paywall flag, and returns the elements to leave out of
// the article.
func detectInto(res *Result, doc *html.Node, pageURL string, opts Options) map[*html.Node]bool {
	skip := map[*html.Node]bool{}
	if opts.NoDetection {
		return skip
	}
	dr := detect.Run(doc, pageURL, opts.matcher(), detect.Options{})
	res.Paywalled = dr.Paywalled
	res.RulesTruncated = dr.Truncated
	for i := range dr.Detections {
		d := &dr.Detections[i]
		if d.Hides() {
			skip[d.Node] = true
		}
		res.Detections = append(res.Detections, resultDetection(d))
	}
	return skip
}

// resultDetection is a detection in the JSON contract.
func resultDetection(d *detect.Detection) Detection {
	out := Detection{
		Category:   string(d.Category),
		Kind:       string(d.Kind),
		Heuristic:  d.Heuristic,
		Confidence: d.Confidence,
		Locator:    Locator{Path: d.Locator.Path, Tag: d.Locator.Tag, Hash: d.Locator.Hash},
		Snippet:    d.Snippet,
		Action:     string(d.Action.Kind),
		Style:      d.Action.Style,
	}
	if out.Action == "" {
		out.Action = string(rules.ActionHide)
	}
	if d.Rule != nil {
		out.Rule = &RuleRef{List: d.Rule.List, Line: d.Rule.Line, Text: d.Rule.Text}
	}
	if out.Locator.Path == nil {
		out.Locator.Path = []int{}
	}
	return out
}

// CompileRules compiles a reader's rule lists for detection: the shipped
// lists first (unless withDefaults is false), then srcs in order, so that
// the reader's exceptions (#@#) cancel shipped rules and the reader's
// heuristic switches apply. It returns the Matcher and, for each of srcs,
// its lint result (header, counts, diagnostics). A list with errors still
// contributes its good lines.
func CompileRules(srcs []rules.Source, withDefaults bool) (*rules.Matcher, []rules.LintResult) {
	var lists []*rules.List
	if withDefaults {
		lists = append(lists, DefaultLists()...)
	}
	lint := make([]rules.LintResult, len(srcs))
	for i, s := range srcs {
		l := rules.ParseSource(s)
		lint[i] = rules.LintList(l)
		lists = append(lists, l)
	}
	return rules.Compile(lists...), lint
}
