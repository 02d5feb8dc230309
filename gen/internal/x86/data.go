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
