package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/wasm/engine"
)

// cleanJSON runs `tidings clean` and decodes its JSON result.
func cleanJSON(t *testing.T, args ...string) (engine.Result, string) {
	t.Helper()
	code, out, stderr := runCLI(t, "", append([]string{"clean", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	var res engine.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: output is not a result: %v", args, err)
	}
	return res, stderr
}

func writeList(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "mine.txt")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// find returns the detections whose rule comes from list.
func fromList(res engine.Result, list string) []engine.Detection {
	var out []engine.Detection
	for _, d := range res.Detections {
		if d.Rule != nil && d.Rule.List == list {
			out = append(out, d)
		}
	}
	return out
}

func TestCleanRulesOnTopOfDefaults(t *testing.T) {
	// A reader's rule hiding the article's last paragraph by its words,
	// with a line the parser rejects: the rest of the list still applies.
	list := writeList(t, "! Title: mine\n! Category: promo\n##p:has-text(partial withdrawal because)\n##div[\n")
	res, stderr := cleanJSON(t, "--rules", list, seedMT)
	mine := fromList(res, list)
	if len(mine) != 1 || mine[0].Category != "promo" || mine[0].Rule.Line != 3 || mine[0].Kind != "css" {
		t.Fatalf("detections from my list: %+v", mine)
	}
	if strings.Contains(res.TextContent, "partial withdrawal because") {
		t.Error("the paragraph my rule hides is still in the article")
	}
	if !strings.Contains(stderr, list+":4: error") {
		t.Errorf("the bad line is not reported: %q", stderr)
	}
	// The shipped lists still apply (they hide the contact line).
	shipped := 0
	for _, d := range res.Detections {
		if d.Rule != nil && d.Rule.List != list {
			shipped++
		}
	}
	if shipped == 0 {
		t.Error("no detection from the shipped lists with --rules")
	}
}

func TestCleanNoDefaultRules(t *testing.T) {
	res, _ := cleanJSON(t, "--no-default-rules", seedMT)
	for _, d := range res.Detections {
		if d.Rule != nil {
			t.Errorf("rule detection without the shipped lists: %+v", d)
		}
	}
	heuristic := false
	for _, d := range res.Detections {
		heuristic = heuristic || d.Kind == "heuristic"
	}
	if !heuristic {
		t.Error("--no-default-rules also turned the heuristics off")
	}

	// A list can switch the heuristics off.
	off := writeList(t, "#@#:heuristic(*)\n")
	res, _ = cleanJSON(t, "--no-default-rules", "--rules", off, seedMT)
	if len(res.Detections) != 0 {
		t.Errorf("heuristics switched off, still %d detections", len(res.Detections))
	}
}

func TestCleanRulesUnreadable(t *testing.T) {
	code, _, stderr := runCLI(t, "", "clean", "--rules", filepath.Join(t.TempDir(), "missing.txt"), seedMT)
	if code != 2 || !strings.Contains(stderr, "missing.txt") {
		t.Errorf("exit %d, stderr %q; want 2 naming the list", code, stderr)
	}
}
