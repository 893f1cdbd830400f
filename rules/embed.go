// Package rulelists carries Tidings' shipped rule lists (the *.txt files
// beside it, specified in README.md) into the binaries: the engine
// compiles them as its default rules, so the CLI and the WebAssembly
// build in the extension apply the same lists without reading files.
//
// Importers usually alias it: `shipped "github.com/tidings-app/tidings/rules"`.
package rulelists

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/tidings-app/tidings/wasm/rules"
)

// files holds the lists; an embed.FS is read-only.
//
//go:embed *.txt
var files embed.FS

// Names returns the file names of the shipped lists, sorted: the order in
// which they are compiled (an earlier list wins a tie).
func Names() []string {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// Text returns the text of the shipped list name (as from Names).
func Text(name string) (string, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("shipped rule list %q: %w", name, err)
	}
	return string(b), nil
}

// Sources returns the shipped lists as rule sources, in Names order, each
// named after its file.
func Sources() []rules.Source {
	names := Names()
	out := make([]rules.Source, 0, len(names))
	for _, n := range names {
		if t, err := Text(n); err == nil {
			out = append(out, rules.Source{Name: n, Text: t})
		}
	}
	return out
}
