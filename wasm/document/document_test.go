package document

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestParseBytesIsParse checks that both entry points build the same
// tree, including from invalid UTF-8, and refuse the same input.
func TestParseBytesIsParse(t *testing.T) {
	tests := []string{
		"",
		"  ",
		"<p>plain <b>bold</b></p>",
		"<p>bad \xff\xfe bytes and a cut \xe6\x97</p>",
		"\x00<title>nul</title>",
		strings.Repeat("<div>", 600),
	}
	for _, src := range tests {
		a, errA := Parse(src)
		b, errB := ParseBytes([]byte(src))
		if (errA == nil) != (errB == nil) {
			t.Errorf("%.30q: Parse error %v, ParseBytes error %v", src, errA, errB)
			continue
		}
		if errA != nil {
			want := ErrTooDeep
			if strings.Contains(src, "\x00") {
				want = ErrBinary
			}
			if !errors.Is(errB, want) || !errors.Is(errA, want) {
				t.Errorf("%.30q: errors %v and %v, want %v", src, errA, errB, want)
			}
			continue
		}
		if ra, rb := render(t, a), render(t, b); ra != rb {
			t.Errorf("%.30q: trees differ:\n%s\n%s", src, ra, rb)
		}
	}
	big := make([]byte, MaxInputBytes+1)
	if _, err := ParseBytes(big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ParseBytes on %d bytes: %v, want ErrTooLarge", len(big), err)
	}
}

func render(t *testing.T, n *html.Node) string {
	t.Helper()
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestOnlyTime(t *testing.T) {
	tests := []struct {
		html string
		want bool
	}{
		{`<time datetime="2016-03-15">March 15</time>`, true},
		{`<div class="byline"><time>March 15</time></div>`, true},
		{`<div class="byline"> <span><time>March 15</time></span> <time>10:00</time> </div>`, true},
		{`<div class="byline">By <a>Jane Doe</a> <time>March 15</time></div>`, false},
		{`<div class="byline"><span>Jane Doe</span></div>`, false},
		{`<div class="byline"><span> </span></div>`, false}, // no text and no time: not a date line
		{`<div class="byline"><time>March 15</time><b>Jane</b></div>`, false},
	}
	for _, tt := range tests {
		doc, err := Parse(tt.html)
		if err != nil {
			t.Fatal(err)
		}
		n := Find(doc, "body").FirstChild
		if got := OnlyTime(n); got != tt.want {
			t.Errorf("OnlyTime(%s) = %v, want %v", tt.html, got, tt.want)
		}
	}
}

// TestCountElements: the document's root counts as one, then every
// element under it (html, head and body included), never text or
// comments, at any depth.
func TestCountElements(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want int
	}{
		{"", 4},
		{"<p>text <b>bold</b><!-- c --></p>", 6},
		{"<ul><li>a<li>b<li>c</ul>", 8},
		{strings.Repeat("<div>", 400) + "x", 404},
	} {
		doc, err := Parse(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := CountElements(doc); got != tc.want {
			t.Errorf("%.30q: %d elements, want %d", tc.src, got, tc.want)
		}
	}
}
