package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/decode"
	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/locate"
	"github.com/tidings-app/tidings/wasm/sanitize"
	"github.com/tidings-app/tidings/wasm/shared"
)

// The labelled detection set (testdata/detection-set, see its README.md):
// hand-made labels of the banner elements of corpus pages, and the
// benchmark's matching semantics.

// LabelsRel is the label file's path below the repository root.
const LabelsRel = "testdata/detection-set/labels.jsonl"

// Matching semantics (README "Matching semantics for the benchmark").
const (
	// ancestorSlackRunes and ancestorSlackShare: a detection on an
	// ancestor of labels hits them when it adds at most 40 runes, or a
	// quarter of the labelled text it holds, of unlabelled text.
	ancestorSlackRunes = 40
	ancestorSlackShare = 0.25
	// minRecallCoverage: a detection inside a label finds it only when it
	// holds at least half of the label's text.
	minRecallCoverage = 0.5
	// maxLabelLineBytes bounds one JSON line of the label file.
	maxLabelLineBytes = 1 << 20
)

// Label is one labelled element.
type Label struct {
	Selector string `json:"selector"`
	Category string `json:"category"`
	Text     string `json:"text"`
	Hidden   bool   `json:"hidden,omitempty"`
	Optional bool   `json:"optional,omitempty"`
}

// LabelledPage is one page of the set.
type LabelledPage struct {
	Page   string  `json:"page"`
	URL    string  `json:"url"`
	Labels []Label `json:"labels"`
	Notes  string  `json:"notes,omitempty"`
}

// RepoRoot finds the directory holding go.mod (see shared.RepoRoot).
func RepoRoot() (string, error) { return shared.RepoRoot() }

// LabelsPath returns $TIDINGS_LABELS, or the label file of the repository.
func LabelsPath() (string, error) {
	if p := os.Getenv("TIDINGS_LABELS"); p != "" {
		return p, nil
	}
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, LabelsRel), nil
}

// LoadLabels reads a label file strictly: unknown fields are errors.
func LoadLabels(path string) ([]LabelledPage, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	defer fh.Close()
	var out []LabelledPage
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 0, maxLabelLineBytes), maxLabelLineBytes)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var pl LabelledPage
		if err := dec.Decode(&pl); err != nil {
			return nil, fmt.Errorf("read labels: line %d: %w", n, err)
		}
		out = append(out, pl)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	return out, nil
}

// PageFile maps a labelled page's name to its file: zyte/<id> and
// readability/<dir> in the shared corpus, seeds/<file> beside the label
// directory.
func PageFile(page, shared, labelsFile string) (string, error) {
	kind, name, ok := strings.Cut(page, "/")
	if !ok || name == "" || strings.Contains(name, "/") || strings.Contains(name, "..") {
		return "", fmt.Errorf("bad page name %q", page)
	}
	switch kind {
	case "zyte":
		return filepath.Join(shared, "corpus", "zyte", "html", name+".html.gz"), nil
	case "readability":
		return filepath.Join(shared, "corpus", "readability", "test-pages", name, "source.html"), nil
	case "seeds":
		return filepath.Join(filepath.Dir(labelsFile), "..", "seeds", name), nil
	}
	return "", fmt.Errorf("bad page kind %q", page)
}

// ElementText is the label set's text of an element: its textContent
// without script, style, noscript and template subtrees, whitespace runs
// collapsed to one space, trimmed.
func ElementText(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "noscript", "template":
				return
			}
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(sb.String()), " ")
}

// CategoryScore counts one category's outcome (or all categories', for
// the micro-average and the category-agnostic score).
type CategoryScore struct {
	// TP and FP count detections (true and false positives); Ignored
	// those that hit only optional labels.
	TP, FP, Ignored int
	// Found counts required labels found; Required all required labels.
	Found, Required int
}

// Precision is TP/(TP+FP), or 1 with no scored detection.
func (c CategoryScore) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is Found/Required, or 1 with no required label.
func (c CategoryScore) Recall() float64 {
	if c.Required == 0 {
		return 1
	}
	return float64(c.Found) / float64(c.Required)
}

func (c *CategoryScore) add(o CategoryScore) {
	c.TP += o.TP
	c.FP += o.FP
	c.Ignored += o.Ignored
	c.Found += o.Found
	c.Required += o.Required
}

// DetectionEval is the benchmark's outcome on the labelled set.
type DetectionEval struct {
	// ByCategory scores each category that has labels or detections.
	ByCategory map[string]*CategoryScore
	// Micro sums the categories; Agnostic ignores categories ("a banner
	// was hidden"). Visible is Agnostic on labels not marked hidden.
	Micro, Agnostic, Visible CategoryScore
	// Pages holds each page's detections and misses, in the set's order.
	Pages []PageOutcome
	// Unresolved counts detections whose locator did not find their
	// element again (an engine bug: the same parser runs on both sides).
	Unresolved int
}

// PageOutcome is one page's detail, for -v listings.
type PageOutcome struct {
	Page string
	// FalsePositives and Missed describe the errors.
	FalsePositives []string
	Missed         []string
}

// Categories returns the scored categories, sorted.
func (e *DetectionEval) Categories() []string {
	out := make([]string, 0, len(e.ByCategory))
	for c := range e.ByCategory {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// resolved is a label or detection resolved to an element of the page.
type resolved struct {
	n        *html.Node
	category string
	runes    int
	optional bool
	hidden   bool
	what     string // selector or rule, for listings
}

// EvalDetection runs the engine on every labelled page and scores its
// detections (README "Matching semantics"). labelsFile locates the seeds.
func EvalDetection(pages []LabelledPage, shared, labelsFile string, opts engine.Options) (*DetectionEval, error) {
	if opts.Policy == nil {
		opts.Policy = sanitize.NewPolicy()
	}
	ev := &DetectionEval{ByCategory: map[string]*CategoryScore{}}
	for _, pl := range pages {
		file, err := PageFile(pl.Page, shared, labelsFile)
		if err != nil {
			return nil, err
		}
		src, err := decode.File(file, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", pl.Page, err)
		}
		o := opts
		o.URL = pl.URL
		res, err := engine.Clean(src, o)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", pl.Page, err)
		}
		doc, err := document.Parse(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", pl.Page, err)
		}
		labels, err := resolveLabels(doc, pl)
		if err != nil {
			return nil, err
		}
		var dets []resolved
		for _, d := range res.Detections {
			if d.Action == "style" {
				continue
			}
			n := locate.Find(doc, locate.Locator{Path: d.Locator.Path, Tag: d.Locator.Tag, Hash: d.Locator.Hash})
			if n == nil {
				ev.Unresolved++
				continue
			}
			what := d.Heuristic
			if d.Rule != nil {
				what = fmt.Sprintf("%s:%d", d.Rule.List, d.Rule.Line)
			}
			dets = append(dets, resolved{n: n, category: d.Category, runes: utf8.RuneCountInString(ElementText(n)), what: what})
		}
		ev.Pages = append(ev.Pages, ev.scorePage(pl.Page, labels, dets))
	}
	for _, c := range ev.ByCategory {
		ev.Micro.add(*c)
	}
	return ev, nil
}

// resolveLabels finds each label's element.
func resolveLabels(doc *html.Node, pl LabelledPage) ([]resolved, error) {
	out := make([]resolved, 0, len(pl.Labels))
	for _, l := range pl.Labels {
		sel, err := cascadia.Compile(l.Selector)
		if err != nil {
			return nil, fmt.Errorf("%s: label %q: %w", pl.Page, l.Selector, err)
		}
		n := sel.MatchFirst(doc)
		if n == nil {
			return nil, fmt.Errorf("%s: label %q matches nothing", pl.Page, l.Selector)
		}
		out = append(out, resolved{n: n, category: l.Category, runes: utf8.RuneCountInString(ElementText(n)),
			optional: l.Optional, hidden: l.Hidden, what: l.Selector})
	}
	return out, nil
}

// hit is a detection hitting a label, with its recall coverage.
type hit struct {
	label    int
	coverage float64
}

// hits lists the labels detection d hits (README rule 1).
func hits(d resolved, labels []resolved) []hit {
	var out []hit
	var banner int
	bannerDone := false
	for i, l := range labels {
		switch {
		case d.n == l.n:
			out = append(out, hit{i, 1})
		case isAncestorOf(l.n, d.n):
			cov := 1.0
			if l.runes > 0 {
				cov = float64(d.runes) / float64(l.runes)
			}
			out = append(out, hit{i, cov})
		case isAncestorOf(d.n, l.n):
			if !bannerDone {
				banner = bannerRunes(d.n, labels)
				bannerDone = true
			}
			extra := d.runes - banner
			if float64(extra) <= max(ancestorSlackRunes, ancestorSlackShare*float64(banner)) {
				out = append(out, hit{i, 1})
			}
		}
	}
	return out
}

// bannerRunes is the text of the outermost labels inside d.
func bannerRunes(d *html.Node, labels []resolved) int {
	total := 0
	for i, l := range labels {
		if !isAncestorOf(d, l.n) {
			continue
		}
		outer := true
		for j, o := range labels {
			if j != i && o.n != l.n && isAncestorOf(o.n, l.n) && isAncestorOf(d, o.n) {
				outer = false
				break
			}
		}
		if outer {
			total += l.runes
		}
	}
	return total
}

func isAncestorOf(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// scorePage scores one page's detections against its labels.
func (ev *DetectionEval) scorePage(page string, labels, dets []resolved) PageOutcome {
	out := PageOutcome{Page: page}
	cat := func(c string) *CategoryScore {
		if ev.ByCategory[c] == nil {
			ev.ByCategory[c] = &CategoryScore{}
		}
		return ev.ByCategory[c]
	}
	found := make([]bool, len(labels))    // by a detection of its category
	foundAny := make([]bool, len(labels)) // by any detection
	for _, d := range dets {
		hs := hits(d, labels)
		onlyOptional := len(hs) > 0
		tp, tpAny := false, false
		for _, h := range hs {
			l := labels[h.label]
			if l.optional {
				continue
			}
			onlyOptional = false
			tpAny = true
			if l.category == d.category {
				tp = true
			}
			if h.coverage >= minRecallCoverage || l.runes == 0 {
				foundAny[h.label] = true
				if l.category == d.category {
					found[h.label] = true
				}
			}
		}
		s := cat(d.category)
		switch {
		case onlyOptional:
			s.Ignored++
			ev.Agnostic.Ignored++
		case tp:
			s.TP++
		default:
			s.FP++
			out.FalsePositives = append(out.FalsePositives, describeResolved(d, hs, labels))
		}
		switch {
		case onlyOptional:
		case tpAny:
			ev.Agnostic.TP++
		default:
			ev.Agnostic.FP++
		}
	}
	for i, l := range labels {
		if l.optional {
			continue
		}
		s := cat(l.category)
		s.Required++
		ev.Agnostic.Required++
		if !l.hidden {
			ev.Visible.Required++
		}
		if found[i] {
			s.Found++
		} else {
			out.Missed = append(out.Missed, fmt.Sprintf("%s %s %q", l.category, l.what, clip(ElementText(l.n))))
		}
		if foundAny[i] {
			ev.Agnostic.Found++
			if !l.hidden {
				ev.Visible.Found++
			}
		}
	}
	return out
}

func describeResolved(d resolved, hs []hit, labels []resolved) string {
	s := fmt.Sprintf("%s by %s on <%s%s> %q", d.category, d.what, d.n.Data, nodeNames(d.n), clip(ElementText(d.n)))
	for _, h := range hs {
		s += fmt.Sprintf(" (hits %s label %s)", labels[h.label].category, labels[h.label].what)
	}
	return s
}

func nodeNames(n *html.Node) string {
	var s string
	for _, a := range n.Attr {
		switch a.Key {
		case "id":
			s += "#" + a.Val
		case "class":
			s += "." + strings.Join(strings.Fields(a.Val), ".")
		}
	}
	return s
}

// clip shortens a text for listings.
func clip(s string) string {
	const max = 70
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}

// HiddenEval measures, on pages with a ground-truth article, how much of
// the article detection hides: the share of the truth's 4-token shingles
// (the Zyte metric's unit) that the hidden elements' text holds.
type HiddenEval struct {
	// Hidden and Total count shingles over all pages; Share is their ratio.
	Hidden, Total int
	Share         float64
	// Pages lists the pages where detection hid some of the article,
	// most hidden first.
	Pages []PageHidden
}

// PageHidden is one page's hidden share and the detections responsible.
type PageHidden struct {
	ID, URL    string
	Share      float64
	Detections []string
}

// EvalHidden cleans every page and measures the article text its
// detections hide.
func EvalHidden(pages []ZytePage, html []Page, opts engine.Options) HiddenEval {
	if opts.Policy == nil {
		opts.Policy = sanitize.NewPolicy()
	}
	var ev HiddenEval
	for i, p := range pages {
		o := opts
		o.URL = html[i].URL
		res, err := engine.Clean(html[i].HTML, o)
		if err != nil {
			continue
		}
		doc, err := document.Parse(html[i].HTML)
		if err != nil {
			continue
		}
		truth := shingles(p.Truth)
		total := 0
		for _, c := range truth {
			total += c
		}
		ev.Total += total
		hidden, why := hiddenShingles(doc, res.Detections, truth)
		ev.Hidden += hidden
		if hidden > 0 && total > 0 {
			ev.Pages = append(ev.Pages, PageHidden{ID: p.ID, URL: p.URL, Share: float64(hidden) / float64(total), Detections: why})
		}
	}
	if ev.Total > 0 {
		ev.Share = float64(ev.Hidden) / float64(ev.Total)
	}
	sort.SliceStable(ev.Pages, func(i, j int) bool { return ev.Pages[i].Share > ev.Pages[j].Share })
	return ev
}

// hiddenShingles counts the truth shingles that the hiding detections'
// text holds, and names the detections that hold any.
func hiddenShingles(doc *html.Node, dets []engine.Detection, truth map[string]int) (int, []string) {
	seen := map[*html.Node]bool{}
	var nodes []*html.Node
	var names []string
	for _, d := range dets {
		if d.Action == "style" {
			continue
		}
		n := locate.Find(doc, locate.Locator{Path: d.Locator.Path, Tag: d.Locator.Tag, Hash: d.Locator.Hash})
		if n == nil || seen[n] {
			continue
		}
		seen[n] = true
		nodes = append(nodes, n)
		what := d.Heuristic
		if d.Rule != nil {
			what = fmt.Sprintf("%s:%d", d.Rule.List, d.Rule.Line)
		}
		names = append(names, fmt.Sprintf("%s %s %q", d.Category, what, clip(d.Snippet)))
	}
	got := map[string]int{}
	var why []string
	for i, n := range nodes {
		inner := false
		for p := n.Parent; p != nil; p = p.Parent {
			if seen[p] {
				inner = true
				break
			}
		}
		if inner {
			continue
		}
		counted := 0
		for s, c := range shingles(ElementText(n)) {
			if t := truth[s]; t > 0 {
				add := min(c, t-got[s])
				if add > 0 {
					got[s] += add
					counted += add
				}
			}
		}
		if counted > 0 {
			why = append(why, names[i])
		}
	}
	hidden := 0
	for _, c := range got {
		hidden += c
	}
	return hidden, why
}
