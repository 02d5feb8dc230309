package parallel

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkHandoff measures what a parallel call costs apart from its work,
// against the number of workers, with the pool's workers spinning (calls
// back to back, the common case in a loop) or parked (sporadic calls: every
// call must wake a thread). Names are Handoff/<what>/<workers>/<state>:
//
//   - empty: For over one empty chunk per worker. What the caller pays to
//     publish a call, wake whom it must and join: the cost every call adds.
//   - allstart: every chunk waits until all the call's chunks have started,
//     so the call returns only once every worker has joined: the fan-out
//     latency (wake-up and first-chunk start of the last worker) plus the
//     join. Only rows with workers <= GOMAXPROCS mean that; beyond, the
//     workers take turns on the cores and the row measures the scheduler.
//
// Run it at several -cpu values; it loops over b.N rather than b.Loop so
// that every row runs at the GOMAXPROCS its name says (see
// bench/parallel_bench_test.go):
//
//	go test -run '^$' -bench Handoff -cpu 2 -count 6 ./parallel
func BenchmarkHandoff(b *testing.B) {
	empty := func(lo, hi int) {}
	for _, what := range []string{"empty", "allstart"} {
		for _, w := range []int{2, 4, 8, 16, 32} {
			for _, state := range []string{"spinning", "parked"} {
				b.Run(fmt.Sprintf("%s/%d/%s", what, w, state), func(b *testing.B) {
					if state == "parked" {
						defer setWorkerSpin(0)()
					}
					body := empty
					var started atomic.Int64
					if what == "allstart" {
						body = barrier(w, &started)
					}
					For(w, body, Workers(w), Grain(1)) // start the workers outside the timing
					b.ResetTimer()
					for range b.N {
						For(w, body, Workers(w), Grain(1))
					}
				})
			}
		}
	}
}

// setWorkerSpin sets how long idle workers spin and returns a function that
// restores the previous value. Workers already spinning finish their spin.
func setWorkerSpin(d time.Duration) (restore func()) {
	old := workerSpin.Swap(int64(d))
	return func() { workerSpin.Store(old) }
}

// barrier returns a For body over w one-index chunks that returns only
// once all w chunks of the call have started: each participant holds one
// chunk while it waits, so a call of w chunks on w workers completes only
// when every worker has joined it. started counts chunk starts over all
// calls. Waiters spin while every participant has a core, and yield
// otherwise, so that they cannot starve the workers they wait for.
func barrier(w int, started *atomic.Int64) func(lo, hi int) {
	oversubscribed := w > runtime.GOMAXPROCS(0)
	return func(lo, hi int) {
		target := (started.Add(1) + int64(w) - 1) / int64(w) * int64(w)
		for started.Load() < target {
			if oversubscribed {
				runtime.Gosched()
			}
		}
	}
}
