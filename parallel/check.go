package parallel

import (
	"fmt"
	"strings"
	"unsafe"
)

// The parallel kernels check their arguments up front, with the rules of
// package kernels and messages in its style ("hotloop: parallel.Add: ..."),
// so that a bad call fails on the caller, before any chunk runs, and names
// the function the caller actually called. The checks take plain ints so
// that nothing escapes on the fast path.

func sameLen2(op, names string, l0, l1 int) {
	if l0 != l1 {
		lengthPanic(op, names, l0, l1)
	}
}

func sameLen3(op, names string, l0, l1, l2 int) {
	if l0 != l1 || l0 != l2 {
		lengthPanic(op, names, l0, l1, l2)
	}
}

func sameLen4(op, names string, l0, l1, l2, l3 int) {
	if l0 != l1 || l0 != l2 || l0 != l3 {
		lengthPanic(op, names, l0, l1, l2, l3)
	}
}

// lengthPanic reports the lengths under the comma-separated parameter names.
//
//go:noinline
func lengthPanic(op, names string, lens ...int) {
	msg := "hotloop: parallel." + op + ": slice lengths differ:"
	for i, name := range strings.Split(names, ",") {
		msg += fmt.Sprintf(" %s=%d", name, lens[i])
	}
	panic(msg)
}

// noPartialOverlap panics when dst and src share memory without being the
// very same slice. Chunking would make a shifted overlap worse than in the
// serial kernel: one worker could overwrite inputs another has yet to read.
func noPartialOverlap[D, S any](op string, dst []D, src []S) {
	if len(dst) == 0 || len(src) == 0 {
		return
	}
	dsz, ssz := unsafe.Sizeof(dst[0]), unsafe.Sizeof(src[0])
	d0 := uintptr(unsafe.Pointer(unsafe.SliceData(dst)))
	s0 := uintptr(unsafe.Pointer(unsafe.SliceData(src)))
	d1, s1 := d0+uintptr(len(dst))*dsz, s0+uintptr(len(src))*ssz
	if d1 <= s0 || s1 <= d0 {
		return // disjoint
	}
	if d0 == s0 && d1 == s1 && dsz == ssz {
		return // the very same slice
	}
	overlapPanic(op)
}

//go:noinline
func overlapPanic(op string) {
	panic("hotloop: parallel." + op + ": destination partially overlaps an input (only the very same slice may be both)")
}

func notEmpty(op string, n int) {
	if n == 0 {
		panic("hotloop: parallel." + op + ": empty slice")
	}
}
