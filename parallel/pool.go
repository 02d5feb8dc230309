package parallel

import (
	"sync/atomic"
	"time"
)

// The pool is one team of persistent worker goroutines, started on demand
// and never stopped: starting goroutines per call would cost more than the
// small parallel calls this package exists to make worth it.
//
// Hand-off protocol: one broadcast per call, whatever the worker count.
//
//   - A call first takes the whole team (one compare-and-swap on busy). A
//     call that finds the team taken (a nested call from a chunk, or another
//     goroutine's call) runs inline: the cores are busy with the other call
//     already, and never waiting for a worker is what makes nesting
//     deadlock-free.
//   - It publishes the job and then a new epoch: the state word (epoch,
//     width, closed, active count) and the epoch word that idle workers
//     watch. Spinning workers see the new epoch on their next poll; parked
//     ones are woken by a tree (wake.go), the caller waking four and
//     each woken worker four more, so the caller pays four wake-ups and the
//     last worker starts after log4(workers) of them instead of after all.
//   - Worker i takes part only if i < width (the call's helper count), by
//     incrementing active while the call is not closed, and then runs the
//     job as participant i+1: its own block of chunks first (schedule.go),
//     the same block every call of the same size, so its data is still in
//     its cache from the last call.
//   - When no chunk is left to claim, the caller closes the call (one
//     compare-and-swap). Workers that have not joined by then never will:
//     the caller waits only for those running a chunk, never for a
//     wake-up whose work it did itself. The last of them to leave sends the
//     caller one token.
//
// The epoch has a cache line to itself, apart from the state that joins and
// leaves update, so spinning workers read a line that changes once per call.
// No mutex is taken: a helper blocked on a lock the caller holds would be
// woken onto the caller's own core and stall the call.

// State word layout: epoch<<32 | width<<17 | closed<<16 | active.
const (
	activeMask = 1<<16 - 1
	closedBit  = 1 << 16
	widthShift = 17
	widthMask  = 1<<15 - 1
)

// maxHelpers is the most helpers one call can have: the width field's
// range. For makes at most maxChunks chunks, so it never asks for more.
const maxHelpers = widthMask

func packState(epoch uint32, width int) uint64 {
	return uint64(epoch)<<32 | uint64(width)<<widthShift
}

func stateEpoch(s uint64) uint32 { return uint32(s >> 32) }
func stateWidth(s uint64) int    { return int(s>>widthShift) & widthMask }

type team struct {
	_     [64]byte
	epoch atomic.Uint32 // the current call's epoch: what idle workers watch
	_     [60]byte
	state atomic.Uint64 // see packState: joins, leaves and the close
	_     [56]byte

	busy  atomic.Bool               // a call owns the team
	procs atomic.Int32              // GOMAXPROCS at the last call: who may spin
	list  atomic.Pointer[[]*worker] // every worker started; grown by the owner only
	done  chan struct{}             // capacity 1: the last leaver's token
	seq   uint32                    // the last epoch published; owner only
	skip  atomic.Int32              // calls left to run inline (see judge)
	fines int32                     // the last back-off; owner only
	job   job                       // the current call; written by the owner only
}

var workers = team{done: make(chan struct{}, 1)}

type worker struct {
	idx    int // helper index: participant idx+1 of every call
	parked atomic.Bool
	wake   chan struct{} // capacity 1: a pending wake-up
}

// grow starts workers until the team has at least k. Only the owner calls
// it, so it needs no lock. A new worker has seen epoch seq already, so it
// takes part in the next call from its start.
func (t *team) grow(k int) []*worker {
	var ws []*worker
	if l := t.list.Load(); l != nil {
		ws = *l
	}
	if len(ws) >= k {
		return ws
	}
	grown := append(ws[:len(ws):len(ws)], make([]*worker, k-len(ws))...)
	for i := len(ws); i < k; i++ {
		grown[i] = &worker{idx: i, wake: make(chan struct{}, 1)}
	}
	t.list.Store(&grown)
	for _, w := range grown[len(ws):] {
		go t.loop(w, t.seq)
	}
	return grown
}

// execute runs body over the chunks of [0, n) of the given size on the
// caller and up to helpers workers, and returns true once every chunk has
// run; it panics with a *PanicError if a chunk panicked. It returns false,
// having run nothing, when another call owns the team, or when adaptive
// and recent adaptive calls did not pay (see judge).
func (t *team) execute(body func(lo, hi int), n, size, chunks, helpers, procs int, adaptive bool) bool {
	if adaptive && t.skip.Load() > 0 {
		t.skip.Add(-1) // racy between concurrent callers, and harmless
		return false
	}
	if t.busy.Load() || !t.busy.CompareAndSwap(false, true) {
		return false
	}
	start := time.Now()
	helpers = min(helpers, maxHelpers)
	ws := t.grow(helpers)
	t.procs.Store(int32(procs))
	j := &t.job
	j.body, j.n, j.size, j.chunks = body, n, size, chunks
	j.split(helpers + 1)
	t.seq++
	t.state.Store(packState(t.seq, helpers))
	t.epoch.Store(t.seq)
	wakeChildren(ws, 0, helpers)
	ran := j.run(0)
	own := time.Since(start)

	// Close: from here no worker joins, so the caller waits only for
	// those already on a chunk.
	var s uint64
	for {
		s = t.state.Load()
		if t.state.CompareAndSwap(s, s|closedBit) {
			break
		}
	}
	if s&activeMask != 0 {
		// A helper is still on a chunk, which usually ends within
		// microseconds: poll first, if every participant has a core.
		if helpers < procs {
			spinUntil(callerSpinNs, func() bool { return t.state.Load()&activeMask == 0 })
		}
		<-t.done // sent by the last leaver, whether or not we polled
	}
	if adaptive {
		t.judge(time.Since(start), own, ran, chunks)
	}
	p := j.failure.Load()
	j.body = nil
	j.failure.Store(nil)
	t.busy.Store(false)
	if p != nil {
		panic(p)
	}
	return true
}

// loop is a worker's life: wait for a new epoch, wake its part of the tree,
// take part if the call wants it and is still open, repeat.
func (t *team) loop(w *worker, seen uint32) {
	for {
		seen = t.await(w, seen)
		s := t.state.Load()
		if stateEpoch(s) != seen {
			continue // that call is over; a later one may be running
		}
		width := stateWidth(s)
		if w.idx >= width {
			continue
		}
		if l := t.list.Load(); l != nil {
			wakeChildren(*l, w.idx+1, width)
		}
		if !t.join(s, seen) {
			continue
		}
		t.job.run(w.idx + 1)
		if s := t.state.Add(^uint64(0)); s&activeMask == 0 && s&closedBit != 0 {
			t.done <- struct{}{}
		}
	}
}

// join counts the worker in call epoch unless it has ended or been closed.
func (t *team) join(s uint64, epoch uint32) bool {
	for {
		if stateEpoch(s) != epoch || s&closedBit != 0 {
			return false
		}
		if t.state.CompareAndSwap(s, s+1) {
			return true
		}
		s = t.state.Load()
	}
}

// maxFine is the longest back-off, in calls: a probe that finds the
// helpers still absent costs at most one call's hand-off and wait, so
// probing one call in 64 costs under 1% while letting the pool recover
// within 64 calls once the cores are free again.
const maxFine = 64

// judge decides, after each adaptive parallel call, whether it cost more
// than it could gain: a call whose caller ran ran of the chunks in own time
// would have taken about own*chunks/ran alone, and one that took over 110%
// of that was slower than serial. That happens when helpers joined and
// then stopped running (the cores are busy with other processes and the OS
// has descheduled the workers' threads): the caller waits for their chunks.
// Helpers that merely arrive late (woken from parking) cost the caller only
// the hand-off, so such a call is not fined, and the next, finding them
// polling, pays. A fined call makes the next calls run inline, twice as
// many after each fined probe, up to maxFine; a call not fined resets the
// back-off. On an idle machine no call is fined.
func (t *team) judge(call, own time.Duration, ran, chunks int) {
	if ran == 0 || 10*call.Nanoseconds() <= 11*own.Nanoseconds()*int64(chunks)/int64(ran) {
		t.fines = 0
		return
	}
	t.fines = min(max(1, 2*t.fines), maxFine)
	t.skip.Store(t.fines)
}
