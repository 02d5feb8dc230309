package kernels

import (
	"fmt"
	"unsafe"
)

// The checks take plain ints and strings so that nothing escapes to the
// heap on the fast path; the panic message is built only on failure.

func checkLen2(op, names string, l0, l1 int) {
	if l0 != l1 {
		lengthPanic(op, names, l0, l1)
	}
}

func checkLen3(op, names string, l0, l1, l2 int) {
	if l0 != l1 || l0 != l2 {
		lengthPanic(op, names, l0, l1, l2)
	}
}

func checkLen4(op, names string, l0, l1, l2, l3 int) {
	if l0 != l1 || l0 != l2 || l0 != l3 {
		lengthPanic(op, names, l0, l1, l2, l3)
	}
}

//go:noinline
func lengthPanic(op, names string, lens ...int) {
	msg := "hotloop: kernels." + op + ": slice lengths differ:"
	start := 0
	for _, n := range lens {
		end := start
		for end < len(names) && names[end] != ',' {
			end++
		}
		msg += fmt.Sprintf(" %s=%d", names[start:end], n)
		start = end + 1
	}
	panic(msg)
}

// checkAlias panics when dst and src share memory without being the very
// same slice (same start, same length, same element size). SIMD kernels
// load several registers ahead of their stores, so a shifted overlap would
// silently read results instead of inputs.
func checkAlias[D, S any](op string, dst []D, src []S) {
	if len(dst) == 0 || len(src) == 0 {
		return
	}
	dsize, ssize := unsafe.Sizeof(dst[0]), unsafe.Sizeof(src[0])
	dlo := uintptr(unsafe.Pointer(unsafe.SliceData(dst)))
	slo := uintptr(unsafe.Pointer(unsafe.SliceData(src)))
	dhi := dlo + uintptr(len(dst))*dsize
	shi := slo + uintptr(len(src))*ssize
	if dlo >= shi || slo >= dhi {
		return
	}
	if dlo == slo && dhi == shi && dsize == ssize {
		return
	}
	aliasPanic(op)
}

//go:noinline
func aliasPanic(op string) {
	panic("hotloop: kernels." + op + ": destination partially overlaps an input (only the very same slice may be both)")
}

func checkNotEmpty(op string, n int) {
	if n == 0 {
		panic("hotloop: kernels." + op + ": empty slice")
	}
}
