package asm

import (
	"sync/atomic"

	"github.com/klauspost/cpuid/v2"
)

// streamBytes is the size of a call's slices (inputs and output), in
// bytes, from which the AVX2 and AVX-512 kernels marked Streams in the
// registry write with non-temporal stores; the generated assembly reads it
// (gen/internal/x86/stream.go, and gen/avx512/reduce.go for the
// reductions' YMM-halves loop). Set it with SetStreamThreshold.
var streamBytes int64 = defaultStreamBytes()

// MinStreamThreshold is the least threshold SetStreamThreshold accepts:
// the streaming loop's alignment steps rely on calls of at least this
// many bytes.
const MinStreamThreshold = 256

// defaultStreamBytes is half the last-level cache: slices that large do
// not stay in the cache together with what else a core that shares it
// uses, so ordinary stores would only add the reading of every output line
// before it is written, and evict the inputs. Measured on a Zen 4 with 32
// MiB of L3: 12 MB calls ran slower streamed, 16 MB calls alike or faster,
// 24 MB and more up to twice as fast. Where cpuid reports no L3, 16 MiB.
func defaultStreamBytes() int64 {
	if l3 := cpuid.CPU.Cache.L3; l3 > 0 {
		return max(int64(l3)/2, MinStreamThreshold)
	}
	return 16 << 20
}

// SetStreamThreshold sets the size of a call's slices (inputs and output)
// in bytes from which the AVX2 and AVX-512 kernels the registry marks
// Streams (Add, Sub, Mul, Div, AddConst, Scale, MulAdd, Abs, Float32To64,
// Float64To32, Uint8ToFloat32) store their results with non-temporal
// stores, which bypass the cache, unless the destination is one of their
// inputs, and from which AVX-512's Sum, Dot, SumSquares and
// SumSquaredDiff load YMM halves; it returns the previous value. Values
// below MinStreamThreshold are raised to it; math.MaxInt64 turns
// streaming off. The results are the same either way: only speed changes.
// The default is half the CPU's last-level cache. It may be called at any
// time; calls already running keep the value they read.
func SetStreamThreshold(bytes int64) (previous int64) {
	return atomic.SwapInt64(&streamBytes, max(bytes, MinStreamThreshold))
}

// StreamThreshold returns the value SetStreamThreshold sets.
func StreamThreshold() int64 { return atomic.LoadInt64(&streamBytes) }
