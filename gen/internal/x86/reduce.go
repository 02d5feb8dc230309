package x86

import (
	"math"

	"github.com/hotloop/hotloop/gen/internal/recipe"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Inst is an avo instruction constructor: operands in the Go assembler's
// order, sources first and the destination last.
type Inst = func(ops ...operand.Op)

// Zeroed returns count new registers of vector's kind, each cleared by
// zero(r, r, r) (an XOR).
func Zeroed(count int, vector func() reg.VecVirtual, zero Inst) []reg.VecVirtual {
	rs := make([]reg.VecVirtual, count)
	for k := range rs {
		rs[k] = vector()
		zero(rs[k], rs[k], rs[k])
	}
	return rs
}

// TreeReduce combines the accumulators into acc[0] in registry.Tree's
// order with op(src, dst, dst).
func TreeReduce(acc []reg.VecVirtual, op Inst) {
	recipe.Tree(acc, func(dst, src reg.VecVirtual) { op(src, dst, dst) })
}

// FoldYMM folds the lanes of the YMM y into lane 0 of its XMM view with
// op, in a fixed order: the upper 128 bits onto the lower, then (hhalf,
// nil for float64, moving the upper 64 bits down) the upper 64, then
// (hswap, exchanging lanes 0 and 1) lane 1 onto lane 0. It returns that
// XMM.
func FoldYMM(y reg.VecVirtual, op Inst, hhalf, hswap func(x, t reg.VecVirtual)) reg.VecVirtual {
	hi := build.XMM()
	build.VEXTRACTF128(operand.U8(1), y, hi)
	x := y.AsX().(reg.VecVirtual)
	op(hi, x, x)
	t := build.XMM()
	if hhalf != nil {
		hhalf(x, t)
		op(t, x, x)
	}
	hswap(x, t)
	op(t, x, x)
	return x
}

// LoadInf loads +Inf (sign > 0) or -Inf, as a float of size bytes (4 or
// 8), into lane 0 of the XMM x from a read-only constant: the start of
// Min (+Inf) or Max (-Inf), each constant used by one kernel per type.
func LoadInf(size, sign int, x reg.VecVirtual) {
	name := "_pos_inf"
	if sign < 0 {
		name = "_neg_inf"
	}
	inf := math.Inf(sign)
	if size == 4 {
		build.VMOVSS(build.ConstData("f32"+name, operand.U32(math.Float32bits(float32(inf)))), x)
	} else {
		build.VMOVSD(build.ConstData("f64"+name, operand.U64(math.Float64bits(inf))), x)
	}
}

// MinMaxBlock emits one block of Min or Max over count registers, load(r)
// loading register r: acc[r] = pick(acc[r], x), and each pair of loaded
// registers x0, x1 feeds flags[r/2] += x0*x1 (fma231).
//
// VMINPS/VMAXPS return their second source when either operand is NaN, so
// they cannot carry a NaN through on their own. Min, max and compares run
// on the same two FP ports on current cores (Zen 4's adders, Intel's ports
// 0/1), so an exact NaN check per register (VCMPPS + VORPS) would cost as
// much again as the min itself. Instead the multiply-adds, on the multiply
// ports, make a flag NaN for good once an element is NaN. A flag can also
// turn NaN without one (±Inf elements, or products so huge that their
// sums overflow both ways), so a NaN flag only sends the kernel to an
// exact scan for NaN (MinMaxReturn), which settles it; ordinary data
// never pays for that pass.
func MinMaxBlock(count int, load func(r int) reg.VecVirtual, pick, fma231 Inst, acc, flags []reg.VecVirtual) {
	for r := 0; r < count; r += 2 {
		x := load(r)
		pick(acc[r], x, acc[r])
		y := x
		if r+1 < count {
			y = load(r + 1)
			pick(acc[r+1], y, acc[r+1])
		}
		fma231(y, x, flags[r/2]) // flag += x*y
	}
}

// MinMaxReturn emits Min or Max's return of s, the folded result, unless
// ss, the folded flags, is NaN (ucomi sets parity): then i is cleared and
// scan emits the exact scan for a NaN element, which jumps to "is_nan"
// on one, where ss (a NaN) is returned; without one s is.
func MinMaxReturn(s, ss reg.VecVirtual, ucomi func(a, b operand.Op), i reg.GPVirtual, scan func()) {
	ucomi(ss, ss)
	build.JPS(operand.LabelRef("maybe_nan")) // parity set: unordered, the flag is NaN
	Return(s)

	build.Label("maybe_nan")
	build.XORQ(i, i)
	scan()
	Return(s)
	build.Label("is_nan")
	Return(ss)
}

// Return emits the kernel's return of r as its first result, after
// VZEROUPPER.
func Return(r reg.Register) {
	build.Store(r, build.ReturnIndex(0))
	build.VZEROUPPER()
	build.RET()
}
