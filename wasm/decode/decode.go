// Package decode turns the bytes of a saved page into UTF-8 text the way a
// browser does: byte-order mark, then a charset from the HTTP Content-Type
// (when known), then the <meta charset> / http-equiv prescan of the first
// 1024 bytes, else windows-1252. One deliberate difference for saved
// files: bytes that are valid UTF-8 and not pure ASCII are read as UTF-8
// even when the page declares a legacy charset, because tools that save
// pages re-encode them and keep the old declaration.
//
// It is used by the CLI only: in the extension the browser has already
// decoded the page, and leaving this package out keeps the legacy encoding
// tables out of the .wasm.
package decode

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// HTML decodes page bytes to UTF-8. contentType is an HTTP Content-Type
// header value, or "" when unknown. It returns the text and the name of the
// encoding used.
func HTML(b []byte, contentType string) (string, string, error) {
	return htmlString(string(b), contentType)
}

// htmlString is HTML on a page already held as a string: a UTF-8 page (the
// usual case) comes back without being copied.
func htmlString(s, contentType string) (string, string, error) {
	enc, name := sniff(s, contentType)
	if enc == nil || name == "utf-8" {
		return toValidUTF8(strings.TrimPrefix(s, utf8BOM)), "utf-8", nil
	}
	out, err := enc.NewDecoder().String(s)
	if err != nil {
		return "", name, fmt.Errorf("decode %s: %w", name, err)
	}
	// UTF-16 decoders keep the byte-order mark as U+FEFF.
	return strings.TrimPrefix(out, "\uFEFF"), name, nil
}

// utf8BOM is the UTF-8 byte-order mark.
const utf8BOM = "\xef\xbb\xbf"

// prescanBytes is how much of a page the charset prescan reads (the HTML
// standard's 1024 bytes; charset.DetermineEncoding reads no more).
const prescanBytes = 1024

func sniff(s, contentType string) (encoding.Encoding, string) {
	enc, name, certain := charset.DetermineEncoding([]byte(s[:min(len(s), prescanBytes)]), contentType)
	if certain {
		// A byte-order mark or an HTTP header: authoritative.
		return enc, name
	}
	// Saved pages often declare a charset they are not stored in (tools
	// re-encode to UTF-8 and keep the old <meta>), and many declare none
	// before the 1024-byte prescan ends. Text in a legacy encoding is
	// almost never valid UTF-8 once it has a non-ASCII byte, so valid
	// UTF-8 with non-ASCII bytes is read as UTF-8 whatever the page says.
	if hasNonASCII(s) && utf8.ValidString(s) {
		return unicode.UTF8, "utf-8"
	}
	return enc, name
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// toValidUTF8 replaces each invalid byte with U+FFFD, as a browser's
// UTF-8 decoder does (strings.ToValidUTF8 would merge a run into one).
// Valid text is returned as it is.
func toValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + len(s)/8)
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && size == 1 {
			sb.WriteRune(utf8.RuneError)
		} else {
			sb.WriteString(s[:size])
		}
		s = s[size:]
	}
	return sb.String()
}

// MaybeGunzip returns the decompressed bytes when b is gzip data (a
// .html.gz file), else b itself. limit bounds the decompressed size so a
// gzip bomb gives an error instead of exhausting memory.
func MaybeGunzip(b []byte, limit int64) ([]byte, error) {
	if !isGzip(string(b[:min(len(b), len(gzipMagic))])) {
		return b, nil
	}
	var out bytes.Buffer
	if err := gunzipTo(&out, bytes.NewReader(b), limit); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// gzipMagic starts every gzip stream.
const gzipMagic = "\x1f\x8b"

func isGzip(s string) bool { return strings.HasPrefix(s, gzipMagic) }

// gunzipTo decompresses r into w, at most limit bytes.
func gunzipTo(w io.Writer, r io.Reader, limit int64) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("gunzip: %w", err)
	}
	defer zr.Close()
	n, err := io.Copy(w, io.LimitReader(zr, limit+1))
	if err != nil {
		return fmt.Errorf("gunzip: %w", err)
	}
	if n > limit {
		return fmt.Errorf("gunzip: decompressed page is larger than %d bytes", limit)
	}
	return nil
}

// MaxFileBytes bounds what File reads (and what gzip may expand to), so a
// huge file or a gzip bomb gives an error instead of exhausting memory.
const MaxFileBytes = 64 << 20

// File reads a saved page (.html, or gzip-compressed .html.gz) and decodes
// it to UTF-8. path "-" reads r instead (the CLI passes stdin).
//
// The page is read straight into the string it is returned as: a UTF-8
// file of n bytes costs n bytes, not the doubling buffers of io.ReadAll
// and a copy into a string.
func File(path string, r io.Reader) (string, error) {
	size := int64(0)
	if path != "-" {
		fh, err := os.Open(path)
		if err != nil {
			return "", err
		}
		defer fh.Close()
		if st, err := fh.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
		r = fh
	}
	raw, err := readString(r, size, MaxFileBytes)
	if err != nil {
		return "", fmt.Errorf("read: %w", err)
	}
	if isGzip(raw) {
		var sb strings.Builder
		if err := gunzipTo(&sb, strings.NewReader(raw), MaxFileBytes); err != nil {
			return "", err
		}
		raw = sb.String()
	}
	src, _, err := htmlString(raw, "")
	return src, err
}

// readString reads r to its end into a string, at most limit bytes (more
// is an error). size is the expected length when known (a regular file),
// else 0.
func readString(r io.Reader, size, limit int64) (string, error) {
	var sb strings.Builder
	if size > 0 && size <= limit {
		sb.Grow(int(size) + 1) // +1: reading past the end finds EOF without growing
	}
	n, err := io.Copy(&sb, io.LimitReader(r, limit+1))
	if err != nil {
		return "", err
	}
	if n > limit {
		return "", fmt.Errorf("file is larger than %d bytes", limit)
	}
	return sb.String(), nil
}
