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
	search := &x86.Search[reg.OpmaskVirtual]{
		I:    a.I,
		Bits: func(k reg.OpmaskVirtual, t reg.GPVirtual) { e.kmov(k, t) },
		New:  build.K,
		Or:   func(a, b, dst reg.OpmaskVirtual) { e.kor(a, b, dst) },
		Test: func(k reg.OpmaskVirtual) { e.kortest(k, k) },
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
			search.Block(ks, e.lanes)
		},
		Tail: func() { a.step(func() { search.Found(compare(vec{k: a.mask(1)}, a.At("a", 0)), 0) }) },
	})
	x86.NotFound()
}
