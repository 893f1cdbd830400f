package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seedMT = "../../../testdata/seeds/moscowtimes-kerry-syria.html"
const seedMEE = "../../../testdata/seeds/middleeasteye-kerry-syria.html"

func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCleanJSONLBatchGoesOnAfterAFailure(t *testing.T) {
	dir := t.TempDir()
	gz := filepath.Join(dir, "page.html.gz")
	writeGzip(t, gz, "<html><head><title>Zipped</title></head><body><p>Compressed page text.</p></body></html>")

	code, out, stderr := runCLI(t, "", "clean", "--jsonl", seedMT, filepath.Join(dir, "missing.html"), gz)
	if code != 1 {
		t.Errorf("exit status %d, want 1 (one file failed)", code)
	}
	if !strings.Contains(stderr, "missing.html") {
		t.Errorf("stderr does not name the failed file: %q", stderr)
	}
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line is not JSON: %v", err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3", len(lines))
	}
	if lines[0]["file"] != seedMT || lines[0]["error"] != nil {
		t.Errorf("first line: file %v error %v", lines[0]["file"], lines[0]["error"])
	}
	for _, field := range []string{"url", "title", "byline", "siteName", "publishedTime", "lang", "dir", "excerpt", "image", "readerable", "readingMinutes", "textContent", "content", "detections"} {
		if _, ok := lines[0][field]; !ok {
			t.Errorf("result lacks field %q", field)
		}
	}
	if e, _ := lines[1]["error"].(string); e == "" || lines[1]["file"] != filepath.Join(dir, "missing.html") {
		t.Errorf("failed file gave %v", lines[1])
	}
	if txt, _ := lines[2]["textContent"].(string); !strings.Contains(txt, "Compressed page text.") {
		t.Errorf(".html.gz not read: %v", lines[2]["textContent"])
	}
}

func TestCleanFormats(t *testing.T) {
	code, out, _ := runCLI(t, "", "clean", seedMEE, "--format", "html", "--url", "https://www.middleeasteye.net/news/kerry")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"<!DOCTYPE html>", "Content-Security-Policy", "default-src 'none'", "<h1>", "Kerry", "</html>"} {
		if !strings.Contains(out, want) {
			t.Errorf("html output lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Error("html output contains a script")
	}

	code, out, _ = runCLI(t, "<html><head><title>T</title></head><body><p>Body text here.</p></body></html>", "clean", "--format", "text", "-")
	if code != 0 || !strings.HasPrefix(out, "T\n\n") || !strings.Contains(out, "Body text here.") {
		t.Errorf("text from stdin: exit %d, %q", code, out)
	}

	code, out, _ = runCLI(t, "", "clean", seedMT)
	var res map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res["textContent"] == "" {
		t.Errorf("json: exit %d, %q", code, out[:min(len(out), 200)])
	}
}

func TestCleanOutDir(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "", "clean", "--format", "html", "--out", dir, seedMT, seedMEE)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"moscowtimes-kerry-syria.html", "middleeasteye-kerry-syria.html"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Contains(b, []byte("Kerry")) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestCleanUsageErrors(t *testing.T) {
	tests := [][]string{
		{"clean"},
		{"clean", "--format", "pdf", seedMT},
		{"clean", "--format", "html", seedMT, seedMEE},
		{"clean", "--no-such-flag", seedMT},
		{"frobnicate"},
		{},
	}
	for _, args := range tests {
		if code, _, _ := runCLI(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, out, _ := runCLI(t, "", "help"); code != 0 || !strings.Contains(out, "tidings clean") {
		t.Errorf("help: exit %d", code)
	}
}

func writeGzip(t *testing.T, path, s string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(s))
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
