package main

import (
	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// elementwiseKernels are the elementwise kernels this file emits.
var elementwiseKernels = x86.ElementwiseKernels(binary, withConst, axpy, mulAdd, abs)

// elementwise emits a kernel that writes out[i] = f(inputs[i]...).
// op gets the width to use, the output register and a function returning
// the memory operand of input k at the current element, and emits the
// computation into the output register.
func elementwise(e elem, out string, inputs []string, setup func(), op func(w width, dst reg.VecVirtual, in func(k int) operand.Mem)) {
	names := append([]string{out}, inputs...)
	a := loadArrays(names, x86.Sizes(len(names), e.Size))
	if setup != nil {
		setup()
	}
	emit := func(w width, r int, store inst) {
		dst := w.reg()
		op(w, dst, func(k int) operand.Mem { return a.At(inputs[k], r*w.lanes) })
		store(dst, a.At(out, r*w.lanes))
	}
	// Large calls branch to the streaming section (x86.Stream, emitted
	// after the RET): scalar head steps, blocks stored with VMOVNTPS,
	// which stores a YMM's bits whatever the element type.
	stream := a.Stream(out, inputs, e.vec.lanes*registry.ElementwiseUnroll,
		func() { emit(e.scalar, 0, e.scalar.mov) },
		func() {
			for r := 0; r < registry.ElementwiseUnroll; r++ {
				emit(e.vec, r, x86.StoreNT)
			}
		})
	a.loop(recipe.Loop{
		Lanes: e.vec.lanes, Unroll: registry.ElementwiseUnroll, // 128 bytes a stream per iteration
		Block: func(count int) {
			for r := 0; r < count; r++ {
				emit(e.vec, r, e.vec.mov)
			}
		},
		Tail: func() { emit(e.scalar, 0, e.scalar.mov) },
	})
	build.VZEROUPPER()
	build.RET()
	stream()
}

// binary emits dst[i] = a[i] op b[i] for Add, Sub, Mul and Div.
func binary(e elem, op x86.Arith) {
	elementwise(e, "dst", []string{"a", "b"}, nil, func(w width, d reg.VecVirtual, in func(k int) operand.Mem) {
		w.mov(in(0), d)
		w.arith(op)(in(1), d, d) // d = d op b
	})
}

// withConst emits dst[i] = a[i] op c for AddConst and Scale.
func withConst(e elem, op x86.Arith) {
	var c reg.VecVirtual
	elementwise(e, "dst", []string{"a"}, func() { c = broadcastParam(e, "c") },
		func(w width, d reg.VecVirtual, in func(k int) operand.Mem) {
			w.mov(in(0), d)
			w.arith(op)(w.view(c), d, d) // d = a op c: a stays the left operand
		})
}

// axpy emits y[i] = alpha*x[i] + y[i] with one fused multiply-add.
func axpy(e elem) {
	var alpha reg.VecVirtual
	elementwise(e, "y", []string{"x", "y"}, func() { alpha = broadcastParam(e, "alpha") },
		func(w width, d reg.VecVirtual, in func(k int) operand.Mem) {
			w.mov(in(1), d)
			w.fma231(in(0), w.view(alpha), d) // d += alpha*x
		})
}

// mulAdd emits dst[i] = a[i]*b[i] + c[i] with one fused multiply-add.
func mulAdd(e elem) {
	elementwise(e, "dst", []string{"a", "b", "c"}, nil, func(w width, d reg.VecVirtual, in func(k int) operand.Mem) {
		x := w.reg()
		w.mov(in(0), x)
		w.mov(in(2), d)
		w.fma231(in(1), x, d) // d += a*b
	})
}

// abs emits dst[i] = |a[i]|: an AND with a mask of every bit but the sign,
// made in a register (all ones shifted right by one in each lane), so a
// NaN keeps its payload as with math.Abs.
func abs(e elem) {
	var mask reg.VecVirtual
	elementwise(e, "dst", []string{"a"}, func() {
		mask = build.YMM()
		build.VPCMPEQD(mask, mask, mask)
		if e.Size == 4 {
			build.VPSRLD(operand.U8(1), mask, mask)
		} else {
			build.VPSRLQ(operand.U8(1), mask, mask)
		}
	}, func(w width, d reg.VecVirtual, in func(k int) operand.Mem) {
		w.mov(in(0), d) // a register load: the scalar tail must not read past the slice
		build.VANDPS(w.view(mask), d, d)
	})
}
