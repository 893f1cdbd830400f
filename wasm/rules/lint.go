package rules

import (
	"fmt"
	"sort"
	"strings"
)

// LintResult is what `tidings rules lint` prints and what the extension's
// rule editor shows (the bridge returns it as JSON).
type LintResult struct {
	Name        string       `json:"name"`
	Header      Header       `json:"header"`
	Counts      Counts       `json:"counts"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// Lint parses a list and adds the checks that matter to an author but not
// to matching: duplicate rules. Diagnostics are sorted by line.
func Lint(name, text string) LintResult {
	return LintList(Parse(name, text))
}

// LintList lints an already parsed list.
func LintList(l *List) LintResult {
	diags := append([]Diagnostic(nil), l.Diagnostics...)
	counts := l.Counts
	type key struct {
		exception bool
		domains   string
		body      string
	}
	first := make(map[key]int, len(l.Rules))
	for i := range l.Rules {
		r := &l.Rules[i]
		k := key{r.Exception, domainKey(r), r.Body}
		if line, dup := first[k]; dup {
			diags = append(diags, Diagnostic{Line: r.Line, Severity: SeverityWarning, Code: CodeDuplicate,
				Message: fmt.Sprintf("duplicate of line %d", line)})
			counts.Warnings++
			continue
		}
		first[k] = r.Line
	}
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Line < diags[j].Line })
	if diags == nil {
		diags = []Diagnostic{}
	}
	return LintResult{Name: l.Name, Header: l.Header, Counts: counts, Diagnostics: diags}
}

func domainKey(r *Rule) string {
	if len(r.Domains) == 0 && len(r.NotDomains) == 0 {
		return ""
	}
	d := append(append([]string(nil), r.Domains...), prefixed("~", r.NotDomains)...)
	sort.Strings(d)
	return strings.Join(d, ",")
}

func prefixed(p string, s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = p + v
	}
	return out
}

// HasErrors reports whether any diagnostic is an error.
func (r LintResult) HasErrors() bool { return r.Counts.Errors > 0 }
