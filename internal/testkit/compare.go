package testkit

import (
	"math"
	"unsafe"
)

// Float is the element type of per-type kernels (the same set as
// kernels.Float and asm's FloatOps).
type Float interface{ ~float32 | ~float64 }

// IsF32 reports whether T is 4 bytes wide (float32 or a named float32).
func IsF32[T Float]() bool { return unsafe.Sizeof(T(0)) == 4 }

// Eps is the unit roundoff of T: 2⁻²⁴ for float32, 2⁻⁵³ for float64.
func Eps[T Float]() float64 {
	if IsF32[T]() {
		return 0x1p-24
	}
	return 0x1p-53
}

// Bits returns the representation of v, for messages.
func Bits[T Float](v T) uint64 {
	if IsF32[T]() {
		return uint64(math.Float32bits(float32(v)))
	}
	return math.Float64bits(float64(v))
}

// SameBits compares by representation, so it tells -0 from +0 and NaNs
// apart by payload. T must have no padding.
func SameBits[T any](a, b T) bool {
	size := unsafe.Sizeof(a)
	pa, pb := unsafe.Pointer(&a), unsafe.Pointer(&b)
	return unsafe.String((*byte)(pa), size) == unsafe.String((*byte)(pb), size)
}

// SameFloat is the elementwise contract: identical bits, except that any
// NaN matches any NaN (kernels promise no NaN payloads).
func SameFloat[T Float](a, b T) bool {
	if a != a || b != b {
		return a != a && b != b
	}
	return SameBits(a, b)
}

// SameValue is equality for results whose zero sign is unspecified: equal
// (so -0 matches +0), or both NaN.
func SameValue[T Float](a, b T) bool {
	return a == b || a != a && b != b
}

// FMA returns a*b + c rounded once to T.
//
// For float64 that is math.FMA. For float32 the float64 product of two
// float32 values is exact, but rounding the float64 sum and then rounding
// again to float32 can round twice the wrong way; so the sum is rounded to
// odd instead (TwoSum gives its exact error, which picks the odd
// neighbour when the sum is inexact), and a value rounded to odd with at
// least two more bits than the target rounds correctly to the target.
func FMA[T Float](a, b, c T) T {
	if !IsF32[T]() {
		return T(math.FMA(float64(a), float64(b), float64(c)))
	}
	p, q := float64(a)*float64(b), float64(c)
	s := p + q
	if math.IsInf(s, 0) || math.IsNaN(s) {
		return T(float32(s))
	}
	bb := s - p
	err := (p - (s - bb)) + (q - bb)
	if u := math.Float64bits(s); err != 0 && u&1 == 0 {
		if (err > 0) == (s > 0) {
			u++
		} else {
			u--
		}
		s = math.Float64frombits(u)
	}
	return T(float32(s))
}

// FusedOrNot reports whether got is a*b + c either rounded twice, as the
// generic code computes it (want), or rounded once (a fused multiply-add,
// which SIMD ISAs may use). Any NaN matches any NaN.
func FusedOrNot[T Float](got, want, a, b, c T) bool {
	return SameFloat(got, want) || SameFloat(got, FMA(a, b, c))
}
