// Package eval scores Tidings against the shared corpora: article-body
// accuracy with the Zyte benchmark's metric, and metadata agreement with
// Mozilla Readability's test pages. `make bench` prints these numbers and
// tests hold floors under them.
package eval

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrNoCorpus means the shared corpus directory is absent; tests skip on it.
var ErrNoCorpus = errors.New("shared corpus not found (expected ../shared next to the repo, or set TIDINGS_SHARED)")

// SharedDir finds the read-only shared data directory: $TIDINGS_SHARED, or
// "shared" beside the repository root (the directory holding go.mod),
// searched upward from the working directory.
func SharedDir() (string, error) {
	if d := os.Getenv("TIDINGS_SHARED"); d != "" {
		if isDir(d) {
			return d, nil
		}
		return "", fmt.Errorf("TIDINGS_SHARED=%s: %w", d, ErrNoCorpus)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shared := filepath.Join(filepath.Dir(dir), "shared")
			if isDir(shared) {
				return shared, nil
			}
			return "", ErrNoCorpus
		}
		if filepath.Dir(dir) == dir {
			return "", ErrNoCorpus
		}
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
