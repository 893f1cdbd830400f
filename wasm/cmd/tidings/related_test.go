package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/wasm/related/ecbplus"
	"github.com/tidings-app/tidings/wasm/shared"
)

// relatedCLI runs `tidings ARGS` with stdin and returns status, stdout, stderr.
func relatedCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// relatedLines decodes JSON Lines output.
func relatedLines[T any](t *testing.T, out string) []T {
	t.Helper()
	var lines []T
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		lines = append(lines, v)
	}
	return lines
}

// relatedInputJSONL writes articles as the CLI reads them.
func relatedInputJSONL(t *testing.T, arts ...relatedInput) string {
	t.Helper()
	var b strings.Builder
	for _, a := range arts {
		line, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

var (
	relatedKerryA = relatedInput{ID: "mee", Title: "Kerry to meet Putin over Syria peace process",
		Text: "US Secretary of State John Kerry said on Tuesday that he will meet with President Vladimir Putin in Russia next week to discuss the crisis in Syria.\n\"As we mark the fifth anniversary of the start of this horrific war, we may face the best opportunity that we've had in years to end it,\" he said."}
	relatedKerryB = relatedInput{ID: "mt", Title: "Kerry to Discuss Syria With Putin, Lavrov in Moscow",
		Text: "U.S. Secretary of State John Kerry said Tuesday that he would travel to Moscow next week to discuss the Syrian crisis with President Vladimir Putin and Foreign Minister Sergei Lavrov.\n“Today, as we mark the fifth anniversary of the start of this horrific war, we may face the best opportunity that we’ve had in years to end it,” Kerry said."}
	relatedOther = relatedInput{ID: "quake", Title: "Strong quake hits Indonesia's Aceh",
		Text: "A 6.1 magnitude earthquake struck Indonesia's Aceh province on Tuesday, killing one person and damaging homes, the USGS said."}
)

func TestRelatedCLI(t *testing.T) {
	input := relatedInputJSONL(t, relatedKerryA, relatedKerryB, relatedOther)
	dir := t.TempDir()
	file := filepath.Join(dir, "articles.jsonl")
	if err := os.WriteFile(file, []byte(input), 0o644); err != nil {
		t.Fatal(err)
	}
	const quote = "we may face the best opportunity that we've had in years to end it"
	tests := []struct {
		name       string
		stdin      string
		args       []string
		wantStatus int
		check      func(t *testing.T, out, stderr string)
	}{
		{"pairs", "", []string{"related", "--jsonl", file}, 0, func(t *testing.T, out, _ string) {
			pairs := relatedLines[relatedPair](t, out)
			if len(pairs) != 1 || pairs[0].A != "mee" || pairs[0].B != "mt" {
				t.Fatalf("pairs %+v, want mee–mt only", pairs)
			}
			if pairs[0].Score < 0.5 || pairs[0].Score > 1 || len(pairs[0].SharedQuotes) == 0 || !strings.Contains(pairs[0].SharedQuotes[0], quote) {
				t.Errorf("pair %+v: want a probability over 1/2 and the Kerry quote", pairs[0])
			}
		}},
		{"stdin and flag after", input, []string{"related", "-", "--clusters"}, 0, func(t *testing.T, out, _ string) {
			cl := relatedLines[relatedCluster](t, out)
			if len(cl) != 2 || strings.Join(cl[0].IDs, ",") != "mee,mt" || strings.Join(cl[1].IDs, ",") != "quake" {
				t.Fatalf("clusters %+v, want [mee mt] [quake]", cl)
			}
			if len(cl[0].SharedQuotes) == 0 || len(cl[1].SharedQuotes) != 0 {
				t.Errorf("cluster quotes %+v", cl)
			}
		}},
		{"bad lines skipped", "{not json\n" + `{"title":"no id"}` + "\n" + input + relatedInputJSONL(t, relatedKerryA), []string{"related", "--jsonl", "-"}, 1, func(t *testing.T, out, stderr string) {
			for _, want := range []string{"line 1", "line 2: no id", `line 6: id "mee" repeated`} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr %q lacks %q", stderr, want)
				}
			}
			if len(relatedLines[relatedPair](t, out)) != 1 {
				t.Errorf("the good lines should still be related: %q", out)
			}
		}},
		{"empty input", "", []string{"related", "--jsonl", "-"}, 0, func(t *testing.T, out, _ string) {
			if out != "" {
				t.Errorf("output %q", out)
			}
		}},
		{"missing file", "", []string{"related", "--jsonl", filepath.Join(dir, "nope.jsonl")}, 1, func(t *testing.T, _, stderr string) {
			if !strings.Contains(stderr, "nope.jsonl") {
				t.Errorf("stderr %q", stderr)
			}
		}},
		{"no input named", "", []string{"related"}, 2, nil},
		{"two inputs", "", []string{"related", "a", "b"}, 2, nil},
		{"help", "", []string{"related", "--help"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out, stderr := relatedCLI(t, tt.stdin, tt.args...)
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d (stderr %q)", status, tt.wantStatus, stderr)
			}
			if tt.check != nil {
				tt.check(t, out, stderr)
			}
		})
	}
}

// TestRelatedCLIOnECBPlus runs the command end to end on the development
// set and scores its pairs against the stories.
func TestRelatedCLIOnECBPlus(t *testing.T) {
	path := ecbplus.DevPath(shared.DirOrSkip(t))
	docs, err := ecbplus.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	story := map[string]string{}
	perStory := map[string]int{}
	for _, d := range docs {
		story[d.ID] = d.Story
		perStory[d.Story]++
	}
	status, out, stderr := relatedCLI(t, "", "related", "--jsonl", path)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	var c ecbplus.PRF
	for _, p := range relatedLines[relatedPair](t, out) {
		if story[p.A] == story[p.B] {
			c.TP++
		} else {
			c.FP++
		}
	}
	for _, n := range perStory {
		c.FN += n * (n - 1) / 2
	}
	c.FN -= c.TP
	t.Logf("tidings related on ECB+ dev: %s", c)
	if c.F1() < 0.90 || c.Precision() < 0.92 {
		t.Errorf("%s: want F1 >= 0.90, precision >= 0.92", c)
	}
}

// TestRelatedCLISeedPages is the seeds end to end: clean both seed pages,
// feed their articles (title, text, site, publication time) to `tidings
// related`, and expect the one pair with the Kerry quote despite ’ vs '.
func TestRelatedCLISeedPages(t *testing.T) {
	pages := []string{"../../../testdata/seeds/middleeasteye-kerry-syria.html", "../../../testdata/seeds/moscowtimes-kerry-syria.html"}
	status, out, stderr := relatedCLI(t, "", append([]string{"clean", "--jsonl"}, pages...)...)
	if status != 0 {
		t.Fatalf("clean: status %d: %s", status, stderr)
	}
	type cleaned struct {
		File, Title, TextContent, PublishedTime string
	}
	var in []relatedInput
	for _, c := range relatedLines[cleaned](t, out) {
		in = append(in, relatedInput{ID: filepath.Base(c.File), Title: c.Title, Text: c.TextContent, Time: c.PublishedTime})
	}
	status, out, stderr = relatedCLI(t, relatedInputJSONL(t, in...), "related", "--jsonl", "-")
	if status != 0 {
		t.Fatalf("related: status %d: %s", status, stderr)
	}
	pairs := relatedLines[relatedPair](t, out)
	if len(pairs) != 1 {
		t.Fatalf("pairs %+v, want the two seeds related", pairs)
	}
	const quote = "we may face the best opportunity that we've had in years to end it"
	found := false
	for _, q := range pairs[0].SharedQuotes {
		found = found || strings.Contains(q, quote)
	}
	if !found {
		t.Errorf("shared quotes %q lack %q", pairs[0].SharedQuotes, quote)
	}
}
