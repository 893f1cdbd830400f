//go:build !js

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/tidings-app/tidings/wasm/bridge/relatedapi"
	"github.com/tidings-app/tidings/wasm/decode"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/eval"
	"github.com/tidings-app/tidings/wasm/shared"
)

// TestWASMMatchesNative runs the engine compiled to WebAssembly under Node
// (with the Go toolchain's wasm_exec.js, as the extension does) and checks
// that it gives exactly the native result on the seed pages and a sample of
// corpus pages.
func TestWASMMatchesNative(t *testing.T) {
	root := repoRoot(t)
	wasm, wasmExec := buildWASM(t)

	pages := samplePages(t, root)
	input := filepath.Join(t.TempDir(), "pages.jsonl")
	f, err := os.Create(input)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for _, p := range pages {
		enc.Encode(map[string]string{"file": p.ID, "url": p.URL, "html": p.HTML})
	}
	f.Close()

	cmd := exec.Command("node", filepath.Join(root, "scripts", "wasm-clean.mjs"), "--wasm", wasm, "--wasm-exec", wasmExec, "--input", input)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for i, p := range pages {
		var got engine.Result
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("page %d (%s): reading the wasm result: %v", i, p.ID, err)
		}
		want, err := engine.Clean(p.HTML, engine.Options{URL: p.URL})
		if err != nil {
			t.Fatalf("%s: native: %v", p.ID, err)
		}
		got.File = ""
		// The bridge adds the story fingerprint of readerable pages:
		// the native one of the native result.
		if fp := relatedapi.ResultFingerprint(want); got.Fingerprint != fp {
			t.Errorf("%s: wasm fingerprint %q, native %q", p.ID, got.Fingerprint, fp)
		}
		got.Fingerprint = ""
		if !reflect.DeepEqual(&got, want) {
			t.Errorf("%s: wasm and native results differ\nwasm title %q, %d chars of text\nnative title %q, %d chars of text",
				p.ID, got.Title, len(got.TextContent), want.Title, len(want.TextContent))
		}
		if want.TextContent == "" {
			t.Errorf("%s: empty article: the comparison proves nothing", p.ID)
		}
	}
}

// samplePages returns the seed fixtures and, when the shared corpus is
// present, every tenth Zyte page.
func samplePages(t *testing.T, root string) []eval.Page {
	var pages []eval.Page
	seeds, _ := filepath.Glob(filepath.Join(root, "testdata", "seeds", "*.html"))
	for _, s := range seeds {
		src, err := decode.File(s, nil)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, eval.Page{ID: filepath.Base(s), URL: "https://example.com/" + filepath.Base(s), HTML: src})
	}
	if len(pages) == 0 {
		t.Fatal("no seed fixtures in testdata/seeds")
	}
	shared, err := eval.SharedDir()
	if err != nil {
		t.Logf("shared corpus absent (%v): comparing on the seeds only", err)
		return pages
	}
	zpages, err := eval.LoadZyte(filepath.Join(shared, "corpus", "zyte"))
	if err != nil {
		t.Fatal(err)
	}
	var sample []eval.ZytePage
	for i := 0; i < len(zpages); i += 10 {
		sample = append(sample, zpages[i])
	}
	zhtml, err := eval.LoadZyteHTML(sample)
	if err != nil {
		t.Fatal(err)
	}
	return append(pages, zhtml...)
}

// buildWASM returns the .wasm to test ($TIDINGS_WASM, or one built now)
// and the toolchain's wasm_exec.js; it skips the test without Node.
func buildWASM(t *testing.T) (wasm, wasmExec string) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: cannot run the WebAssembly build")
	}
	wasm, wasmExec = os.Getenv("TIDINGS_WASM"), os.Getenv("TIDINGS_WASM_EXEC")
	if wasm == "" {
		wasm = filepath.Join(t.TempDir(), "tidings.wasm")
		cmd := exec.Command("go", "build", "-o", wasm, ".")
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("building the wasm: %v\n%s", err, out)
		}
	}
	if wasmExec == "" {
		wasmExec = filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js")
	}
	return wasm, wasmExec
}

func repoRoot(t *testing.T) string { return shared.RepoRootOrFail(t) }
