package x86

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Columns are the registers of a vertical pass over byte columns
// (ResampleColumns, ReduceColumns): each output column combines one byte
// of every row, the rows stride bytes apart. Both generators walk the
// columns the same way, wide strips first and the columns left last; the
// per-strip arithmetic (YMM or ZMM, a scalar loop or a masked step for
// the rest) is theirs.
type Columns struct {
	Dst, Src, Stride reg.GPVirtual
	// K is the base of the weights, one int32 per row, nil for an
	// unweighted sum; Rows is the row count (k's length, or the rows
	// parameter).
	K, Rows reg.GPVirtual
	N       reg.GPVirtual // columns left (dst's length)
}

// LoadColumns loads the parameters of a vertical pass: dst, src and
// stride, then k's base and length when weighted (ResampleColumns) or
// the rows parameter (ReduceColumns), then dst's length.
func LoadColumns(weighted bool) Columns {
	var c Columns
	c.Dst = build.Load(build.Param("dst").Base(), build.GP64()).(reg.GPVirtual)
	c.Src = build.Load(build.Param("src").Base(), build.GP64()).(reg.GPVirtual)
	c.Stride = build.Load(build.Param("stride"), build.GP64()).(reg.GPVirtual)
	if weighted {
		c.K = build.Load(build.Param("k").Base(), build.GP64()).(reg.GPVirtual)
		c.Rows = build.Load(build.Param("k").Len(), build.GP64()).(reg.GPVirtual)
	} else {
		c.Rows = build.Load(build.Param("rows"), build.GP64()).(reg.GPVirtual)
	}
	c.N = build.Load(build.Param("dst").Len(), build.GP64()).(reg.GPVirtual)
	return c
}

// RowWalk are the registers of one walk down the rows: P the row's
// address, KP its weight's (unused when the pass is unweighted), J the
// rows left.
type RowWalk struct{ P, KP, J reg.GPVirtual }

// RowLoop emits the loop over the rows of the current columns: P starts
// at Src (and KP at K when weighted), body emits one row's work at P
// (and KP), then P advances a stride and KP one weight. With no rows the
// loop is skipped. The loop's top is labelled top, its exit end, where
// the caller emits what follows the sums.
func (c Columns) RowLoop(w RowWalk, top, end string, body func()) {
	build.MOVQ(c.Src, w.P)
	if c.K != nil {
		build.MOVQ(c.K, w.KP)
	}
	build.MOVQ(c.Rows, w.J)
	build.TESTQ(w.J, w.J)
	build.JZ(operand.LabelRef(end))
	build.Label(top)
	body()
	build.ADDQ(c.Stride, w.P)
	if c.K != nil {
		build.ADDQ(operand.U8(4), w.KP)
	}
	build.DECQ(w.J)
	build.JNZ(operand.LabelRef(top))
	build.Label(end)
}

// Strip is one width of a vertical pass's steps: Body emits Cols columns
// (RowLoop and the stores), after which Dst advances DstBytes and Src
// Cols. Wide spells the advances as 32-bit immediates rather than bytes
// (AVX-512's 128-column sums; the encoding is the assembler's either way).
type Strip struct {
	Label          string
	Cols, DstBytes int
	Wide           bool
	Body           func()
}

// Pass emits a vertical pass: each strip in turn while at least its
// columns are left, then, at label tail, tailBody for the columns left
// (none: it is skipped), and the return. tailBody ends its own loop, if
// it has one, by jumping back to tail.
func (c Columns) Pass(strips []Strip, tail string, tailBody func()) {
	for i, s := range strips {
		next := tail
		if i+1 < len(strips) {
			next = strips[i+1].Label
		}
		imm := func(v int) operand.Op { return operand.U8(uint8(v)) }
		if s.Wide {
			imm = func(v int) operand.Op { return operand.U32(uint32(v)) }
		}
		build.Label(s.Label)
		build.CMPQ(c.N, operand.U8(uint8(s.Cols)))
		build.JB(operand.LabelRef(next))
		s.Body()
		build.ADDQ(imm(s.DstBytes), c.Dst)
		build.ADDQ(imm(s.Cols), c.Src)
		build.SUBQ(imm(s.Cols), c.N)
		build.JMP(operand.LabelRef(s.Label))
	}
	build.Label(tail)
	build.TESTQ(c.N, c.N)
	build.JZ(operand.LabelRef("done"))
	tailBody()
	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}
