package kernels

import "unsafe"

// unsafeFloat32s views float64 memory as twice as many float32s, to build
// overlapping slices of different element types.
func unsafeFloat32s(s []float64) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(s))), 2*len(s))
}

// unsafeFloat32sFromBytes views bytes (length a multiple of 4, aligned by
// the allocator) as float32s.
func unsafeFloat32sFromBytes(b []uint8) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/4)
}

// misalignedFloat64s returns n float64s starting off bytes (1..7) past an
// 8-byte boundary: no Go allocation makes one, but unsafe code can, and
// the kernels must still work on it. The elements hold no pointers, so
// the misalignment is allowed (checkptr included).
func misalignedFloat64s(n, off int) []float64 {
	b := make([]uint8, 8*n+8)
	return unsafe.Slice((*float64)(unsafe.Pointer(&b[off])), n)
}
