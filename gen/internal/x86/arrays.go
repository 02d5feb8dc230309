// Package x86 holds what the x86 generators (gen/avx2, gen/avx512) share
// beyond the recipe, so that each piece is written once for both vector
// widths: the addressing of a kernel's slices through one element index
// and the vector loops' control flow (arrays.go); the kernel families'
// names (kernels.go); the declarations and table file (generate.go); and
// the parts of kernels that are the same at either width, parameterised
// by a register constructor, instruction or per-step callback:
// reductions' setup, tree, fold and Min/Max NaN handling (reduce.go), a
// search's returns (search.go), the luma and premultiply arithmetic
// (pixel.go), the horizontal resampling pass's setup, tap loops, clip and
// store (resample.go) and the vertical passes' skeleton (columns.go).
//
// What differs stays in the generators: each adds its own tail (a scalar
// loop on AVX2, one masked step on AVX-512), which makes its arrays a
// recipe.Emitter, and the bodies where the instructions differ (opmasks,
// VPERMB, VNNI, VPMOV narrowing on AVX-512).
package x86

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Arrays addresses the slices of one kernel through a shared element
// index, so the loop advances a single register.
type Arrays struct {
	I    reg.GPVirtual // element index
	N    reg.GPVirtual // element count (the first slice's length)
	Ptr  map[string]reg.GPVirtual
	Size map[string]int

	// Prefix starts the labels of the loops, for a second loop in one
	// function; Lim is the limit register the loops share.
	Prefix string
	Lim    reg.GPVirtual
}

// Load loads the base pointers of the named slice parameters, with their
// element sizes in bytes, and the length of the first one, and clears the
// index.
func Load(names []string, sizes []int) Arrays {
	a := Arrays{Ptr: map[string]reg.GPVirtual{}, Size: map[string]int{}}
	for k, name := range names {
		a.Ptr[name] = build.Load(build.Param(name).Base(), build.GP64()).(reg.GPVirtual)
		a.Size[name] = sizes[k]
	}
	a.N = build.Load(build.Param(names[0]).Len(), build.GP64()).(reg.GPVirtual)
	a.I = build.GP64()
	build.XORQ(a.I, a.I)
	return a
}

// At addresses element i+off of the named slice.
func (a *Arrays) At(name string, off int) operand.Mem {
	s := a.Size[name]
	return operand.Mem{Base: a.Ptr[name], Index: a.I, Scale: uint8(s), Disp: off * s}
}

// Repeat implements recipe.Emitter's Repeat: the loop runs while
// i <= n-step, tested at the bottom so that an iteration costs one fused
// compare-and-branch; the limit is computed once per loop and compared
// signed because n-step is negative for short slices. Block code
// addresses elements from i with At and leaves advancing i to the loop.
func (a *Arrays) Repeat(stage string, step int, body func()) {
	if a.Lim == nil {
		a.Lim = build.GP64()
	}
	top, done := a.Prefix+stage, a.Prefix+stage+"_done"
	build.MOVQ(a.N, a.Lim)
	build.SUBQ(operand.Imm(uint64(step)), a.Lim)
	build.CMPQ(a.I, a.Lim)
	build.JG(operand.LabelRef(done))
	build.Label(top)
	body()
	build.ADDQ(operand.Imm(uint64(step)), a.I)
	build.CMPQ(a.I, a.Lim)
	build.JLE(operand.LabelRef(top))
	build.Label(done)
}

// Sizes returns n copies of size: the element sizes, for Load, of n
// slices of one element type.
func Sizes(n, size int) []int {
	sizes := make([]int, n)
	for k := range sizes {
		sizes[k] = size
	}
	return sizes
}
