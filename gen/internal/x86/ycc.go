package x86

import (
	"github.com/hotloop/hotloop/gen/internal/ycc"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// YCCWords returns the R, G and B sums (int16 lanes, before the
// saturation) of the JPEG samples in yv, cbv and crv (16-bit lanes,
// 0..255, registers of width w; cbv and crv are overwritten), equal to
// libjpeg's 32-bit fixed-point sums for every input (checked by
// YCCWordFactors at generation, and by the kernels' tests against the
// reference).
//
//   - B: CbB*b/2^16 rounded is b + (k*b + 2^14) >> 15 (VPMULHRSW) for
//     b = cb-128, since CbB is even and CbB/2 - 2^15 fits a word;
//   - R: CrR is odd and has no such exact split, but b and r are only 8
//     bits wide, so a factor is found for 4r: -r + (k*4r + 2^14) >> 15;
//   - G: the two products share one rounding, so both are summed in 32
//     bits by VPMADDWD on (b, r) word pairs, CrG taken as CrG + 2^16 (a
//     word; the 2^16*r it leaves out is subtracted after the shift, exact
//     since it is a multiple of 2^16).
//
// Every step works within 128-bit lanes, so lane i of each result holds
// the pixels of lane i of the inputs, in order.
func YCCWords(yv, cbv, crv reg.VecVirtual, w Width) (r, g, b reg.VecVirtual) {
	newv, dwords := w.NewVec, w.Dwords
	kb, kr := YCCWordFactors()
	pair := func(lo, hi int32) int32 { return int32(uint32(uint16(lo)) | uint32(uint16(hi))<<16) }
	build.VPSUBW(dwords("ycc_128w", pair(128, 128)), cbv, cbv)
	build.VPSUBW(dwords("ycc_128w", pair(128, 128)), crv, crv)

	b = newv()
	build.VPMULHRSW(dwords("ycc_cbbw", pair(kb, kb)), cbv, b)
	build.VPADDW(cbv, b, b)
	build.VPADDW(yv, b, b)

	r = newv()
	build.VPSLLW(operand.U8(2), crv, r)
	build.VPMULHRSW(dwords("ycc_crrw", pair(kr, kr)), r, r)
	build.VPSUBW(crv, r, r)
	build.VPADDW(yv, r, r)

	lo, hi := newv(), newv()
	build.VPUNPCKLWD(crv, cbv, lo) // (b, r) pairs of words 0-3 of each lane
	build.VPUNPCKHWD(crv, cbv, hi) // 4-7
	gk := dwords("ycc_gw", pair(ycc.CbG, ycc.CrG+1<<16))
	for _, v := range []reg.VecVirtual{lo, hi} {
		build.VPMADDWD(gk, v, v)
		build.VPADDD(dwords("ycc_half", ycc.Half), v, v)
		build.VPSRAD(operand.U8(ycc.Shift), v, v)
	}
	g = lo
	build.VPACKSSDW(hi, lo, g) // back in order; every sum is within a word
	build.VPSUBW(crv, g, g)
	build.VPADDW(yv, g, g)
	return r, g, b
}

// YCCWordFactors returns the VPMULHRSW factors of YCCWords for B (of
// b) and R (of 4r), checked against the reference's rounding for every
// b and r; it panics if there is none (other constants).
func YCCWordFactors() (kb, kr int32) {
	mulhrs := func(a, k int32) int32 { return (a*k + 1<<14) >> 15 }
	ref := func(k, x int32) int32 { return (k*x + ycc.Half) >> ycc.Shift }
	kb = ycc.CbB/2 - 1<<15
	// 4r*kr/2^15 - r approximates CrR*r/2^16: kr near (CrR+2^16)/8
	for k := int32(ycc.CrR+1<<16)/8 - 4; k <= (ycc.CrR+1<<16)/8+4; k++ {
		ok := true
		for x := int32(-128); x < 128 && ok; x++ {
			ok = x+mulhrs(x, kb) == ref(ycc.CbB, x) && -x+mulhrs(4*x, k) == ref(ycc.CrR, x)
		}
		if ok {
			return kb, k
		}
	}
	panic("ycc: no exact 16-bit factors")
}

// NextRowStep emits the end of a row kernel's step of count pixels: each
// of srcs (one byte a pixel) advances count bytes, dst dstBytes, n (the
// pixels left) drops by count, and the loop goes back to label.
func NextRowStep(label string, n reg.GPVirtual, count int, dst reg.GPVirtual, dstBytes int, srcs ...reg.GPVirtual) {
	for _, p := range srcs {
		build.ADDQ(operand.U8(uint8(count)), p)
	}
	build.ADDQ(operand.U8(uint8(dstBytes)), dst)
	build.SUBQ(operand.U8(uint8(count)), n)
	build.JMP(operand.LabelRef(label))
}

// YCCParams are the registers of YCbCrToRGB's parameters: the slices'
// bases and N, the pixel count (y's length).
type YCCParams struct{ Dst, Y, Cb, Cr, N reg.GPVirtual }

// LoadYCC loads YCbCrToRGB's parameters.
func LoadYCC() YCCParams {
	base := func(name string) reg.GPVirtual {
		return build.Load(build.Param(name).Base(), build.GP64()).(reg.GPVirtual)
	}
	p := YCCParams{Dst: base("dst"), Y: base("y"), Cb: base("cb"), Cr: base("cr")}
	p.N = build.Load(build.Param("y").Len(), build.GP64()).(reg.GPVirtual)
	return p
}
