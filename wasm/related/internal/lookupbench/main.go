// Command lookupbench times related-coverage lookups in indexes of
// synthetic articles (package synth) and prints them as JSON. With -write
// it generates the fingerprints natively into a file; with -read it loads
// such a file, which is how the benchmark times the WebAssembly build
// under Node (GOOS=js GOARCH=wasm, $GOROOT/lib/wasm/go_js_wasm_exec):
// the browser, too, loads stored fingerprints rather than making them.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/tidings-app/tidings/wasm/related/synth"
)

func main() {
	shared := flag.String("shared", "", "the shared data `dir` (to generate)")
	sizes := flag.String("sizes", "1000,10000,100000", "index `sizes`, ascending")
	queries := flag.Int("queries", 200, "lookups timed per size")
	write := flag.String("write", "", "generate the fingerprints into this `file` and stop")
	read := flag.String("read", "", "time lookups on the fingerprints of this `file`")
	flag.Parse()
	if err := run(*shared, *sizes, *queries, *write, *read); err != nil {
		fmt.Fprintln(os.Stderr, "lookupbench:", err)
		os.Exit(1)
	}
}

func run(shared, sizesFlag string, queries int, write, read string) error {
	runtime.GOMAXPROCS(1)
	var sizes []int
	for _, s := range strings.Split(sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("bad size %q: %w", s, err)
		}
		sizes = append(sizes, n)
	}
	var src synth.Source
	if read != "" {
		s, err := synth.ReadFile(read)
		if err != nil {
			return err
		}
		src = s
	} else {
		base, err := synth.Base(shared)
		if err != nil {
			return err
		}
		src = synth.NewGenerated(base, queries, 1)
	}
	if write != "" {
		return synth.WriteFile(write, src, sizes[len(sizes)-1], queries)
	}
	res, err := synth.Measure(src, sizes, queries)
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}
