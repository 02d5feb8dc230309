package npy

import (
	"fmt"
	"unsafe"
)

// DType is the element type of an array.
type DType uint8

// The supported element types.
const (
	Uint8 DType = iota + 1
	Int64
	Float32
	Float64
)

var dtypes = [...]struct {
	descr string // the header's 'descr', little-endian
	size  int
}{
	Uint8:   {"|u1", 1},
	Int64:   {"<i8", 8},
	Float32: {"<f4", 4},
	Float64: {"<f8", 8},
}

// Size returns the bytes of one element.
func (d DType) Size() int { return dtypes[d].size }

// String returns the NumPy descr: "|u1", "<i8", "<f4" or "<f8".
func (d DType) String() string {
	if d < Uint8 || d > Float64 {
		return fmt.Sprintf("DType(%d)", uint8(d))
	}
	return dtypes[d].descr
}

// Elem is the Go element type of an array. Named types work too; their
// DType is that of the underlying type.
type Elem interface {
	~uint8 | ~int64 | ~float32 | ~float64
}

// dtypeOf returns the DType of T.
func dtypeOf[T Elem]() DType {
	var z T
	switch any(z).(type) {
	case uint8:
		return Uint8
	case int64:
		return Int64
	case float32:
		return Float32
	case float64:
		return Float64
	}
	// A named type: decide by size and kind of a conversion.
	switch unsafe.Sizeof(z) {
	case 1:
		return Uint8
	case 4:
		return Float32
	}
	if isFloat[T]() {
		return Float64
	}
	return Int64
}

// isFloat reports whether T is a floating-point type (0.5 survives a
// conversion to it).
func isFloat[T Elem]() bool {
	h := 0.5
	return T(h) != 0
}

func parseDescr(s string) (DType, error) {
	for d := Uint8; d <= Float64; d++ {
		if s == dtypes[d].descr {
			return d, nil
		}
	}
	switch s {
	case "<u1", "=u1", "u1", "B", "uint8":
		return Uint8, nil
	}
	return 0, fmt.Errorf("npy: unsupported dtype %q (want |u1, <i8, <f4 or <f8)", s)
}
