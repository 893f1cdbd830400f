package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The shipped default list and its fixtures, from this package's folder.
const (
	defaultList     = "../../../rules/tidings-default.txt"
	defaultFixtures = "../../../rules/tests/tidings-default"
)

func TestRulesLint(t *testing.T) {
	bad := writeList(t, "! Title: Mine\n##.ok\n##div[class=\n##.ok\n")
	good := writeList(t, "! Title: Mine\n! Category: donation\n##.appeal\n")
	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		want     []string // in stdout
		wantNone []string // not in stdout
	}{
		{"a list with an error", "", []string{"lint", bad}, 1,
			[]string{bad + ":3: error:", bad + ":4: warning: duplicate of line 2"}, nil},
		{"a clean list", "", []string{"lint", good}, 0, []string{good}, []string{"error:"}},
		{"stdin", "##div[class=\n", []string{"lint", "-"}, 1, []string{"-:1: error:"}, nil},
		{"one bad list among good ones fails the run", "", []string{"lint", good, bad}, 1, []string{good, bad + ":3: error:"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, tt.stdin, append([]string{"rules"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.wantNone {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestRulesLintJSON(t *testing.T) {
	bad := writeList(t, "! Title: Mine\n##.ok\n##div[class=\n")
	code, out, _ := runCLI(t, "", "rules", "lint", "--json", bad)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var res struct {
		Diagnostics []struct {
			Line     int    `json:"line"`
			Severity string `json:"severity"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Line != 3 || res.Diagnostics[0].Severity != "error" {
		t.Errorf("diagnostics %+v, want one error on line 3", res.Diagnostics)
	}
}

func TestRulesTest(t *testing.T) {
	fixtures, err := filepath.Glob(filepath.Join(defaultFixtures, "*.html"))
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no shipped fixtures in %s: %v", defaultFixtures, err)
	}
	one := filepath.Join(defaultFixtures, "middleeasteye-promo.html")
	if _, err := os.Stat(one); err != nil {
		t.Fatal(err)
	}
	unrelated := writeList(t, "! Title: Mine\n##.nothing-on-these-pages\n")
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"a shipped list on its own fixtures", []string{defaultList}, 0,
			[]string{"PASS " + one, fmt.Sprintf("%d fixtures, %d passed, 0 failed", len(fixtures), len(fixtures))}},
		{"a list that misses what a fixture expects", []string{unrelated, one}, 1,
			[]string{"FAIL " + one, "missed <div.newsletter-block-inline", "1 fixture, 0 passed, 1 failed"}},
		{"no list", []string{one}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, "", append([]string{"rules", "test"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
