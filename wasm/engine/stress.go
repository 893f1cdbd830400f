package engine

import (
	"fmt"
	"strings"
)

// LargePage builds an article page of about size bytes: a realistic page
// shell (navigation, sidebar, footer) around an article of many paragraphs
// with links, emphasis, headings and figures. Tests and `make bench` use it
// for the 20 MB stress case.
func LargePage(size int) string {
	var b strings.Builder
	b.Grow(size + 4096)
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A very long article | Example News</title></head><body>`)
	b.WriteString(`<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav></header>`)
	b.WriteString(`<main><article><h1>A very long article</h1>`)
	const para = `<p>The committee met on Tuesday to discuss the <a href="/budget">budget</a>, and its members said the <em>proposal</em> would be revised before the vote, according to officials familiar with the talks who asked not to be named.</p>`
	for i := 0; b.Len() < size-2048; i++ {
		if i%20 == 0 {
			fmt.Fprintf(&b, `<h2>Part %d</h2><figure><img src="/img/%d.jpg" alt=""><figcaption>Figure %d</figcaption></figure>`, i/20+1, i, i)
		}
		b.WriteString(para)
	}
	b.WriteString(`</article><aside><h3>Most read</h3><ul><li><a href="/a">Another story</a></li></ul></aside></main>`)
	b.WriteString(`<footer><p>© Example News</p></footer></body></html>`)
	return b.String()
}
