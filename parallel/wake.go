package parallel

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Waiting: idle workers spin on the epoch for a short while, so that calls
// in a loop cost a cache-line transfer instead of an OS thread wake-up,
// then park on their wake channel, so that idle cores stay idle between
// sporadic calls.

// workerSpin is how long, in nanoseconds, an idle worker polls for a new
// call before parking. Longer makes back-to-back calls cheaper and burns
// more CPU between sporadic ones. It is a variable only so that the
// hand-off benchmark can measure parked workers (spin 0).
var workerSpin atomic.Int64

func init() { workerSpin.Store(int64(50 * time.Microsecond)) }

// callerSpinNs is how long a caller that has finished its chunks polls for
// its helpers to finish theirs before parking.
const callerSpinNs = int64(50 * time.Microsecond)

// await returns the first epoch other than seen. Only workers that have a
// core of their own at the last call's GOMAXPROCS spin (the caller holds
// one): a spinner sharing a core delays the very goroutines it waits for.
// The decision is taken afresh each time, so a GOMAXPROCS lowered between
// calls stops the extra spinners after at most one spin.
func (t *team) await(w *worker, seen uint32) uint32 {
	if w.idx+1 < int(t.procs.Load()) {
		var e uint32
		if spinUntil(workerSpin.Load(), func() bool { e = t.epoch.Load(); return e != seen }) {
			return e
		}
	}
	for {
		// Store-then-check, against the waker's store (the epoch) then
		// check (parked): one of the two sees the other's store, so a
		// worker never sleeps through the epoch it waits for.
		w.parked.Store(true)
		if e := t.epoch.Load(); e != seen {
			w.parked.Store(false)
			return e
		}
		<-w.wake
		w.parked.Store(false)
		if e := t.epoch.Load(); e != seen {
			return e // else a stale wake-up: park again
		}
	}
}

// wakeFanout is how many parked workers each participant of a call wakes.
// A wake-up that finds its worker truly parked costs the waker a futex call
// (about a microsecond) and the woken thread ~100 µs to run on this
// project's VMs; a wide tree keeps the rounds few (16 workers in 2, 64 in 3)
// while no participant pays more than wakeFanout wake calls.
const wakeFanout = 4

// wakeRange is the participants that participant p (the caller is 0,
// worker i is i+1) wakes in a call with width helpers: [lo, hi].
// Every helper 1..width is in exactly one parent's range, and its parent
// is a smaller participant (TestWakeTreeCoversEveryWorkerOnce).
func wakeRange(p, width int) (lo, hi int) {
	return wakeFanout*p + 1, min(wakeFanout*p+wakeFanout, width)
}

// wakeChildren wakes the parked children of participant p in the wake-up
// tree of a call with width helpers. Each woken worker does the same for
// its own children, so a call reaches w parked workers in log4(w) rounds
// and no participant wakes more than wakeFanout.
func wakeChildren(ws []*worker, p, width int) {
	lo, hi := wakeRange(p, width)
	for c := lo; c <= min(hi, len(ws)); c++ {
		if w := ws[c-1]; w.parked.Load() {
			select {
			case w.wake <- struct{}{}:
			default: // a wake-up is already pending
			}
		}
	}
}

// spinUntil polls done for up to ns nanoseconds and reports whether it
// returned true. It reads the clock and lets other goroutines run only every
// so many polls: time.Now and runtime.Gosched each cost more than a poll,
// and Gosched takes the scheduler's global lock, which 60 spinning workers
// would fight over.
func spinUntil(ns int64, done func() bool) bool {
	if ns <= 0 {
		return done()
	}
	start := time.Now()
	for i := 1; ; i++ {
		if done() {
			return true
		}
		if i%64 == 0 {
			if time.Since(start).Nanoseconds() > ns {
				return false
			}
			if i%1024 == 0 {
				runtime.Gosched()
			}
		}
	}
}
