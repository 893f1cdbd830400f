package engine

import (
	"runtime"
	"runtime/metrics"
)

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

// IdleHeadroom is how close to the point where the runtime may start a
// collection itself the heap may be when the engine goes idle before
// CollectIfDue collects it then: several times what detecting the
// banners of an ordinary news page allocates (about 1 MB,
// BenchmarkCleanZyte -benchmem), well under the room a collection leaves
// (GCPercent times what stays live). The runtime starts a collection
// before the heap's goal, from 70 % of the way there from what stayed
// live (minTriggerRatioNum in the runtime's pacer); judged against the
// goal itself, a page of 170 KB still crossed that point in its call, one
// page in forty (make bench-extension on a build instrumented to count
// the collections in each call, once).
// Collecting in idle time keeps the collection out of the next page's
// call: in WebAssembly the collector runs on the one thread, inside
// whichever call crosses the runtime's trigger (a ~100 KB page's
// detection then takes two to four times as long).
const IdleHeadroom = 8 << 20

// The runtime/metrics CollectIfDue reads: the heap's goal for the end of
// the next collection (which the soft memory limit lowers), the bytes of
// heap objects (live or not yet swept), and what the last collection
// found live.
const (
	heapGoalMetric    = "/gc/heap/goal:bytes"
	heapObjectsMetric = "/memory/classes/heap/objects:bytes"
	heapLiveMetric    = "/gc/heap/live:bytes"
)

// CollectIfDue runs a garbage collection when the heap has come within
// headroom bytes of the earliest point where the runtime may start one
// (see earliestTrigger) and what stays live leaves at least headroom
// under the heap's goal (the heap size the next collection aims to end
// at, which the soft memory limit lowers), and reports whether it did. A
// host calls it when idle (the bridge's idle).
func CollectIfDue(headroom uint64) bool {
	samples := []metrics.Sample{{Name: heapGoalMetric}, {Name: heapObjectsMetric}, {Name: heapLiveMetric}}
	metrics.Read(samples)
	for _, s := range samples {
		if s.Value.Kind() != metrics.KindUint64 {
			return false // (a runtime without the metric: leave it to the runtime)
		}
	}
	if !collectionDue(samples[0].Value.Uint64(), samples[1].Value.Uint64(), samples[2].Value.Uint64(), headroom) {
		return false
	}
	runtime.GC()
	return true
}

// collectionDue tells whether an idle collection is worth running: the
// heap is within headroom of the earliest trigger, and what stays live
// leaves at least headroom under the goal (otherwise the next page's
// call collects anyway, as with large rule lists under a tight memory
// limit, and one now would be work done twice).
func collectionDue(goal, heap, live, headroom uint64) bool {
	return live+headroom < goal && heap+headroom >= earliestTrigger(goal, live)
}

// The runtime's pacer starts a collection at least this far along the
// way from the heap live after the last one to the goal
// (minTriggerRatioNum / triggerRatioDen in runtime/mgcpacer.go).
const (
	triggerRatioNum = 45
	triggerRatioDen = 64
)

// earliestTrigger is the smallest heap at which the runtime may start a
// collection by itself, given the goal and what the last one left live.
func earliestTrigger(goal, live uint64) uint64 {
	if goal <= live {
		return live
	}
	return live + (goal-live)/triggerRatioDen*triggerRatioNum
}
