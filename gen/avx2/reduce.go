package main

import (
	"math"

	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// reduceKernels are the reductions this file emits.
var reduceKernels = map[string]func(e elem){
	"Sum":            sum,
	"Dot":            dot,
	"SumSquares":     sumSquares,
	"SumSquaredDiff": sumSquaredDiff,
	"Min":            func(e elem) { extreme(e, func(w width) inst { return w.min }, posInf) },
	"Max":            func(e elem) { extreme(e, func(w width) inst { return w.max }, negInf) },
}

// Signs of the infinity Min and Max start from.
const (
	posInf = 1.0
	negInf = -1.0
)

// hreduce folds the lanes of y into lane 0 of its XMM view with op, in a
// fixed order: high half onto low half, then pairs. It returns that XMM.
func hreduce(e elem, y reg.VecVirtual, op inst) reg.VecVirtual {
	hi := build.XMM()
	build.VEXTRACTF128(operand.U8(1), y, hi)
	x := asX(y)
	op(hi, x, x)
	t := build.XMM()
	if e.hhalf != nil {
		e.hhalf(x, t)
		op(t, x, x)
	}
	e.hswap(x, t)
	op(t, x, x)
	return x
}

// treeReduce combines the accumulators into acc[0] in registry.Tree's
// order with op(src, dst, dst).
func treeReduce(acc []reg.VecVirtual, op inst) {
	recipe.Tree(acc, func(dst, src reg.VecVirtual) { op(src, dst, dst) })
}

// accumulate emits a reduction that adds term(i) over all elements:
// registry.Accumulators accumulators of full registers, a fixed tree, a horizontal
// fold, then the leftover elements added one by one in order.
// term emits the contribution of the element(s) at register r into acc.
func accumulate(e elem, inputs []string, term func(w width, acc reg.VecVirtual, in func(k int) operand.Mem)) {
	sizes := make([]int, len(inputs))
	for k := range sizes {
		sizes[k] = e.Size
	}
	a := loadArrays(inputs, sizes)
	acc := make([]reg.VecVirtual, registry.Accumulators)
	for k := range acc {
		acc[k] = build.YMM()
		build.VXORPS(acc[k], acc[k], acc[k])
	}
	var s reg.VecVirtual
	a.loop(recipe.Loop{
		Lanes: e.vec.lanes, Unroll: registry.ReduceUnroll,
		Block: func(count int) {
			for r := 0; r < count; r++ {
				term(e.vec, acc[r], func(k int) operand.Mem { return a.At(inputs[k], r*e.vec.lanes) })
			}
		},
		Before: func() {
			treeReduce(acc, e.vec.add)
			s = hreduce(e, acc[0], e.vec.add)
		},
		Tail: func() {
			term(e.scalar, s, func(k int) operand.Mem { return a.At(inputs[k], 0) })
		},
	})
	build.Store(s, build.ReturnIndex(0))
	build.VZEROUPPER()
	build.RET()
}

func sum(e elem) {
	accumulate(e, []string{"a"}, func(w width, acc reg.VecVirtual, in func(int) operand.Mem) {
		w.add(in(0), acc, acc)
	})
}

func dot(e elem) {
	accumulate(e, []string{"a", "b"}, func(w width, acc reg.VecVirtual, in func(int) operand.Mem) {
		x := w.reg()
		w.mov(in(0), x)
		w.fma231(in(1), x, acc)
	})
}

func sumSquares(e elem) {
	accumulate(e, []string{"a"}, func(w width, acc reg.VecVirtual, in func(int) operand.Mem) {
		x := w.reg()
		w.mov(in(0), x)
		w.fma231(x, x, acc)
	})
}

func sumSquaredDiff(e elem) {
	accumulate(e, []string{"a", "b"}, func(w width, acc reg.VecVirtual, in func(int) operand.Mem) {
		x := w.reg()
		w.mov(in(0), x)
		w.sub(in(1), x, x)
		w.fma231(x, x, acc)
	})
}

// extreme emits Min (pick = min) or Max; start is +1 for Min (the
// accumulators start at +Inf) and -1 for Max.
//
// VMINPS/VMAXPS return their second source when either operand is NaN, so
// they cannot carry a NaN through on their own. Min, max and compares run
// on the same two FP ports on current cores (Zen 4's adders, Intel's ports
// 0/1), so an exact NaN check per register (VCMPPS + VORPS) would cost as
// much again as the min itself. Instead each pair of loaded registers
// feeds one multiply-add, f += x0*x1, on the multiply ports, into four
// flag accumulators: a NaN element makes its flag NaN for good. A flag can
// also turn NaN without one (±Inf elements, or products so huge that their
// sums overflow both ways), so a NaN flag only sends the kernel to an exact
// scan for NaN, which settles it; ordinary data never pays for that pass.
func extreme(e elem, pick func(w width) inst, start float64) {
	a := loadArrays([]string{"a"}, []int{e.Size})
	init := build.XMM()
	if e.Size == 4 {
		inf := math.Float32bits(float32(math.Inf(int(start))))
		build.VMOVSS(build.ConstData(constName("f32", start), operand.U32(inf)), init)
	} else {
		inf := math.Float64bits(math.Inf(int(start)))
		build.VMOVSD(build.ConstData(constName("f64", start), operand.U64(inf)), init)
	}
	acc := make([]reg.VecVirtual, registry.Accumulators)
	for k := range acc {
		acc[k] = build.YMM()
		e.broadcast(init, acc[k])
	}
	flags := make([]reg.VecVirtual, registry.ReduceUnroll/2) // one per pair of loaded registers
	for k := range flags {
		flags[k] = build.YMM()
		build.VXORPS(flags[k], flags[k], flags[k])
	}
	var s, ss reg.VecVirtual
	a.loop(recipe.Loop{
		Lanes: e.vec.lanes, Unroll: registry.ReduceUnroll,
		Block: func(count int) {
			for r := 0; r < count; r += 2 {
				x := build.YMM()
				e.vec.mov(a.At("a", r*e.vec.lanes), x)
				pick(e.vec)(acc[r], x, acc[r])
				y := x
				if r+1 < count {
					y = build.YMM()
					e.vec.mov(a.At("a", (r+1)*e.vec.lanes), y)
					pick(e.vec)(acc[r+1], y, acc[r+1])
				}
				e.vec.fma231(y, x, flags[r/2]) // flag += x*y
			}
		},
		Before: func() {
			treeReduce(acc, pick(e.vec))
			s = hreduce(e, acc[0], pick(e.vec))
			treeReduce(flags, e.vec.add)
			ss = hreduce(e, flags[0], e.vec.add)
		},
		Tail: func() {
			x := build.XMM()
			e.scalar.mov(a.At("a", 0), x)
			pick(e.scalar)(s, x, s)
			e.scalar.fma231(x, x, ss)
		},
	})
	e.ucomi(ss, ss)
	build.JPS(operand.LabelRef("maybe_nan")) // parity set: unordered, the sum is NaN
	build.Store(s, build.ReturnIndex(0))
	build.VZEROUPPER()
	build.RET()

	// The exact scan: any NaN element makes the result NaN (ss is one).
	build.Label("maybe_nan")
	build.XORQ(a.I, a.I)
	scan := a.again("scan_")
	scan.loop(recipe.Loop{
		Lanes: e.vec.lanes, Unroll: 1,
		Block: func(int) {
			x := build.YMM()
			e.vec.mov(a.At("a", 0), x)
			m := build.YMM()
			e.vec.cmp(operand.U8(predUNORD), x, x, m)
			build.VPTEST(m, m)
			build.JNZ(operand.LabelRef("is_nan"))
		},
		Tail: func() {
			xs := build.XMM()
			e.scalar.mov(a.At("a", 0), xs)
			e.ucomi(xs, xs)
			build.JPS(operand.LabelRef("is_nan"))
		},
	})
	build.Store(s, build.ReturnIndex(0))
	build.VZEROUPPER()
	build.RET()
	build.Label("is_nan")
	build.Store(ss, build.ReturnIndex(0))
	build.VZEROUPPER()
	build.RET()
}

// constName names the read-only ±Inf constant that starts Min or Max;
// each (type, sign) pair is used by exactly one kernel.
func constName(typ string, v float64) string {
	if v < 0 {
		return typ + "_neg_inf"
	}
	return typ + "_pos_inf"
}
