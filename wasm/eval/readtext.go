package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/net/html"

	"github.com/tidings-app/tidings/wasm/decode"
	"github.com/tidings-app/tidings/wasm/engine"
	"github.com/tidings-app/tidings/wasm/sanitize"
)

// The Readability test pages come from other sites than the Zyte pages,
// so comparing Tidings' article text with the text of Readability.js's
// expected.html (with the Zyte shingle metric) is a held-out check that
// tuning on the Zyte pages generalizes. Readability's output keeps image
// captions and some page furniture that Tidings leaves out of the text,
// so the absolute figure is lower than on Zyte; what matters is that it
// does not fall.

// ReadabilityTextResult is the text agreement with Readability's output.
type ReadabilityTextResult struct {
	Score   Score
	PerPage []Counts
	Names   []string
	Errors  int
}

// EvalReadabilityText cleans every test page that has an expected.html
// and scores the article text against that page's text.
func EvalReadabilityText(pages []ReadabilityPage, opts engine.Options) (ReadabilityTextResult, error) {
	if opts.Policy == nil {
		opts.Policy = sanitize.NewPolicy()
	}
	var r ReadabilityTextResult
	for _, p := range pages {
		raw, err := os.ReadFile(filepath.Join(filepath.Dir(p.Source), "expected.html"))
		if err != nil {
			continue // a page Readability finds nothing on
		}
		truth, err := htmlText(string(raw))
		if err != nil {
			return r, fmt.Errorf("%s: expected.html: %w", p.Name, err)
		}
		src, err := decode.File(p.Source, nil)
		if err != nil {
			return r, fmt.Errorf("%s: %w", p.Name, err)
		}
		o := opts
		o.URL = ReadabilityURL
		pred := ""
		if res, err := engine.Clean(src, o); err != nil {
			r.Errors++
		} else {
			pred = res.TextContent
		}
		r.PerPage = append(r.PerPage, Match(truth, pred))
		r.Names = append(r.Names, p.Name)
	}
	r.Score = Aggregate(r.PerPage)
	return r, nil
}

// htmlText is the text of an HTML fragment, blocks separated by newlines.
func htmlText(src string) (string, error) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for n := doc; n != nil; {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		} else if n.Type == html.ElementNode {
			b.WriteByte('\n')
		}
		if n.FirstChild != nil && n.Type != html.CommentNode && n.Data != "script" && n.Data != "style" {
			n = n.FirstChild
			continue
		}
		for n != doc && n.NextSibling == nil {
			n = n.Parent
		}
		if n == doc {
			break
		}
		n = n.NextSibling
	}
	return b.String(), nil
}
