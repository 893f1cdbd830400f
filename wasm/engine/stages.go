package engine

import "time"

// Stages are the times of one clean's stages in milliseconds, filled in
// when Options.Stages points at them (`make bench` compares the engine's
// parse and extraction with Readability.js). Sanitizing is the article's
// HTML; the word count and reading time after it are not timed.
type Stages struct {
	ParseMs    float64 `json:"parseMs"`
	MetadataMs float64 `json:"metadataMs"`
	DetectMs   float64 `json:"detectMs"`
	ExtractMs  float64 `json:"extractMs"`
	SanitizeMs float64 `json:"sanitizeMs"`
}

// stageClock times consecutive stages into times; when off it does
// nothing, not even read the clock (in WebAssembly a call into
// JavaScript).
type stageClock struct {
	on    bool
	last  time.Time
	times Stages
}

func startClock(on bool) stageClock {
	if !on {
		return stageClock{}
	}
	return stageClock{on: true, last: time.Now()}
}

// lap sets *field, one of c.times', to the time since the previous lap.
func (c *stageClock) lap(field *float64) {
	if !c.on {
		return
	}
	now := time.Now()
	*field = float64(now.Sub(c.last).Nanoseconds()) / float64(time.Millisecond)
	c.last = now
}
