// Package shared finds the read-only shared data (the corpora under
// ../shared) and the repository's own files for tests, benchmarks and
// tools. It imports nothing of the
// engine, so the related-coverage tools and the table generators can use
// it as well as package eval.
package shared

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// ErrAbsent means the shared data directory is absent; tests skip on it.
var ErrAbsent = errors.New("shared corpus not found (expected ../shared next to the repo, or set TIDINGS_SHARED)")

// Dir finds the shared data directory: $TIDINGS_SHARED, or "shared"
// beside the repository root (the directory holding go.mod), searched
// upward from the working directory.
func Dir() (string, error) {
	if d := os.Getenv("TIDINGS_SHARED"); d != "" {
		if isDir(d) {
			return d, nil
		}
		return "", fmt.Errorf("TIDINGS_SHARED=%s: %w", d, ErrAbsent)
	}
	root, err := RepoRoot()
	if errors.Is(err, errNoRepo) {
		return "", ErrAbsent
	}
	if err != nil {
		return "", fmt.Errorf("shared dir: %w", err)
	}
	if dir := filepath.Join(filepath.Dir(root), "shared"); isDir(dir) {
		return dir, nil
	}
	return "", ErrAbsent
}

// errNoRepo: no go.mod above the working directory.
var errNoRepo = errors.New("repo root: go.mod not found above the working directory")

// RepoRoot finds the repository root, the directory holding go.mod,
// upward from the working directory.
func RepoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("repo root: %w", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", errNoRepo
		}
	}
}

// RepoRootOrFail is RepoRoot for tests: it fails tb when there is none.
func RepoRootOrFail(tb testing.TB) string {
	tb.Helper()
	root, err := RepoRoot()
	if err != nil {
		tb.Fatal(err)
	}
	return root
}

// DirOrSkip is Dir for tests: it skips tb with the reason when the shared
// data is absent and fails it on any other error.
func DirOrSkip(tb testing.TB) string {
	tb.Helper()
	dir, err := Dir()
	if errors.Is(err, ErrAbsent) {
		tb.Skipf("skipping: %v", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
