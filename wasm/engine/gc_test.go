package engine

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

func TestCollectionDue(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		name                       string
		goal, heap, live, headroom uint64
		want                       bool
	}{
		// (Goal 74, live 10: the runtime may start a collection at 55 MB.)
		{"just collected", 74 * mb, 10 * mb, 10 * mb, 8 * mb, false},
		{"far from the earliest trigger", 74 * mb, 46 * mb, 10 * mb, 8 * mb, false},
		{"within the headroom of the earliest trigger, far from the goal", 74 * mb, 47 * mb, 10 * mb, 8 * mb, true},
		{"past the goal", 74 * mb, 80 * mb, 10 * mb, 8 * mb, true},
		{"live leaves no headroom: the next page collects anyway", 64 * mb, 60 * mb, 58 * mb, 8 * mb, false},
		{"live past the goal", 64 * mb, 70 * mb, 70 * mb, 8 * mb, false},
	}
	for _, tt := range tests {
		if got := collectionDue(tt.goal, tt.heap, tt.live, tt.headroom); got != tt.want {
			t.Errorf("%s: collectionDue(%d, %d, %d, %d MB) = %v, want %v", tt.name, tt.goal/mb, tt.heap/mb, tt.live/mb, tt.headroom/mb, got, tt.want)
		}
	}
}

// TestCollectIfDue checks that an idle collection runs when the heap
// nears its goal, and not on a heap just collected. The goal depends on
// what other tests left live, so the sizes are taken from the runtime's
// own figures.
func TestCollectIfDue(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	numGC := func() uint32 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.NumGC
	}
	runtime.GC()
	s := []metrics.Sample{{Name: heapGoalMetric}, {Name: heapLiveMetric}}
	metrics.Read(s)
	goal, live := s[0].Value.Uint64(), s[1].Value.Uint64()
	if goal <= live {
		t.Fatalf("heap goal %d not above the live heap %d", goal, live)
	}
	// The runtime may start a collection itself from 70 % of the way from
	// live to the goal: garbage up to half-way, and a headroom of a
	// quarter (which, judged against the goal, would not collect).
	runway := goal - live
	headroom := runway / 4
	before := numGC()
	if CollectIfDue(headroom) {
		t.Error("collected a heap just collected")
	}
	var garbage [][]byte
	for n := uint64(0); n < runway/2; n += 64 << 10 {
		garbage = append(garbage, make([]byte, 64<<10))
	}
	runtime.KeepAlive(garbage)
	if numGC() != before {
		t.Skip("the runtime collected the garbage itself") // (the test's premise is gone)
	}
	if !CollectIfDue(headroom) {
		t.Error("no collection with the heap within the headroom of its goal")
	}
	if numGC() == before {
		t.Error("CollectIfDue reported a collection that did not run")
	}
}
