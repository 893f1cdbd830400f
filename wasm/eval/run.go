package eval

import (
	"fmt"
	"slices"
	"time"

	"github.com/tidings-app/tidings/wasm/decode"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/sanitize"
)

// Page is a corpus page decoded to UTF-8, ready for the engine.
type Page struct {
	ID, URL, HTML string
}

// LoadZyteHTML reads and decodes every Zyte page.
func LoadZyteHTML(pages []ZytePage) ([]Page, error) {
	out := make([]Page, 0, len(pages))
	for _, p := range pages {
		src, err := decode.File(p.File, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.ID, err)
		}
		out = append(out, Page{ID: p.ID, URL: p.URL, HTML: src})
	}
	return out, nil
}

// ZyteResult is the evaluation of the engine on the Zyte benchmark.
type ZyteResult struct {
	Score Score
	// PerPage holds each page's counts, in the order of the pages given.
	PerPage []Counts
	// Errors counts pages the engine refused (scored as empty predictions).
	Errors int
}

// EvalZyte cleans every page and scores the article text against the truth.
func EvalZyte(pages []ZytePage, html []Page, opts engine.Options) ZyteResult {
	if opts.Policy == nil {
		opts.Policy = sanitize.NewPolicy()
	}
	var r ZyteResult
	for i, p := range pages {
		o := opts
		o.URL = html[i].URL
		res, err := engine.Clean(html[i].HTML, o)
		pred := ""
		if err != nil {
			r.Errors++
		} else {
			pred = res.TextContent
		}
		r.PerPage = append(r.PerPage, Match(p.Truth, pred))
	}
	r.Score = Aggregate(r.PerPage)
	return r
}

// Timing is the time per page of each timed round over a batch of pages.
// On a shared machine one round can be slowed by other work: the median
// round is the figure to compare, the spread says how noisy the run was.
type Timing struct {
	Rounds []time.Duration // time per page, one entry per round, in run order
}

// Median is the median round's time per page (the mean of the middle two
// for an even count); 0 without rounds.
func (t Timing) Median() time.Duration {
	s := slices.Sorted(slices.Values(t.Rounds))
	switch n := len(s); {
	case n == 0:
		return 0
	case n%2 == 1:
		return s[n/2]
	default:
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// Best is the fastest round's time per page; 0 without rounds.
func (t Timing) Best() time.Duration {
	if len(t.Rounds) == 0 {
		return 0
	}
	return slices.Min(t.Rounds)
}

// Worst is the slowest round's time per page; 0 without rounds.
func (t Timing) Worst() time.Duration {
	if len(t.Rounds) == 0 {
		return 0
	}
	return slices.Max(t.Rounds)
}

// TimeClean cleans every page once untimed (first-use costs such as
// compiling the shipped lists), then rounds more times, timing each round.
func TimeClean(html []Page, rounds int, opts engine.Options) Timing {
	return TimeCleanThen(html, rounds, opts, nil)
}

// TimeCleanThen is TimeClean with then, when not nil, called on each
// page's result and timed with its clean (pages that fail are skipped).
func TimeCleanThen(html []Page, rounds int, opts engine.Options, then func(*engine.Result)) Timing {
	if opts.Policy == nil {
		opts.Policy = sanitize.NewPolicy()
	}
	round := func() {
		for _, p := range html {
			o := opts
			o.URL = p.URL
			res, err := engine.Clean(p.HTML, o)
			if err == nil && then != nil {
				then(res)
			}
		}
	}
	var t Timing
	if len(html) == 0 {
		return t
	}
	round() // warm-up, untimed
	for range rounds {
		start := time.Now()
		round()
		t.Rounds = append(t.Rounds, time.Since(start)/time.Duration(len(html)))
	}
	return t
}

// EvalReadability cleans every test page and tallies metadata agreement.
func EvalReadability(pages []ReadabilityPage, opts engine.Options) (*Agreement, error) {
	if opts.Policy == nil {
		opts.Policy = sanitize.NewPolicy()
	}
	a := NewAgreement()
	for _, p := range pages {
		src, err := decode.File(p.Source, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Name, err)
		}
		o := opts
		o.URL = ReadabilityURL
		res, err := engine.Clean(src, o)
		if err != nil {
			res = &engine.Result{}
		}
		a.Add(p, map[string]any{
			"title": res.Title, "byline": res.Byline, "publishedTime": res.PublishedTime,
			"siteName": res.SiteName, "lang": res.Lang, "dir": res.Dir, "readerable": res.Readerable,
		})
	}
	return a, nil
}
