package main

import (
	"github.com/hotloop/hotloop/gen/internal/spec"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// inst is an avo instruction constructor. avo (like the Go assembler)
// takes operands in reverse Intel order: sources first, destination last,
// with an opmask just before the destination (merge-masking).
type inst = func(ops ...operand.Op)

// elem is everything the generator needs to know of one float type.
type elem struct {
	spec.Type
	lanes int // elements per ZMM

	mov, add, sub, mul, div, min, max, fma231 inst
	movZ                                      func(m, k, dst operand.Op) // zero-masking load
	cmp                                       inst                       // predicate immediate first, opmask destination
	broadcast                                 inst                       // lane 0 of an XMM to every lane
	and                                       inst                       // bitwise, for Abs
	shr                                       inst                       // logical right shift of each lane
	kor, kortest                              inst                       // opmask OR and test, at the lane count's width
	kmov                                      inst                       // opmask to a 32-bit register
	hswap                                     func(x, t reg.VecVirtual)  // t = x with lanes 0 and 1 exchanged
	hhalf                                     func(x, t reg.VecVirtual)  // t.lo64 = x.hi64 (nil for float64)
	ucomi                                     func(a, b operand.Op)      // scalar unordered compare
}

var f32 = elem{
	Type: spec.Float32, lanes: 16,
	mov: build.VMOVUPS, add: build.VADDPS, sub: build.VSUBPS, mul: build.VMULPS, div: build.VDIVPS,
	min: build.VMINPS, max: build.VMAXPS, fma231: build.VFMADD231PS, movZ: build.VMOVUPS_Z,
	cmp: build.VCMPPS, broadcast: build.VBROADCASTSS, and: build.VPANDD, shr: build.VPSRLD,
	kor:     func(ops ...operand.Op) { build.KORW(ops[0], ops[1], ops[2]) },
	kortest: func(ops ...operand.Op) { build.KORTESTW(ops[0], ops[1]) },
	kmov:    func(ops ...operand.Op) { build.KMOVW(ops[0], ops[1]) },
	hswap:   func(x, t reg.VecVirtual) { build.VMOVSHDUP(x, t) },
	hhalf:   func(x, t reg.VecVirtual) { build.VMOVHLPS(x, x, t) },
	ucomi:   func(a, b operand.Op) { build.VUCOMISS(a, b) },
}

var f64 = elem{
	Type: spec.Float64, lanes: 8,
	mov: build.VMOVUPD, add: build.VADDPD, sub: build.VSUBPD, mul: build.VMULPD, div: build.VDIVPD,
	min: build.VMINPD, max: build.VMAXPD, fma231: build.VFMADD231PD, movZ: build.VMOVUPD_Z,
	cmp: build.VCMPPD, broadcast: build.VBROADCASTSD, and: build.VPANDQ, shr: build.VPSRLQ,
	kor:     func(ops ...operand.Op) { build.KORB(ops[0], ops[1], ops[2]) },
	kortest: func(ops ...operand.Op) { build.KORTESTB(ops[0], ops[1]) },
	kmov:    func(ops ...operand.Op) { build.KMOVB(ops[0], ops[1]) },
	hswap:   func(x, t reg.VecVirtual) { build.VPERMILPD(operand.U8(1), x, t) },
	hhalf:   nil, // an XMM holds two float64: hswap alone finishes the fold
	ucomi:   func(a, b operand.Op) { build.VUCOMISD(a, b) },
}

// arith returns e's instruction for op.
func (e elem) arith(op x86.Arith) inst {
	return [...]inst{x86.Add: e.add, x86.Sub: e.sub, x86.Mul: e.mul, x86.Div: e.div}[op]
}

// vec is the form one kernel body is emitted in: a whole ZMM per step in
// the loops (k nil), or the tail's single step under the opmask k. Bodies
// load through it and write through it, so the tail computes exactly what
// the lanes of the loops do. A half vec works on YMM registers: the
// reductions' streaming loop (reduce.go) computes a ZMM accumulator's two
// halves with it.
type vec struct {
	k    reg.OpmaskVirtual
	half bool
}

// full is the vec of the loops.
var full = vec{}

// load returns a new ZMM (YMM for a half vec) holding the elements at m
// (zero in masked-off lanes).
func (v vec) load(e elem, m operand.Mem) reg.VecVirtual {
	z := build.ZMM()
	if v.half {
		z = build.YMM()
	}
	if v.k == nil {
		e.mov(m, z)
	} else {
		e.movZ(m, v.k, z)
	}
	return z
}

// src returns the elements at m as an instruction's source operand: the
// memory itself in the loops, a masked load in the tail (an unmasked
// memory operand could read past the slice).
func (v vec) src(e elem, m operand.Mem) operand.Op {
	if v.k == nil {
		return m
	}
	return v.load(e, m)
}

// store writes z's elements (the active ones in the tail) to m.
func (v vec) store(e elem, z reg.VecVirtual, m operand.Mem) {
	if v.k == nil {
		e.mov(z, m)
	} else {
		e.mov(z, v.k, m)
	}
}

// into emits dst = op(s, dst) with op given in avo's order (source
// first), merge-masked in the tail: masked-off lanes of dst, an
// accumulator, keep their value.
func (v vec) into(op inst, s operand.Op, x, dst reg.VecVirtual) {
	if v.k == nil {
		op(s, x, dst)
	} else {
		op(s, x, v.k, dst)
	}
}

// Comparison predicates of VCMPPS/VCMPPD.
const (
	predEQ    = 0 // equal, ordered, quiet
	predUNORD = 3 // either operand NaN
)
