package main

import (
	_ "embed"
	"html/template"
	"io"

	"github.com/tidings-app/tidings/wasm/engine"
)

//go:embed readerpage.html
var readerPageSource string

var readerPage = template.Must(template.New("reader").Parse(readerPageSource))

// writeReaderPage writes a standalone HTML page of the cleaned article that
// a person can open in any browser. Content is the engine's sanitized HTML;
// the page also carries a Content-Security-Policy that allows no script.
func writeReaderPage(w io.Writer, res *engine.Result) error {
	dir := res.Dir
	if dir == "" {
		dir = "auto"
	}
	return readerPage.Execute(w, struct {
		*engine.Result
		DirAttr string
		Body    template.HTML
	}{res, dir, template.HTML(res.Content)}) // #nosec: Content is sanitized by the engine
}
