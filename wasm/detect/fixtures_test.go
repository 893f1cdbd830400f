package detect

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tidings-app/tidings/wasm/locate"
	"github.com/tidings-app/tidings/wasm/rules"
)

// asRulesResult turns detections into a rules.Result, so that the rules
// package's fixture checker (data-tidings-expect) can compare them;
// heuristic detections get a stand-in rule naming the heuristic.
func asRulesResult(dets []Detection) rules.Result {
	var res rules.Result
	for _, d := range dets {
		r := d.Rule
		if r == nil {
			r = &rules.Rule{List: "heuristic", Text: d.Heuristic}
		}
		res.Hits = append(res.Hits, rules.Hit{Node: d.Node, Rule: r, Kind: d.Kind, Category: d.Category, Confidence: d.Confidence, Action: d.Action})
	}
	return res
}

// TestHeuristicFixtures runs the heuristics alone (no rules) on the small
// pages in testdata/, each marking what must and must not be found.
func TestHeuristicFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			fx, err := rules.ParseFixture(f, string(src))
			if err != nil {
				t.Fatal(err)
			}
			res := Run(fx.Doc, fx.URL, nil, Options{})
			rep := fx.Compare(asRulesResult(res.Detections))
			for _, fail := range rep.Failures {
				t.Error(fail)
			}
			for _, d := range res.Detections {
				if got := locate.Find(fx.Doc, d.Locator); got != d.Node {
					t.Errorf("the locator of <%s> %q does not find it again", d.Node.Data, d.Snippet)
				}
			}
		})
	}
}
