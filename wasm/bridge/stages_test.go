//go:build !js

package main

import (
	"testing"

	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/sanitize"
)

// TestStagesAreClean checks that the timed stages are the pipeline: on the
// seed pages and a sample of corpus pages they extract the article Clean
// does (text and sanitized HTML), so `make bench` times the engine's work.
func TestStagesAreClean(t *testing.T) {
	pol := sanitize.NewPolicy()
	for _, p := range samplePages(t, repoRoot(t)) {
		opts := engine.Options{URL: p.URL, Policy: pol}
		want, err := engine.Clean(p.HTML, opts)
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		got, err := timeStages([]byte(p.HTML), opts)
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		if got.text != want.TextContent || got.content != want.Content {
			t.Errorf("%s: the stages extract another article than Clean (text %d vs %d bytes, html %d vs %d)", p.ID, len(got.text), len(want.TextContent), len(got.content), len(want.Content))
		}
		if got.TextBytes != len(want.TextContent) {
			t.Errorf("%s: textBytes %d, want %d", p.ID, got.TextBytes, len(want.TextContent))
		}
		for name, ms := range map[string]float64{"parse": got.ParseMs, "metadata": got.MetadataMs, "detect": got.DetectMs, "extract": got.ExtractMs, "sanitize": got.SanitizeMs} {
			if ms < 0 {
				t.Errorf("%s: %s took %v ms", p.ID, name, ms)
			}
		}
		if got.ParseMs <= 0 {
			t.Errorf("%s: parsing took no time (%v ms): not timed", p.ID, got.ParseMs)
		}
	}
}

func TestStagesBadURL(t *testing.T) {
	if _, err := timeStages([]byte("<p>x"), engine.Options{URL: "not absolute", Policy: sanitize.NewPolicy()}); err == nil {
		t.Error("a relative page URL: no error")
	}
}
