package main

import (
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/hotloop/hotloop/gen/internal/ycc"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// rowKernels are the row kernels of JPEG decoding: the colour conversion
// (this file) and the upsampling (upsample.go).
var rowKernels = map[string]func(){
	"YCbCrToRGB":   yccKernel,
	"UpsampleH2V1": func() { upsampleKernel(false) },
	"UpsampleH2V2": func() { upsampleKernel(true) },
}

// yccKernel emits YCbCrToRGB: 16 pixels a step in 16-bit lanes
// (x86.YCCWords, exact: see there), the results saturated to bytes by
// VPACKUSWB, VPERMQ putting the 128-bit lanes back in order, then
// interleaved to RGB by VPSHUFB masks; the last pixels one at a time
// through the reference's 32-bit arithmetic in lane 0 (yccMath).
func yccKernel() {
	prm := x86.LoadYCC()
	dst, y, cb, cr, n := prm.Dst, prm.Y, prm.Cb, prm.Cr, prm.N
	mem := func(r reg.GPVirtual, disp int) operand.Mem { return operand.Mem{Base: r, Disp: disp} }

	build.Label("block")
	build.CMPQ(n, operand.U8(16))
	build.JB(operand.LabelRef("tail"))
	yv, cbv, crv := build.YMM(), build.YMM(), build.YMM()
	build.VPMOVZXBW(mem(y, 0), yv)
	build.VPMOVZXBW(mem(cb, 0), cbv)
	build.VPMOVZXBW(mem(cr, 0), crv)
	r16, g16, b16 := x86.YCCWords(yv, cbv, crv, ymm)
	build.VPACKUSWB(g16, r16, r16) // R0-7 G0-7 | R8-15 G8-15
	build.VPERMQ(operand.U8(0xd8), r16, r16)
	build.VPACKUSWB(b16, b16, b16)
	build.VPERMQ(operand.U8(0xd8), b16, b16)
	g := build.XMM()
	build.VEXTRACTI128(operand.U8(1), r16, g)
	src := [3]reg.Register{r16.AsX(), g, b16.AsX()}
	masks := yccShuffles()
	for k := 0; k < 3; k++ {
		o, t := build.XMM(), build.XMM()
		build.VPSHUFB(masks.Offset(48*k), src[0], o)
		for c := 1; c < 3; c++ {
			build.VPSHUFB(masks.Offset(48*k+16*c), src[c], t)
			build.VPOR(t, o, o)
		}
		build.VMOVDQU(o, mem(dst, 16*k))
	}
	x86.NextRowStep("block", n, 16, dst, 48, y, cb, cr)

	build.Label("tail")
	build.TESTQ(n, n)
	build.JZ(operand.LabelRef("done"))
	t := build.GP32()
	build.Label("one")
	var in [3]reg.VecVirtual
	for i, p := range []reg.GPVirtual{y, cb, cr} {
		in[i] = build.XMM()
		build.MOVBLZX(mem(p, 0), t)
		build.VMOVD(t, in[i])
	}
	r, gg, b := yccMath(in[0], in[1], in[2], build.XMM)
	for c, v := range []reg.VecVirtual{r, gg, b} {
		build.VPACKSSDW(v, v, v)
		build.VPACKUSWB(v, v, v)
		build.VPEXTRB(operand.U8(0), v, mem(dst, c))
	}
	for _, p := range []reg.GPVirtual{y, cb, cr} {
		build.INCQ(p)
	}
	build.ADDQ(operand.U8(3), dst)
	build.DECQ(n)
	build.JNZ(operand.LabelRef("one"))
	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}

// yccMath returns the R, G and B sums (int32 lanes, before the
// saturation) of the samples in yv, cbv and crv (int32 lanes), in
// registers from newv (YMM or XMM).
func yccMath(yv, cbv, crv reg.VecVirtual, newv func() reg.VecVirtual) (r, g, b reg.VecVirtual) {
	c128, half := idctConst("ycc_128", 128), idctConst("ycc_half", ycc.Half)
	build.VPSUBD(c128, cbv, cbv)
	build.VPSUBD(c128, crv, crv)
	term := func(v reg.VecVirtual, k int32, name string) reg.VecVirtual {
		t := newv()
		build.VPMULLD(idctConst(name, k), v, t)
		return t
	}
	finish := func(t reg.VecVirtual) reg.VecVirtual {
		build.VPADDD(half, t, t)
		build.VPSRAD(operand.U8(ycc.Shift), t, t)
		build.VPADDD(yv, t, t)
		return t
	}
	r = finish(term(crv, ycc.CrR, "ycc_crr"))
	g = term(cbv, ycc.CbG, "ycc_cbg")
	build.VPADDD(term(crv, ycc.CrG, "ycc_crg"), g, g)
	g = finish(g)
	b = finish(term(cbv, ycc.CbB, "ycc_cbb"))
	return r, g, b
}

// yccShuffles returns the VPSHUFB masks that interleave 16 R, G and B
// bytes into 48 bytes of RGB: for output chunk k (16 bytes) and channel c,
// the mask at 48k+16c takes byte j/3 of channel c to position j-16k where
// j%3 == c, and zero elsewhere (0x80).
func yccShuffles() operand.Mem {
	if yccShuf != nil {
		return *yccShuf
	}
	m := build.GLOBL("ycc_shuffle", build.RODATA|build.NOPTR)
	for k := 0; k < 3; k++ {
		for c := 0; c < 3; c++ {
			for i := 0; i < 16; i++ {
				v := uint8(0x80)
				if j := 16*k + i; j%3 == c {
					v = uint8(j / 3)
				}
				build.DATA(48*k+16*c+i, operand.U8(v))
			}
		}
	}
	yccShuf = &m
	return m
}

var yccShuf *operand.Mem
