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

// fold folds the lanes of the ZMM z into lane 0 of its XMM view with op,
// in registry.FoldHalves order: the upper 256 bits onto the lower, then
// x86.FoldYMM's order. It returns that XMM.
func fold(e elem, z reg.VecVirtual, op inst) reg.VecVirtual {
	hy := build.YMM()
	build.VEXTRACTF64X4(operand.U8(1), z, hy)
	y := z.AsY().(reg.VecVirtual)
	op(hy, y, y)
	return x86.FoldYMM(y, op, e.hhalf, e.hswap)
}

// accumulate emits a reduction of term over all elements:
// registry.Accumulators ZMM accumulators from +0, blocks feeding register
// r into accumulator r, single vectors and then the masked tail into
// accumulator 0 (merge-masked, so its masked-off lanes keep their sums),
// the tree and the fold. term emits the contribution of the elements at
// register r into acc, through v.
func accumulate(e elem, inputs []string, term func(v vec, acc reg.VecVirtual, in func(k int) operand.Mem)) {
	a := loadArrays(inputs, x86.Sizes(len(inputs), e.Size))
	acc := x86.Zeroed(registry.Accumulators, build.ZMM, build.VPXORD)
	halves := streamHalves(a, e, inputs, acc, term)
	var s reg.VecVirtual
	a.loop(recipe.Loop{
		Lanes: e.lanes, Unroll: registry.ReduceUnroll,
		Block: func(count int) {
			for r := 0; r < count; r++ {
				term(full, acc[r], func(k int) operand.Mem { return a.At(inputs[k], r*e.lanes) })
			}
		},
		Tail: func() {
			a.step(func() {
				term(vec{k: a.mask(1)}, acc[0], func(k int) operand.Mem { return a.At(inputs[k], 0) })
			})
			x86.TreeReduce(acc, e.add)
			s = fold(e, acc[0], e.add)
		},
	})
	x86.Return(s)
	halves()
}

// streamHalves emits, for inputs of x86.StreamVar bytes or more in all,
// a first block loop that loads YMM halves instead of whole ZMMs:
// accumulator r's low half (its YMM view) and high half (a YMM of its
// own) each take the terms of their 256 bits, and the high halves are
// inserted back after the loop, which the ordinary loops then continue
// from i. Every lane sees the same operations in the same order as in
// the ZMM loop, so the result has the same bits whichever loop ran. On
// Zen 4 (512-bit operations split in two) a ZMM loop from memory ran
// Dot of 4M float64 some 15% slower than AVX2's YMM loop; this loop runs
// at the YMM loop's speed. The accumulators are still zero when it
// starts, as are the high halves. As with x86.Stream, the size test is
// emitted here and the loop by the returned function, after the RET.
func streamHalves(a *arrays, e elem, inputs []string, acc []reg.VecVirtual, term func(v vec, acc reg.VecVirtual, in func(k int) operand.Mem)) (section func()) {
	return a.Large("halves", e.Size*len(inputs), func(string) {
		hi := x86.Zeroed(len(acc), build.YMM, build.VPXORD)
		half := vec{half: true}
		s := a.again("halves_")
		s.Repeat("blocks", e.lanes*registry.ReduceUnroll, func() {
			for r := 0; r < registry.ReduceUnroll; r++ {
				lo := acc[r].AsY().(reg.VecVirtual)
				term(half, lo, func(k int) operand.Mem { return a.At(inputs[k], r*e.lanes) })
				term(half, hi[r], func(k int) operand.Mem { return a.At(inputs[k], r*e.lanes+e.lanes/2) })
			}
		})
		for r := range acc {
			build.VINSERTF64X4(operand.U8(1), hi[r], acc[r], acc[r])
		}
	})
}

func sum(e elem) {
	accumulate(e, []string{"a"}, func(v vec, acc reg.VecVirtual, in func(int) operand.Mem) {
		v.into(e.add, in(0), acc, acc) // a masked memory operand never faults on masked-off lanes
	})
}

func dot(e elem) {
	accumulate(e, []string{"a", "b"}, func(v vec, acc reg.VecVirtual, in func(int) operand.Mem) {
		x := v.load(e, in(0))
		v.into(e.fma231, in(1), x, acc)
	})
}

func sumSquares(e elem) {
	accumulate(e, []string{"a"}, func(v vec, acc reg.VecVirtual, in func(int) operand.Mem) {
		x := v.load(e, in(0))
		v.into(e.fma231, x, x, acc)
	})
}

func sumSquaredDiff(e elem) {
	accumulate(e, []string{"a", "b"}, func(v vec, acc reg.VecVirtual, in func(int) operand.Mem) {
		x := v.load(e, in(0))
		e.sub(v.src(e, in(1)), x, x)
		v.into(e.fma231, x, x, acc)
	})
}

// extreme emits Min or (max) Max, as gen/avx2 does (x86.MinMaxBlock):
// VMINPS/VMAXPS drop NaNs, so each pair of loaded registers also feeds
// flag += x0*x1 on the multiply ports; a NaN flag (from a NaN element, or
// from infinities) sends the kernel to an exact scan for a NaN element,
// with mask compares.
func extreme(e elem, max bool) {
	pick, sign := e.min, +1
	if max {
		pick, sign = e.max, -1
	}
	a := loadArrays([]string{"a"}, []int{e.Size})
	init := build.XMM()
	x86.LoadInf(e.Size, sign, init)
	acc := make([]reg.VecVirtual, registry.Accumulators)
	for k := range acc {
		acc[k] = build.ZMM()
		e.broadcast(init, acc[k])
	}
	flags := x86.Zeroed(registry.ReduceUnroll/2, build.ZMM, build.VPXORD) // one per pair of loaded registers
	var s, ss reg.VecVirtual
	a.loop(recipe.Loop{
		Lanes: e.lanes, Unroll: registry.ReduceUnroll,
		Block: func(count int) {
			x86.MinMaxBlock(count, func(r int) reg.VecVirtual {
				return full.load(e, a.At("a", r*e.lanes))
			}, pick, e.fma231, acc, flags)
		},
		Tail: func() {
			a.step(func() {
				v := vec{k: a.mask(1)}
				x := v.load(e, a.At("a", 0))
				v.into(pick, acc[0], x, acc[0])
				v.into(e.fma231, x, x, flags[0])
			})
			x86.TreeReduce(acc, pick)
			s = fold(e, acc[0], pick)
			x86.TreeReduce(flags, e.add)
			ss = fold(e, flags[0], e.add)
		},
	})
	x86.MinMaxReturn(s, ss, e.ucomi, a.I, func() {
		scan := a.again("scan_")
		isNaN := func(v vec) {
			x := v.load(e, a.At("a", 0)) // masked-off lanes load as 0, never NaN
			k := build.K()
			e.cmp(operand.U8(predUNORD), x, x, k)
			e.kortest(k, k)
			build.JNZ(operand.LabelRef("is_nan"))
		}
		scan.loop(recipe.Loop{
			Lanes: e.lanes, Unroll: 1,
			Block: func(int) { isNaN(full) },
			Tail:  func() { scan.step(func() { isNaN(vec{k: scan.mask(1)}) }) },
		})
	})
}
