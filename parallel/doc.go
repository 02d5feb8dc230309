// Package parallel spreads work over cores (For, Reduce and parallel
// versions of the kernels) and over in-flight requests (Map).
//
// # CPU-bound work
//
// For splits [0, n) into chunks and runs them on a persistent pool of worker
// goroutines; the calling goroutine works too, so a call never waits for a
// worker to become free. Reduce does the same and folds one result per chunk.
// The parallel kernels (Sum, Dot, Add, Uint8ToFloat32, ...) have the names,
// signatures, checks and semantics of package kernels and call its SIMD
// kernels on cache-sized chunks.
//
// The pool's goroutines live as long as the program. A call hands itself
// to all of them at once (one shared epoch that idle workers watch, and a
// wake-up tree for parked ones), so its cost grows with the logarithm of
// the worker count, not with the count. An idle worker polls for new work
// for 50 µs, so that calls in a loop do not pay for waking a thread each
// time, then parks and costs nothing but its stack; only as many workers as
// GOMAXPROCS leaves cores for ever poll. Worker i works on the same chunks
// in every call of the same size, so repeated calls find their data in that
// core's cache. The pool grows to the largest Workers count asked for
// (GOMAXPROCS by default) and serves one call at a time: a call that finds
// it busy runs inline.
//
// Splitting costs about a microsecond a call with polling workers, and a
// few microseconds more with parked ones, so it pays only above some size
// (Amdahl's law with the overhead as the serial part): below it, the kernels
// run inline on the caller, and For runs inline when n fits in one Grain.
// The kernels also take no more workers than their length gives each
// enough work to hide that cost.
//
// # Determinism
//
// Chunk boundaries depend only on n and Grain, never on the number of
// workers or on timing, and Reduce and the parallel reductions combine
// partial results in chunk order. So Sum, Dot, Norm and the rest give the
// same bits whatever GOMAXPROCS or Workers is (for one kernels ISA: the
// chunks run the serial kernels, whose bits depend on the ISA). They may differ from the
// serial kernels' bits, because the partial sums are associated differently
// (the partials are added in float64, which is if anything more accurate).
//
// # Nesting
//
// A For (or parallel kernel) called from inside a For body is safe: the
// pool is busy with the outer call, so the inner one runs inline, and
// every caller works on its own chunks while it waits, so calls nest to any
// depth without deadlock or oversubscription. Calls from several
// goroutines at once work the same way: one gets the pool, the others run
// inline on their own goroutines.
//
// # I/O-bound work
//
// Map calls a function for every item with bounded concurrency (Limit), keeps
// results in input order, cancels the rest on the first error, turns panics
// into errors, reports progress, and retries failed items with exponential
// back-off and jitter (Retry). It uses its own goroutines, not the CPU pool,
// because its functions mostly wait.
//
// # Options
//
// One Option type serves every call; each option says which calls it affects
// and the others ignore it. Workers and Limit set the same thing, the number
// of goroutines working at once, under the name each kind of code expects.
package parallel
