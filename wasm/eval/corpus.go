// Package eval scores Tidings against the shared corpora: article-body
// accuracy with the Zyte benchmark's metric, and metadata agreement with
// Mozilla Readability's test pages. `make bench` prints these numbers and
// tests hold floors under them.
package eval

import "github.com/tidings-app/tidings/wasm/shared"

// ErrNoCorpus means the shared corpus directory is absent; tests skip on it.
var ErrNoCorpus = shared.ErrAbsent

// SharedDir finds the read-only shared data directory (see shared.Dir).
func SharedDir() (string, error) { return shared.Dir() }
