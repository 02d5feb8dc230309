package x86

import (
	"fmt"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Search emits the returns of a search for the first matching element,
// the loop's index being I: each hit returns I plus the lane, a miss of
// all the elements returns -1 (NotFound). Its labels are numbered per
// function, so one Search serves one kernel.
type Search struct {
	I    reg.GPVirtual
	hits int
}

// Found emits the test of one register's matches: bits moves them, one
// bit a lane with the lowest lane lowest, into the 32-bit register t;
// if any is set, the kernel returns I + off + the lowest set lane, else
// it goes on after.
func (s *Search) Found(bits func(t reg.GPVirtual), off int) {
	t := build.GP32()
	bits(t)
	build.TESTL(t, t)
	skip := fmt.Sprintf("miss%d", s.hits)
	s.hits++
	build.JZ(operand.LabelRef(skip))
	build.BSFL(t, t)
	r := t.As64()
	build.LEAQ(operand.Mem{Base: s.I, Index: r, Scale: 1, Disp: off}, r)
	build.Store(r, build.ReturnIndex(0))
	build.VZEROUPPER()
	build.RET()
	build.Label(skip)
}

// Next returns the label a block whose registers all miss jumps to, past
// its Found tests (unique while the next Found is not yet emitted).
func (s *Search) Next() string { return fmt.Sprintf("none%d", s.hits) }

// NotFound emits the search's return of -1, after its loops.
func NotFound() {
	r := build.GP64()
	build.MOVQ(operand.I64(-1), r)
	build.Store(r, build.ReturnIndex(0))
	build.VZEROUPPER()
	build.RET()
}

// BroadcastParam loads the float parameter name into lane 0 of an XMM and
// returns a new register of vector's kind (YMM, ZMM) holding it in every
// lane through broadcast. The XMM view of the result holds it in lane 0.
func BroadcastParam(name string, vector func() reg.VecVirtual, broadcast func(...operand.Op)) reg.VecVirtual {
	x := build.XMM()
	build.Load(build.Param(name), x)
	v := vector()
	broadcast(x, v)
	return v
}
