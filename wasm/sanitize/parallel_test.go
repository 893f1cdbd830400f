package sanitize

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomArticle writes an article body of n blocks mixing the markup
// bluemonday treats in different ways: kept, kept without attributes,
// dropped with or without their content, dropped for want of an allowed
// attribute (links without href, images without src), void elements,
// entities, custom elements, and, when odd is set, content that makes
// a run not plain (script, comments, SVG, textarea).
func randomArticle(r *rand.Rand, n int, odd bool) string {
	inline := []string{
		`plain text, with a comma`, `<a href="https://e.com/a?x=1&amp;y=2">a link</a>`, `<a>no href</a>`,
		`<a href="javascript:alert(1)">script link</a>`, `<em>em</em>`, `<strong class="s">strong</strong>`,
		`<span style="color:red" onclick="x()">span</span>`, `<img src="https://e.com/i.jpg" alt="i">`,
		`<img alt="no src">`, `<img src="javascript:x">`, `<br>`, `&lt;not a tag&gt; &amp; “quotes”`,
		`<u>u</u>`, `<font face="x">font</font>`, `<label>label</label>`, `<time datetime="2024-01-01">date</time>`,
		`<custom-el data-x="1">custom</custom-el>`, `<q cite="https://e.com/q">q</q>`, `<button>b</button>`,
		`<a><img src="https://e.com/j.jpg"></a>`, `<a><img alt="x"></a> after`, `<sup>1</sup>`,
	}
	if odd {
		inline = append(inline, `<script>var a = "<p>";</script>`, `<!-- a comment -->`,
			`<svg><circle r="1"></circle></svg>`, `<textarea>t</textarea>`, `<iframe src="https://e.com"></iframe>`)
	}
	block := func() string {
		var b strings.Builder
		for range 1 + r.IntN(4) {
			b.WriteString(inline[r.IntN(len(inline))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	var b strings.Builder
	for i := range n {
		switch r.IntN(9) {
		case 0:
			fmt.Fprintf(&b, "<h2 id=\"h%d\">Part %d</h2>", i, i)
		case 1:
			fmt.Fprintf(&b, "<ul><li>%s</li><li>%s</li></ul>", block(), block())
		case 2:
			fmt.Fprintf(&b, "<figure><img src=\"/i/%d.jpg\"><figcaption>%s</figcaption></figure>", i, block())
		case 3:
			fmt.Fprintf(&b, "<table><tr><td colspan=\"2\">%s</td></tr></table>", block())
		case 4:
			fmt.Fprintf(&b, "<blockquote cite=\"https://e.com\"><p>%s</p></blockquote>", block())
		case 5:
			fmt.Fprintf(&b, "<div class=\"w\"><p>%s</p>\n<p>%s</p></div>\n", block(), block())
		case 6:
			fmt.Fprintf(&b, "<picture><source srcset=\"a.webp\" type=\"image/webp\"><img src=\"https://e.com/p.jpg\"></picture>")
		default:
			fmt.Fprintf(&b, "<p>%s</p>\n", block())
		}
	}
	return b.String()
}

// TestSplitSanitizesAsWhole checks, on random articles, that sanitizing
// the parts split cuts and joining them gives what sanitizing the whole
// gives, with and without wrappers around the blocks.
func TestSplitSanitizesAsWhole(t *testing.T) {
	p := NewPolicy()
	r := rand.New(rand.NewPCG(1, 2))
	wraps := []struct{ open, close string }{
		{"", ""},
		{"<main><article lang=\"en\">", "</article></main>"},
		{"<div class=\"x\"><section>", "</section></div>"},
	}
	split2 := 0
	for i := range 300 {
		w := wraps[i%len(wraps)]
		odd := i%5 == 4
		body := parseBody(t, w.open+randomArticle(r, 2+r.IntN(40), odd)+w.close)
		want := p.wholeHTML(body)
		for k := 2; k <= maxParts; k++ {
			parts := split(body, k, 1)
			if parts == nil {
				continue
			}
			split2++
			got, ok := p.parallelHTML(parts)
			if !ok {
				t.Fatalf("article %d in %d parts: failed", i, k)
			}
			if got = strings.TrimSpace(got); got != want {
				t.Fatalf("article %d in %d parts differs:\n got %.300q\nwant %.300q", i, k, got, want)
			}
		}
	}
	if split2 < 300 {
		t.Errorf("only %d splits tried", split2)
	}
}

func TestSplitRefuses(t *testing.T) {
	long := strings.Repeat("<p>word <em>em</em></p>", 100)
	tests := []struct {
		name     string
		body     string
		minNodes int
		want     bool // split into parts
	}{
		{"plain", long, 1, true},
		{"too small", long, 10_000, false},
		{"script", long + "<script>x</script>", 1, false},
		{"comment", "<p>a</p><!-- c -->" + long, 1, false},
		{"svg", long + "<svg></svg>", 1, false},
		{"noscript inside", "<div><noscript><p>x</p></noscript></div>" + long, 1, false},
		{"wrapped", "<main><article>" + long + "</article></main>", 1, true},
		{"one block", "<blockquote>" + long + "</blockquote>", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := split(parseBody(t, tt.body), 2, tt.minNodes)
			if (parts != nil) != tt.want {
				t.Errorf("split gave %d parts, want parts: %v", len(parts), tt.want)
			}
		})
	}
}

// TestHTMLLongArticle sanitizes an article long enough to be cut in
// parts (when Go may use several processors) and checks it against the
// whole.
func TestHTMLLongArticle(t *testing.T) {
	p := NewPolicy()
	body := parseBody(t, "<main><article>"+randomArticle(rand.New(rand.NewPCG(3, 4)), parallelMinNodes/4, false)+"</article></main>")
	if got, want := p.HTML(body), p.wholeHTML(body); got != want {
		t.Errorf("long article: HTML gives %d bytes, differing from the whole's %d", len(got), len(want))
	}
	if parts := split(body, 2, parallelMinNodes); parts == nil {
		t.Error("the long article is not split")
	}
}
