package asm

import (
	"fmt"
	"strings"
)

// checkLengths panics unless every length equals the first. The generated
// wrappers call it before entering assembly, which trusts the first length.
func checkLengths(op string, lens ...int) {
	for _, n := range lens[1:] {
		if n != lens[0] {
			panic(LengthError{Op: op, Lens: append([]int(nil), lens...)})
		}
	}
}

// checkGroups panics unless a slice's length is a whole number of groups
// (pixels) of g elements; the generated wrappers of kernels over pixels
// call it before checkLengths compares the pixel counts.
func checkGroups(op string, n, g int) {
	if n%g != 0 {
		panic(LengthError{Op: op, Lens: []int{n}})
	}
}

// LengthError is the panic value of a kernel given slices of unequal length.
type LengthError struct {
	Op   string // kernel name
	Lens []int  // the slice lengths, in parameter order
}

// Error names the kernel and lists the lengths it was given.
func (e LengthError) Error() string {
	s := make([]string, len(e.Lens))
	for i, n := range e.Lens {
		s[i] = fmt.Sprint(n)
	}
	return fmt.Sprintf("hotloop: %s: slice lengths differ (%s)", e.Op, strings.Join(s, ", "))
}
