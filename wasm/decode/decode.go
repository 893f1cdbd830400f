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
	enc, name := sniff(b, contentType)
	if enc == nil || name == "utf-8" {
		return toValidUTF8(stripUTF8BOM(b)), "utf-8", nil
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", name, fmt.Errorf("decode %s: %w", name, err)
	}
	// UTF-16 decoders keep the byte-order mark as U+FEFF.
	return strings.TrimPrefix(string(out), "\uFEFF"), name, nil
}

func sniff(b []byte, contentType string) (encoding.Encoding, string) {
	enc, name, certain := charset.DetermineEncoding(b, contentType)
	if certain {
		// A byte-order mark or an HTTP header: authoritative.
		return enc, name
	}
	// Saved pages often declare a charset they are not stored in (tools
	// re-encode to UTF-8 and keep the old <meta>), and many declare none
	// before the 1024-byte prescan ends. Text in a legacy encoding is
	// almost never valid UTF-8 once it has a non-ASCII byte, so valid
	// UTF-8 with non-ASCII bytes is read as UTF-8 whatever the page says.
	if hasNonASCII(b) && utf8.Valid(b) {
		return unicode.UTF8, "utf-8"
	}
	return enc, name
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

func stripUTF8BOM(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
}

// toValidUTF8 replaces each invalid byte with U+FFFD, as a browser's
// UTF-8 decoder does (bytes.ToValidUTF8 would merge a run into one).
func toValidUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			sb.WriteRune(utf8.RuneError)
		} else {
			sb.Write(b[:size])
		}
		b = b[size:]
	}
	return sb.String()
}

// MaybeGunzip returns the decompressed bytes when b is gzip data (a
// .html.gz file), else b itself. limit bounds the decompressed size so a
// gzip bomb gives an error instead of exhausting memory.
func MaybeGunzip(b []byte, limit int64) ([]byte, error) {
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	if int64(len(out)) > limit {
		return nil, fmt.Errorf("gunzip: decompressed page is larger than %d bytes", limit)
	}
	return out, nil
}

// MaxFileBytes bounds what File reads (and what gzip may expand to), so a
// huge file or a gzip bomb gives an error instead of exhausting memory.
const MaxFileBytes = 64 << 20

// File reads a saved page (.html, or gzip-compressed .html.gz) and decodes
// it to UTF-8. path "-" reads r instead (the CLI passes stdin).
func File(path string, r io.Reader) (string, error) {
	if path != "-" {
		fh, err := os.Open(path)
		if err != nil {
			return "", err
		}
		defer fh.Close()
		r = fh
	}
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return "", fmt.Errorf("read: %w", err)
	}
	if len(raw) > MaxFileBytes {
		return "", fmt.Errorf("read: file is larger than %d bytes", MaxFileBytes)
	}
	raw, err = MaybeGunzip(raw, MaxFileBytes)
	if err != nil {
		return "", err
	}
	src, _, err := HTML(raw, "")
	return src, err
}
