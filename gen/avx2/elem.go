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
// so SUB(b, a, d) computes d = a - b.
type inst = func(ops ...operand.Op)

// width is one shape of an element type's operations: packed over a whole
// YMM register, or scalar on lane 0 of an XMM register. Kernel bodies are
// written once against a width and emitted for both the vector loop and
// the scalar tail, which is why the tail computes exactly what the lanes do.
type width struct {
	lanes int                   // elements per register
	reg   func() reg.VecVirtual // allocates a register of this width
	// view returns the register of this width that aliases v (the XMM
	// half of a YMM for scalar widths).
	view func(v reg.VecVirtual) reg.VecVirtual

	mov, add, sub, mul, div, min, max, fma231 inst
	cmp                                       inst // with a predicate immediate first
	or                                        inst
}

// elem is everything the generator needs to know of one float type.
type elem struct {
	spec.Type
	vec, scalar width
	broadcast   inst                      // scalar register to all lanes
	movmsk      func(v, r operand.Op)     // sign bits of the lanes to a GP register
	ucomi       func(a, b operand.Op)     // scalar unordered compare, sets ZF/PF/CF
	hswap       func(x, t reg.VecVirtual) // t = x with its lanes 0 and 1 of an XMM pair exchanged
	hhalf       func(x, t reg.VecVirtual) // t.lo64 = x.hi64
}

var f32 = elem{
	Type: spec.Float32,
	vec: width{
		lanes: 8, reg: build.YMM, view: func(v reg.VecVirtual) reg.VecVirtual { return v },
		mov: build.VMOVUPS, add: build.VADDPS, sub: build.VSUBPS, mul: build.VMULPS, div: build.VDIVPS,
		min: build.VMINPS, max: build.VMAXPS, fma231: build.VFMADD231PS, cmp: build.VCMPPS, or: build.VORPS,
	},
	scalar: width{
		lanes: 1, reg: build.XMM, view: asX,
		mov: build.VMOVSS, add: build.VADDSS, sub: build.VSUBSS, mul: build.VMULSS, div: build.VDIVSS,
		min: build.VMINSS, max: build.VMAXSS, fma231: registerFirst(build.VMOVSS, build.VFMADD231SS), cmp: build.VCMPSS, or: build.VORPS,
	},
	broadcast: build.VBROADCASTSS,
	movmsk:    build.VMOVMSKPS,
	ucomi:     build.VUCOMISS,
	hswap:     func(x, t reg.VecVirtual) { build.VMOVSHDUP(x, t) },
	hhalf:     func(x, t reg.VecVirtual) { build.VMOVHLPS(x, x, t) },
}

var f64 = elem{
	Type: spec.Float64,
	vec: width{
		lanes: 4, reg: build.YMM, view: func(v reg.VecVirtual) reg.VecVirtual { return v },
		mov: build.VMOVUPD, add: build.VADDPD, sub: build.VSUBPD, mul: build.VMULPD, div: build.VDIVPD,
		min: build.VMINPD, max: build.VMAXPD, fma231: build.VFMADD231PD, cmp: build.VCMPPD, or: build.VORPD,
	},
	scalar: width{
		lanes: 1, reg: build.XMM, view: asX,
		mov: build.VMOVSD, add: build.VADDSD, sub: build.VSUBSD, mul: build.VMULSD, div: build.VDIVSD,
		min: build.VMINSD, max: build.VMAXSD, fma231: registerFirst(build.VMOVSD, build.VFMADD231SD), cmp: build.VCMPSD, or: build.VORPD,
	},
	broadcast: build.VBROADCASTSD,
	movmsk:    build.VMOVMSKPD,
	ucomi:     build.VUCOMISD,
	hswap:     func(x, t reg.VecVirtual) { build.VPERMILPD(operand.U8(1), x, t) },
	hhalf:     nil, // an XMM holds two float64: hswap alone finishes the reduction
}

// registerFirst wraps a scalar FMA so that a memory source is loaded with
// a scalar move first. qemu's x86 emulation reads 16 bytes for the memory
// form of VFMADD231SS/SD, which faults on the last element of a slice that
// ends at a page boundary (hardware reads 4 or 8); the extra move costs
// nothing that matters in the scalar tail.
func registerFirst(mov, fma inst) inst {
	return func(ops ...operand.Op) {
		if m, ok := ops[0].(operand.Mem); ok {
			x := build.XMM()
			mov(m, x)
			ops = append([]operand.Op{x}, ops[1:]...)
		}
		fma(ops...)
	}
}

// arith returns w's instruction for op.
func (w width) arith(op x86.Arith) inst {
	return [...]inst{x86.Add: w.add, x86.Sub: w.sub, x86.Mul: w.mul, x86.Div: w.div}[op]
}

func asX(v reg.VecVirtual) reg.VecVirtual { return v.AsX().(reg.VecVirtual) }

// Comparison predicates of VCMPPS/VCMPPD.
const (
	predEQ    = 0 // equal, ordered, quiet
	predUNORD = 3 // either operand NaN
)
