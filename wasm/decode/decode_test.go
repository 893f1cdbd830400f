package decode

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHTMLCharsets(t *testing.T) {
	tests := []struct {
		file, contentType, wantEnc, wantText string
	}{
		{"windows-1251-meta.html", "", "windows-1251", "Съешь же ещё этих мягких французских булок"},
		{"koi8r-http-equiv.html", "", "koi8-r", "Привет, мир."},
		{"shift-jis.html", "", "shift_jis", "こんにちは世界"},
		{"utf16le-bom.html", "", "utf-16le", "Crème brûlée"},
		{"utf8-bom.html", "", "utf-8", "Crème brûlée"},
		{"utf8-undeclared-late.html", "", "utf-8", "Zürich – naïve café"},
		{"latin1-undeclared.html", "", "windows-1252", "Crème brûlée"},
		{"utf8-invalid-bytes.html", "", "utf-8", "ok \uFFFD\uFFFD broken"},
		// Re-encoded to UTF-8 by the tool that saved it, old <meta> kept.
		{"utf8-declared-1251.html", "", "utf-8", "Привет, мир."},
		// An HTTP header wins over the page's own declaration.
		{"windows-1251-meta.html", "text/html; charset=windows-1251", "windows-1251", "Привет, мир."},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, enc, err := HTML(raw, tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if enc != tt.wantEnc {
				t.Errorf("encoding %q, want %q", enc, tt.wantEnc)
			}
			if !strings.Contains(got, tt.wantText) {
				t.Errorf("decoded text lacks %q:\n%s", tt.wantText, got)
			}
			if strings.HasPrefix(got, "\uFEFF") {
				t.Error("byte-order mark kept in the text")
			}
		})
	}
}

func TestMaybeGunzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(strings.Repeat("a", 1000)))
	zw.Close()

	out, err := MaybeGunzip(buf.Bytes(), 2000)
	if err != nil || len(out) != 1000 {
		t.Fatalf("gunzip: %d bytes, %v", len(out), err)
	}
	// A gzip bomb beyond the limit is an error, not an allocation.
	if _, err := MaybeGunzip(buf.Bytes(), 999); err == nil {
		t.Error("no error for decompressed data over the limit")
	}
	// Plain bytes pass through.
	if out, _ := MaybeGunzip([]byte("<p>x"), 10); string(out) != "<p>x" {
		t.Errorf("plain input changed: %q", out)
	}
	// Corrupt gzip is a clear error.
	if _, err := MaybeGunzip([]byte{0x1f, 0x8b, 0, 1, 2}, 10); err == nil {
		t.Error("no error for corrupt gzip")
	}
}

func TestFile(t *testing.T) {
	if _, err := File(filepath.Join("testdata", "missing.html"), nil); err == nil {
		t.Error("no error for a missing file")
	}
	got, err := File("-", strings.NewReader("<p>from stdin</p>"))
	if err != nil || !strings.Contains(got, "from stdin") {
		t.Errorf("stdin: %q, %v", got, err)
	}
}

// TestFileDecodesLikeHTML checks that File, which reads a page straight
// into a string, decodes every test page (plain and gzip-compressed) as
// HTML does on its bytes.
func TestFileDecodesLikeHTML(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test pages: %v", err)
	}
	dir := t.TempDir()
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := HTML(raw, "")
		if err != nil {
			t.Fatal(err)
		}
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(raw)
		zw.Close()
		zipped := filepath.Join(dir, filepath.Base(f)+".gz")
		if err := os.WriteFile(zipped, gz.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{f, zipped} {
			got, err := File(path, nil)
			if err != nil || got != want {
				t.Errorf("File(%s) = %.40q, %v; HTML gives %.40q", path, got, err, want)
			}
		}
		got, err := File("-", bytes.NewReader(raw))
		if err != nil || got != want {
			t.Errorf("File(-) on %s = %.40q, %v; HTML gives %.40q", f, got, err, want)
		}
	}
}

func TestReadStringLimit(t *testing.T) {
	tests := []struct {
		in      string
		size    int64
		wantErr bool
	}{
		{"abc", 3, false},
		{"abc", 0, false},
		{"abc", 100, false}, // a wrong size hint only costs memory
		{"abcd", 4, true},   // over the limit of 3
		{"abcd", 0, true},
	}
	for _, tt := range tests {
		got, err := readString(strings.NewReader(tt.in), tt.size, 3)
		if (err != nil) != tt.wantErr || (err == nil && got != tt.in) {
			t.Errorf("readString(%q, size %d) = %q, %v; want error %v", tt.in, tt.size, got, err, tt.wantErr)
		}
	}
}
