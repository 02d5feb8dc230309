package parallel

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestWakeTreeReachesEveryWorker parks every worker before each call (no
// spinning), then makes calls that return only once all their workers have
// joined: each must be woken, through the tree, by the caller or by a
// worker woken before it. A worker the tree missed hangs the test.
func TestWakeTreeReachesEveryWorker(t *testing.T) {
	defer setWorkerSpin(0)()
	for _, w := range []int{2, 3, 4, 5, 8, 13, 32} {
		var started atomic.Int64
		for range 20 {
			For(w, barrier(w, &started), Workers(w), Grain(1))
		}
		if got := started.Load(); got != int64(20*w) {
			t.Fatalf("workers=%d: %d chunks started, want %d", w, got, 20*w)
		}
	}
}

// TestBusyTeamRunsInline holds the team with one call and checks that a
// call from another goroutine meanwhile runs all its chunks on its own
// goroutine, in order, instead of waiting for the team.
func TestBusyTeamRunsInline(t *testing.T) {
	release := make(chan struct{})
	holding := make(chan struct{})
	go For(2, func(lo, hi int) {
		if lo == 0 {
			close(holding)
			<-release
		}
	}, Workers(2), Grain(1))
	<-holding
	defer close(release)
	if !workers.busy.Load() {
		t.Fatal("the team is not busy during a parallel call")
	}
	var got []int
	done := make(chan struct{})
	go func() {
		defer close(done)
		For(100, func(lo, hi int) { got = append(got, lo) }, Workers(4), Grain(10))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a call waited for the busy team")
	}
	for i, lo := range got {
		if lo != 10*i {
			t.Fatalf("chunks ran as %v, want in order on the caller", got)
		}
	}
	if len(got) != 10 {
		t.Fatalf("%d chunks ran, want 10", len(got))
	}
}
