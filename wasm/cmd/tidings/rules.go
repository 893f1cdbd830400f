package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tidings-app/tidings/wasm/decode"
	"github.com/tidings-app/tidings/wasm/rules"
)

const rulesUsage = `Usage:
  tidings rules lint [-v] [--json] FILE...
      Check rule lists: diagnostics as FILE:LINE: SEVERITY: MESSAGE, then a
      summary (header, counts by kind and category, skipped lines).
      Exit status 1 when any list has errors. FILE may be - (stdin).
  tidings rules test [-v] LIST... [FIXTURE.html|DIR...]
      Run the lists (.txt) together on fixture pages whose expected
      detections are marked with data-tidings-expect="CATEGORY|none"
      (see rules/README.md). Without fixtures, each LIST's fixtures are
      DIR/tests/NAME/*.html beside it (rules/tidings-default.txt:
      rules/tests/tidings-default/).
      Exit status 1 when any fixture fails.
`

// runRules dispatches `tidings rules SUBCOMMAND`.
func runRules(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, rulesUsage)
		return 2
	}
	switch args[0] {
	case "lint":
		return runRulesLint(args[1:], stdin, stdout, stderr)
	case "test":
		return runRulesTest(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, rulesUsage)
		return 0
	default:
		fmt.Fprintf(stderr, "tidings rules: unknown subcommand %q\n\n%s", args[0], rulesUsage)
		return 2
	}
}

func runRulesLint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tidings rules lint", flag.ContinueOnError)
	verbose := fs.Bool("v", false, "also list each skipped line (network rules, scriptlets, ...) as info")
	asJSON := fs.Bool("json", false, "print one JSON object per list (the extension's lint result) instead of text")
	fs.Usage = func() { fmt.Fprint(stderr, rulesUsage+"\nFlags:\n"); fs.PrintDefaults() }
	files, err := parseInterspersed(fs, args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(files) == 0 {
		fs.Usage()
		return 2
	}
	status := 0
	for _, file := range files {
		text, err := rulesReadList(file, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "tidings rules lint: %v\n", err)
			status = 1
			continue
		}
		list := rules.Parse(filepath.Base(file), text)
		res := rules.LintList(list)
		if res.HasErrors() {
			status = 1
		}
		if *asJSON {
			enc := json.NewEncoder(stdout)
			if err := enc.Encode(res); err != nil {
				fmt.Fprintf(stderr, "tidings rules lint: %v\n", err)
				return 1
			}
			continue
		}
		rulesPrintLint(stdout, file, list, res, *verbose)
	}
	return status
}

// rulesReadList reads a list file ("-": stdin) as text.
func rulesReadList(file string, stdin io.Reader) (string, error) {
	var b []byte
	var err error
	if file == "-" {
		b, err = io.ReadAll(io.LimitReader(stdin, rules.MaxListBytes+1))
	} else {
		b, err = os.ReadFile(file)
	}
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func rulesPrintLint(w io.Writer, file string, list *rules.List, res rules.LintResult, verbose bool) {
	diags := res.Diagnostics
	if verbose {
		for _, s := range list.Skipped {
			diags = append(diags, rules.Diagnostic{Line: s.Line, Severity: rules.SeverityInfo, Message: "skipped: " + s.Reason})
		}
		sort.SliceStable(diags, func(i, j int) bool { return diags[i].Line < diags[j].Line })
	}
	for _, d := range diags {
		fmt.Fprintf(w, "%s:%d: %s: %s\n", file, d.Line, d.Severity, d.Message)
	}
	h, c := res.Header, res.Counts
	var head []string
	for _, kv := range [][2]string{{"title", h.Title}, {"version", h.Version}, {"expires", h.Expires}, {"homepage", h.Homepage}, {"license", h.License}, {"default category", string(h.DefaultCategory)}} {
		if kv[1] != "" {
			head = append(head, fmt.Sprintf("%s %q", kv[0], kv[1]))
		}
	}
	if len(head) == 0 {
		head = []string{"no header"}
	}
	fmt.Fprintf(w, "%s: %s\n", file, strings.Join(head, ", "))
	pct := 100.0
	if c.ElementHiding > 0 {
		pct = 100 * float64(c.ElementHiding-c.Rejected) / float64(c.ElementHiding)
	}
	fmt.Fprintf(w, "%s: %d lines; %d element-hiding lines, %d compiled (%.3f %%), %d rejected\n",
		file, c.Lines, c.ElementHiding, c.ElementHiding-c.Rejected, pct, c.Rejected)
	fmt.Fprintf(w, "%s: rules: css %d, similarity %d, heuristic switches %d, exceptions %d; generic %d, domain-specific %d\n",
		file, c.ByKind[rules.KindCSS], c.ByKind[rules.KindSimilarity], c.ByKind[rules.KindHeuristic], c.Exceptions, c.Generic, c.Specific)
	fmt.Fprintf(w, "%s: categories: %s\n", file, rulesCountList(c.ByCategory))
	if len(c.Skipped) > 0 {
		fmt.Fprintf(w, "%s: skipped: %s\n", file, rulesCountList(c.Skipped))
	}
	fmt.Fprintf(w, "%s: %d errors, %d warnings\n", file, c.Errors, c.Warnings)
}

// rulesCountList formats a count map, largest first.
func rulesCountList[K ~string](m map[K]int) string {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func runRulesTest(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tidings rules test", flag.ContinueOnError)
	verbose := fs.Bool("v", false, "list every hit of every fixture")
	fs.Usage = func() { fmt.Fprint(stderr, rulesUsage+"\nFlags:\n"); fs.PrintDefaults() }
	pos, err := parseInterspersed(fs, args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	var listFiles, fixtureArgs []string
	for _, p := range pos {
		if strings.HasSuffix(p, ".txt") {
			listFiles = append(listFiles, p)
		} else {
			fixtureArgs = append(fixtureArgs, p)
		}
	}
	if len(listFiles) == 0 {
		fs.Usage()
		return 2
	}
	var lists []*rules.List
	for _, f := range listFiles {
		text, err := rulesReadList(f, nil)
		if err != nil {
			fmt.Fprintf(stderr, "tidings rules test: %v\n", err)
			return 1
		}
		l := rules.Parse(filepath.Base(f), text)
		if l.Counts.Errors > 0 {
			fmt.Fprintf(stderr, "tidings rules test: %s has %d errors (run tidings rules lint)\n", f, l.Counts.Errors)
		}
		lists = append(lists, l)
	}
	if len(fixtureArgs) == 0 {
		for _, f := range listFiles {
			name := strings.TrimSuffix(filepath.Base(f), ".txt")
			fixtureArgs = append(fixtureArgs, filepath.Join(filepath.Dir(f), "tests", name))
		}
	}
	fixtures, err := rulesFixtureFiles(fixtureArgs)
	if err != nil {
		fmt.Fprintf(stderr, "tidings rules test: %v\n", err)
		return 1
	}
	if len(fixtures) == 0 {
		fmt.Fprintf(stderr, "tidings rules test: no fixtures (*.html) in %s\n", strings.Join(fixtureArgs, ", "))
		return 1
	}
	m := rules.Compile(lists...)
	failed := 0
	for _, file := range fixtures {
		src, err := decode.File(file, nil)
		if err == nil {
			var fx *rules.Fixture
			if fx, err = rules.ParseFixture(file, src); err == nil {
				rep := fx.Check(m)
				if !rep.Passed() {
					failed++
				}
				rulesPrintReport(stdout, fx, rep, m, *verbose)
				continue
			}
		}
		failed++
		fmt.Fprintf(stdout, "FAIL %s: %v\n", file, err)
	}
	noun := "fixtures"
	if len(fixtures) == 1 {
		noun = "fixture"
	}
	fmt.Fprintf(stdout, "%d %s, %d passed, %d failed\n", len(fixtures), noun, len(fixtures)-failed, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

func rulesPrintReport(w io.Writer, fx *rules.Fixture, rep rules.FixtureReport, m *rules.Matcher, verbose bool) {
	status := "PASS"
	if !rep.Passed() {
		status = "FAIL"
	}
	fmt.Fprintf(w, "%s %s (%d expected, %d hits)\n", status, fx.Name, len(fx.Expect), rep.Hits)
	for _, f := range rep.Failures {
		fmt.Fprintf(w, "    %s\n", f)
	}
	if verbose {
		for _, h := range m.Match(fx.Doc, fx.URL).Hits {
			fmt.Fprintf(w, "    hit <%s> %s %s %.2f %s:%d %s\n", h.Node.Data, h.Category, h.Kind, h.Confidence, h.Rule.List, h.Rule.Line, h.Rule.Text)
		}
	}
}

// rulesFixtureFiles expands directories to the .html files in them.
func rulesFixtureFiles(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		matches, err := filepath.Glob(filepath.Join(a, "*.html"))
		if err != nil {
			return nil, err
		}
		out = append(out, matches...)
	}
	return out, nil
}
