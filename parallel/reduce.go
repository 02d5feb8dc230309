package parallel

import (
	"math"

	"github.com/hotloop/hotloop/internal/check"
	"github.com/hotloop/hotloop/kernels"
)

// The reductions compute one partial result per reduceChunk elements with
// the serial SIMD kernel, in parallel, then combine the partials on the
// caller in chunk order. Below reduceMin elements they are the serial
// kernel, bit for bit.

// Sum returns the sum of the elements of a (0 for an empty slice), like
// kernels.Sum. The partial sums of the chunks are added in float64 by
// pairwise summation, so for float32 the result is at least as accurate as
// kernels.Sum, and its bits do not depend on the number of workers.
func Sum[T kernels.Float](a []T) T { return sum(auto, a) }

func sum[T kernels.Float](w int, a []T) T {
	n := len(a)
	if n < reduceMin {
		return kernels.Sum(a)
	}
	parts := make([]float64, ceilDiv(n, reduceChunk))
	overChunks(n, w, func(c0, c1 int) {
		for c := c0; c < c1; c++ {
			lo, hi := bounds(c, n)
			parts[c] = float64(kernels.Sum(a[lo:hi]))
		}
	})
	return T(pairwise(parts))
}

// Dot returns the sum of a[i]*b[i], like kernels.Dot, with Sum's way of
// combining the chunks. It panics when the lengths differ.
func Dot[T kernels.Float](a, b []T) T { return dot(auto, a, b) }

func dot[T kernels.Float](w int, a, b []T) T {
	check.Len2("parallel.Dot", "a,b", len(a), len(b))
	n := len(a)
	if n < reduceMin {
		return kernels.Dot(a, b)
	}
	parts := make([]float64, ceilDiv(n, reduceChunk))
	overChunks(n, w, func(c0, c1 int) {
		for c := c0; c < c1; c++ {
			lo, hi := bounds(c, n)
			parts[c] = float64(kernels.Dot(a[lo:hi], b[lo:hi]))
		}
	})
	return T(pairwise(parts))
}

// pairwise adds xs by recursive halving: error growing with log(len) rather
// than len, and an order fixed by the length alone.
func pairwise(xs []float64) float64 {
	if len(xs) <= 8 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s
	}
	h := len(xs) / 2
	return pairwise(xs[:h]) + pairwise(xs[h:])
}

// Min returns the least element of a; NaN if any element is NaN. It panics
// on an empty slice. As with kernels.Min, the sign of a zero result is
// unspecified when both -0 and +0 occur (here: the first chunk's wins).
func Min[T kernels.Float](a []T) T { return extreme(auto, false, a) }

// Max returns the greatest element of a; NaN if any element is NaN. It
// panics on an empty slice. As with kernels.Max, the sign of a zero result
// is unspecified when both -0 and +0 occur.
func Max[T kernels.Float](a []T) T { return extreme(auto, true, a) }

// The kernel is chosen by a flag, not passed as a function value: see
// elementwise.go for why.

func serialExtreme[T kernels.Float](isMax bool, a []T) T {
	if isMax {
		return kernels.Max(a)
	}
	return kernels.Min(a)
}

func serialArg[T kernels.Float](isMax bool, a []T) int {
	if isMax {
		return kernels.ArgMax(a)
	}
	return kernels.ArgMin(a)
}

// better reports whether x beats y as a maximum (isMax) or a minimum.
func better[T kernels.Float](isMax bool, x, y T) bool {
	if isMax {
		return x > y
	}
	return x < y
}

// extreme is Min or Max: the chunks' extremes, combined in chunk order; the
// first NaN partial wins, so even the NaN's payload is deterministic.
func extreme[T kernels.Float](w int, isMax bool, a []T) T {
	if isMax {
		check.NotEmpty("parallel.Max", len(a))
	} else {
		check.NotEmpty("parallel.Min", len(a))
	}
	n := len(a)
	if n < reduceMin {
		return serialExtreme(isMax, a)
	}
	parts := make([]T, ceilDiv(n, reduceChunk))
	overChunks(n, w, func(c0, c1 int) {
		for c := c0; c < c1; c++ {
			lo, hi := bounds(c, n)
			parts[c] = serialExtreme(isMax, a[lo:hi])
		}
	})
	m := parts[0]
	for _, p := range parts {
		if p != p {
			return p
		}
		if better(isMax, p, m) {
			m = p
		}
	}
	return m
}

// ArgMin returns the index of the first least element of a (-0 and +0 count
// as equal), the index of the first NaN if there is one, or -1 for an empty
// slice: the same index as kernels.ArgMin.
func ArgMin[T kernels.Float](a []T) int { return argExtreme(auto, false, a) }

// ArgMax returns the index of the first greatest element of a (-0 and +0
// count as equal), the index of the first NaN if there is one, or -1 for an
// empty slice: the same index as kernels.ArgMax.
func ArgMax[T kernels.Float](a []T) int { return argExtreme(auto, true, a) }

// argExtreme finds each chunk's first extreme (or first NaN), then scans the
// chunks in order: the first chunk whose answer is a NaN holds the first NaN
// of a; otherwise the best value wins and, on a tie, the earlier chunk, as
// only a strictly better value replaces it.
func argExtreme[T kernels.Float](w int, isMax bool, a []T) int {
	n := len(a)
	if n < reduceMin {
		return serialArg(isMax, a)
	}
	parts := make([]int, ceilDiv(n, reduceChunk))
	overChunks(n, w, func(c0, c1 int) {
		for c := c0; c < c1; c++ {
			lo, hi := bounds(c, n)
			parts[c] = lo + serialArg(isMax, a[lo:hi])
		}
	})
	best := parts[0]
	for _, i := range parts {
		if a[i] != a[i] {
			return i
		}
		if better(isMax, a[i], a[best]) {
			best = i
		}
	}
	return best
}

// Norm returns the Euclidean norm sqrt(Σa[i]²) with kernels.Norm's
// treatment of special values and range: NaN if any element is NaN, else
// +Inf if any is ±Inf; no spurious overflow or underflow.
//
// Each chunk's norm is computed by kernels.Norm, which is already robust
// (for float32, a chunk norm that is subnormal in float32 is computed again
// in float64, so that its rounding to float32 loses nothing), and the chunk
// norms r are combined as sqrt(Σr²) in float64 after scaling them
// by the power of two that brings the largest into [0.5, 1). That scaling is
// exact, so the combination can neither overflow nor underflow harmfully
// and adds only a few float64 roundings; its order is fixed. A chunk norm
// that overflows T is +Inf, and correctly so: the whole norm is larger.
func Norm[T kernels.Float](a []T) T { return norm(auto, a) }

func norm[T kernels.Float](w int, a []T) T {
	n := len(a)
	if n < reduceMin {
		return kernels.Norm(a)
	}
	parts := make([]float64, ceilDiv(n, reduceChunk))
	overChunks(n, w, func(c0, c1 int) {
		for c := c0; c < c1; c++ {
			lo, hi := bounds(c, n)
			parts[c] = chunkNorm(kernels.Norm(a[lo:hi]), a[lo:hi], nil)
		}
	})
	return T(hypot(parts))
}

// Distance returns the Euclidean distance sqrt(Σ(a[i]-b[i])²) with Norm's
// treatment of special values, range and chunks. It panics when the lengths
// differ.
func Distance[T kernels.Float](a, b []T) T { return distance(auto, a, b) }

func distance[T kernels.Float](w int, a, b []T) T {
	check.Len2("parallel.Distance", "a,b", len(a), len(b))
	n := len(a)
	if n < reduceMin {
		return kernels.Distance(a, b)
	}
	parts := make([]float64, ceilDiv(n, reduceChunk))
	overChunks(n, w, func(c0, c1 int) {
		for c := c0; c < c1; c++ {
			lo, hi := bounds(c, n)
			parts[c] = chunkNorm(kernels.Distance(a[lo:hi], b[lo:hi]), a[lo:hi], b[lo:hi])
		}
	})
	return T(hypot(parts))
}

// chunkNorm returns the norm r of one chunk, computed by kernels.Norm (b nil)
// or kernels.Distance, as a float64 for hypot. A float32 r below the smallest
// normal float32 (2⁻¹²⁶) has lost bits to its rounding: up to half a unit of
// 2⁻¹⁴⁹, and as many times √k over k chunks, so the chunk is computed again
// in float64. Every float32 scaled by 2¹²⁶ is exact and squares to within
// [2⁻⁴⁶, 2⁵⁰⁸] in float64, so the sum neither underflows nor overflows.
// Such chunks have taken kernels.Norm's float64 slow path already; this
// pass doubles a cost that only subnormal data pays.
func chunkNorm[T kernels.Float](r T, a, b []T) float64 {
	if float64(T(0x1p-200)) != 0 || !(r > 0 && float64(r) < 0x1p-126) {
		return float64(r) // float64, or a float32 norm with all its bits
	}
	s := 0.0
	for i := range a {
		x := float64(a[i])
		if b != nil {
			x -= float64(b[i])
		}
		x *= 0x1p126
		s += x * x
	}
	return math.Sqrt(s) * 0x1p-126
}

// hypot returns sqrt(Σr²) of non-negative chunk norms: NaN if any is NaN
// (NaN beats Inf, as in kernels.Norm), +Inf if any is +Inf, else the scaled
// sum described at Norm.
func hypot(rs []float64) float64 {
	big := 0.0
	for _, r := range rs {
		if r != r {
			return r
		}
		big = math.Max(big, r)
	}
	if big == 0 || math.IsInf(big, 1) {
		return big
	}
	_, e := math.Frexp(big)
	s := 0.0
	for _, r := range rs {
		x := math.Ldexp(r, -e)
		s += x * x
	}
	return math.Ldexp(math.Sqrt(s), e)
}
