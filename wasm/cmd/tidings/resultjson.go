package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/tidings-app/tidings/wasm/engine"
)

// writeResult writes res as a json.Encoder with SetEscapeHTML(false)
// writes it (indented by two spaces when indent is set), byte for byte,
// but without building the encoding of the article's text and HTML in
// memory: encoding/json encodes a whole value into one buffer, and
// indenting copies it again, which for a 20 MB page is some 100 MB on top
// of the result itself. The result is encoded without those two strings,
// and each is streamed into its place, encoded piece by piece.
func writeResult(w io.Writer, res *engine.Result, indent bool) error {
	rest := *res
	rest.TextContent, rest.Content = "", ""
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(&rest); err != nil {
		return err
	}
	sep := ":"
	if indent {
		sep = ": "
	}
	bw := bufio.NewWriterSize(w, streamChunk)
	out := head.Bytes()
	// The keys are in the order of Result's fields. Inside a JSON string
	// every quote is escaped, so `"content": ""` can only be the key and
	// its empty value.
	for _, f := range [...]struct{ key, val string }{{"textContent", res.TextContent}, {"content", res.Content}} {
		empty := []byte(`"` + f.key + `"` + sep + `""`)
		i := bytes.Index(out, empty)
		if i < 0 {
			return fmt.Errorf("encoding the result: no %s field", f.key)
		}
		bw.Write(out[:i+len(empty)-len(`""`)])
		if err := writeJSONString(bw, f.val); err != nil {
			return err
		}
		out = out[i+len(empty):]
	}
	bw.Write(out)
	return bw.Flush()
}

// streamChunk is the size of the pieces long strings are encoded in.
const streamChunk = 64 << 10

// writeJSONString writes s as a JSON string, as encoding/json does with
// SetEscapeHTML(false). It has encoding/json encode s in pieces cut at
// rune boundaries: string encoding escapes rune by rune, so the pieces'
// encodings, without their quotes, join into the encoding of s.
func writeJSONString(w io.Writer, s string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if _, err := io.WriteString(w, `"`); err != nil {
		return err
	}
	for len(s) > 0 {
		n := min(len(s), streamChunk)
		if n < len(s) {
			// Cut before the rune that s[n] is part of: its first
			// byte is at most UTFMax-1 bytes back. (A byte of an
			// invalid sequence is encoded on its own, as U+FFFD, so
			// cutting next to it changes nothing.)
			for k := n; k > n-utf8.UTFMax; k-- {
				if utf8.RuneStart(s[k]) {
					n = k
					break
				}
			}
		}
		buf.Reset()
		if err := enc.Encode(s[:n]); err != nil {
			return err
		}
		piece := buf.Bytes()
		// Cut the quotes and the newline Encode adds.
		if _, err := w.Write(piece[1 : len(piece)-2]); err != nil {
			return err
		}
		s = s[n:]
	}
	_, err := io.WriteString(w, `"`)
	return err
}
