package x86

import (
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Width is a vector width of the kernels written once for both x86
// generators (Upsample, YCCWords): Lanes 16-bit lanes a register (16 for
// YMM, 32 for ZMM), NewVec a register of that width, Or its bitwise or
// (VPOR, VPORQ) and Store its unaligned store (VMOVDQU, VMOVDQU64).
type Width struct {
	Lanes  int
	NewVec func() reg.VecVirtual
	Or     func(a, b, dst operand.Op)
	Store  func(src, dst operand.Op)
}

// Dwords returns a read-only constant of w's width with k in every 32-bit
// lane (see the package's Dwords).
func (w Width) Dwords(name string, k int32) operand.Mem { return Dwords(name, k, w.Lanes/2) }
