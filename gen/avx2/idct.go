package main

import (
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/idct"
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// blockKernels are the 8x8 block kernels this file emits.
var blockKernels = map[string]func(){
	"IDCT":        func() { idctKernel(false) },
	"DequantIDCT": func() { idctKernel(true) },
}

// idctKernel emits IDCT: a block a step, its eight rows in eight YMMs of
// int32 lanes (VPMULLD and VPADDD wrap as the reference's int32 does).
// The column pass works on rows as they are (lane c is column c); an 8x8
// transpose turns ws's rows into columns for the row pass, and another
// turns its results back into rows, which VPACKSSDW (exact: the descaled
// values fit 15 bits), VPADDW of the level shift and VPACKUSWB (the
// saturation to 0..255) narrow to bytes, 4 rows a YMM after a VPERMD.
// DequantIDCT (quant) loads each row's eight int16 coefficients widened
// by VPMOVSXWD and multiplies them by the row's quantisers (VPMULLD from
// q), then goes on as IDCT.
func idctKernel(quant bool) {
	in, size := "blk", 4
	if quant {
		in, size = "coef", 2
	}
	dst := build.Load(build.Param("dst").Base(), build.GP64()).(reg.GPVirtual)
	stride := build.Load(build.Param("stride"), build.GP64()).(reg.GPVirtual)
	blk := build.Load(build.Param(in).Base(), build.GP64()).(reg.GPVirtual)
	n := build.Load(build.Param(in).Len(), build.GP64()).(reg.GPVirtual)
	var q reg.GPVirtual
	if quant {
		q = build.Load(build.Param("q").Base(), build.GP64()).(reg.GPVirtual)
	}
	build.SHRQ(operand.U8(6), n)
	build.JZ(operand.LabelRef("done"))
	stride3 := build.GP64()
	build.LEAQ(operand.Mem{Base: stride, Index: stride, Scale: 2}, stride3)
	p := build.GP64()

	build.Label("block")
	vals := map[string]reg.VecVirtual{}
	names := idct.Names("in")
	for i, name := range names {
		v := build.YMM()
		if quant {
			build.VPMOVSXWD(operand.Mem{Base: blk, Disp: 16 * i}, v)
			build.VPMULLD(operand.Mem{Base: q, Disp: 32 * i}, v, v)
		} else {
			build.VMOVDQU(operand.Mem{Base: blk, Disp: 32 * i}, v)
		}
		vals[name] = v
	}
	ws := idct.Names("ws")
	emitIDCTOps(idct.Pass(names, ws, idct.Shift1, "c_"), vals)
	cols := transpose8x8(pick(vals, ws))
	col := idct.Names("col")
	for i, name := range col {
		vals[name] = cols[i]
	}
	res := idct.Names("res")
	emitIDCTOps(idct.Pass(col, res, idct.Shift2, "r_"), vals)
	rows := transpose8x8(pick(vals, res))

	// Narrow: rows 0-3 and 4-7 to one YMM of bytes each, rows in order.
	level := idctConst("idct_level", 128<<16|128)
	build.MOVQ(dst, p)
	for h := 0; h < 2; h++ {
		r := rows[4*h : 4*h+4]
		build.VPACKSSDW(r[1], r[0], r[0]) // per lane: row 0 words, row 1 words
		build.VPACKSSDW(r[3], r[2], r[2])
		build.VPADDW(level, r[0], r[0])
		build.VPADDW(level, r[2], r[2])
		build.VPACKUSWB(r[2], r[0], r[0]) // dwords: 0lo 1lo 2lo 3lo | 0hi 1hi 2hi 3hi
		build.VPERMD(r[0], packOrderReg(), r[0])
		hi := build.XMM()
		build.VEXTRACTI128(operand.U8(1), r[0], hi)
		build.VMOVQ(r[0].AsX(), operand.Mem{Base: p})
		build.VPEXTRQ(operand.U8(1), r[0].AsX(), operand.Mem{Base: p, Index: stride, Scale: 1})
		build.VMOVQ(hi, operand.Mem{Base: p, Index: stride, Scale: 2})
		build.VPEXTRQ(operand.U8(1), hi, operand.Mem{Base: p, Index: stride3, Scale: 1})
		if h == 0 {
			build.LEAQ(operand.Mem{Base: p, Index: stride, Scale: 4}, p)
		}
	}
	build.ADDQ(operand.U32(uint32(64*size)), blk)
	build.ADDQ(operand.U8(8), dst)
	build.DECQ(n)
	build.JNZ(operand.LabelRef("block"))
	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}

// packOrderReg loads packOrder's dword indexes into a register.
func packOrderReg() reg.VecVirtual {
	o := build.YMM()
	build.VMOVDQU(packOrder(), o)
	return o
}

// pick returns the registers of the named values.
func pick(vals map[string]reg.VecVirtual, names [8]string) [8]reg.VecVirtual {
	var r [8]reg.VecVirtual
	for i, n := range names {
		r[i] = vals[n]
	}
	return r
}

// emitIDCTOps emits a pass's operations, each into a new virtual register
// (avo's allocator reuses the registers of values no longer read).
func emitIDCTOps(ops []idct.Op, vals map[string]reg.VecVirtual) {
	get := func(name string) reg.VecVirtual {
		v, ok := vals[name]
		if !ok {
			panic("idct: no value " + name)
		}
		return v
	}
	for _, o := range ops {
		d := build.YMM()
		switch o.Kind {
		case idct.Add:
			build.VPADDD(get(o.B), get(o.A), d)
		case idct.Sub:
			build.VPSUBD(get(o.B), get(o.A), d)
		case idct.Mul:
			build.VPMULLD(idctConst(fmt.Sprintf("idct_mul%d", idct.MultiplierIndex(o.K)), o.K), get(o.A), d)
		case idct.Shl:
			build.VPSLLD(operand.U8(o.N), get(o.A), d)
		case idct.Sar:
			build.VPSRAD(operand.U8(o.N), get(o.A), d)
		case idct.AddK:
			build.VPADDD(idctConst(fmt.Sprintf("idct_add%d", o.K), o.K), get(o.A), d)
		}
		vals[o.Dst] = d
	}
}

// idctConst returns 32 bytes of read-only data holding k in every dword.
func idctConst(name string, k int32) operand.Mem { return x86.Dwords(name, k, 8) }

// transpose8x8 transposes the 8x8 dwords of r (r[i] is row i) and returns
// the rows of the result: dword pairs, then quadword pairs within the
// 128-bit lanes, then the lanes across.
func transpose8x8(r [8]reg.VecVirtual) [8]reg.VecVirtual {
	var t, u, out [8]reg.VecVirtual
	for i := 0; i < 8; i += 2 {
		t[i], t[i+1] = build.YMM(), build.YMM()
		build.VPUNPCKLDQ(r[i+1], r[i], t[i]) // r0[0] r1[0] r0[1] r1[1] | r0[4] ...
		build.VPUNPCKHDQ(r[i+1], r[i], t[i+1])
	}
	for _, b := range []int{0, 4} {
		for j := 0; j < 2; j++ {
			lo, hi := build.YMM(), build.YMM()
			build.VPUNPCKLQDQ(t[b+2+j], t[b+j], lo) // column 2j (and 2j+4) of 4 rows
			build.VPUNPCKHQDQ(t[b+2+j], t[b+j], hi) // column 2j+1 (and 2j+5)
			u[b+2*j], u[b+2*j+1] = lo, hi
		}
	}
	for c := 0; c < 4; c++ {
		out[c], out[c+4] = build.YMM(), build.YMM()
		build.VPERM2I128(operand.U8(0x20), u[c+4], u[c], out[c])
		build.VPERM2I128(operand.U8(0x31), u[c+4], u[c], out[c+4])
	}
	return out
}
