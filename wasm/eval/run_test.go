package eval

import (
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/wasm/engine"
)

func TestTimingStatistics(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name                string
		rounds              []time.Duration
		median, best, worst time.Duration
	}{
		{"none", nil, 0, 0, 0},
		{"one", []time.Duration{5 * ms}, 5 * ms, 5 * ms, 5 * ms},
		{"odd, one slow round", []time.Duration{5 * ms, 9 * ms, 4 * ms}, 5 * ms, 4 * ms, 9 * ms},
		{"even", []time.Duration{6 * ms, 2 * ms, 4 * ms, 8 * ms}, 5 * ms, 2 * ms, 8 * ms},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm := Timing{Rounds: tt.rounds}
			if got := tm.Median(); got != tt.median {
				t.Errorf("Median = %v, want %v", got, tt.median)
			}
			if got := tm.Best(); got != tt.best {
				t.Errorf("Best = %v, want %v", got, tt.best)
			}
			if got := tm.Worst(); got != tt.worst {
				t.Errorf("Worst = %v, want %v", got, tt.worst)
			}
		})
	}
}

func TestTimeCleanThenRounds(t *testing.T) {
	pages := []Page{
		{ID: "a", URL: "https://example.com/a", HTML: "<html><body><article><h1>A</h1><p>" + strings.Repeat("words ", 80) + "</p></article></body></html>"},
		{ID: "b", URL: "https://example.com/b", HTML: "<p>short</p>"},
	}
	calls := 0
	tm := TimeCleanThen(pages, 3, engine.Options{}, func(*engine.Result) { calls++ })
	if len(tm.Rounds) != 3 {
		t.Fatalf("rounds = %d, want 3", len(tm.Rounds))
	}
	for i, r := range tm.Rounds {
		if r <= 0 {
			t.Errorf("round %d took %v per page", i, r)
		}
	}
	// One untimed warm-up round, then the three timed ones.
	if want := 4 * len(pages); calls != want {
		t.Errorf("then called %d times, want %d", calls, want)
	}
	if got := TimeClean(nil, 3, engine.Options{}); len(got.Rounds) != 0 {
		t.Errorf("no pages gave %d rounds", len(got.Rounds))
	}
}
