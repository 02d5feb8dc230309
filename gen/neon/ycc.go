package main

import (
	"fmt"

	"github.com/hotloop/hotloop/gen/internal/arm64"
	"github.com/hotloop/hotloop/gen/internal/ycc"
)

// rowKernels are the row kernels of JPEG decoding: the colour conversion
// (this file) and the upsampling (upsample.go).
var rowKernels = map[string]func(*fn){
	"YCbCrToRGB":   yccKernel,
	"UpsampleH2V1": func(f *fn) { upsampleKernel(f, false) },
	"UpsampleH2V2": func(f *fn) { upsampleKernel(f, true) },
}

// Registers of YCbCrToRGB: the four factors in the lanes of one register
// (MUL by element), 128 and the rounding half in every lane; the
// narrowed halves of the three channels; their bytes for VST3.
const (
	vYccMul, vYcc128, vYccHalf = 28, 29, 30
	vYccT, vYccU               = 17, 18
	vYccOut                    = 20 // 20, 21, 22: R, G, B bytes
)

// yccNarrow are the .8H registers the channels' sums narrow into: low and
// high 8 pixels of R, G and B.
var yccNarrow = [3][2]int{{23, 24}, {25, 26}, {27, 31}}

// yccKernel emits YCbCrToRGB: 16 pixels a step, widened by UXTL twice to
// 32-bit lanes (four vectors per plane: y in V5-V8, cb in V9-V12, cr in
// V13-V16), the reference's arithmetic with MUL by element and SSHR,
// SQXTN (exact) and SQXTUN (the saturation) back to bytes, and VST3 to
// interleave them; the last pixels one at a time in lane 0 of the same
// registers.
func yccKernel(f *fn) {
	f.I("MOVD %s, R0", f.arg("dst_base"))
	f.I("MOVD %s, R1", f.arg("y_base"))
	f.I("MOVD %s, R2", f.arg("cb_base"))
	f.I("MOVD %s, R3", f.arg("cr_base"))
	f.I("MOVD %s, %s", f.arg("y_len"), rCount)
	for i, k := range ycc.Multipliers {
		f.I("MOVW $%d, %s", k, rTmp)
		f.I("VMOV %s, V%d.S[%d]", rTmp, vYccMul, i)
	}
	f.I("MOVW $128, %s", rTmp)
	f.I("VDUP %s, V%d.S4", rTmp, vYcc128)
	f.I("MOVW $%d, %s", ycc.Half, rTmp)
	f.I("VDUP %s, V%d.S4", rTmp, vYccHalf)

	f.I("SUBS $16, %s, %s", rCount, rCount)
	f.I("BLT block_done")
	f.label("block")
	start := f.n
	for p := 0; p < 3; p++ {
		f.ld("VLD1", fmt.Sprintf("R%d", p+1), 16, fmt.Sprintf("[V%d.B16]", p))
		first := 5 + 4*p
		f.I("VUXTL V%d.B8, V3.H8", p)
		f.I("VUXTL2 V%d.B16, V4.H8", p)
		f.I("VUXTL V3.H4, V%d.S4", first)
		f.I("VUXTL2 V3.H8, V%d.S4", first+1)
		f.I("VUXTL V4.H4, V%d.S4", first+2)
		f.I("VUXTL2 V4.H8, V%d.S4", first+3)
	}
	for q := 0; q < 4; q++ {
		yccQuarter(f, q)
	}
	for c, nr := range yccNarrow {
		f.W2(arm64.SQXTUN, "8b", vYccOut+c, nr[0])
		f.W2(arm64.SQXTUN2, "16b", vYccOut+c, nr[1])
	}
	f.st("VST3", fmt.Sprintf("[V%d.B16, V%d.B16, V%d.B16]", vYccOut, vYccOut+1, vYccOut+2), "R0", 48)
	f.I("SUBS $16, %s, %s", rCount, rCount)
	f.I("BGE block")
	f.loopInsts, f.loopElems = f.n-start, 16
	f.label("block_done")
	f.I("ADDS $16, %s, %s", rCount, rCount)
	f.I("BEQ done")
	f.label("one")
	for p := 0; p < 3; p++ {
		f.I("MOVBU (R%d), R5", p+1)
		f.I("ADD $1, R%d, R%d", p+1, p+1)
		f.I("VMOV R5, V%d.S[0]", 5+4*p)
	}
	yccQuarter(f, 0)
	for c, nr := range yccNarrow {
		f.W2(arm64.SQXTUN, "8b", vYccOut+c, nr[0])
		f.I("VMOV V%d.B[0], R5", vYccOut+c)
		f.I("MOVB R5, %d(R0)", c)
	}
	f.I("ADD $3, R0, R0")
	f.I("SUBS $1, %s, %s", rCount, rCount)
	f.I("BNE one")
	f.label("done")
	f.I("RET")
}

// yccQuarter computes pixels 4q..4q+3 of the step (lanes of V5+q, V9+q,
// V13+q, whose cb and cr it offsets by -128) and narrows each channel into
// the low (q even) or high half of its .8H register.
func yccQuarter(f *fn, q int) {
	y, cb, cr := 5+q, 9+q, 13+q
	f.I("VSUB V%d.S4, V%d.S4, V%d.S4", vYcc128, cb, cb)
	f.I("VSUB V%d.S4, V%d.S4, V%d.S4", vYcc128, cr, cr)
	mul := func(d, src, lane int) { f.W(arm64.MULE, fmt.Sprintf("4s[%d]", lane), d, src, vYccMul) }
	for c := 0; c < 3; c++ {
		switch c {
		case 0:
			mul(vYccT, cr, 0)
		case 1:
			mul(vYccT, cb, 1)
			mul(vYccU, cr, 2)
			f.I("VADD V%d.S4, V%d.S4, V%d.S4", vYccU, vYccT, vYccT)
		case 2:
			mul(vYccT, cb, 3)
		}
		f.I("VADD V%d.S4, V%d.S4, V%d.S4", vYccHalf, vYccT, vYccT)
		f.W2(arm64.SSHR, fmt.Sprintf("4s#%d", ycc.Shift), vYccT, vYccT)
		f.I("VADD V%d.S4, V%d.S4, V%d.S4", y, vYccT, vYccT)
		nr := yccNarrow[c][q/2]
		if q%2 == 0 {
			f.W2(arm64.SQXTN, "4h", nr, vYccT)
		} else {
			f.W2(arm64.SQXTN2, "8h", nr, vYccT)
		}
	}
}
