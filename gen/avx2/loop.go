package main

import (
	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// arrays is x86.Arrays with AVX2's tail, a scalar loop, which makes it a
// recipe.Emitter.
type arrays struct{ x86.Arrays }

// loadArrays loads the named slice parameters (see x86.Load).
func loadArrays(names []string, sizes []int) *arrays {
	return &arrays{x86.Load(names, sizes)}
}

// loop emits the recipe's kernel loop over the n elements of a, with a
// as its emitter.
func (a *arrays) loop(l recipe.Loop) { recipe.Run(a, l) }

// again returns an emitter for a second loop over the same arrays and
// index in one function: its labels start with prefix, and it computes its
// limits in a register of its own.
func (a *arrays) again(prefix string) *arrays {
	b := *a
	b.Prefix, b.Lim = prefix, nil
	return &b
}

// Tail implements recipe.Emitter with a scalar loop: body handles element
// i, on lane 0 of the XMM registers.
func (a *arrays) Tail(lanes int, body func()) {
	top, done := a.Prefix+"scalars", a.Prefix+"scalars_done"
	build.CMPQ(a.I, a.N)
	build.JAE(operand.LabelRef(done))
	build.Label(top)
	body()
	build.INCQ(a.I)
	build.CMPQ(a.I, a.N)
	build.JB(operand.LabelRef(top))
	build.Label(done)
}

// broadcastParam loads the scalar parameter name into all lanes of a YMM
// register. Its XMM view holds the value in lane 0 for the scalar tail.
func broadcastParam(e elem, name string) reg.VecVirtual {
	return x86.BroadcastParam(name, build.YMM, e.broadcast)
}
