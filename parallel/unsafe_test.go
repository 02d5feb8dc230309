package parallel

import "unsafe"

// unsafeBytes views a float32 slice's memory as bytes, to make a uint8
// destination that overlaps a float32 source.
func unsafeBytes(a []float32) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(a))), 4*len(a))
}

// rawBytes views any slice's memory as bytes.
func rawBytes[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(s[0])))
}
