//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains itself when the bridge is built natively: it is the
// engine for the browser, built with GOOS=js GOARCH=wasm (make build).
// Its pure-Go parts (stages.go) are tested natively.
func main() {
	fmt.Fprintln(os.Stderr, "bridge: the engine for the browser; build it with GOOS=js GOARCH=wasm (make build)")
	os.Exit(2)
}
