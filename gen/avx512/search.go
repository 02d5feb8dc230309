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

// searchUnroll registers are compared per iteration, into opmasks ORed
// and tested together; only a hit pays for finding the lane.
const searchUnroll = 4

// index emits Index (first a[i] == v) or, with nanSearch, IndexNaN (first
// a[i] that is NaN). Both return -1 when nothing matches.
func index(e elem, nanSearch bool) {
	a := loadArrays([]string{"a"}, []int{e.Size})
	var v reg.VecVirtual
	if !nanSearch {
		v = broadcastParam(e, "v")
	}
	search := &x86.Search{I: a.I}
	// found emits: if a lane bit of k is set, return i + off + lane.
	found := func(k reg.OpmaskVirtual, off int) {
		search.Found(func(t reg.GPVirtual) { e.kmov(k, t) }, off)
	}
	// compare sets k's lane bits where the elements at m match (only the
	// active lanes in the tail).
	compare := func(w vec, m operand.Mem) reg.OpmaskVirtual {
		k := build.K()
		x := w.load(e, m)
		pred, y := operand.U8(predEQ), v
		if nanSearch {
			pred, y = operand.U8(predUNORD), x
		}
		if w.k == nil {
			e.cmp(pred, y, x, k)
		} else {
			e.cmp(pred, y, x, w.k, k)
		}
		return k
	}
	a.loop(recipe.Loop{
		Lanes: e.lanes, Unroll: searchUnroll,
		Block: func(count int) {
			ks := make([]reg.OpmaskVirtual, count)
			for r := range ks {
				ks[r] = compare(full, a.At("a", r*e.lanes))
			}
			any := ks[0]
			if count > 1 {
				any = build.K()
				e.kor(ks[1], ks[0], any)
				for _, k := range ks[2:] {
					e.kor(k, any, any)
				}
			}
			next := search.Next()
			e.kortest(any, any)
			build.JZ(operand.LabelRef(next))
			for r, k := range ks {
				found(k, r*e.lanes)
			}
			build.Label(next)
		},
		Tail: func() { a.step(func() { found(compare(vec{a.mask(1)}, a.At("a", 0)), 0) }) },
	})
	x86.NotFound()
}
