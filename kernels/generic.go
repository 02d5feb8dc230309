package kernels

import (
	"math"
	"unsafe"
)

// The generic implementations, named <kernel>Generic, are the reference every SIMD kernel is
// tested against: plain loops, no cleverness. Callers have checked lengths. The generated
// generic_gen.go puts them into genericTable.
//
// Go may fuse x*y + z into one FMA instruction on some architectures
// (arm64, ppc64, s390x); an explicit conversion T(x*y) forbids that, so the
// reference rounds the product on every platform.

func addGeneric[T Float](dst, a, b []T) {
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

func subGeneric[T Float](dst, a, b []T) {
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

func mulGeneric[T Float](dst, a, b []T) {
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

func divGeneric[T Float](dst, a, b []T) {
	for i := range dst {
		dst[i] = a[i] / b[i]
	}
}

func addConstGeneric[T Float](dst, a []T, c T) {
	for i := range dst {
		dst[i] = a[i] + c
	}
}

func scaleGeneric[T Float](dst, a []T, c T) {
	for i := range dst {
		dst[i] = a[i] * c
	}
}

func axpyGeneric[T Float](alpha T, x, y []T) {
	for i := range y {
		y[i] = T(alpha*x[i]) + y[i]
	}
}

func mulAddGeneric[T Float](dst, a, b, c []T) {
	for i := range dst {
		dst[i] = T(a[i]*b[i]) + c[i]
	}
}

func absGeneric[T Float](dst, a []T) {
	for i := range dst {
		// Clear the sign bit in T's own width, as math.Abs does for
		// float64: widening a float32 NaN would quieten a signalling one.
		if unsafe.Sizeof(a[i]) == 4 {
			dst[i] = T(math.Float32frombits(math.Float32bits(float32(a[i])) &^ (1 << 31)))
		} else {
			dst[i] = T(math.Abs(float64(a[i])))
		}
	}
}

func sumGeneric[T Float](a []T) T {
	var s T
	for _, v := range a {
		s += v
	}
	return s
}

func dotGeneric[T Float](a, b []T) T {
	var s T
	for i := range a {
		s += T(a[i] * b[i])
	}
	return s
}

func sumSquaresGeneric[T Float](a []T) T {
	var s T
	for _, v := range a {
		s += T(v * v)
	}
	return s
}

func sumSquaredDiffGeneric[T Float](a, b []T) T {
	var s T
	for i := range a {
		d := a[i] - b[i]
		s += T(d * d)
	}
	return s
}

func minGeneric[T Float](a []T) T {
	m := T(math.Inf(1))
	for _, v := range a {
		if v != v {
			return v
		}
		if v < m {
			m = v
		}
	}
	return m
}

func maxGeneric[T Float](a []T) T {
	m := T(math.Inf(-1))
	for _, v := range a {
		if v != v {
			return v
		}
		if v > m {
			m = v
		}
	}
	return m
}

func indexGeneric[T Float](a []T, v T) int {
	for i, x := range a {
		if x == v {
			return i
		}
	}
	return -1
}

func indexNaNGeneric[T Float](a []T) int {
	for i, x := range a {
		if x != x {
			return i
		}
	}
	return -1
}

func float32To64Generic(dst []float64, src []float32) {
	for i, v := range src {
		dst[i] = float64(v)
	}
}

func float64To32Generic(dst []float32, src []float64) {
	for i, v := range src {
		dst[i] = float32(v)
	}
}

func uint8ToFloat32Generic(dst []float32, src []uint8, scale, offset float32) {
	for i, v := range src {
		dst[i] = float32(float32(v)*scale) + offset
	}
}

func float32ToUint8Generic(dst []uint8, src []float32) {
	for i, v := range src {
		switch {
		case !(v > 0): // NaN, negatives and zeros
			dst[i] = 0
		case v >= 255:
			dst[i] = 255
		default:
			dst[i] = uint8(math.RoundToEven(float64(v)))
		}
	}
}

func rgbToGrayGeneric(dst, src []uint8) {
	for i := range dst {
		dst[i] = luma(src[3*i], src[3*i+1], src[3*i+2])
	}
}

func rgbaToGrayGeneric(dst, src []uint8) {
	for i := range dst {
		dst[i] = luma(src[4*i], src[4*i+1], src[4*i+2])
	}
}

func rgbaToRGBGeneric(dst, src []uint8) {
	for i := 0; i < len(dst)/3; i++ {
		dst[3*i], dst[3*i+1], dst[3*i+2] = src[4*i], src[4*i+1], src[4*i+2]
	}
}

func grayToRGBGeneric(dst, src []uint8) {
	for i, l := range src {
		dst[3*i], dst[3*i+1], dst[3*i+2] = l, l, l
	}
}

func premultiplyRGBAGeneric(dst, src []uint8) {
	for i := 0; i+3 < len(src) && i+3 < len(dst); i += 4 {
		a := uint32(src[i+3])
		for c := 0; c < 3; c++ {
			t := uint32(src[i+c])*a + 128
			dst[i+c] = uint8((t + t>>8) >> 8)
		}
		dst[i+3] = src[i+3]
	}
}

func highBytesGeneric(dst, src []uint8) {
	for i := range dst {
		dst[i] = src[2*i]
	}
}

// luma is Pillow's RGB→L: the ITU-R 601 weights 0.299, 0.587 and 0.114
// in 16-bit fixed point (they sum to 65536), rounded half up.
func luma(r, g, b uint8) uint8 {
	return uint8((uint32(r)*19595 + uint32(g)*38470 + uint32(b)*7471 + 0x8000) >> 16)
}
