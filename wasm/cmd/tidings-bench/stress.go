package main

import (
	"cmp"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
	self, err := os.Executable()
	if err != nil {
		return err
	}
	for _, format := range []string{"text", "json"} {
		var runs []stressReport
		for range stressRounds {
			r, err := stressOnce(self, cli, format, page)
			if err != nil {
				return fmt.Errorf("stress %s: %w", format, err)
			}
			runs = append(runs, r)
		}
		slices.SortFunc(runs, func(a, b stressReport) int { return cmp.Compare(a.wall, b.wall) })
		med, peak := runs[len(runs)/2], slices.MaxFunc(runs, func(a, b stressReport) int { return cmp.Compare(a.rss, b.rss) }).rss
		fmt.Printf("  clean %-5s %5.2f s wall (median of %d; fastest %.2f s), CPU %.2f s, peak RSS %4d MB (%.1f× the page)\n",
			format, med.wall.Seconds(), len(runs), runs[0].wall.Seconds(), med.cpu.Seconds(), peak>>20, float64(peak)/stressBytes)
	}
	return nil
}

// stressRounds is how many times each format is run: single runs on a
// busy machine vary by a third.
const stressRounds = 3

// stressReport is one stress run: the CLI's wall and CPU time (user and
// system) and its peak resident memory in bytes.
type stressReport struct {
	wall, cpu time.Duration
	rss       int64
}

// stressOnce runs one stress clean from a fresh copy of this program,
// which starts the CLI and reports: Go starts a process with vfork, and
// Linux counts the starting process' peak memory into the new one's
// (exec keeps the old address space's high-water mark), so a CLI started
// from this process, grown by the sections before, would report this
// process' peak when that is larger (246 MB against the CLI's own 186 MB
// in a full run).
func stressOnce(self, cli, format, page string) (stressReport, error) {
	out, err := exec.Command(self, stressRunFlag, cli, format, page).Output()
	if err != nil {
		return stressReport{}, err
	}
	var wallNS, cpuNS, rss int64
	if _, err := fmt.Sscan(string(out), &wallNS, &cpuNS, &rss); err != nil {
		return stressReport{}, fmt.Errorf("the run's report %q: %w", out, err)
	}
	return stressReport{wall: time.Duration(wallNS), cpu: time.Duration(cpuNS), rss: rss}, nil
}

// stressRunFlag, as the first argument, makes the program run one stress
// clean (stressRun) instead of the benchmark.
const stressRunFlag = "-stress-run"

// stressRun cleans page with the CLI in the given output format and prints
// the wall time, the CPU time (user and system) in nanoseconds and the CLI
// process' peak resident memory in bytes.
func stressRun(cli, format, page string) error {
	cmd := exec.Command(cli, "clean", "--format", format, page)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return err
	}
	wall := time.Since(start)
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return fmt.Errorf("no resource usage for the CLI on this system")
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	fmt.Println(wall.Nanoseconds(), cpu.Nanoseconds(), ru.Maxrss*1024) // Linux reports KiB
	return nil
}
