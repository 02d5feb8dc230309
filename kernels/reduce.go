package kernels

import (
	"math"

	"github.com/hotloop/hotloop/internal/check"
)

// Sum returns the sum of the elements of a (0 for an empty slice).
//
// SIMD ISAs keep many partial sums (64 for float32 on AVX2, 128 on AVX-512)
// and add them in a fixed tree, so the result depends on the ISA and len(a)
// but never on the slice's address. AVX2 and NEON fold the tree's vector to
// one lane and then add the last elements (fewer than a vector) one by one;
// AVX-512 adds them, one a lane, into the first partial sums under a mask
// before the tree and the fold (internal/registry's recipe.go describes
// both, and a test checks every ISA bit for bit against a model of its
// order). Whatever the order, the error is within the classical
// bound for floating-point summation:
//
//	|Sum(a) - Σa[i]| <= (len(a)-1) * ε * Σ|a[i]|
//
// with ε = 2⁻²⁴ for float32 and 2⁻⁵³ for float64; blocked summation is in
// practice far more accurate than that (and than the generic loop).
func Sum[T Float](a []T) T { return ops[T]().Sum(a) }

// Dot returns the sum of a[i]*b[i]. SIMD ISAs use fused multiply-adds into
// partial sums; the error bound is Sum's, with Σ|a[i]*b[i]| and one more ε
// for the products.
func Dot[T Float](a, b []T) T {
	check.Len2("kernels.Dot", "a,b", len(a), len(b))
	return ops[T]().Dot(a, b)
}

// Min returns the least element of a; NaN if any element is NaN. It panics
// on an empty slice. When the least value is zero and both -0 and +0
// occur, the sign of the result is unspecified.
func Min[T Float](a []T) T {
	check.NotEmpty("kernels.Min", len(a))
	return ops[T]().Min(a)
}

// Max returns the greatest element of a; NaN if any element is NaN. It
// panics on an empty slice. When the greatest value is zero and both -0
// and +0 occur, the sign of the result is unspecified.
func Max[T Float](a []T) T {
	check.NotEmpty("kernels.Max", len(a))
	return ops[T]().Max(a)
}

// ArgMin returns the index of the first least element of a (-0 and +0 count
// as equal), the index of the first NaN if there is one, or -1 for an empty
// slice.
func ArgMin[T Float](a []T) int {
	if len(a) == 0 {
		return -1
	}
	o := ops[T]()
	return firstOf(o.Min(a), a, o.Index, o.IndexNaN)
}

// ArgMax returns the index of the first greatest element of a (-0 and +0
// count as equal), the index of the first NaN if there is one, or -1 for an
// empty slice.
func ArgMax[T Float](a []T) int {
	if len(a) == 0 {
		return -1
	}
	o := ops[T]()
	return firstOf(o.Max(a), a, o.Index, o.IndexNaN)
}

// firstOf finds the first occurrence of the extreme m: two fast passes (the
// extreme, then a compare-and-stop scan) beat one pass that carries indices
// through every lane.
func firstOf[T Float](m T, a []T, index func([]T, T) int, indexNaN func([]T) int) int {
	if m != m {
		return indexNaN(a)
	}
	return index(a, m)
}

// Norm returns the Euclidean norm sqrt(Σa[i]²): NaN if any element is NaN,
// else +Inf if any is ±Inf. It neither overflows nor loses precision to
// underflow: when the fast sum of squares is out of range (huge or tiny
// elements), it is recomputed in float64 with power-of-two scaling.
func Norm[T Float](a []T) T {
	s := ops[T]().SumSquares(a)
	if inRange(s, len(a)) {
		return T(math.Sqrt(float64(s)))
	}
	return T(scaledNorm(len(a), func(i int) float64 { return float64(a[i]) }))
}

// Distance returns the Euclidean distance between a and b, sqrt(Σ(a[i]-b[i])²),
// with Norm's treatment of special values and range.
func Distance[T Float](a, b []T) T {
	check.Len2("kernels.Distance", "a,b", len(a), len(b))
	s := ops[T]().SumSquaredDiff(a, b)
	if inRange(s, len(a)) {
		return T(math.Sqrt(float64(s)))
	}
	return T(scaledNorm(len(a), func(i int) float64 { return float64(a[i]) - float64(b[i]) }))
}

// inRange reports whether a sum of n squares computed in T can be trusted:
// finite (no overflow, no Inf or NaN element) and large enough that squares
// lost to underflow (each below T's smallest normal) cost less than one
// rounding error. Zero is not trusted either: it may be underflow.
func inRange[T Float](s T, n int) bool {
	if math.IsInf(float64(s), 0) || s != s {
		return false
	}
	tiny := 0x1p-100 // float32: squares below 2⁻¹²⁶ underflow; 2⁻¹⁰⁰ leaves 2⁻²⁶ of room
	if float64(T(0x1p-200)) != 0 {
		tiny = 0x1p-960 // float64: likewise below 2⁻¹⁰²²
	}
	return float64(s) >= float64(n)*tiny
}

// scaledNorm returns sqrt(Σv(i)²) in float64 without overflow or harmful
// underflow: every v(i) is scaled by the power of two that brings the
// largest |v(i)| into [0.5, 1), which is exact. This is the slow path of
// Norm and Distance, for inputs the fast sum of squares cannot handle.
func scaledNorm(n int, v func(int) float64) float64 {
	maxAbs := 0.0
	for i := 0; i < n; i++ {
		x := math.Abs(v(i))
		if x != x {
			return math.NaN()
		}
		maxAbs = math.Max(maxAbs, x)
	}
	if math.IsInf(maxAbs, 1) || maxAbs == 0 {
		return maxAbs
	}
	_, exp := math.Frexp(maxAbs)
	s := 0.0
	for i := 0; i < n; i++ {
		x := math.Ldexp(v(i), -exp)
		s += x * x
	}
	return math.Ldexp(math.Sqrt(s), exp)
}
