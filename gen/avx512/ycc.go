package main

import (
	"github.com/hotloop/hotloop/gen/internal/x86"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// rowKernels are the row kernels of JPEG decoding: the colour conversion
// (this file) and the upsampling, AVX2's written once for both widths
// (x86.Upsample), 32 samples a ZMM step.
var rowKernels = map[string]func(){
	"YCbCrToRGB":   yccKernel,
	"UpsampleH2V1": func() { x86.Upsample(false, zmm) },
	"UpsampleH2V2": func() { x86.Upsample(true, zmm) },
}

// zmm is the AVX-512 width of the kernels written once in gen/internal/x86.
var zmm = x86.Width{
	Lanes: 32, NewVec: build.ZMM,
	Or:    func(a, b, dst operand.Op) { build.VPORQ(a, b, dst) },
	Store: func(src, dst operand.Op) { build.VMOVDQU64(src, dst) },
}

// The RGB interleave permutes bytes across 128-bit lanes: VPERMI2B, which
// is AVX512_VBMI (Ice Lake, Zen 4 and later); CPUs without it run AVX2's
// version.
func init() { needs["YCbCrToRGB"] = []string{"AVX512VBMI"} }

// yccKernel emits YCbCrToRGB: 32 pixels a ZMM step in 16-bit lanes with
// AVX2's arithmetic (x86.YCCWords, exact), the sums saturated to bytes by
// VPACKUSWB (R and G into one register, B into another, each 128-bit
// lane's eight pixels in order), then the 96 bytes of RGB gathered from
// those two registers by two VPERMI2B; the pixels left after the last
// whole step take one more step with masked loads and stores.
func yccKernel() {
	prm := x86.LoadYCC()
	dst, y, cb, cr, n := prm.Dst, prm.Y, prm.Cb, prm.Cr, prm.N
	idx := yccPermutes()

	// step converts 32 pixels, or with masks the in pixels left: their
	// samples loaded under in, the first 64 bytes of RGB stored under
	// out0 and the rest under out1.
	step := func(in, out0, out1 reg.OpmaskVirtual) {
		var s [3]reg.VecVirtual
		for i, p := range []reg.GPVirtual{y, cb, cr} {
			s[i] = build.ZMM()
			widen(build.VPMOVZXBW, mem(p, 0), in, s[i], s[i].AsY())
		}
		r, g, b := x86.YCCWords(s[0], s[1], s[2], zmm)
		build.VPACKUSWB(g, r, r) // lane i: R then G of pixels 8i..8i+7
		build.VPACKUSWB(b, b, b) // lane i: B of pixels 8i..8i+7, twice
		for k, o := range [2]reg.OpmaskVirtual{out0, out1} {
			v := build.ZMM()
			build.VMOVDQU64(idx.Offset(64*k), v)
			build.VPERMI2B(b, r, v)
			switch {
			case o != nil:
				build.VMOVDQU8(v, o, mem(dst, 64*k))
			case k == 0:
				build.VMOVDQU64(v, mem(dst, 0))
			default:
				build.VMOVDQU(v.AsY(), mem(dst, 64))
			}
		}
	}

	build.Label("block")
	build.CMPQ(n, operand.U8(32))
	build.JB(operand.LabelRef("tail"))
	step(nil, nil, nil)
	x86.NextRowStep("block", n, 32, dst, 96, y, cb, cr)

	build.Label("tail")
	build.TESTQ(n, n)
	build.JZ(operand.LabelRef("done"))
	in, out0, out1 := build.K(), build.K(), build.K()
	lowBits(n, in)
	bytes := build.GP64()
	build.LEAQ(operand.Mem{Base: n, Index: n, Scale: 2}, bytes) // 3n, under 96
	lowBits(bytes, out0)                                        // all 64 from 3n >= 64
	build.SUBQ(operand.U8(64), bytes)
	build.JA(operand.LabelRef("tail_two"))
	build.XORQ(bytes, bytes) // 3n <= 64: nothing past the first 64 bytes
	build.Label("tail_two")
	lowBits(bytes, out1)
	step(in, out0, out1)

	build.Label("done")
	build.VZEROUPPER()
	build.RET()
}

// yccPermutes returns yccKernel's two VPERMI2B index tables, 64 bytes
// each, for RGB bytes 0..63 and 64..95 (the rest zero): byte o of the
// output is channel o%3 of pixel p = o/3, which VPACKUSWB left at byte
// 16(p/8) + p%8 of the first table (R), 8 bytes further (G), or at the
// same place in the second (B, index + 64).
func yccPermutes() operand.Mem {
	var b [128]byte
	for o := 0; o < 96; o++ {
		p, c := o/3, o%3
		at := 16*(p/8) + p%8
		switch c {
		case 1:
			at += 8
		case 2:
			at += 64
		}
		b[o] = byte(at)
	}
	return x86.BytesData("ycc_permute", b[:])
}
