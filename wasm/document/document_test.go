package document

import (
	"errors"
	"fmt"
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

// TestTagsTakeTwoBytes: no input has more counted tags than half its
// bytes, so check need not count pages of at most minBytesPerTag*maxTags
// bytes.
func TestTagsTakeTwoBytes(t *testing.T) {
	for _, unit := range []string{"<a", "</", "<!", "<<a", "<a<", "<\xff", "a<b<", "<A"} {
		s := strings.Repeat(unit, 1000)
		if n := countTags(s); n*minBytesPerTag > len(s) {
			t.Errorf("%q × 1000: %d tags in %d bytes", unit, n, len(s))
		}
	}
	if n := countTags(strings.Repeat("<a", 1000)); n != 1000 {
		t.Errorf(`"<a" × 1000: %d tags, want 1000 (the densest page)`, n)
	}
}

// FuzzCountTags checks TestTagsTakeTwoBytes' bound on any input.
func FuzzCountTags(f *testing.F) {
	for _, s := range []string{"<a<a", "<<a", "</p><!-- -->", "<\x00<a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n := countTags(s); n*minBytesPerTag > len(s) {
			t.Errorf("%q: %d tags in %d bytes", s, n, len(s))
		}
	})
}

// TestTooManyElements: a page with more '<' than twice MaxElements is
// refused before parsing; markup the parser expands past MaxElements
// (unclosed formatting elements, which each later paragraph re-opens:
// 43 KB of it cost 12 s and 600 MB downstream) is refused after.
func TestTooManyElements(t *testing.T) {
	flood := strings.Repeat("<i>", 2*MaxElements+1)
	for name, parse := range map[string]func() error{
		"string": func() error { _, err := Parse(flood); return err },
		"bytes":  func() error { _, err := ParseBytes([]byte(flood)); return err },
	} {
		if err := parse(); !errors.Is(err, ErrTooManyElements) {
			t.Errorf("%s: %d tags: err %v, want ErrTooManyElements", name, 2*MaxElements+1, err)
		}
	}
	var b strings.Builder
	b.WriteString("<p>")
	for i := range 400 {
		fmt.Fprintf(&b, "<b c=%d>", i)
	}
	b.WriteString(strings.Repeat("<p>x</p>", 4000))
	if len(b.String()) > 50_000 {
		t.Fatalf("the expanding page is %d bytes", b.Len())
	}
	if _, err := Parse(b.String()); !errors.Is(err, ErrTooManyElements) {
		t.Errorf("400 open <b> × 4000 paragraphs: err %v, want ErrTooManyElements", err)
	}
	// '<' in a script or in text is no tag.
	script := "<script>" + strings.Repeat("i<1;", 2*MaxElements+1) + "</script><p>1 < 2</p>"
	if _, err := Parse(script); err != nil {
		t.Errorf("3,000,001 '<' in a script: %v", err)
	}
	// At the limit's scale but within it: 100 paragraphs parse.
	var ok strings.Builder
	ok.WriteString("<p>")
	for i := range 400 {
		fmt.Fprintf(&ok, "<b c=%d>", i)
	}
	ok.WriteString(strings.Repeat("<p>x</p>", 100))
	if _, err := Parse(ok.String()); err != nil {
		t.Errorf("400 open <b> × 100 paragraphs: %v", err)
	}
}
