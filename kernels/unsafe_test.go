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
