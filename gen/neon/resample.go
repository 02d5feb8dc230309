package main

import (
	"github.com/hotloop/hotloop/gen/internal/arm64"
	"github.com/hotloop/hotloop/internal/registry"
)

// resampleKernels are the horizontal resampling kernels, one per channel
// count of the registry's list.
var resampleKernels = func() map[string]func(*fn) {
	m := map[string]func(*fn){}
	for _, ch := range registry.ResampleChannels {
		m[registry.ResampleName(ch)] = func(f *fn) { resampleKernel(f, ch) }
	}
	m["ResampleColumns"] = resampleColumns
	m["ReduceColumns"] = reduceColumns
	m["TensorPlane"] = tensorPlane
	return m
}()

// Registers of the resampling kernels: the accumulator, the rounding
// half its channels start from, and zero.
const (
	vRsAcc, vRsHalf, vRsZero = 0, 31, 30
)

// resampleKernel emits ResampleRow<ch>: for each output pixel, the taps
// of its window multiply-accumulate in 32-bit lanes (UXTL widens the
// bytes, MLA wraps as int32 does, so the sums are Pillow's in any order).
// Grey takes 8 taps a step in two vectors and its last taps one at a time
// with MADDW, and is clipped in general registers; RGB and RGBA take a
// pixel a step, its weight replicated by LD1R, and are clipped in the
// vector: negative sums are zeroed (the sign, widened to a mask, cleared),
// then USHR by 22 and two UQXTN saturate to bytes, which is clip8.
//
// The wrapper has checked every window against src, so loads stay in it:
// an RGB pixel is loaded as 4 bytes only when the window holds another
// pixel after it, and the window's last one as a halfword and a byte.
func resampleKernel(f *fn, ch int) {
	f.prologue("dst", "src", "bounds", "k") // R0..R3
	f.I("MOVD %s, %s", f.arg("bounds_len"), rCount)
	f.I("LSR $1, %s, %s", rCount, rCount)
	f.I("CBZ %s, done", rCount)
	f.I("MOVD $%d, %s", 1<<21, rTmp)
	f.I("VDUP %s, V%d.S4", rTmp, vRsHalf)
	f.I("VEOR V%d.B16, V%d.B16, V%d.B16", vRsZero, vRsZero, vRsZero)
	if ch == 3 {
		f.I("MOVD $0x0505040302020100, %s", rTmp) // RGB bytes 0-2, 3-5 to lanes 0-2, 4-6
		f.I("VMOV %s, V29.D[0]", rTmp)
	}
	f.label("pixel")
	f.I("MOVWU (R2), R4")  // first
	f.I("MOVWU 4(R2), R5") // taps
	switch ch {
	case 1:
		f.I("ADD R4, R1, R6")
	case 3:
		f.I("ADD R4<<1, R4, R4")
		f.I("ADD R4, R1, R6")
	case 4:
		f.I("ADD R4<<2, R1, R6")
	}
	if ch == 1 {
		f.I("VEOR V%d.B16, V%d.B16, V%d.B16", vRsAcc, vRsAcc, vRsAcc)
		f.I("MOVW $%d, R8", 1<<21)
		f.label("eight")
		start := f.n
		f.I("CMP $8, R5")
		f.I("BLO ones")
		f.I("VLD1.P 8(R6), [V1.B8]")
		f.I("VUXTL V1.B8, V1.H8")
		f.I("VUXTL V1.H4, V2.S4")
		f.I("VUXTL2 V1.H8, V3.S4")
		f.I("VLD1.P 32(R3), [V4.S4, V5.S4]")
		f.W(arm64.MLA, "4s", vRsAcc, 2, 4)
		f.W(arm64.MLA, "4s", vRsAcc, 3, 5)
		f.I("SUB $8, R5, R5")
		f.I("B eight")
		f.loopInsts, f.loopElems = f.n-start, 8 // per tap: the windows' loop, not the pixel's
		f.label("ones")
		f.I("CBZ R5, sum")
		f.label("one")
		f.I("MOVBU.P 1(R6), R7")
		f.I("MOVWU.P 4(R3), R10")
		f.I("MADDW R10, R8, R7, R8") // R8 += R7*R10
		f.I("SUBS $1, R5, R5")
		f.I("BNE one")
		f.label("sum")
		f.I("VADDV V%d.S4, V%d", vRsAcc, vRsAcc)
		f.I("VMOV V%d.S[0], R7", vRsAcc)
		f.I("ADDW R7, R8, R8")
		f.I("ASRW $22, R8, R8")
		f.I("CMPW $0, R8")
		f.I("CSELW LT, ZR, R8, R8")
		f.I("MOVW $255, R7")
		f.I("CMPW R7, R8")
		f.I("CSELW GT, R7, R8, R8")
		f.I("MOVB.P R8, 1(R0)")
	} else {
		f.I("VMOV V%d.B16, V%d.B16", vRsHalf, vRsAcc)
		f.I("VEOR V3.B16, V3.B16, V3.B16") // the second pixel's sums
		// Two pixels a step while the window holds them (RGB: and one
		// more, so that the 8-byte load stays in it); TBL spreads two RGB
		// pixels to 4-byte groups.
		f.label("two")
		f.I("CMP $%d, R5", 2+ch%2)
		f.I("BLO ones")
		start := f.n
		if ch == 4 {
			f.I("MOVD.P 8(R6), R7")
			f.I("VMOV R7, V1.D[0]")
		} else {
			f.I("MOVD (R6), R7")
			f.I("ADD $6, R6, R6")
			f.I("VMOV R7, V1.D[0]")
			f.I("VTBL V29.B8, [V1.B16], V1.B8")
		}
		f.I("VUXTL V1.B8, V1.H8")
		f.I("VUXTL V1.H4, V4.S4")
		f.I("VUXTL2 V1.H8, V5.S4")
		f.I("VLD1R.P 4(R3), [V6.S4]")
		f.I("VLD1R.P 4(R3), [V7.S4]")
		f.W(arm64.MLA, "4s", vRsAcc, 4, 6)
		f.W(arm64.MLA, "4s", 3, 5, 7)
		f.I("SUB $2, R5, R5")
		f.I("B two")
		f.loopInsts, f.loopElems = f.n-start, 2 // per tap
		f.label("ones")
		f.I("CBZ R5, sum")
		f.label("one")
		if ch == 4 {
			f.I("MOVWU.P 4(R6), R7")
		} else {
			f.I("CMP $1, R5")
			f.I("BEQ last")
			f.I("MOVWU (R6), R7")
			f.I("B mul")
			f.label("last")
			f.I("MOVHU (R6), R7")
			f.I("MOVBU 2(R6), R8")
			f.I("ORR R8<<16, R7, R7")
			f.label("mul")
			f.I("ADD $3, R6, R6")
		}
		f.I("VMOV R7, V1.S[0]")
		f.I("VUXTL V1.B8, V1.H8")
		f.I("VUXTL V1.H4, V1.S4")
		f.I("VLD1R.P 4(R3), [V2.S4]")
		f.W(arm64.MLA, "4s", vRsAcc, 1, 2)
		f.I("SUBS $1, R5, R5")
		f.I("BNE one")
		f.label("sum")
		f.I("VADD V3.S4, V%d.S4, V%d.S4", vRsAcc, vRsAcc)
		clipSums(f, vRsAcc, 1)
		f.W2(arm64.UQXTN, "4h", vRsAcc, vRsAcc)
		f.W2(arm64.UQXTN, "8b", vRsAcc, vRsAcc)
		f.I("VMOV V%d.S[0], R7", vRsAcc)
		if ch == 4 {
			f.I("MOVW.P R7, 4(R0)")
		} else {
			f.I("MOVH R7, (R0)")
			f.I("LSRW $16, R7, R7")
			f.I("MOVB R7, 2(R0)")
			f.I("ADD $3, R0, R0")
		}
	}
	f.I("ADD $8, R2, R2")
	f.I("SUBS $1, %s, %s", rCount, rCount)
	f.I("BNE pixel")
	f.label("done")
	f.I("RET")
}

// clipSums emits the vector clip8 of the 32-bit sums in V(first)..:
// negative sums zeroed (the sign, widened to a mask, cleared), then the
// shift by 22; UQXTN then saturates to bytes.
func clipSums(f *fn, first, count int) {
	for v := first; v < first+count; v++ {
		f.I("VUSHR $31, V%d.S4, V24.S4", v)         // 1 where negative
		f.I("VSUB V24.S4, V%d.S4, V24.S4", vRsZero) // all ones where negative
		f.I("VAND V24.B16, V%d.B16, V24.B16", v)    // the negative sums
		f.I("VEOR V24.B16, V%d.B16, V%d.B16", v, v) // cleared
		f.I("VUSHR $22, V%d.S4, V%d.S4", v, v)
	}
}

// resampleColumns emits ResampleColumns: 16 columns a step in four
// accumulators (each tap: LD1R of the weight, one 16-byte load from the
// tap's row, six UXTL to 32-bit lanes, four MLA), clipped and narrowed by
// UQXTN/UQXTN2 to 16 bytes; then single columns with MADDW and the scalar
// clip.
func resampleColumns(f *fn) {
	f.prologue("dst", "src", "k") // R0..R2; rCount = len(dst)
	f.I("MOVD %s, R3", f.arg("stride"))
	f.I("MOVD %s, R4", f.arg("k_len"))
	f.I("MOVD $%d, %s", 1<<21, rTmp)
	f.I("VDUP %s, V%d.S4", rTmp, vRsHalf)
	f.I("VEOR V%d.B16, V%d.B16, V%d.B16", vRsZero, vRsZero, vRsZero)
	f.label("block")
	f.I("CMP $16, %s", rCount)
	f.I("BLO ones")
	for v := 0; v < 4; v++ {
		f.I("VMOV V%d.B16, V%d.B16", vRsHalf, v)
	}
	f.I("MOVD R1, R6")
	f.I("MOVD R2, R7")
	f.I("MOVD R4, R5")
	f.I("CBZ R5, blockclip")
	f.label("blocktap")
	start := f.n
	f.I("VLD1R.P 4(R7), [V8.S4]")
	f.I("VLD1 (R6), [V9.B16]")
	f.I("ADD R3, R6, R6")
	f.I("VUXTL V9.B8, V10.H8")
	f.I("VUXTL2 V9.B16, V11.H8")
	f.I("VUXTL V10.H4, V12.S4")
	f.I("VUXTL2 V10.H8, V13.S4")
	f.I("VUXTL V11.H4, V14.S4")
	f.I("VUXTL2 V11.H8, V15.S4")
	for v := 0; v < 4; v++ {
		f.W(arm64.MLA, "4s", v, 12+v, 8)
	}
	f.I("SUBS $1, R5, R5")
	f.I("BNE blocktap")
	f.loopInsts, f.loopElems = f.n-start, 16 // per tap of a column
	f.label("blockclip")
	clipSums(f, 0, 4)
	f.W2(arm64.UQXTN, "4h", 0, 0)
	f.W2(arm64.UQXTN2, "8h", 0, 1)
	f.W2(arm64.UQXTN, "4h", 2, 2)
	f.W2(arm64.UQXTN2, "8h", 2, 3)
	f.W2(arm64.UQXTN, "8b", 0, 0)
	f.W2(arm64.UQXTN2, "16b", 0, 2)
	f.I("VST1.P [V0.B16], 16(R0)")
	f.I("ADD $16, R1, R1")
	f.I("SUB $16, %s, %s", rCount, rCount)
	f.I("B block")

	f.label("ones")
	f.I("CBZ %s, done", rCount)
	f.I("MOVW $%d, R8", 1<<21)
	f.I("MOVD R1, R6")
	f.I("MOVD R2, R7")
	f.I("MOVD R4, R5")
	f.I("CBZ R5, oneclip")
	f.label("onetap")
	f.I("MOVBU (R6), R11")
	f.I("ADD R3, R6, R6")
	f.I("MOVWU.P 4(R7), R12")
	f.I("MADDW R12, R8, R11, R8") // R8 += R11*R12
	f.I("SUBS $1, R5, R5")
	f.I("BNE onetap")
	f.label("oneclip")
	f.I("ASRW $22, R8, R8")
	f.I("CMPW $0, R8")
	f.I("CSELW LT, ZR, R8, R8")
	f.I("MOVW $255, R11")
	f.I("CMPW R11, R8")
	f.I("CSELW GT, R11, R8, R8")
	f.I("MOVB.P R8, 1(R0)")
	f.I("ADD $1, R1, R1")
	f.I("SUB $1, %s, %s", rCount, rCount)
	f.I("B ones")
	f.label("done")
	f.I("RET")
}

// reduceColumns emits ReduceColumns: 32 columns a step in four
// accumulators of 16-bit lanes, each row one 32-byte load and four
// UADDW/UADDW2 (which widen the bytes and wrap as uint16, the contract);
// then 8 columns a step in one; then single columns in a general
// register.
func reduceColumns(f *fn) {
	f.prologue("dst", "src") // R0, R1; rCount = len(dst)
	f.I("MOVD %s, R3", f.arg("stride"))
	f.I("MOVD %s, R4", f.arg("rows"))
	f.label("block")
	f.I("CMP $32, %s", rCount)
	f.I("BLO eights")
	for v := 0; v < 4; v++ {
		f.I("VEOR V%d.B16, V%d.B16, V%d.B16", v, v, v)
	}
	f.I("MOVD R1, R6")
	f.I("MOVD R4, R5")
	f.I("CBZ R5, blockstore")
	f.label("blockrow")
	start := f.n
	f.I("VLD1 (R6), [V8.B16, V9.B16]")
	f.I("ADD R3, R6, R6")
	f.I("VUADDW V8.B8, V0.H8, V0.H8")
	f.I("VUADDW2 V8.B16, V1.H8, V1.H8")
	f.I("VUADDW V9.B8, V2.H8, V2.H8")
	f.I("VUADDW2 V9.B16, V3.H8, V3.H8")
	f.I("SUBS $1, R5, R5")
	f.I("BNE blockrow")
	f.loopInsts, f.loopElems = f.n-start, 32 // per row of a column
	f.label("blockstore")
	f.I("VST1.P [V0.H8, V1.H8, V2.H8, V3.H8], 64(R0)")
	f.I("ADD $32, R1, R1")
	f.I("SUB $32, %s, %s", rCount, rCount)
	f.I("B block")

	f.label("eights")
	f.I("CMP $8, %s", rCount)
	f.I("BLO ones")
	f.I("VEOR V0.B16, V0.B16, V0.B16")
	f.I("MOVD R1, R6")
	f.I("MOVD R4, R5")
	f.I("CBZ R5, eightstore")
	f.label("eightrow")
	f.I("VLD1 (R6), [V8.B8]")
	f.I("ADD R3, R6, R6")
	f.I("VUADDW V8.B8, V0.H8, V0.H8")
	f.I("SUBS $1, R5, R5")
	f.I("BNE eightrow")
	f.label("eightstore")
	f.I("VST1.P [V0.H8], 16(R0)")
	f.I("ADD $8, R1, R1")
	f.I("SUB $8, %s, %s", rCount, rCount)
	f.I("B eights")

	f.label("ones")
	f.I("CBZ %s, done", rCount)
	f.I("MOVW ZR, R8")
	f.I("MOVD R1, R6")
	f.I("MOVD R4, R5")
	f.I("CBZ R5, onestore")
	f.label("onerow")
	f.I("MOVBU (R6), R11")
	f.I("ADD R3, R6, R6")
	f.I("ADDW R11, R8, R8")
	f.I("SUBS $1, R5, R5")
	f.I("BNE onerow")
	f.label("onestore")
	f.I("MOVH.P R8, 2(R0)")
	f.I("ADD $1, R1, R1")
	f.I("SUB $1, %s, %s", rCount, rCount)
	f.I("B ones")
	f.label("done")
	f.I("RET")
}
