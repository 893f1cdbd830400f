package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/tidings-app/tidings/wasm/engine"
)

// stressBytes is the size of the stress page: issue 2 asks that a 20 MB
// page finish in 2 s with memory at most 10 times its size.
const stressBytes = 20 << 20

// benchStress cleans a 20 MB article page with the CLI in its own process
// and prints the wall time and the process' peak resident memory.
func benchStress(cli string) error {
	fmt.Println("== Stress: a 20 MB article page, the CLI in its own process")
	if _, err := os.Stat(cli); err != nil {
		fmt.Printf("  (skipped: %s not built; run make build)\n", cli)
		return nil
	}
	dir, err := os.MkdirTemp("", "tidings-stress-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "large.html")
	if err := os.WriteFile(page, []byte(engine.LargePage(stressBytes)), 0o644); err != nil {
		return err
	}
	for _, mode := range [][]string{{"--format", "text"}, {"--format", "json"}} {
		cmd := exec.Command(cli, append([]string{"clean"}, append(mode, page)...)...)
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("stress %v: %w", mode, err)
		}
		wall := time.Since(start)
		rss := int64(0)
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss * 1024 // Linux reports KiB
		}
		fmt.Printf("  clean %-13s %5.2f s, peak RSS %4d MB (%.1f× the page)\n", mode[1], wall.Seconds(), rss>>20, float64(rss)/stressBytes)
	}
	return nil
}
