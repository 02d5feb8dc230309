package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The pool is a set of persistent worker goroutines, started on demand and
// never stopped: starting goroutines per call would cost more than the small
// parallel calls this package exists to make worth it.
//
// Hand-off protocol. Every worker has an idle flag. A caller claims idle
// workers by compare-and-swap on their flags and stores its job in each
// one's mailbox; it never waits for a worker to become free (that is what
// makes nested calls deadlock-free: a caller only ever waits for workers
// that are already running its own chunks). No mutex is taken on this path:
// a helper blocked on a lock the caller holds would be woken onto the
// caller's own core and stall the call by tens of microseconds.
//
// An idle worker first spins for a short while, polling its mailbox, so that
// back-to-back calls cost a few hundred nanoseconds instead of an OS thread
// wake-up; then it parks on its wake channel. Parking uses the usual
// store-then-check on both sides (worker: parked=true, then look at the
// mailbox; caller: fill the mailbox, then look at parked), so a job is never
// left in a mailbox with its worker asleep. A spurious wake-up only costs a
// loop.
//
// A caller that runs out of chunks before a helper has even picked up the job
// takes the job back out of the mailbox (revocation), so it never waits for a
// wake-up whose work it already did.

// workerSpin is how long, in nanoseconds, an idle worker polls for a new
// job before parking. Longer makes back-to-back calls cheaper and burns
// more CPU between sporadic ones. It is a variable only so that the
// hand-off benchmark can measure parked workers (spin 0).
var workerSpin atomic.Int64

func init() { workerSpin.Store(int64(50 * time.Microsecond)) }

const (
	// callerSpin is how long a caller that has finished its chunks polls for
	// its helpers to finish theirs before parking.
	callerSpin = 50 * time.Microsecond
)

type worker struct {
	idle    atomic.Bool // free to be claimed by a caller
	slot    int         // which block of the job's chunks is this worker's own
	mailbox atomic.Pointer[job]
	parked  atomic.Bool
	wake    chan struct{} // capacity 1: a pending wake-up
}

type pool struct {
	mu   sync.Mutex                // serialises growth
	list atomic.Pointer[[]*worker] // every worker started, copied on growth
}

var workers pool

// acquire claims up to k idle workers, starting new ones while the pool has
// fewer than k in all, and appends them to ws; the new ones come last and
// are not running yet (see start). It never waits.
func (p *pool) acquire(k int, ws []*worker) (_ []*worker, started int) {
	if l := p.list.Load(); l != nil {
		for _, w := range *l {
			if len(ws) == k {
				break
			}
			if w.idle.Load() && w.idle.CompareAndSwap(true, false) {
				ws = append(ws, w)
			}
		}
	}
	claimed := len(ws)
	// Grow only up to k workers in total: a nested or concurrent call that
	// finds every worker busy runs inline rather than oversubscribing.
	if claimed < k {
		p.mu.Lock()
		var old []*worker
		if l := p.list.Load(); l != nil {
			old = *l
		}
		if spawn := min(k-claimed, k-len(old)); spawn > 0 {
			grown := append(old[:len(old):len(old)], make([]*worker, spawn)...)
			for i := len(old); i < len(grown); i++ {
				grown[i] = &worker{wake: make(chan struct{}, 1)}
				ws = append(ws, grown[i])
			}
			p.list.Store(&grown)
		}
		p.mu.Unlock()
	}
	return ws, claimed
}

func (w *worker) give(j *job) {
	w.mailbox.Store(j)
	if w.parked.Load() {
		select {
		case w.wake <- struct{}{}:
		default: // a wake-up is already pending
		}
	}
}

func (w *worker) loop() {
	for {
		j := w.await()
		j.run(w.slot)
		// Back to idle before reporting, so that the caller's next call
		// (a benchmark loop, a kernel called in a loop) finds this worker.
		w.idle.Store(true)
		j.finish()
	}
}

// await returns the next job given to w, spinning briefly, then parking.
func (w *worker) await() *job {
	if runtime.GOMAXPROCS(0) > 1 { // with one P, spinning only delays the caller
		deadline := time.Now().Add(time.Duration(workerSpin.Load()))
		for i := 0; ; i++ {
			if w.mailbox.Load() != nil {
				if j := w.mailbox.Swap(nil); j != nil {
					return j
				}
			}
			if i%8 == 7 && time.Now().After(deadline) {
				break
			}
			runtime.Gosched()
		}
	}
	for {
		w.parked.Store(true)
		if j := w.mailbox.Swap(nil); j != nil {
			w.parked.Store(false)
			return j
		}
		<-w.wake
		w.parked.Store(false)
		if j := w.mailbox.Swap(nil); j != nil {
			return j
		}
	}
}

// job is one For call in flight. Chunk c covers [c*size, min((c+1)*size, n));
// blocks (schedule.go) says who runs which chunk.
type job struct {
	body    func(lo, hi int)
	n, size int
	chunks  int
	blocks  []block

	pending atomic.Int32 // participants (helpers and the caller) not finished
	done    chan struct{}
	failure atomic.Pointer[PanicError]
}

var jobs = sync.Pool{New: func() any { return &job{done: make(chan struct{}, 1)} }}

// finish is a helper's report that it has run its last chunk; the last
// participant to finish wakes the caller. After it j must not be touched.
func (j *job) finish() {
	if j.pending.Add(-1) == 0 {
		j.done <- struct{}{}
	}
}

// execute runs j on the caller and up to want helpers, and returns once every
// chunk has run; it panics with a *PanicError if any chunk panicked.
func execute(j *job, want int) {
	var buf [8]*worker
	ws, claimed := workers.acquire(want, buf[:0])
	j.split(len(ws) + 1)
	j.pending.Store(int32(len(ws) + 1))
	for i, w := range ws {
		w.slot = i + 1 // the caller is slot 0
		if i < claimed {
			w.give(j)
		} else {
			w.mailbox.Store(j)
			go w.loop()
		}
	}
	j.run(0)

	// Take back the job from helpers that have not started it; they would
	// find nothing left to do.
	revoked := 0
	for _, w := range ws {
		if w.mailbox.CompareAndSwap(j, nil) {
			w.idle.Store(true)
			revoked++
		}
	}
	if j.pending.Add(-int32(1+revoked)) != 0 {
		// A helper is still on a chunk; the last one to finish sends the
		// token. Poll first: a chunk usually ends within microseconds.
		if runtime.GOMAXPROCS(0) > 1 {
			deadline := time.Now().Add(callerSpin)
			for i := 0; j.pending.Load() != 0; i++ {
				if i%8 == 7 && time.Now().After(deadline) {
					break
				}
				runtime.Gosched()
			}
		}
		<-j.done
	}
	p := j.failure.Load()
	j.body = nil
	j.failure.Store(nil)
	jobs.Put(j)
	if p != nil {
		panic(p)
	}
}
