package main

import (
	"fmt"

	"github.com/tidings-app/tidings/wasm/engine"
)

// StageTimes is what tidings.stages answers (`make bench` compares the
// engine's parse and extraction with Readability.js): milliseconds per
// stage of engine.Clean on the page (engine.Stages: parse, metadata,
// detection, extraction, sanitizing the article's HTML). It leaves out
// what only the bridge does: copying the page in, the fingerprint, the
// JSON.
type StageTimes struct {
	engine.Stages
	// TextBytes is the length of the article's text (a check that the
	// page was cleaned as clean() cleans it).
	TextBytes int `json:"textBytes"`
}

// stagesOutput is StageTimes with the article, for the tests.
type stagesOutput struct {
	StageTimes
	text    string
	content string
}

// timeStages cleans one page as clean() does with opts, timing each stage.
func timeStages(src []byte, opts engine.Options) (stagesOutput, error) {
	var out stagesOutput
	opts.Stages = &out.Stages
	res, err := engine.CleanBytes(src, opts)
	if err != nil {
		return out, fmt.Errorf("stages: %w", err)
	}
	out.text, out.content, out.TextBytes = res.TextContent, res.Content, len(res.TextContent)
	return out, nil
}
