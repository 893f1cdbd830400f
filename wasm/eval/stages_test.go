package eval

import (
	"net/url"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/document"
	"github.com/tidings-app/tidings/wasm/extract"
	"github.com/tidings-app/tidings/wasm/metadata"
	"github.com/tidings-app/tidings/wasm/sanitize"
)

// TestStageTimes prints, for each stage of the engine taken cumulatively
// (parse; + metadata; + extraction; + sanitizing), the fastest of several
// passes over the Zyte pages: the minimum is robust to other processes
// on a shared machine. Run it natively and, to see what WebAssembly
// costs, with GOOS=js GOARCH=wasm and go_js_wasm_exec on the PATH. Set
// TIDINGS_STAGE_ROUNDS to run it (it is a measurement, not a check), and
// TIDINGS_STAGE to run one stage only (to count its instructions with
// perf stat, which unlike time does not depend on the machine's load).
func TestStageTimes(t *testing.T) {
	rounds, _ := strconv.Atoi(os.Getenv("TIDINGS_STAGE_ROUNDS"))
	if rounds <= 0 {
		t.Skip("set TIDINGS_STAGE_ROUNDS=N to time the engine's stages")
	}
	_, pages := loadZyte(t)
	policy := sanitize.NewPolicy()
	stages := []struct {
		name                    string
		meta, extract, sanitize bool
	}{
		{"parse", false, false, false},
		{"+metadata", true, false, false},
		{"+extract", true, true, false},
		{"+sanitize", true, true, true},
	}
	only := os.Getenv("TIDINGS_STAGE")
	for _, st := range stages {
		if only != "" && only != st.name {
			continue
		}
		best := time.Duration(1 << 62)
		for r := 0; r <= rounds; r++ { // round 0 warms up
			runtime.GC()
			start := time.Now()
			for _, p := range pages {
				doc, err := document.Parse(p.HTML)
				if err != nil {
					t.Fatal(err)
				}
				base, _ := url.Parse(p.URL)
				title := ""
				if st.meta {
					title = metadata.Extract(doc, base).Title
				}
				if st.extract {
					art := extract.Content(doc, extract.Options{BaseURL: base, Title: title})
					if st.sanitize && art.Root != nil {
						policy.HTML(art.Root)
					}
				}
			}
			if r > 0 {
				best = min(best, time.Since(start))
			}
		}
		t.Logf("%-10s %6.2f ms/page", st.name, float64(best.Microseconds())/1000/float64(len(pages)))
	}
}

// BenchmarkStages reports allocations per stage (run with -benchmem):
// unlike time, they do not depend on the machine's load, and in
// WebAssembly, whose collector runs on the one thread, they cost most.
func BenchmarkStages(b *testing.B) {
	_, pages := loadZyte(b)
	policy := sanitize.NewPolicy()
	docs := func(i int) (*html.Node, *url.URL) {
		p := pages[i%len(pages)]
		doc, err := document.Parse(p.HTML)
		if err != nil {
			b.Fatal(err)
		}
		base, _ := url.Parse(p.URL)
		return doc, base
	}
	b.Run("parse", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			docs(i)
		}
	})
	b.Run("metadata", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			doc, base := docs(i)
			b.StartTimer()
			metadata.Extract(doc, base)
		}
	})
	b.Run("extract", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			doc, base := docs(i)
			b.StartTimer()
			extract.Content(doc, extract.Options{BaseURL: base})
		}
	})
	b.Run("sanitize", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			doc, base := docs(i)
			art := extract.Content(doc, extract.Options{BaseURL: base})
			b.StartTimer()
			if art.Root != nil {
				policy.HTML(art.Root)
			}
		}
	})
}
