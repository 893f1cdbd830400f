package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/shared"
)

// Floors a little under the measured detection figures (`go run
// ./wasm/cmd/tidings-bench`), so that a regression fails the tests. The
// issue's targets are precision >= 0.95 and recall >= 0.90 per category;
// every category meets them, and each floor sits just under its measured
// recall (in the categories with 6 to 13 labels, one more miss fails it).
const (
	detectMinMicroPrecision    = 0.97
	detectMinMicroRecall       = 0.98
	detectMinAgnosticPrecision = 0.97
	detectMinAgnosticRecall    = 0.99
	// detectMinPrecision holds for every category with at least
	// detectMinScored scored detections (fewer say little).
	detectMinPrecision = 0.95
	detectMinScored    = 4
	// zyteMaxHiddenShare: detections hide at most this share of the Zyte
	// articles' text (issue target 0.5 %; measured under 0.01 %).
	zyteMaxHiddenShare = 0.001
)

// detectMinRecall are per-category recall floors.
var detectMinRecall = map[string]float64{
	"newsletter": 0.97, "social": 0.95, "donation": 0.95, "cookie": 0.95, "paywall": 0.99,
	"subscription": 0.95, "other": 0.95, "boilerplate": 0.95, "promo": 0.95,
}

// loadLabelled loads the labelled set, skipping without the corpus.
func loadLabelled(tb testing.TB) ([]LabelledPage, string, string) {
	tb.Helper()
	shared := shared.DirOrSkip(tb)
	path, err := LabelsPath()
	if err != nil {
		tb.Fatal(err)
	}
	pages, err := LoadLabels(path)
	if err != nil {
		tb.Fatal(err)
	}
	return pages, shared, path
}

func TestDetectionFloors(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the corpus evaluation in -short mode")
	}
	pages, shared, path := loadLabelled(t)
	ev, err := EvalDetection(pages, shared, path, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Unresolved > 0 {
		t.Errorf("%d detections' locators did not find their element again", ev.Unresolved)
	}
	for _, c := range ev.Categories() {
		s := ev.ByCategory[c]
		t.Logf("%-12s precision %.3f (%d/%d)  recall %.3f (%d/%d)", c, s.Precision(), s.TP, s.TP+s.FP, s.Recall(), s.Found, s.Required)
		if s.TP+s.FP >= detectMinScored && s.Precision() < detectMinPrecision {
			t.Errorf("%s: precision %.3f under %.2f", c, s.Precision(), detectMinPrecision)
		}
		if min, ok := detectMinRecall[c]; ok && s.Recall() < min {
			t.Errorf("%s: recall %.3f under the floor %.2f", c, s.Recall(), min)
		}
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"micro precision", ev.Micro.Precision(), detectMinMicroPrecision},
		{"micro recall", ev.Micro.Recall(), detectMinMicroRecall},
		{"agnostic precision", ev.Agnostic.Precision(), detectMinAgnosticPrecision},
		{"agnostic recall", ev.Agnostic.Recall(), detectMinAgnosticRecall},
	}
	for _, c := range checks {
		if c.got < c.want {
			t.Errorf("%s %.3f under the floor %.2f", c.name, c.got, c.want)
		}
	}
}

// TestDetectionOnZyte checks what detection does to the articles: it hides
// almost none of their text, and extraction is not worse with it.
func TestDetectionOnZyte(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the corpus evaluation in -short mode")
	}
	pages, html := loadZyte(t)
	h := EvalHidden(pages, html, engine.Options{})
	t.Logf("hidden article shingles: %d of %d (%.4f %%)", h.Hidden, h.Total, 100*h.Share)
	if h.Share > zyteMaxHiddenShare {
		for _, p := range h.Pages[:min(5, len(h.Pages))] {
			t.Logf("  %.3f %s %v", p.Share, p.URL, p.Detections)
		}
		t.Errorf("detections hide %.4f %% of the articles, more than %.2f %%", 100*h.Share, 100*zyteMaxHiddenShare)
	}
	on := EvalZyte(pages, html, engine.Options{})
	off := EvalZyte(pages, html, engine.Options{NoDetection: true})
	t.Logf("F1 with detection %.4f, without %.4f", on.Score.F1, off.Score.F1)
	if on.Score.F1 < off.Score.F1 {
		t.Errorf("F1 with detection %.4f is lower than without %.4f", on.Score.F1, off.Score.F1)
	}
}

// TestMatchingSemantics checks the scoring rules of the labelled set's
// README on a made-up page.
func TestMatchingSemantics(t *testing.T) {
	const page = `<html><body>
<div id="wrap"><div id="nl">Sign up for our newsletter today</div><a id="close">Close</a></div>
<div id="big"><div id="nl2">Newsletter</div><p id="story">` + "An article paragraph that is long enough to swallow. " + `</p></div>
<div id="appeal"><p id="ask">Please support our journalism with a monthly gift of any size.</p><a id="btn">Give</a></div>
<div id="opt">Donate</div>
<div id="empty"></div>
</body></html>`
	doc, err := document.Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	node := func(id string) *html.Node { return cascadia.MustCompile("#" + id).MatchFirst(doc) }
	res := func(id, cat string, optional bool) resolved {
		n := node(id)
		return resolved{n: n, category: cat, runes: utf8.RuneCountInString(ElementText(n)), optional: optional, what: "#" + id}
	}
	labels := []resolved{
		res("nl", "newsletter", false), res("nl2", "newsletter", false), res("appeal", "donation", false),
		res("opt", "donation", true), res("empty", "social", false),
	}
	tests := []struct {
		det         resolved
		tp, fp, ign int // the detection's outcome in its category
		foundLabel  int // index of the label it finds, or -1
	}{
		// D = L.
		{det: res("nl", "newsletter", false), tp: 1, foundLabel: 0},
		// An ancestor adding "Close" (5 runes) hits.
		{det: res("wrap", "newsletter", false), tp: 1, foundLabel: 0},
		// An ancestor swallowing a paragraph does not.
		{det: res("big", "newsletter", false), fp: 1, foundLabel: -1},
		// Inside L with coverage under 0.5: a true positive, not found.
		{det: res("btn", "donation", false), tp: 1, foundLabel: -1},
		// Inside L with most of its text: found.
		{det: res("ask", "donation", false), tp: 1, foundLabel: 2},
		// The right element, the wrong category: a false positive.
		{det: res("nl", "social", false), fp: 1, foundLabel: -1},
		// Only an optional label: ignored.
		{det: res("opt", "donation", false), ign: 1, foundLabel: -1},
		// An empty label is found by any detection inside or on it.
		{det: res("empty", "social", false), tp: 1, foundLabel: 4},
	}
	for _, tt := range tests {
		ev := &DetectionEval{ByCategory: map[string]*CategoryScore{}}
		ev.scorePage("p", labels, []resolved{tt.det})
		s := ev.ByCategory[tt.det.category]
		if s.TP != tt.tp || s.FP != tt.fp || s.Ignored != tt.ign {
			t.Errorf("%s as %s: tp %d fp %d ignored %d; want %d %d %d", tt.det.what, tt.det.category, s.TP, s.FP, s.Ignored, tt.tp, tt.fp, tt.ign)
		}
		found := 0
		for _, c := range ev.ByCategory {
			found += c.Found
		}
		if want := map[bool]int{true: 1, false: 0}[tt.foundLabel >= 0]; found != want {
			t.Errorf("%s as %s: %d labels found, want %d", tt.det.what, tt.det.category, found, want)
		}
	}
}

func TestPageFile(t *testing.T) {
	const shared, labels = "/s", "/r/testdata/detection-set/labels.jsonl"
	tests := []struct {
		page, want string
		wantErr    bool
	}{
		{page: "zyte/abc", want: "/s/corpus/zyte/html/abc.html.gz"},
		{page: "readability/nytimes-1", want: "/s/corpus/readability/test-pages/nytimes-1/source.html"},
		{page: "seeds/x.html", want: "/r/testdata/seeds/x.html"},
		{page: "zyte/../x", wantErr: true},
		{page: "zyte/a/b", wantErr: true},
		{page: "other/x", wantErr: true},
		{page: "zyte", wantErr: true},
	}
	for _, tc := range tests {
		got, err := PageFile(tc.page, shared, labels)
		if (err != nil) != tc.wantErr || (!tc.wantErr && filepath.Clean(got) != tc.want) {
			t.Errorf("PageFile(%q) = %q, %v; want %q, error %v", tc.page, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestElementText(t *testing.T) {
	doc, err := document.Parse(`<div id=a> Share <b>this</b>
		<script>x()</script><style>p{}</style><span>now</span></div>`)
	if err != nil {
		t.Fatal(err)
	}
	n := cascadia.MustCompile("#a").MatchFirst(doc)
	if got, want := ElementText(n), "Share this now"; got != want {
		t.Errorf("ElementText = %q, want %q", got, want)
	}
}

func TestLoadLabelsRejectsUnknownFields(t *testing.T) {
	p := filepath.Join(t.TempDir(), "labels.jsonl")
	if err := writeFile(p, `{"page":"zyte/a","url":"u","labels":[],"colour":"red"}`+"\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadLabels(p); err == nil || !strings.Contains(err.Error(), "colour") {
		t.Errorf("LoadLabels accepted an unknown field: %v", err)
	}
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }
