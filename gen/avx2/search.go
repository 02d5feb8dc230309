package main

import (
	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// searchKernels are the searches this file emits.
var searchKernels = x86.SearchKernels(index)

// searchUnroll registers are compared per iteration and tested together
// with one VPTEST; only a hit pays for finding the lane. It is AVX2's own
// tuning (NEON tests four registers per across-lanes UMAXV), so it is not
// in registry.
const searchUnroll = 8

// index emits Index (first a[i] == v) or, with nanSearch, IndexNaN (first
// a[i] that is NaN). Both return -1 when nothing matches.
func index(e elem, nanSearch bool) {
	a := loadArrays([]string{"a"}, []int{e.Size})
	var v reg.VecVirtual
	if !nanSearch {
		v = broadcastParam(e, "v")
	}
	search := &x86.Search[reg.VecVirtual]{
		I:    a.I,
		Bits: func(m reg.VecVirtual, t reg.GPVirtual) { e.movmsk(m, t) },
		New:  build.YMM,
		Or:   func(a, b, dst reg.VecVirtual) { build.VORPS(a, b, dst) },
		Test: func(m reg.VecVirtual) { build.VPTEST(m, m) },
	}
	a.loop(recipe.Loop{
		Lanes: e.vec.lanes, Unroll: searchUnroll,
		Block: func(count int) {
			ms := make([]reg.VecVirtual, count)
			for r := range ms {
				ms[r] = build.YMM()
				if nanSearch {
					x := build.YMM()
					e.vec.mov(a.At("a", r*e.vec.lanes), x)
					e.vec.cmp(operand.U8(predUNORD), x, x, ms[r])
				} else {
					e.vec.cmp(operand.U8(predEQ), a.At("a", r*e.vec.lanes), v, ms[r])
				}
			}
			search.Block(ms, e.vec.lanes)
		},
		Tail: func() {
			x := build.XMM()
			e.scalar.mov(a.At("a", 0), x)
			if nanSearch {
				e.ucomi(x, x)
				build.JPC(operand.LabelRef("scalar_miss")) // parity clear: ordered, not NaN
			} else {
				e.ucomi(asX(v), x)
				build.JNE(operand.LabelRef("scalar_miss"))
				build.JPS(operand.LabelRef("scalar_miss")) // parity set: unordered
			}
			build.Store(a.I, build.ReturnIndex(0))
			build.VZEROUPPER()
			build.RET()
			build.Label("scalar_miss")
		},
	})
	x86.NotFound()
}
