package x86

import (
	"fmt"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Search emits the tests and returns of a search for the first matching
// element, the loop's index being I: each hit returns I plus the lane, a
// miss of all the elements returns -1 (NotFound). R is the kind of
// register a compare leaves its matches in: a vector of all-ones lanes
// (AVX2) or an opmask (AVX-512). Its labels are numbered per function, so
// one Search serves one kernel.
type Search[R reg.Register] struct {
	I    reg.GPVirtual
	Bits func(m R, t reg.GPVirtual) // m's matches, one bit a lane, lowest lane lowest, into the 32-bit t
	New  func() R                   // a new register of R's kind
	Or   func(a, b, dst R)          // dst = a | b
	Test func(m R)                  // sets ZF when m holds no match
	hits int
}

// Block emits the test of a block's matches, ms[r] those of the lanes
// elements from r*lanes: the registers are ORed and tested together, and
// only a hit pays for Found's test of each.
func (s *Search[R]) Block(ms []R, lanes int) {
	any := ms[0]
	if len(ms) > 1 {
		any = s.New()
		s.Or(ms[1], ms[0], any)
		for _, m := range ms[2:] {
			s.Or(m, any, any)
		}
	}
	next := fmt.Sprintf("none%d", s.hits)
	s.Test(any)
	build.JZ(operand.LabelRef(next))
	for r, m := range ms {
		s.Found(m, r*lanes)
	}
	build.Label(next)
}

// Found emits the test of one register's matches m, of the elements from
// I + off: if any lane matches, the kernel returns I + off + the lowest
// such lane, else it goes on after.
func (s *Search[R]) Found(m R, off int) {
	t := build.GP32()
	s.Bits(m, t)
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
