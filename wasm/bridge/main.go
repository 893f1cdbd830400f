//go:build js && wasm

// Command bridge is the engine compiled to WebAssembly for the extension.
// It installs a global `tidings` object whose functions take and return
// strings (JSON for structured values), then calls
// globalThis.tidingsReady() if the host defined it, and stays alive to
// answer calls:
//
//	tidings.clean(html, url) → JSON of engine.Result, or {"error": "..."}
//	tidings.version() → the engine version
//
// No call ever panics into JavaScript: a Go panic becomes an error result,
// so one hostile page cannot kill the engine for every later page.
package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/sanitize"
)

func main() {
	b := &bridge{policy: sanitize.NewPolicy()}
	api := js.Global().Get("Object").New()
	api.Set("clean", js.FuncOf(b.clean))
	api.Set("version", js.FuncOf(func(js.Value, []js.Value) any { return engine.Version }))
	js.Global().Set("tidings", api)
	if ready := js.Global().Get("tidingsReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}

// bridge holds what is built once and shared by every call.
type bridge struct {
	policy *sanitize.Policy
}

// clean(html, url) → JSON string.
func (b *bridge) clean(_ js.Value, args []js.Value) (out any) {
	defer recoverTo(&out)
	if len(args) < 1 || args[0].Type() != js.TypeString {
		return errorJSON(fmt.Errorf("clean(html, url): html must be a string"))
	}
	pageURL := ""
	if len(args) > 1 && args[1].Type() == js.TypeString {
		pageURL = args[1].String()
	}
	res, err := engine.Clean(args[0].String(), engine.Options{URL: pageURL, Policy: b.policy})
	if err != nil {
		return errorJSON(err)
	}
	return toJSON(res)
}

func toJSON(v any) string {
	buf, err := json.Marshal(v)
	if err != nil {
		return errorJSON(err)
	}
	return string(buf)
}

func errorJSON(err error) string {
	buf, _ := json.Marshal(map[string]string{"error": err.Error()})
	return string(buf)
}

// recoverTo turns a panic into an error result.
func recoverTo(out *any) {
	if r := recover(); r != nil {
		*out = errorJSON(fmt.Errorf("internal error: %v", r))
	}
}
