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
	search := &x86.Search{I: a.I}
	// found emits: if a lane bit of mask is set, return i + off + lane.
	found := func(mask reg.VecVirtual, off int) {
		search.Found(func(t reg.GPVirtual) { e.movmsk(mask, t) }, off)
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
			any := ms[0]
			if count > 1 {
				any = build.YMM()
				build.VORPS(ms[1], ms[0], any)
				for _, m := range ms[2:] {
					build.VORPS(m, any, any)
				}
			}
			next := search.Next()
			build.VPTEST(any, any)
			build.JZ(operand.LabelRef(next))
			for r, m := range ms {
				found(m, r*e.vec.lanes)
			}
			build.Label(next)
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
