package pixel

import "unsafe"

// sameMemory reports whether two non-empty byte slices share any byte.
func sameMemory(a, b []uint8) bool {
	a0 := uintptr(unsafe.Pointer(unsafe.SliceData(a)))
	b0 := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return a0 < b0+uintptr(len(b)) && b0 < a0+uintptr(len(a))
}
