package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/tidings-app/tidings/wasm/decode"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/rules"
	"github.com/tidings-app/tidings/wasm/sanitize"
)

type cleanFlags struct {
	url    string
	format string
	out    string
	// rules are the reader's rule lists, applied on top of the shipped
	// ones unless noDefaultRules.
	rules          listFlag
	noDefaultRules bool
}

// listFlag is a repeatable flag: --rules a.txt --rules b.txt.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runClean(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tidings clean", flag.ContinueOnError)
	var f cleanFlags
	var jsonl bool
	fs.StringVar(&f.url, "url", "", "the page's `URL`, to resolve relative links (default: the page's canonical URL)")
	fs.StringVar(&f.format, "format", "json", "output `format`: json, jsonl, html or text")
	fs.BoolVar(&jsonl, "jsonl", false, "same as --format jsonl: one JSON object a line, for batches")
	fs.StringVar(&f.out, "out", "", "write one file per input into `DIR` (NAME.json, NAME.html or NAME.txt) instead of stdout")
	fs.Var(&f.rules, "rules", "apply the rule list `FILE` on top of the shipped lists (repeat for several; see rules/README.md)")
	fs.BoolVar(&f.noDefaultRules, "no-default-rules", false, "leave the shipped rule lists out (the heuristics still run unless a list switches them off)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: tidings clean [flags] FILE...\n\nExtract the article of each page (.html, .html.gz, or - for stdin).\nIn a batch, a file that fails gives {\"file\":…,\"error\":…} and the rest go on;\nthe exit status is 1 when any failed.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	files, err := parseInterspersed(fs, args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if jsonl {
		f.format = "jsonl"
	}
	switch f.format {
	case "json", "jsonl", "html", "text":
	default:
		fmt.Fprintf(stderr, "tidings clean: unknown format %q (want json, jsonl, html or text)\n", f.format)
		return 2
	}
	if len(files) == 0 {
		fs.Usage()
		return 2
	}
	if len(files) > 1 && f.out == "" && (f.format == "html" || f.format == "json") {
		fmt.Fprintf(stderr, "tidings clean: %d files with --format %s: use --format jsonl or --out DIR\n", len(files), f.format)
		return 2
	}
	if f.out != "" {
		if err := os.MkdirAll(f.out, 0o755); err != nil {
			fmt.Fprintf(stderr, "tidings clean: %v\n", err)
			return 1
		}
	}

	matcher, err := cleanRules(f.rules, f.noDefaultRules, stdin, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "tidings clean: %v\n", err)
		return 2
	}
	policy := sanitize.NewPolicy()
	gc := newGCTuning()
	status := 0
	for _, file := range files {
		res, err := cleanFile(file, f.url, engine.Options{Policy: policy, Rules: matcher}, stdin, gc)
		if err != nil {
			status = 1
			fmt.Fprintf(stderr, "tidings clean: %s: %v\n", file, err)
			if f.format == "jsonl" && f.out == "" {
				writeJSONLine(stdout, map[string]string{"file": file, "error": err.Error()})
			}
			continue
		}
		if err := emit(res, f, stdout); err != nil {
			fmt.Fprintf(stderr, "tidings clean: %s: %v\n", file, err)
			status = 1
		}
	}
	return status
}

// cleanRules compiles the rule lists for a batch: the shipped ones (unless
// noDefaults) and the reader's files, in that order, so the reader's
// exceptions cancel shipped rules. A list's errors are reported and its
// other lines still apply; an unreadable file is an error. nil means the
// engine's default (the shipped lists alone).
func cleanRules(files []string, noDefaults bool, stdin io.Reader, stderr io.Writer) (*rules.Matcher, error) {
	if len(files) == 0 && !noDefaults {
		return nil, nil
	}
	srcs := make([]rules.Source, len(files))
	for i, file := range files {
		text, err := rulesReadList(file, stdin)
		if err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		srcs[i] = rules.Source{Name: file, Text: text}
	}
	m, lint := engine.CompileRules(srcs, !noDefaults)
	for _, res := range lint {
		for _, d := range res.Diagnostics {
			if d.Severity == rules.SeverityError {
				fmt.Fprintf(stderr, "tidings clean: %s:%d: %s: %s\n", res.Name, d.Line, d.Severity, d.Message)
			}
		}
	}
	return m, nil
}

// cleanFile reads, decodes and cleans one page.
func cleanFile(file, pageURL string, opts engine.Options, stdin io.Reader, gc gcTuning) (*engine.Result, error) {
	src, err := decode.File(file, stdin)
	if err != nil {
		return nil, err
	}
	gc.page(len(src))
	opts.URL = pageURL
	res, err := engine.Clean(src, opts)
	if err != nil {
		return nil, err
	}
	res.File = file
	return res, nil
}

func emit(res *engine.Result, f cleanFlags, stdout io.Writer) error {
	w := stdout
	if f.out != "" {
		name := outName(res.File, f.format)
		fh, err := os.Create(filepath.Join(f.out, name))
		if err != nil {
			return err
		}
		defer fh.Close()
		w = fh
	}
	switch f.format {
	case "json":
		return writeResult(w, res, true)
	case "jsonl":
		return writeResult(w, res, false)
	case "html":
		return writeReaderPage(w, res)
	default:
		return writeText(w, res)
	}
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// outName maps an input path to its output file name in --out DIR.
func outName(file, format string) string {
	base := filepath.Base(file)
	if file == "-" {
		base = "stdin"
	}
	for _, ext := range []string{".gz", ".html", ".htm", ".xhtml"} {
		base = strings.TrimSuffix(base, ext)
	}
	ext := map[string]string{"json": ".json", "jsonl": ".jsonl", "html": ".html", "text": ".txt"}[format]
	return base + ext
}

// writeText writes the title and the article's text, without first
// joining them into one more copy of a possibly long text.
func writeText(w io.Writer, res *engine.Result) error {
	if res.Title != "" {
		if _, err := io.WriteString(w, res.Title+"\n\n"); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(w, res.TextContent); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// gcTuning applies the engine's garbage-collector settings
// (engine.GCPercent, engine.MemoryLimit) unless the user set GOGC or
// GOMEMLIMIT, which then win.
type gcTuning struct {
	limit    bool  // set the memory limit for each page
	resident int64 // heap kept between pages (the compiled rules)
}

// newGCTuning applies the settings once the rules are compiled.
func newGCTuning() gcTuning {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(engine.GCPercent)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return gcTuning{}
	}
	return gcTuning{limit: true, resident: engine.ResidentHeap()}
}

// page sets the memory limit for cleaning a page of n bytes.
func (g gcTuning) page(n int) {
	if g.limit {
		debug.SetMemoryLimit(engine.MemoryLimit(n, g.resident))
	}
}
