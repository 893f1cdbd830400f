package main

import (
	"fmt"
	"net/url"
	"time"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/detect"
	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/extract"
	"github.com/tidings-app/tidings/wasm/metadata"
	"github.com/tidings-app/tidings/wasm/rules"
	"github.com/tidings-app/tidings/wasm/sanitize"
)

// StageTimes is what tidings.stages answers (`make bench` compares the
// engine's parse and extraction with Readability.js): milliseconds per
// stage of the pipeline, run in engine.Clean's order with its arguments
// (parse, metadata, detection, extraction given detection's hidden
// elements to leave out, sanitizing the article's HTML). It leaves out
// what only the bridge does: copying the page in, the fingerprint, the
// JSON.
type StageTimes struct {
	ParseMs    float64 `json:"parseMs"`
	MetadataMs float64 `json:"metadataMs"`
	DetectMs   float64 `json:"detectMs"`
	ExtractMs  float64 `json:"extractMs"`
	SanitizeMs float64 `json:"sanitizeMs"`
	// TextBytes is the length of the article's text (a check that the
	// stages extracted what Clean does).
	TextBytes int `json:"textBytes"`
}

// stagesOutput is StageTimes with the article, for the tests.
type stagesOutput struct {
	StageTimes
	text    string
	content string
}

func msSince(t time.Time) float64 {
	return float64(time.Since(t).Nanoseconds()) / float64(time.Millisecond)
}

// timeStages runs and times the pipeline's stages on one page, the way
// engine.CleanBytes runs them (a test checks that the article is the same).
func timeStages(src []byte, pageURL string, pol *sanitize.Policy, m *rules.Matcher) (stagesOutput, error) {
	var out stagesOutput
	var given *url.URL
	if pageURL != "" {
		u, err := url.Parse(pageURL)
		if err != nil || !u.IsAbs() {
			return out, fmt.Errorf("stages: page URL %q is not absolute", pageURL)
		}
		given = u
	}
	if m == nil {
		m = engine.DefaultRules()
	}
	t := time.Now()
	doc, err := document.ParseBytes(src)
	if err != nil {
		return out, fmt.Errorf("stages: %w", err)
	}
	out.ParseMs = msSince(t)

	t = time.Now()
	base := metadata.BaseURL(doc, given)
	meta := metadata.Extract(doc, base)
	if base == nil {
		if u, err := url.Parse(meta.CanonicalURL); err == nil && u.IsAbs() {
			base = u
		}
	}
	out.MetadataMs = msSince(t)

	t = time.Now()
	detectURL := pageURL
	if detectURL == "" {
		detectURL = meta.CanonicalURL
	}
	dr := detect.Run(doc, detectURL, m, detect.Options{})
	skip := map[*html.Node]bool{}
	for i := range dr.Detections {
		if d := &dr.Detections[i]; d.Hides() {
			skip[d.Node] = true
		}
	}
	out.DetectMs = msSince(t)

	t = time.Now()
	art := extract.Content(doc, extract.Options{BaseURL: base, Title: meta.Title, Skip: skip})
	out.ExtractMs = msSince(t)
	// As in engine.Clean, art is not used after this point, so only the
	// article's root stays reachable while the sanitizer runs.
	out.text, out.TextBytes = art.Text, len(art.Text)
	root := art.Root

	t = time.Now()
	if root != nil {
		out.content = pol.HTML(root)
	}
	out.SanitizeMs = msSince(t)
	return out, nil
}
