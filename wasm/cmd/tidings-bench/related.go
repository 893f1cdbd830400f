package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/tidings-app/tidings/wasm/related"
	"github.com/tidings-app/tidings/wasm/related/ecbplus"
	"github.com/tidings-app/tidings/wasm/related/synth"
)

// relatedSizes are the index sizes lookups are timed at.
var relatedSizes = []int{1000, 10000, 100000}

// relatedQueries lookups are timed per size.
const relatedQueries = 200

// relatedSeed fixes the synthetic collections.
const relatedSeed = 1

// benchRelated prints the related-coverage numbers: same-story pairwise
// precision, recall and F1 on the ECB+ development set (full set and
// cross-validated by topic halves), lookup time in indexes of 1k, 10k and
// 100k synthetic articles natively and, when Node is installed, in
// WebAssembly, index memory per article and fingerprint sizes.
func benchRelated(shared string) error {
	docs, err := ecbplus.Load(ecbplus.DevPath(shared))
	if err != nil {
		return err
	}
	set := ecbplus.NewSet(docs)
	fmt.Printf("== Related coverage: same-story pairs on ECB+ dev (%d articles, pairwise over all %d pairs)\n", len(docs), len(docs)*(len(docs)-1)/2)
	rel, err := set.Related(related.DefaultModel())
	if err != nil {
		return err
	}
	fmt.Printf("  full set, shipped model         %s\n", set.Score(rel))
	cv, err := ecbplus.CrossValidate(set)
	if err != nil {
		return err
	}
	fmt.Printf("  cross-validated, fit on A → B   %s\n", cv.AonB)
	fmt.Printf("  cross-validated, fit on B → A   %s\n", cv.BonA)
	fmt.Printf("  cross-validated, pooled         %s\n", cv.Pooled())
	st, err := set.Stories(related.DefaultModel())
	if err != nil {
		return err
	}
	fmt.Printf("  as story clusters (--clusters)  %s\n", set.Score(st))
	po, err := ecbplus.PairwiseOnly(set, related.DefaultModel())
	if err != nil {
		return err
	}
	fmt.Printf("  per pair, no grouping (p ≥ 0.5) %s\n", po)
	fmt.Println("  targets: F1 ≥ 0.90 with precision ≥ 0.92; TF-IDF + capitalized-word baseline ≈ 0.83")
	return relatedLookups(shared)
}

// relatedLookups times lookups natively, then in WebAssembly.
func relatedLookups(shared string) error {
	base, err := synth.Base(shared)
	if err != nil {
		return err
	}
	mean, maxSize, fpMs, err := synth.Encoded(base)
	if err != nil {
		return err
	}
	fmt.Printf("== Related coverage: fingerprints and lookups (synthetic copies of %d ECB+ and Zyte articles; GOMAXPROCS=1)\n", len(base))
	fmt.Printf("  fingerprint: %.0f bytes mean, %d max (limit %d); %.2f ms to make natively\n", mean, maxSize, related.MaxEncodedSize, fpMs)
	fmt.Printf("  document-frequency table in the engine: %d bytes\n", related.DFTableBytes)
	procs := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(procs)

	dir, err := os.MkdirTemp("", "tidings-related-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// Generate once, natively; both runs load the same stored fingerprints.
	file := filepath.Join(dir, "fingerprints.bin")
	src := synth.NewGenerated(base, relatedQueries, relatedSeed)
	if err := synth.WriteFile(file, src, relatedSizes[len(relatedSizes)-1], relatedQueries); err != nil {
		return err
	}
	stored, err := synth.ReadFile(file)
	if err != nil {
		return err
	}
	native, err := synth.Measure(stored, relatedSizes, relatedQueries)
	if err != nil {
		return err
	}
	relatedPrintLookups("native", native)
	wasm, err := relatedWasmLookups(dir, file)
	if err != nil {
		fmt.Printf("  wasm        (skipped: %v)\n", err)
		return nil
	}
	relatedPrintLookups("wasm (Node)", wasm)
	fmt.Println("  targets: ≤ 20 ms natively and ≤ 50 ms in WASM at 100k")
	return nil
}

func relatedPrintLookups(label string, ls []synth.Lookups) {
	for _, l := range ls {
		fmt.Printf("  %-11s %6d articles: lookup %5.2f ms mean, %5.2f p95, %6.2f max; %4.1f related found; index %4.0f B/article; add %4.0f µs\n",
			label, l.Articles, l.MeanMs, l.P95Ms, l.MaxMs, l.MeanHits, l.IndexBytesPerArticle, l.AddUs)
	}
}

// relatedWasmLookups builds internal/lookupbench as WebAssembly and runs
// it under Node on the stored fingerprints.
func relatedWasmLookups(dir, file string) ([]synth.Lookups, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("no node: %w", err)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT: %w", err)
	}
	runner := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec_node.js")
	bin := filepath.Join(dir, "lookupbench.wasm")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, "github.com/tidings-app/tidings/wasm/related/internal/lookupbench")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build lookupbench.wasm: %w: %s", err, out)
	}
	sizes := strings.Trim(strings.ReplaceAll(fmt.Sprint(relatedSizes), " ", ","), "[]")
	run := exec.Command(node, runner, bin, "-read", file, "-sizes", sizes, "-queries", fmt.Sprint(relatedQueries))
	run.Stderr = os.Stderr
	out, err := run.Output()
	if err != nil {
		return nil, fmt.Errorf("node lookupbench.wasm: %w", err)
	}
	var ls []synth.Lookups
	if err := json.Unmarshal(out, &ls); err != nil {
		return nil, fmt.Errorf("lookupbench output %q: %w", out, err)
	}
	return ls, nil
}
