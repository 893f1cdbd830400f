//go:build !js

package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// rulesScript drives the bridge's rule functions under Node and prints
// one JSON answer a line, in this order: lint, heuristics, clean with the
// shipped lists, setRules with a reader's list, clean, setRules without
// the shipped lists and with the heuristics off, clean, setRules with bad
// JSON, clean (the previous rules stay).
const rulesScript = `
import { readFileSync } from 'node:fs';
import { loadEngine } from %q;
const [wasm, wasmExec, page] = process.argv.slice(2);
const t = await loadEngine(wasm, wasmExec);
const html = readFileSync(page, 'utf8');
const url = 'https://www.themoscowtimes.com/2016/03/15/a52175';
const out = [];
out.push(t.lint('! Title: Mine\n##.x\n##div[\n##.x\n', 'mine.txt'));
out.push(t.heuristics());
out.push(t.clean(html, url));
const mine = [{ name: 'mine', text: '! Category: promo\n##p:has-text(partial withdrawal because)\n##div[\n' }];
out.push(t.setRules(JSON.stringify(mine), '{}'));
out.push(t.clean(html, url));
out.push(t.setRules(JSON.stringify({ lists: [{ name: 'off', text: '#@#:heuristic(*)\n' }] }), JSON.stringify({ defaults: false })));
out.push(t.clean(html, url));
out.push(t.setRules('not json', '{}'));
out.push(t.clean(html, url));
for (const s of out) process.stdout.write(s + '\n');
`

type answer map[string]any

func TestBridgeRules(t *testing.T) {
	root := repoRoot(t)
	wasm, wasmExec := buildWASM(t)
	script := filepath.Join(t.TempDir(), "rules.mjs")
	lib := filepath.Join(root, "scripts", "lib", "engine-node.mjs")
	if err := os.WriteFile(script, []byte(strings.Replace(rulesScript, "%q", jsString(lib), 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(root, "testdata", "seeds", "moscowtimes-kerry-syria.html")
	cmd := exec.Command("node", script, wasm, wasmExec, page)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) != 9 {
		t.Fatalf("%d answers, want 9:\n%s", len(lines), out)
	}
	decode := func(i int, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(lines[i]), v); err != nil {
			t.Fatalf("answer %d is not JSON: %v: %s", i, err, lines[i])
		}
	}

	var lint struct {
		Name   string
		Header struct{ Title string }
		Counts struct{ Errors, Warnings int }
	}
	decode(0, &lint)
	if lint.Name != "mine.txt" || lint.Header.Title != "Mine" || lint.Counts.Errors != 1 || lint.Counts.Warnings != 1 {
		t.Errorf("lint: %+v (want 1 error, 1 duplicate warning)", lint)
	}
	var hs []struct{ ID, Category string }
	decode(1, &hs)
	if len(hs) != 7 || hs[0].ID != "overlay-scroll-lock" {
		t.Errorf("heuristics: %+v", hs)
	}

	type result struct {
		TextContent string
		Detections  []struct {
			Category, Kind, Heuristic string
			Rule                      *struct {
				List string
				Line int
			}
		}
		Error string
	}
	var shippedRes, mineRes, offRes, afterBad result
	decode(2, &shippedRes)
	if len(shippedRes.Detections) == 0 || shippedRes.Error != "" {
		t.Fatalf("clean before setRules: no detections (%s)", shippedRes.Error)
	}

	var sum struct {
		Lists []struct {
			Name   string
			Counts struct{ Errors int }
		}
		Defaults bool
		Shipped  []string
		Errors   int
	}
	decode(3, &sum)
	if len(sum.Lists) != 1 || sum.Lists[0].Name != "mine" || sum.Errors != 1 || !sum.Defaults || len(sum.Shipped) == 0 {
		t.Errorf("setRules summary: %+v", sum)
	}
	decode(4, &mineRes)
	mine := 0
	for _, d := range mineRes.Detections {
		if d.Rule != nil && d.Rule.List == "mine" && d.Rule.Line == 2 && d.Category == "promo" {
			mine++
		}
	}
	if mine != 1 || strings.Contains(mineRes.TextContent, "partial withdrawal because") {
		t.Errorf("the reader's rule did not apply: %d detections from it", mine)
	}
	if len(mineRes.Detections) <= len(shippedRes.Detections)-1 {
		t.Errorf("the shipped lists stopped applying: %d detections, %d before", len(mineRes.Detections), len(shippedRes.Detections))
	}

	decode(5, &sum)
	if sum.Defaults || len(sum.Shipped) != 0 {
		t.Errorf("defaults:false summary: %+v", sum)
	}
	decode(6, &offRes)
	if len(offRes.Detections) != 0 {
		t.Errorf("no shipped lists and heuristics off: %d detections", len(offRes.Detections))
	}

	var bad answer
	decode(7, &bad)
	if bad["error"] == nil {
		t.Errorf("setRules with bad JSON: %v", bad)
	}
	decode(8, &afterBad)
	if len(afterBad.Detections) != 0 {
		t.Errorf("bad JSON replaced the rules: %d detections", len(afterBad.Detections))
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
