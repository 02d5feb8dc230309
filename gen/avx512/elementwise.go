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

// elementwise emits a kernel that writes out[i] = f(inputs[i]...). op
// gets the vec (full or the masked tail) and a function returning input
// k's elements at the current step, and returns the result register.
func elementwise(e elem, out string, inputs []string, setup func(), op func(v vec, in func(k int) operand.Mem) reg.VecVirtual) {
	names := append([]string{out}, inputs...)
	a := loadArrays(names, x86.Sizes(len(names), e.Size))
	a.outs[out] = true
	if setup != nil {
		setup()
	}
	emit := func(v vec, r int) {
		d := op(v, func(k int) operand.Mem { return a.At(inputs[k], r*e.lanes) })
		v.store(e, d, a.At(out, r*e.lanes))
	}
	// Large calls branch to the streaming section (x86.Stream, emitted
	// after the RET): a head of single elements, blocks stored with
	// VMOVNTPS.
	stream := a.Stream(out, inputs, e.lanes*registry.ElementwiseUnroll,
		oneLane(func(k reg.OpmaskVirtual) { emit(vec{k: k}, 0) }),
		func() {
			for r := 0; r < registry.ElementwiseUnroll; r++ {
				d := op(full, func(k int) operand.Mem { return a.At(inputs[k], r*e.lanes) })
				x86.StoreNT(d, a.At(out, r*e.lanes))
			}
		})
	a.loop(recipe.Loop{
		Lanes: e.lanes, Unroll: registry.ElementwiseUnroll, // 256 bytes a stream per iteration
		Block: func(count int) {
			for r := 0; r < count; r++ {
				emit(full, r)
			}
		},
		Tail: func() { a.step(func() { emit(vec{k: a.mask(1)}, 0) }) },
	})
	build.VZEROUPPER()
	build.RET()
	stream()
}

// binary emits dst[i] = a[i] op b[i] for Add, Sub, Mul and Div.
func binary(e elem, arith x86.Arith) {
	op := e.arith(arith)
	elementwise(e, "dst", []string{"a", "b"}, nil, func(v vec, in func(k int) operand.Mem) reg.VecVirtual {
		d := v.load(e, in(0))
		op(v.src(e, in(1)), d, d) // d = a op b
		return d
	})
}

// withConst emits dst[i] = a[i] op c for AddConst and Scale.
func withConst(e elem, arith x86.Arith) {
	op := e.arith(arith)
	var c reg.VecVirtual
	elementwise(e, "dst", []string{"a"}, func() { c = broadcastParam(e, "c") },
		func(v vec, in func(k int) operand.Mem) reg.VecVirtual {
			d := v.load(e, in(0))
			op(c, d, d) // d = a op c: a stays the left operand
			return d
		})
}

// axpy emits y[i] = alpha*x[i] + y[i] with one fused multiply-add.
func axpy(e elem) {
	var alpha reg.VecVirtual
	elementwise(e, "y", []string{"x", "y"}, func() { alpha = broadcastParam(e, "alpha") },
		func(v vec, in func(k int) operand.Mem) reg.VecVirtual {
			d := v.load(e, in(1))
			e.fma231(v.src(e, in(0)), alpha, d) // d += alpha*x
			return d
		})
}

// mulAdd emits dst[i] = a[i]*b[i] + c[i] with one fused multiply-add.
func mulAdd(e elem) {
	elementwise(e, "dst", []string{"a", "b", "c"}, nil, func(v vec, in func(k int) operand.Mem) reg.VecVirtual {
		x := v.load(e, in(0))
		d := v.load(e, in(2))
		e.fma231(v.src(e, in(1)), x, d) // d += a*b
		return d
	})
}

// abs emits dst[i] = |a[i]|: an AND with every bit but the sign (all ones
// shifted right by one in each lane, made in a register), so a NaN keeps
// its payload as with math.Abs.
func abs(e elem) {
	var mask reg.VecVirtual
	elementwise(e, "dst", []string{"a"}, func() {
		mask = build.ZMM()
		build.VPTERNLOGD(operand.U8(0xff), mask, mask, mask) // all ones
		e.shr(operand.U8(1), mask, mask)
	}, func(v vec, in func(k int) operand.Mem) reg.VecVirtual {
		d := v.load(e, in(0))
		e.and(mask, d, d)
		return d
	})
}
