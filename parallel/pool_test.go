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
	held := make(chan struct{})
	go func() {
		defer close(held)
		For(2, func(lo, hi int) {
			if lo == 0 {
				close(holding)
				<-release
			}
		}, Workers(2), Grain(1))
	}()
	<-holding
	defer func() { close(release); <-held }() // free the team for the next test
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

// TestJudgeBacksOff checks the back-off of adaptive calls: a call slower
// than serial (longer than the caller's share times chunks/share) doubles the
// number of calls that then run inline, up to maxFine; a productive one
// resets it; and a call with calls left to skip runs inline.
func TestJudgeBacksOff(t *testing.T) {
	var tm team
	us := time.Microsecond
	want := []int32{1, 2, 4, 8, 16, 32, 64, 64}
	for _, w := range want {
		tm.judge(12*us, 5*us, 4, 8) // 12 µs, longer than 8 chunks at 5 µs per 4
		if got := tm.skip.Load(); got != w {
			t.Fatalf("skip %d after an unproductive call, want %d", got, w)
		}
	}
	tm.judge(10*us, 10*us, 8, 8) // the caller ran every chunk: helpers late, not fined
	if tm.fines != 0 {
		t.Fatalf("fines %d after a call no slower than serial, want 0", tm.fines)
	}
	tm.skip.Store(2)
	ran := false
	if tm.execute(func(lo, hi int) { ran = true }, 2, 1, 2, 1, 2, true) || ran {
		t.Fatal("an adaptive call ran in parallel while backing off")
	}
	if got := tm.skip.Load(); got != 1 {
		t.Fatalf("skip %d after one skipped call, want 1", got)
	}
}

func TestWakeTreeCoversEveryWorkerOnce(t *testing.T) {
	for width := 0; width <= 300; width++ {
		parent := make([]int, width+1)
		for i := range parent {
			parent[i] = -1
		}
		for p := 0; p <= width; p++ {
			lo, hi := wakeRange(p, width)
			if hi-lo+1 > wakeFanout {
				t.Fatalf("width %d: participant %d wakes %d workers, more than %d", width, p, hi-lo+1, wakeFanout)
			}
			for c := lo; c <= hi; c++ {
				if c <= p {
					t.Fatalf("width %d: participant %d wakes %d, which is not after it", width, p, c)
				}
				if parent[c] >= 0 {
					t.Fatalf("width %d: worker %d woken by both %d and %d", width, c, parent[c], p)
				}
				parent[c] = p
			}
		}
		rounds := 0
		for c := 1; c <= width; c++ {
			if parent[c] < 0 {
				t.Fatalf("width %d: worker %d is never woken", width, c)
			}
			d := 0
			for q := c; q != 0; q = parent[q] {
				d++
			}
			rounds = max(rounds, d)
		}
		// log4: 4 workers in one round, 20 in two, 84 in three.
		want := 0
		for reach := 0; reach < width; want++ {
			reach = reach*wakeFanout + wakeFanout
		}
		if rounds != want {
			t.Fatalf("width %d: the last worker is woken after %d rounds, want %d", width, rounds, want)
		}
	}
}
