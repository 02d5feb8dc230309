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
	"Min":            func(e elem) { extreme(e, e.min, -1) },
	"Max":            func(e elem) { extreme(e, e.max, +1) },
}

// fold folds the lanes of the ZMM z into lane 0 of its XMM view with op,
// in registry.FoldHalves order: the upper 256 bits onto the lower, the
// upper 128 onto the lower, then the upper 64, then lane 1 onto lane 0.
// It returns that XMM.
func fold(e elem, z reg.VecVirtual, op inst) reg.VecVirtual {
	hy := build.YMM()
	build.VEXTRACTF64X4(operand.U8(1), z, hy)
	y := z.AsY().(reg.VecVirtual)
	op(hy, y, y)
	hx := build.XMM()
	build.VEXTRACTF128(operand.U8(1), y, hx)
	x := y.AsX().(reg.VecVirtual)
	op(hx, x, x)
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

// accumulate emits a reduction of term over all elements:
// registry.Accumulators ZMM accumulators from +0, blocks feeding register
// r into accumulator r, single vectors and then the masked tail into
// accumulator 0 (merge-masked, so its masked-off lanes keep their sums),
// the tree and the fold. term emits the contribution of the elements at
// register r into acc, through v.
func accumulate(e elem, inputs []string, term func(v vec, acc reg.VecVirtual, in func(k int) operand.Mem)) {
	sizes := make([]int, len(inputs))
	for k := range sizes {
		sizes[k] = e.Size
	}
	a := loadArrays(inputs, sizes)
	acc := make([]reg.VecVirtual, registry.Accumulators)
	for k := range acc {
		acc[k] = build.ZMM()
		build.VPXORD(acc[k], acc[k], acc[k])
	}
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
				term(vec{a.mask(1)}, acc[0], func(k int) operand.Mem { return a.At(inputs[k], 0) })
			})
			treeReduce(acc, e.add)
			s = fold(e, acc[0], e.add)
		},
	})
	build.Store(s, build.ReturnIndex(0))
	build.VZEROUPPER()
	build.RET()
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

// extreme emits Min (pick = min, start +Inf) or Max (start -Inf), as
// gen/avx2 does: VMINPS/VMAXPS drop NaNs, so each pair of loaded registers
// also feeds flag += x0*x1 on the multiply ports; a NaN flag (from a NaN
// element, or from infinities) sends the kernel to an exact scan for a
// NaN element, with mask compares.
func extreme(e elem, pick inst, sign int) {
	a := loadArrays([]string{"a"}, []int{e.Size})
	init := build.XMM()
	inf := math.Inf(-sign)
	if e.Size == 4 {
		build.VMOVSS(build.ConstData(constName("f32", -sign), operand.U32(math.Float32bits(float32(inf)))), init)
	} else {
		build.VMOVSD(build.ConstData(constName("f64", -sign), operand.U64(math.Float64bits(inf))), init)
	}
	acc := make([]reg.VecVirtual, registry.Accumulators)
	for k := range acc {
		acc[k] = build.ZMM()
		e.broadcast(init, acc[k])
	}
	flags := make([]reg.VecVirtual, registry.ReduceUnroll/2) // one per pair of loaded registers
	for k := range flags {
		flags[k] = build.ZMM()
		build.VPXORD(flags[k], flags[k], flags[k])
	}
	var s, ss reg.VecVirtual
	a.loop(recipe.Loop{
		Lanes: e.lanes, Unroll: registry.ReduceUnroll,
		Block: func(count int) {
			for r := 0; r < count; r += 2 {
				x := full.load(e, a.At("a", r*e.lanes))
				pick(acc[r], x, acc[r])
				y := x
				if r+1 < count {
					y = full.load(e, a.At("a", (r+1)*e.lanes))
					pick(acc[r+1], y, acc[r+1])
				}
				e.fma231(y, x, flags[r/2]) // flag += x*y
			}
		},
		Tail: func() {
			a.step(func() {
				v := vec{a.mask(1)}
				x := v.load(e, a.At("a", 0))
				v.into(pick, acc[0], x, acc[0])
				v.into(e.fma231, x, x, flags[0])
			})
			treeReduce(acc, pick)
			s = fold(e, acc[0], pick)
			treeReduce(flags, e.add)
			ss = fold(e, flags[0], e.add)
		},
	})
	e.ucomi(ss, ss)
	build.JPS(operand.LabelRef("maybe_nan")) // parity set: unordered, the flag is NaN
	build.Store(s, build.ReturnIndex(0))
	build.VZEROUPPER()
	build.RET()

	// The exact scan: any NaN element makes the result NaN (ss is one).
	build.Label("maybe_nan")
	build.XORQ(a.I, a.I)
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
		Tail:  func() { scan.step(func() { isNaN(vec{scan.mask(1)}) }) },
	})
	build.Store(s, build.ReturnIndex(0))
	build.VZEROUPPER()
	build.RET()
	build.Label("is_nan")
	build.Store(ss, build.ReturnIndex(0))
	build.VZEROUPPER()
	build.RET()
}

// constName names the read-only ±Inf constant that starts Min or Max.
func constName(typ string, sign int) string {
	if sign < 0 {
		return typ + "_neg_inf"
	}
	return typ + "_pos_inf"
}
