package parallel

import (
	"runtime"
	"unsafe"

	"github.com/hotloop/hotloop/kernels"
)

// Chunking of the parallel kernels. Each chunk is one call of a serial
// kernel, sized to stay in a core's L2 (2 MiB here) with room for every
// operand, and large enough that the claim and call around it are noise.
//
// Below a minimum length a kernel does not split at all: the serial kernel
// already finishes within a few times the cost of waking a second core.
// The minimums were set from `cd bench && go test -bench Parallel -cpu 1,2 .`.
const (
	// reduceChunk is the number of elements per partial result of a
	// reduction. It is fixed, so partial results (and the bits of the
	// result) depend only on the length.
	reduceChunk = 32 << 10
	// reduceMin is the length from which reductions run in parallel.
	reduceMin = 128 << 10
	// mapChunk is the minimum chunk of an elementwise kernel or conversion.
	mapChunk = 16 << 10
	// mapMin is the length from which elementwise kernels run in parallel.
	// At 64K, Add and Uint8ToFloat32 (3 to 5 µs) ran 20-40% slower split
	// in two than serial on the 2-core CI machine kind, so 128K.
	mapMin = 128 << 10
)

// Worker counts. A kernel call takes at most one worker per perWorker
// elements, so that each worker's share is worth several times what adding
// it costs (BenchmarkHandoff measures the caller's part, a few hundred
// nanoseconds; the README's model estimates 1.5 µs for the last of 16
// polling workers to start). On 2 cores the minimum lengths above already
// give each worker that much; on 16 they keep a 256K Sum to 4 workers.
const (
	// reducePerWorker: two reduction chunks, about 3 µs of Sum float32.
	reducePerWorker = 2 * reduceChunk
	// mapPerWorker: two elementwise chunks, about 5 µs of Add float32.
	mapPerWorker = 2 * mapChunk
)

// auto asks for the default number of workers, GOMAXPROCS. The exported
// kernels always use it; tests pass explicit counts to the unexported ones.
const auto = 0

// overChunks runs body on up to workers goroutines over the reduction chunks
// of an n-element slice; body gets a run [c0, c1) of chunk indices.
func overChunks(n, workers int, body func(c0, c1 int)) {
	forRange(ceilDiv(n, reduceChunk), 1, capWorkers(workers, n/reducePerWorker), workers == auto, body)
}

// capWorkers resolves auto to GOMAXPROCS capped at most (and at least 1).
// An explicit count (the tests') is kept as it is: results never depend on
// the worker count, and the tests want every count to really run.
func capWorkers(workers, most int) int {
	if workers != auto {
		return workers
	}
	return max(1, min(runtime.GOMAXPROCS(0), most))
}

// bounds returns the element range of reduction chunk c of an n-element slice.
func bounds(c, n int) (lo, hi int) {
	lo = c * reduceChunk
	return lo, chunkEnd(lo, reduceChunk, n)
}

// overElements runs body on up to workers goroutines over chunks of
// [0, n) at least mapChunk long. Elementwise results do not depend on the
// chunking, so any chunks will do.
//
// callBytes is the size of the slices (inputs and output) of a kernel
// that streams large calls (registry Streams: non-temporal stores from
// kernels.StreamThreshold bytes, on AVX2 and AVX-512), 0 for the others.
// From twice the threshold, each chunk's slices hold at least the
// threshold, so that its call streams as a serial call over the whole
// would: smaller chunks would all store through the cache and read every
// output line from memory first.
func overElements(n, callBytes, workers int, body func(lo, hi int)) {
	grain := mapChunk
	if t := kernels.StreamThreshold(); n > 0 && int64(callBytes)/2 >= t {
		grain = max(grain, ceilDiv(int(t), callBytes/n)) // t <= callBytes/2 fits an int
	}
	forRange(n, grain, capWorkers(workers, n/mapPerWorker), workers == auto, body)
}

// bytesOf returns the size of s's elements in bytes.
func bytesOf[T any](s []T) int { return len(s) * int(unsafe.Sizeof(*new(T))) }
