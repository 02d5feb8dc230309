package main

import (
	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/hotloop/hotloop/internal/registry"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// reduceKernels are the reductions this file emits.
var reduceKernels = x86.ReduceKernels(sum, dot, sumSquares, sumSquaredDiff, extreme)

// hreduce folds the lanes of y into lane 0 of its XMM view with op (see
// x86.FoldYMM). It returns that XMM.
func hreduce(e elem, y reg.VecVirtual, op inst) reg.VecVirtual {
	return x86.FoldYMM(y, op, e.hhalf, e.hswap)
}

// accumulate emits a reduction that adds term(i) over all elements:
// registry.Accumulators accumulators of full registers, a fixed tree, a horizontal
// fold, then the leftover elements added one by one in order.
// term emits the contribution of the element(s) at register r into acc.
func accumulate(e elem, inputs []string, term func(w width, acc reg.VecVirtual, in func(k int) operand.Mem)) {
	a := loadArrays(inputs, x86.Sizes(len(inputs), e.Size))
	acc := x86.Zeroed(registry.Accumulators, build.YMM, build.VXORPS)
	var s reg.VecVirtual
	a.loop(recipe.Loop{
		Lanes: e.vec.lanes, Unroll: registry.ReduceUnroll,
		Block: func(count int) {
			for r := 0; r < count; r++ {
				term(e.vec, acc[r], func(k int) operand.Mem { return a.At(inputs[k], r*e.vec.lanes) })
			}
		},
		Before: func() {
			x86.TreeReduce(acc, e.vec.add)
			s = hreduce(e, acc[0], e.vec.add)
		},
		Tail: func() {
			term(e.scalar, s, func(k int) operand.Mem { return a.At(inputs[k], 0) })
		},
	})
	x86.Return(s)
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

// extreme emits Min or (max) Max: the accumulators start at +Inf for Min
// and -Inf for Max, and a NaN flag of x86.MinMaxBlock sends the kernel to
// an exact scan for NaN.
func extreme(e elem, max bool) {
	pick, sign := func(w width) inst { return w.min }, +1
	if max {
		pick, sign = func(w width) inst { return w.max }, -1
	}
	a := loadArrays([]string{"a"}, []int{e.Size})
	init := build.XMM()
	x86.LoadInf(e.Size, sign, init)
	acc := make([]reg.VecVirtual, registry.Accumulators)
	for k := range acc {
		acc[k] = build.YMM()
		e.broadcast(init, acc[k])
	}
	flags := x86.Zeroed(registry.ReduceUnroll/2, build.YMM, build.VXORPS) // one per pair of loaded registers
	var s, ss reg.VecVirtual
	a.loop(recipe.Loop{
		Lanes: e.vec.lanes, Unroll: registry.ReduceUnroll,
		Block: func(count int) {
			x86.MinMaxBlock(count, func(r int) reg.VecVirtual {
				x := build.YMM()
				e.vec.mov(a.At("a", r*e.vec.lanes), x)
				return x
			}, pick(e.vec), e.vec.fma231, acc, flags)
		},
		Before: func() {
			x86.TreeReduce(acc, pick(e.vec))
			s = hreduce(e, acc[0], pick(e.vec))
			x86.TreeReduce(flags, e.vec.add)
			ss = hreduce(e, flags[0], e.vec.add)
		},
		Tail: func() {
			x := build.XMM()
			e.scalar.mov(a.At("a", 0), x)
			pick(e.scalar)(s, x, s)
			e.scalar.fma231(x, x, ss)
		},
	})
	x86.MinMaxReturn(s, ss, e.ucomi, a.I, func() {
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
	})
}
