package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tidings-app/tidings/wasm/related"
)

// relatedInput is one line of `tidings related --jsonl FILE`.
type relatedInput struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
	URL   string `json:"url"`
	// Time is the publication time (RFC 3339 or a date), optional.
	Time string `json:"time"`
}

// relatedPair is one output line without --clusters.
type relatedPair struct {
	A            string   `json:"a"`
	B            string   `json:"b"`
	Score        float64  `json:"score"`
	SharedQuotes []string `json:"sharedQuotes"`
}

// relatedCluster is one output line with --clusters.
type relatedCluster struct {
	Cluster      int      `json:"cluster"`
	IDs          []string `json:"ids"`
	SharedQuotes []string `json:"sharedQuotes"`
}

// relatedMaxLine bounds one input line (an article's JSON).
const relatedMaxLine = 64 << 20

// scoreDecimals rounds scores in the output (4 decimals: stable, readable).
const scoreDecimals = 1e4

func runRelated(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tidings related", flag.ContinueOnError)
	var jsonl string
	var clusters bool
	fs.StringVar(&jsonl, "jsonl", "", "read articles from `FILE` (- for stdin): one JSON object a line with id, title, text and optional url, time")
	fs.BoolVar(&clusters, "clusters", false, "write story clusters (one line per cluster, singletons included) instead of related pairs")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: tidings related --jsonl FILE [--clusters]\n\nFind which articles report the same story. Writes one JSON line per related\npair {\"a\",\"b\",\"score\",\"sharedQuotes\"}, or with --clusters one line per story\n{\"cluster\",\"ids\",\"sharedQuotes\"}. A bad input line is reported on stderr and\nskipped; the exit status is then 1.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if jsonl == "" && len(rest) == 1 {
		jsonl = rest[0]
	} else if len(rest) > 0 || jsonl == "" {
		fs.Usage()
		return 2
	}
	in := stdin
	if jsonl != "-" {
		f, err := os.Open(jsonl)
		if err != nil {
			fmt.Fprintf(stderr, "tidings related: %v\n", err)
			return 1
		}
		defer f.Close()
		in = f
	}
	ids, fps, bad := readRelatedInput(in, stderr)
	status := 0
	if bad {
		status = 1
	}
	links, err := related.LinkAll(fps, related.DefaultModel())
	if err != nil {
		fmt.Fprintf(stderr, "tidings related: %v\n", err)
		return 1
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if clusters {
		for i, g := range related.Stories(len(fps), links) {
			enc.Encode(relatedCluster{Cluster: i + 1, IDs: pick(ids, g), SharedQuotes: clusterQuotes(g, fps)})
		}
		return status
	}
	for _, l := range links {
		if l.Related {
			enc.Encode(relatedPair{A: ids[l.A], B: ids[l.B], Score: roundScore(l.Score),
				SharedQuotes: nonNil(related.SharedQuotes(fps[l.A], fps[l.B]))})
		}
	}
	return status
}

// readRelatedInput fingerprints every good line; bad reports whether a
// line was skipped (invalid JSON, no id, a repeated id).
func readRelatedInput(in io.Reader, stderr io.Writer) (ids []string, fps []*related.Fingerprint, bad bool) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 1<<20), relatedMaxLine)
	seen := map[string]bool{}
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var a relatedInput
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			fmt.Fprintf(stderr, "tidings related: line %d: %v\n", line, err)
			bad = true
			continue
		}
		switch {
		case a.ID == "":
			fmt.Fprintf(stderr, "tidings related: line %d: no id\n", line)
			bad = true
			continue
		case seen[a.ID]:
			fmt.Fprintf(stderr, "tidings related: line %d: id %q repeated\n", line, a.ID)
			bad = true
			continue
		}
		seen[a.ID] = true
		ids = append(ids, a.ID)
		fps = append(fps, related.New(related.Article{Title: a.Title, Text: a.Text, URL: a.URL, Time: related.ParseTime(a.Time)}))
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "tidings related: %v\n", err)
		bad = true
	}
	return ids, fps, bad
}

func pick(ids []string, idx []int) []string {
	out := make([]string, len(idx))
	for i, k := range idx {
		out[i] = ids[k]
	}
	return out
}

// clusterQuotes lists the quote passages two or more members share, once.
func clusterQuotes(group []int, fps []*related.Fingerprint) []string {
	out := []string{}
	seen := map[string]bool{}
	for i, a := range group {
		for _, b := range group[i+1:] {
			for _, q := range related.SharedQuotes(fps[a], fps[b]) {
				if !seen[q] {
					seen[q] = true
					out = append(out, q)
				}
			}
		}
	}
	return out
}

func roundScore(s float64) float64 {
	return float64(int64(s*scoreDecimals+0.5)) / scoreDecimals
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
