package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/detect"
	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/eval"
)

// Detection benchmark settings.
const (
	// detectTimingRounds: each page is timed this many times and the
	// fastest run kept (the least disturbed on a shared machine); the
	// median over pages is reported.
	detectTimingRounds = 5
	// detectListed bounds the false positives and misses printed without
	// TIDINGS_BENCH_VERBOSE.
	detectListed = 10
)

// benchDetection prints the detection numbers of issue 3: precision and
// recall per category on the labelled set (testdata/detection-set), the
// share of the Zyte articles' text that detections hide, extraction F1
// with detection on and off, and what detection costs per page.
func benchDetection(c *benchCorpus) error {
	path, err := eval.LabelsPath()
	if err != nil {
		return fmt.Errorf("detection bench: %w", err)
	}
	labelled, err := eval.LoadLabels(path)
	if err != nil {
		return fmt.Errorf("detection bench: %w", err)
	}
	ev, err := eval.EvalDetection(labelled, c.shared, path, engine.Options{})
	if err != nil {
		return fmt.Errorf("detection bench: %w", err)
	}
	fmt.Printf("== Detection: labelled set (%s, %d pages; targets: precision >= 0.95, recall >= 0.90 per category)\n", eval.LabelsRel, len(labelled))
	fmt.Printf("  %-13s %-24s %s\n", "category", "precision (tp/scored)", "recall (found/required)")
	for _, c := range ev.Categories() {
		s := ev.ByCategory[c]
		fmt.Printf("  %-13s %s  %s\n", c, detectRatio(s.Precision(), s.TP, s.TP+s.FP), detectRatio(s.Recall(), s.Found, s.Required))
	}
	fmt.Printf("  %-13s %s  %s\n", "micro", detectRatio(ev.Micro.Precision(), ev.Micro.TP, ev.Micro.TP+ev.Micro.FP), detectRatio(ev.Micro.Recall(), ev.Micro.Found, ev.Micro.Required))
	fmt.Printf("  %-13s %s  %s\n", "any category", detectRatio(ev.Agnostic.Precision(), ev.Agnostic.TP, ev.Agnostic.TP+ev.Agnostic.FP), detectRatio(ev.Agnostic.Recall(), ev.Agnostic.Found, ev.Agnostic.Required))
	fmt.Printf("  %-13s %-24s %s\n", "visible only", "", detectRatio(ev.Visible.Recall(), ev.Visible.Found, ev.Visible.Required))
	fmt.Printf("  ignored (only optional labels hit): %d; unresolved locators: %d\n", ev.Agnostic.Ignored, ev.Unresolved)
	detectListErrors(ev)

	zpages, zhtml, err := c.zyte()
	if err != nil {
		return fmt.Errorf("detection bench: %w", err)
	}
	fmt.Printf("== Detection on the Zyte pages (%d)\n", len(zpages))
	h := eval.EvalHidden(zpages, zhtml, engine.Options{})
	fmt.Printf("  article text hidden: %d of %d truth shingles = %.4f %% (target <= 0.5 %%), on %d pages\n", h.Hidden, h.Total, 100*h.Share, len(h.Pages))
	for _, p := range h.Pages[:min(3, len(h.Pages))] {
		fmt.Printf("    %.2f %% %s: %s\n", 100*p.Share, p.URL, strings.Join(p.Detections, "; "))
	}
	on := eval.EvalZyte(zpages, zhtml, engine.Options{})
	off := eval.EvalZyte(zpages, zhtml, engine.Options{NoDetection: true})
	fmt.Printf("  extraction with detection    %s\n", on.Score)
	fmt.Printf("  extraction without detection %s\n", off.Score)
	return detectTiming(zhtml)
}

// detectRatio formats a ratio with its counts.
func detectRatio(r float64, n, d int) string {
	return fmt.Sprintf("%.3f (%3d/%3d)       ", r, n, d)
}

// detectListErrors prints the false positives and misses (all of them
// with TIDINGS_BENCH_VERBOSE set).
func detectListErrors(ev *eval.DetectionEval) {
	var fps, misses []string
	for _, p := range ev.Pages {
		for _, f := range p.FalsePositives {
			fps = append(fps, p.Page+": "+f)
		}
		for _, m := range p.Missed {
			misses = append(misses, p.Page+": "+m)
		}
	}
	limit := detectListed
	if os.Getenv("TIDINGS_BENCH_VERBOSE") != "" {
		limit = len(fps) + len(misses)
	}
	fmt.Printf("  false positives %d, missed labels %d", len(fps), len(misses))
	if limit < len(fps)+len(misses) {
		fmt.Print(" (TIDINGS_BENCH_VERBOSE=1 lists all)")
	}
	fmt.Println()
	for _, s := range fps[:min(limit, len(fps))] {
		fmt.Println("    fp  ", s)
	}
	for _, s := range misses[:min(max(0, limit-len(fps)), len(misses))] {
		fmt.Println("    miss", s)
	}
}

// detectTiming prints the cost of detection per Zyte page on one core:
// the whole engine with and without it, and detection alone (rules and
// heuristics apart), as medians over pages.
func detectTiming(pages []eval.Page) error {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	docs := make([]*html.Node, len(pages))
	for i, p := range pages {
		doc, err := document.Parse(p.HTML)
		if err != nil {
			return fmt.Errorf("detection bench: %s: %w", p.ID, err)
		}
		docs[i] = doc
	}
	m := engine.DefaultRules()
	var cleanOn, cleanOff, run, match, heur []time.Duration
	for i, p := range pages {
		doc, url := docs[i], p.URL
		cleanOn = append(cleanOn, detectBest(func() { engine.Clean(p.HTML, engine.Options{URL: url}) }))
		cleanOff = append(cleanOff, detectBest(func() { engine.Clean(p.HTML, engine.Options{URL: url, NoDetection: true}) }))
		run = append(run, detectBest(func() { detect.Run(doc, url, m, detect.Options{}) }))
		match = append(match, detectBest(func() { m.Match(doc, url) }))
		heur = append(heur, detectBest(func() { detect.Run(doc, url, nil, detect.Options{}) }))
	}
	fmt.Println("== Detection speed per Zyte page, one core (median; mean; 90th percentile)")
	for _, row := range []struct {
		name string
		d    []time.Duration
	}{
		{"clean, detection on ", cleanOn},
		{"clean, detection off", cleanOff},
		{"detection (default lists + heuristics)", run},
		{"  rules alone (Matcher.Match)", match},
		{"  heuristics alone", heur},
	} {
		med, mean, p90 := detectStats(row.d)
		fmt.Printf("  %-40s %6.3f ms  %6.3f ms  %6.3f ms\n", row.name, ms(med), ms(mean), ms(p90))
	}
	return nil
}

// detectBest runs f detectTimingRounds times and returns the fastest run.
func detectBest(f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range detectTimingRounds {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

func detectStats(d []time.Duration) (median, mean, p90 time.Duration) {
	s := slices.Clone(d)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	var sum time.Duration
	for _, v := range s {
		sum += v
	}
	const ninety = 9
	return s[len(s)/2], sum / time.Duration(len(s)), s[len(s)*ninety/10]
}
