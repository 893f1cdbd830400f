package ecbplus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrNoShared means the shared data directory is absent; tests skip on it.
var ErrNoShared = errors.New("shared data not found (expected ../shared next to the repo, or set TIDINGS_SHARED)")

// SharedDir finds the read-only shared data directory the way eval.SharedDir
// does ($TIDINGS_SHARED, else "shared" beside the directory holding go.mod),
// without importing package eval and through it the whole engine: the
// related-coverage tools and the table generator need only the data.
func SharedDir() (string, error) {
	if d := os.Getenv("TIDINGS_SHARED"); d != "" {
		if isDir(d) {
			return d, nil
		}
		return "", fmt.Errorf("TIDINGS_SHARED=%s: %w", d, ErrNoShared)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("shared dir: %w", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shared := filepath.Join(filepath.Dir(dir), "shared")
			if isDir(shared) {
				return shared, nil
			}
			return "", ErrNoShared
		}
		if filepath.Dir(dir) == dir {
			return "", ErrNoShared
		}
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
