package parallel

import "runtime"

// Option configures a call to For, Reduce or Map. Options a call does not
// use are ignored (Grain means nothing to Map, Retry nothing to For); of two
// options that set the same thing, the later wins.
//
// An Option is a small value rather than a function so that building the
// configuration allocates nothing: For is meant to be called in hot loops.
type Option struct {
	set      setting
	n        int
	retry    *RetryPolicy
	progress func(done, total int)
}

type setting uint8

const (
	setWorkers setting = iota + 1
	setGrain
	setRetry
	setProgress
)

// config collects the options of one call. Zero values mean "default".
type config struct {
	workers  int
	grain    int
	retry    RetryPolicy
	progress func(done, total int)
}

func makeConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		switch o.set {
		case setWorkers:
			c.workers = o.n
		case setGrain:
			c.grain = o.n
		case setRetry:
			c.retry = *o.retry
		case setProgress:
			c.progress = o.progress
		}
	}
	return c
}

// Workers caps the number of goroutines working on one For or Reduce call,
// the caller included; n < 1 means the default, GOMAXPROCS. More workers than
// GOMAXPROCS is allowed (they then share the cores). For Map it is the same
// as Limit.
func Workers(n int) Option { return Option{set: setWorkers, n: n} }

// Limit caps the number of items Map works on at once; n < 1 means the
// default, GOMAXPROCS. CPU-bound functions want about GOMAXPROCS; functions
// that mostly wait (web requests) want more, e.g. 40. For For and Reduce it
// is the same as Workers.
func Limit(n int) Option { return Workers(n) }

// Grain sets the smallest chunk For and Reduce hand to a worker, in indices
// (n < 1 means 1, the default). A call whose n fits in one grain runs inline
// on the caller. Choose it so that one chunk is worth well over the few
// microseconds a parallel call costs: 1 for images to resize, thousands for
// cheap arithmetic.
func Grain(n int) Option { return Option{set: setGrain, n: n} }

// Progress makes Map call fn(done, total) after each item that succeeds,
// where done counts the items finished so far. Calls are serialised and done
// increases by one each time, so fn needs no locking, but it should be quick:
// workers wait for it.
func Progress(fn func(done, total int)) Option { return Option{set: setProgress, progress: fn} }

// workerCount resolves a Workers value: below 1 means GOMAXPROCS.
func workerCount(w int) int {
	if w < 1 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}
