package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/wasm/engine"
)

// TestWriteResultIsEncoder checks that writeResult writes what a
// json.Encoder writes, indented and not, on results whose text and HTML
// cross the streaming pieces at every kind of rune and escape.
func TestWriteResultIsEncoder(t *testing.T) {
	tricky := "plain \"quoted\" back\\slash <b>&amp;</b> tab\t nl\n cr\r nul\x00 bell\x07 \u2028\u2029 é 日本 😀 \xff bad"
	long := strings.Repeat(tricky, 3*streamChunk/len(tricky)+1)
	results := []*engine.Result{
		{},
		{File: "a.html", Title: `"content": ""`, TextContent: tricky, Content: "<p>" + tricky + "</p>"},
		{TextContent: long, Content: long[1:], Detections: []engine.Detection{{Category: "paywall", Snippet: `"textContent": ""`,
			Locator: engine.Locator{Path: []int{1, 2}}, Rule: &engine.RuleRef{List: "l", Line: 3, Text: "##.x"}}}},
	}
	// Every offset of a multi-byte rune at the end of a piece.
	for shift := 0; shift < 4; shift++ {
		s := strings.Repeat("a", streamChunk-shift) + strings.Repeat("😀é日", 10)
		results = append(results, &engine.Result{TextContent: s, Content: s})
	}
	for i, res := range results {
		for _, indent := range []bool{false, true} {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			if indent {
				enc.SetIndent("", "  ")
			}
			if err := enc.Encode(res); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := writeResult(&got, res, indent); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("result %d (indent %v): %d bytes differ from the encoder's %d", i, indent, got.Len(), want.Len())
			}
		}
	}
}
