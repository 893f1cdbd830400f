package engine

import "runtime"

// Garbage-collector settings for the processes that clean one page at a
// time and do little else: the CLI and the WebAssembly bridge.
//
// Go's default collects whenever the heap has doubled since the last
// collection. Between two pages little stays live (the compiled rules and
// some buffers, a few MB), so with the default those processes collect
// every page or two; in WebAssembly the collector runs on the one thread
// and those collections cost about a tenth of the time. On a 20 MB page
// the same default lets the heap grow to twice its peak of live data (the
// parsed tree alone is about five times the page). Instead, the heap may
// grow by GCPercent between collections, but never past a soft limit
// proportional to the page being cleaned.
const (
	// GCPercent lets the heap grow to five times what stays live between
	// pages: cleaning pages of ordinary size (a few hundred KB, which
	// allocate about 1 MB each) then collects every ten pages or so.
	GCPercent = 400
	// memoryPerPageByte is the soft limit on the heap while a page is
	// cleaned, per byte of the page: the parsed tree (about five times the
	// page) with the extractor's index of it (under two), or with the
	// article's text and rendered HTML, fit under it with room for the
	// collector to work without running back to back (on the 20 MB page,
	// 6 collections at 9 times the page, 13 at 8 times), and the process
	// stays under ten times the page.
	memoryPerPageByte = 9
	// minMemoryLimit is the limit for pages under about 7 MB: under it,
	// the GCPercent rule alone decides, as it keeps the heap far smaller.
	minMemoryLimit = 64 << 20
)

// MemoryLimit returns the soft memory limit (for debug.SetMemoryLimit)
// under which to clean a page of pageBytes bytes in a process that keeps
// resident bytes of heap between pages (see ResidentHeap): resident plus
// memoryPerPageByte times the page, at least minMemoryLimit. A limit
// under what must stay live would make the collector run without pause,
// hence resident: a reader's rule lists may take tens of MB. The setting
// is process-wide, so the caller, not Clean, applies it, together with
// GCPercent (debug.SetGCPercent).
func MemoryLimit(pageBytes int, resident int64) int64 {
	return max(minMemoryLimit, resident+memoryPerPageByte*int64(pageBytes))
}

// ResidentHeap collects garbage and returns the heap still in use: call
// it once what a process keeps between pages is built (compiled rule
// lists) and pass the result to MemoryLimit.
func ResidentHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}
