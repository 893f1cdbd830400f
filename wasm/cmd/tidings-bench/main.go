// Command tidings-bench prints the numbers `make bench` reports: extraction
// accuracy on the Zyte benchmark, metadata agreement with Mozilla
// Readability's test pages, time per page natively and in WebAssembly
// under Node, and the size of the .wasm.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/tidings-app/tidings/wasm/bridge/relatedapi"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/eval"
)

func main() {
	if len(os.Args) == 5 && os.Args[1] == stressRunFlag {
		if err := stressRun(os.Args[2], os.Args[3], os.Args[4]); err != nil {
			fmt.Fprintln(os.Stderr, "tidings-bench:", err)
			os.Exit(1)
		}
		return
	}
	wasm := flag.String("wasm", "", "the built `.wasm`; when set, also time the engine under Node")
	wasmExec := flag.String("wasm-exec", "build/wasm_exec.js", "the Go toolchain's `wasm_exec.js` for --wasm")
	rounds := flag.Int("rounds", 5, "timing rounds over the corpus")
	verbose := flag.Bool("v", false, "list the worst pages and every metadata disagreement")
	half := flag.String("half", "", "score only half of the Zyte pages, `a` or b (split by page id), to tune on one half and check on the other")
	dump := flag.String("dump", "", "write each Zyte page's extracted text to `DIR`/ID.txt")
	quick := flag.Bool("quick", false, "extraction accuracy only: skip metadata and speed")
	cli := flag.String("cli", "build/tidings", "the built CLI, for the 20 MB stress run (peak memory is the process' own)")
	sections := flag.String("only", "all", "comma-separated `sections` to run: engine, stress, rules, detection, related (all: every one)")
	flag.Parse()
	want := parseSections(*sections)
	if err := runSections(want, *wasm, *wasmExec, *cli, *rounds, *verbose, benchOpts{half: *half, dump: *dump, quick: *quick}); err != nil {
		fmt.Fprintln(os.Stderr, "tidings-bench:", err)
		os.Exit(1)
	}
}

// benchOpts are the development switches of the extraction evaluation.
// benchSections are the parts of `make bench`, in the order they print.
var benchSections = []string{"engine", "stress", "rules", "detection", "related"}

func parseSections(s string) map[string]bool {
	want := map[string]bool{}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "all" {
			for _, b := range benchSections {
				want[b] = true
			}
			continue
		}
		want[p] = true
	}
	return want
}

func runSections(want map[string]bool, wasm, wasmExec, cli string, rounds int, verbose bool, bo benchOpts) error {
	shared, err := eval.SharedDir()
	if err != nil {
		return err
	}
	c := &benchCorpus{shared: shared}
	if want["engine"] {
		if err := run(c, wasm, wasmExec, rounds, verbose, bo); err != nil {
			return err
		}
	}
	if bo.quick {
		return nil
	}
	if want["stress"] {
		if err := benchStress(cli); err != nil {
			return err
		}
	}
	if want["rules"] {
		if err := benchRules(c, wasm, wasmExec); err != nil {
			return err
		}
	}
	if want["detection"] {
		if err := benchDetection(c); err != nil {
			return err
		}
	}
	if want["related"] {
		if err := benchRelated(shared); err != nil {
			return err
		}
	}
	return nil
}

// benchCorpus is the shared data directory and the Zyte pages, read and
// decoded once for all the sections that use them.
type benchCorpus struct {
	shared string
	zpages []eval.ZytePage
	zhtml  []eval.Page
}

// zyte returns the Zyte pages with their ground truth and decoded HTML.
func (c *benchCorpus) zyte() ([]eval.ZytePage, []eval.Page, error) {
	if c.zpages == nil {
		zpages, err := eval.LoadZyte(filepath.Join(c.shared, "corpus", "zyte"))
		if err != nil {
			return nil, nil, err
		}
		zhtml, err := eval.LoadZyteHTML(zpages)
		if err != nil {
			return nil, nil, err
		}
		c.zpages, c.zhtml = zpages, zhtml
	}
	return c.zpages, c.zhtml, nil
}

type benchOpts struct {
	half, dump string
	quick      bool
}

func run(c *benchCorpus, wasm, wasmExec string, rounds int, verbose bool, bo benchOpts) error {
	zpages, zhtml, err := c.zyte()
	if err != nil {
		return err
	}
	if bo.half != "" {
		zpages, zhtml = halfOf(zpages, zhtml, bo.half)
	}

	fmt.Println("== Extraction: Zyte article-extraction benchmark (shared/corpus/zyte)")
	zr := eval.EvalZyte(zpages, zhtml, engine.Options{})
	fmt.Printf("  %s, %d errors\n", zr.Score, zr.Errors)
	fmt.Println("  published: trafilatura 0.958, go-trafilatura 0.960, Readability.js 0.947, go-readability 0.934")
	if verbose {
		printWorst(zpages, zr.PerPage)
	}
	if bo.dump != "" {
		if err := dumpTexts(bo.dump, zpages, zhtml); err != nil {
			return err
		}
	}

	rpages, err := eval.LoadReadability(filepath.Join(c.shared, "corpus", "readability", "test-pages"))
	if err != nil {
		return err
	}
	rt, err := eval.EvalReadabilityText(rpages, engine.Options{})
	if err != nil {
		return err
	}
	fmt.Println("== Generalization: article text vs Readability.js expected.html (other sites)")
	fmt.Printf("  %s, %d errors\n", rt.Score, rt.Errors)
	if verbose {
		printWorst(namedPages(rt.Names), rt.PerPage)
	}
	if bo.quick {
		return nil
	}
	agree, err := eval.EvalReadability(rpages, engine.Options{})
	if err != nil {
		return err
	}
	fmt.Println("== Metadata: agreement with Readability's test pages (shared/corpus/readability)")
	for _, f := range eval.MetadataFields {
		fmt.Printf("  %-14s %5.1f %%  (%d/%d)\n", f, agree.Percent(f), agree.Equal[f], agree.Total[f])
		if f == "title" && agree.SiteSuffix > 0 {
			fmt.Printf("  %-14s %5.1f %%  (%d/%d), counting as agreeing the %d titles Readability leaves with the site's name after them, which the issue asks to remove\n",
				"", 100*float64(agree.Equal[f]+agree.SiteSuffix)/float64(agree.Total[f]), agree.Equal[f]+agree.SiteSuffix, agree.Total[f], agree.SiteSuffix)
		}
	}
	if verbose {
		for _, m := range agree.Misses {
			fmt.Println("    miss", m)
		}
	}

	fmt.Println("== Speed: whole Zyte batch, one goroutine")
	runtime.GOMAXPROCS(1)
	// The collector as the CLI and the bridge set it (engine.GCPercent).
	defer debug.SetGCPercent(debug.SetGCPercent(engine.GCPercent))
	native := eval.TimeClean(zhtml, rounds, engine.Options{})
	fmt.Printf("  native      %6.2f ms/page (target <= 5)%s\n", ms(native.Median()), spread(native))
	bare := eval.TimeClean(zhtml, rounds, engine.Options{NoDetection: true})
	fmt.Printf("  native      %6.2f ms/page without detection (parse, metadata, extraction, sanitizing)%s\n", ms(bare.Median()), spread(bare))
	if wasm == "" {
		fmt.Println("  wasm        (skipped: pass --wasm build/tidings.wasm)")
		return nil
	}
	// The bridge's clean also fingerprints the story and writes JSON:
	// the WebAssembly ratio compares that same work natively.
	same := timeBridgeClean(zhtml, rounds, engine.Options{})
	fmt.Printf("  native      %6.2f ms/page doing the bridge's work (clean, story fingerprint, JSON)%s\n", ms(same.Median()), spread(same))
	wb, err := wasmTime(zhtml, wasm, wasmExec, rounds)
	if err != nil {
		return err
	}
	fmt.Printf("  wasm (Node) %6.2f ms/page doing the same  (%.1f× native, target <= 4×; engine start %.0f ms)%s\n",
		ms(wb.Median()), ms(wb.Median())/ms(same.Median()), wb.StartMs, spread(wb.Timing))

	raw, err := os.ReadFile(wasm)
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(raw)
	zw.Close()
	fmt.Println("== Size")
	fmt.Printf("  %s  %.2f MB raw, %.2f MB gzipped\n", filepath.Base(wasm), float64(len(raw))/1e6, float64(gz.Len())/1e6)
	return nil
}

// timeBridgeClean is eval.TimeClean doing for each page what the WebAssembly
// bridge's clean does: the engine's clean, the story fingerprint of a
// readerable page (for related coverage), and the result as JSON. Timing
// the bridge under Node against it compares the same work.
func timeBridgeClean(html []eval.Page, rounds int, opts engine.Options) eval.Timing {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	return eval.TimeCleanThen(html, rounds, opts, func(res *engine.Result) {
		res.Fingerprint = relatedapi.ResultFingerprint(res)
		out.Reset()
		_ = enc.Encode(res)
	})
}

// halfOf keeps the pages of one half of the Zyte set (eval.HalfOf) with
// their decoded HTML.
func halfOf(zpages []eval.ZytePage, zhtml []eval.Page, half string) ([]eval.ZytePage, []eval.Page) {
	keep := map[string]bool{}
	for _, p := range eval.HalfOf(zpages, half) {
		keep[p.ID] = true
	}
	var zp []eval.ZytePage
	var zh []eval.Page
	for i, p := range zpages {
		if keep[p.ID] {
			zp, zh = append(zp, p), append(zh, zhtml[i])
		}
	}
	return zp, zh
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// wasmBench is what scripts/wasm-clean.mjs --bench prints.
type wasmBench struct {
	Pages    int       `json:"pages"`
	RoundsMs []float64 `json:"roundsMs"` // ms per page, one entry per timed round
	StartMs  float64   `json:"startMs"`
	eval.Timing
}

// spread describes a timing's rounds when there are several: how many,
// and the fastest and slowest.
func spread(t eval.Timing) string {
	if len(t.Rounds) < 2 {
		return ""
	}
	return fmt.Sprintf("  [median of %d rounds; %.2f-%.2f]", len(t.Rounds), ms(t.Best()), ms(t.Worst()))
}

// wasmTime runs scripts/wasm-clean.mjs --bench on the decoded pages.
func wasmTime(pages []eval.Page, wasm, wasmExec string, rounds int) (wasmBench, error) {
	f, err := os.CreateTemp("", "tidings-pages-*.jsonl")
	if err != nil {
		return wasmBench{}, err
	}
	defer os.Remove(f.Name())
	enc := json.NewEncoder(f)
	for _, p := range pages {
		enc.Encode(map[string]string{"file": p.ID, "url": p.URL, "html": p.HTML})
	}
	f.Close()
	cmd := exec.Command("node", "scripts/wasm-clean.mjs", "--wasm", wasm, "--wasm-exec", wasmExec,
		"--input", f.Name(), "--bench", fmt.Sprint(rounds))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return wasmBench{}, fmt.Errorf("node wasm bench: %w", err)
	}
	var b wasmBench
	if err := json.Unmarshal(out, &b); err != nil {
		return b, fmt.Errorf("node wasm bench output %q: %w", out, err)
	}
	if len(b.RoundsMs) == 0 {
		return b, fmt.Errorf("node wasm bench output %q: no rounds", out)
	}
	for _, r := range b.RoundsMs {
		b.Rounds = append(b.Rounds, time.Duration(r*float64(time.Millisecond)))
	}
	return b, nil
}

func printWorst(pages []eval.ZytePage, counts []eval.Counts) {
	type row struct {
		id   string
		p, r float64
	}
	var rows []row
	for i, c := range counts {
		p, _ := c.Precision()
		r, _ := c.Recall()
		rows = append(rows, row{pages[i].ID, p, r})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].p+rows[i].r < rows[j].p+rows[j].r })
	fmt.Println("  worst pages (precision, recall):")
	for _, r := range rows[:min(15, len(rows))] {
		fmt.Printf("    %.3f %.3f  %s\n", r.p, r.r, strings.TrimSuffix(r.id, ".html.gz"))
	}
}

// namedPages wraps names for printWorst.
func namedPages(names []string) []eval.ZytePage {
	out := make([]eval.ZytePage, len(names))
	for i, n := range names {
		out[i].ID = n
	}
	return out
}

// dumpTexts writes each page's extracted text to dir/ID.txt.
func dumpTexts(dir string, pages []eval.ZytePage, html []eval.Page) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, p := range pages {
		res, err := engine.Clean(html[i].HTML, engine.Options{URL: html[i].URL})
		text := ""
		if err == nil {
			text = res.TextContent
		}
		if err := os.WriteFile(filepath.Join(dir, p.ID+".txt"), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
