package shared

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestDir(t *testing.T) {
	t.Run("TIDINGS_SHARED names a directory", func(t *testing.T) {
		d := t.TempDir()
		t.Setenv("TIDINGS_SHARED", d)
		if got, err := Dir(); err != nil || got != d {
			t.Errorf("Dir() = %q, %v; want %q", got, err, d)
		}
	})
	t.Run("TIDINGS_SHARED names nothing", func(t *testing.T) {
		t.Setenv("TIDINGS_SHARED", filepath.Join(t.TempDir(), "missing"))
		if _, err := Dir(); !errors.Is(err, ErrAbsent) {
			t.Errorf("error %v, want ErrAbsent", err)
		}
	})
	t.Run("beside the repository", func(t *testing.T) {
		root := t.TempDir()
		repo := filepath.Join(root, "repo")
		for _, d := range []string{filepath.Join(repo, "sub"), filepath.Join(root, "shared")} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv("TIDINGS_SHARED", "")
		t.Chdir(filepath.Join(repo, "sub"))
		if got, err := RepoRoot(); err != nil || got != repo {
			t.Errorf("RepoRoot() = %q, %v; want %q", got, err, repo)
		}
		if got, err := Dir(); err != nil || got != filepath.Join(root, "shared") {
			t.Errorf("Dir() = %q, %v; want %q", got, err, filepath.Join(root, "shared"))
		}
		if err := os.Remove(filepath.Join(root, "shared")); err != nil {
			t.Fatal(err)
		}
		if _, err := Dir(); !errors.Is(err, ErrAbsent) {
			t.Errorf("no shared beside the repo: error %v, want ErrAbsent", err)
		}
	})
}
