package sanitize

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestChunksRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		pieces []string
	}{
		{"empty", nil},
		{"one byte", []string{"x"}},
		{"exactly one block", []string{strings.Repeat("a", firstBlock)}},
		{"across blocks", []string{strings.Repeat("a", firstBlock-1), "bc", strings.Repeat("d", 3*firstBlock+5)}},
		{"past the largest block", []string{strings.Repeat("e", 3*maxBlock+17)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c chunks
			var want bytes.Buffer
			for i, p := range tt.pieces {
				// Alternate the three write methods.
				switch i % 3 {
				case 0:
					c.WriteString(p)
				case 1:
					c.Write([]byte(p))
				default:
					for j := 0; j < len(p); j++ {
						c.WriteByte(p[j])
					}
				}
				want.WriteString(p)
			}
			if c.Len() != want.Len() {
				t.Fatalf("Len() = %d, want %d", c.Len(), want.Len())
			}
			// Read in small, odd-sized pieces to cross block ends.
			var got bytes.Buffer
			buf := make([]byte, 1000)
			for {
				n, err := c.Read(buf)
				got.Write(buf[:n])
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("read back %d bytes, differing from the %d written", got.Len(), want.Len())
			}
			for _, b := range c.blocks {
				if cap(b) > maxBlock {
					t.Errorf("block of %d bytes, more than %d", cap(b), maxBlock)
				}
			}
		})
	}
}

// TestHTMLIsStringOfRendered checks that HTML, which streams the render
// into the sanitizer, gives what sanitizing the rendered string gives.
func TestHTMLIsStringOfRendered(t *testing.T) {
	p := NewPolicy()
	long := strings.Repeat(`<p>Para with <a href="https://e.com/a?x=1&amp;y=2">a link</a>, <em>em</em> &amp; “quotes” — and text.</p>`, 5000)
	docs := []string{
		"",
		"   \n\t ",
		"\u00a0",
		`<p>a</p><script>alert(1)</script><p onclick="x()">b</p>`,
		`<h2>H</h2><figure><img src="https://e.com/i.jpg" srcset="https://e.com/i2.jpg 2x" alt="A"><figcaption>C</figcaption></figure>`,
		`<a href="javascript:x">j</a><a>bare</a><img src="x.jpg"><blockquote cite="https://e.com/q">Q</blockquote>`,
		`<svg><circle r="1"></circle></svg><math><mi>x</mi></math><custom-el a="1">c</custom-el>`,
		long,
	}
	for _, d := range docs {
		body := parseBody(t, d)
		var rendered strings.Builder
		for c := body.FirstChild; c != nil; c = c.NextSibling {
			if err := html.Render(&rendered, c); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := p.HTML(body), p.String(rendered.String()); got != want {
			t.Errorf("HTML differs from String on %.60q:\n got %.200q\nwant %.200q", d, got, want)
		}
	}
}

func parseBody(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	var body *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "body" {
			body = n
		}
		for c := n.FirstChild; c != nil && body == nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if body == nil {
		t.Fatal("no body")
	}
	return body
}
