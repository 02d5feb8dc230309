package main

import (
	"github.com/hotloop/hotloop/gen/internal/arm64"
	"github.com/hotloop/hotloop/internal/registry"
)

// reduceRowKernels are the block sums of Pillow's reduce, one per channel
// count of the registry's list.
var reduceRowKernels = func() map[string]func(*fn) {
	m := map[string]func(*fn){}
	for _, ch := range registry.ReduceRowChannels {
		m[registry.ReduceRowName(ch)] = func(f *fn) { reduceRow(f, ch) }
	}
	return m
}()

// reduceRow emits ReduceRow<ch>: one output pixel a step, whose block is
// fx*ch contiguous halfwords, summed a chunk at a time into the 32-bit
// lanes of V0 by UADDW and UADDW2 (which widen the halfwords): chunks of
// 8 halfwords while they last, then 4, whose lanes hold channel lane%ch
// when ch divides 4; LA then folds the upper two lanes onto the lower
// two (VEXT) and takes a last chunk of 2, grey adds its lanes (VADDV) and
// its last 1 to 3 halfwords in a general register. RGB takes one pixel of
// the block a chunk, 4 halfwords loaded for 3. The rounding is VADD,
// MUL and VUSHR as in uint32, then two UQXTN narrow the lanes to bytes
// (grey's: MULW and LSRW in general registers).
//
// RGB's loads read a halfword past the block and its 4-byte store writes
// a byte past the pixel, so its step runs only while another pixel
// follows; the last pixels, and RGB's last one, are summed one channel at
// a time in general registers.
func reduceRow(f *fn, ch int) {
	f.prologue("dst", "cols") // R0, R1; rCount = len(dst)
	f.I("MOVD %s, R3", f.arg("fx"))
	f.I("MOVD %s, R4", f.arg("half"))
	f.I("MOVD %s, R5", f.arg("m"))
	f.I("CBZ %s, done", rCount) // fx may be anything then
	f.I("MOVD $%d, R6", ch)
	f.I("MUL R3, R6, R6") // a block's halfwords
	f.I("LSL $1, R6, R7") // and bytes
	f.I("VDUP R4, V31.S4")
	f.I("VDUP R5, V30.S4")
	need := ch
	if ch == 3 {
		need = 2 * ch
	}

	f.label("pixel")
	f.I("CMP $%d, %s", need, rCount)
	f.I("BLO tail")
	f.I("VEOR V0.B16, V0.B16, V0.B16")
	f.I("MOVD R1, R8")  // the chunk's address
	f.I("MOVD R6, R11") // halfwords left in the block
	if ch == 3 {
		f.label("threes")
		start := f.n
		f.I("VLD1 (R8), [V1.H4]")
		f.I("ADD $6, R8, R8")
		f.I("VUADDW V1.H4, V0.S4, V0.S4")
		f.I("SUBS $3, R11, R11")
		f.I("BNE threes")
		f.loopInsts, f.loopElems = f.n-start, 3 // per column sum
	} else {
		f.label("eights")
		start := f.n
		f.I("CMP $8, R11")
		f.I("BLO four")
		f.I("VLD1 (R8), [V1.H8]")
		f.I("ADD $16, R8, R8")
		f.I("VUADDW V1.H4, V0.S4, V0.S4")
		f.I("VUADDW2 V1.H8, V0.S4, V0.S4")
		f.I("SUB $8, R11, R11")
		f.I("B eights")
		f.loopInsts, f.loopElems = f.n-start, 8 // per column sum
		f.label("four")
		f.I("CMP $4, R11")
		f.I("BLO four_done")
		f.I("VLD1 (R8), [V1.H4]")
		f.I("ADD $8, R8, R8")
		f.I("VUADDW V1.H4, V0.S4, V0.S4")
		f.I("SUB $4, R11, R11")
		f.label("four_done")
	}
	switch ch {
	case 1:
		f.I("VADDV V0.S4, V0")
		f.I("VMOV V0.S[0], R12")
		f.I("CBZ R11, grey_sum")
		f.label("grey_ones")
		f.I("MOVHU.P 2(R8), R13")
		f.I("ADDW R13, R12, R12")
		f.I("SUBS $1, R11, R11")
		f.I("BNE grey_ones")
		f.label("grey_sum")
		f.I("ADDW R4, R12, R12")
		f.I("MULW R5, R12, R12")
		f.I("LSRW $24, R12, R12")
		f.I("MOVB R12, (R0)")
	default:
		if ch == 2 {
			f.I("VEXT $8, V0.B16, V0.B16, V1.B16")
			f.I("VADD V1.S4, V0.S4, V0.S4")
			f.I("CBZ R11, pair_done")
			f.I("MOVWU (R8), R12")
			f.I("VMOV R12, V1.S[0]")
			f.I("VUADDW V1.H4, V0.S4, V0.S4") // lanes 2 and 3 gain garbage; only 0 and 1 are stored
			f.label("pair_done")
		}
		f.I("VADD V31.S4, V0.S4, V0.S4")
		f.W(arm64.MUL, "4s", 0, 0, 30)
		f.I("VUSHR $24, V0.S4, V0.S4")
		f.W2(arm64.UQXTN, "4h", 0, 0)
		f.W2(arm64.UQXTN, "8b", 0, 0)
		switch ch {
		case 2:
			f.I("VMOV V0.H[0], R12")
			f.I("MOVH R12, (R0)")
		default: // RGB's fourth byte is the next pixel's, written again by its step
			f.I("FMOVS F0, (R0)")
		}
	}
	f.I("ADD $%d, R0, R0", ch)
	f.I("SUB $%d, %s, %s", ch, rCount, rCount)
	f.I("ADD R7, R1, R1")
	f.I("B pixel")

	// The last pixels: each channel's fx sums, ch halfwords apart.
	f.label("tail")
	f.I("CBZ %s, done", rCount)
	f.label("last")
	f.I("MOVD ZR, R12") // channel
	f.label("channel")
	f.I("ADD R12<<1, R1, R8")
	f.I("MOVW R4, R13")
	f.I("MOVD R3, R11")
	f.label("tap")
	f.I("MOVHU (R8), R14")
	f.I("ADD $%d, R8, R8", 2*ch)
	f.I("ADDW R14, R13, R13")
	f.I("SUBS $1, R11, R11")
	f.I("BNE tap")
	f.I("MULW R5, R13, R13")
	f.I("LSRW $24, R13, R13")
	f.I("MOVB R13, (R0)(R12)")
	f.I("ADD $1, R12, R12")
	f.I("CMP $%d, R12", ch)
	f.I("BLO channel")
	f.I("ADD $%d, R0, R0", ch)
	f.I("ADD R7, R1, R1")
	f.I("SUBS $%d, %s, %s", ch, rCount, rCount)
	f.I("BNE last")
	f.label("done")
	f.I("RET")
}
