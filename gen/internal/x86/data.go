package x86

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
)

// Pillow's luma weights, which sum to 65536: L = (R*19595 + G*38470 +
// B*7471 + 0x8000) >> 16. VPMADDWD multiplies signed words, and 38470
// does not fit one, so the green term is G*19235 + G*19235.
const (
	LumaR     = 19595
	LumaGHalf = 19235
	LumaB     = 7471
)

// BytesData emits a read-only table of bytes.
func BytesData(name string, b []byte) operand.Mem {
	m := build.GLOBL(name, build.RODATA|build.NOPTR)
	for i, v := range b {
		build.DATA(i, operand.U8(v))
	}
	return m
}

// Dwords returns a read-only constant of lanes 32-bit lanes holding k
// (lanes 8 for a YMM operand, 16 for a ZMM one), emitted once per name:
// a name asked for again returns the same constant, and panics if asked
// with another value or width.
func Dwords(name string, k int32, lanes int) operand.Mem {
	if c, ok := dwordConsts[name]; ok {
		if c.k != k || c.lanes != lanes {
			panic("x86: constant " + name + " asked for with two values")
		}
		return c.m
	}
	m := build.GLOBL(name, build.RODATA|build.NOPTR)
	for i := 0; i < lanes; i++ {
		build.DATA(4*i, operand.U32(uint32(k)))
	}
	dwordConsts[name] = dwordConst{m, k, lanes}
	return m
}

type dwordConst struct {
	m     operand.Mem
	k     int32
	lanes int
}

var dwordConsts = map[string]dwordConst{}
