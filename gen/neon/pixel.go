package main

import (
	"github.com/hotloop/hotloop/gen/internal/arm64"
	"github.com/hotloop/hotloop/gen/internal/recipe"
)

// pixelKernels are the kernels over packed pixels this file emits.
var pixelKernels = map[string]func(*fn){
	"RGBToGray":       lumaKernel(3),
	"RGBAToGray":      lumaKernel(4),
	"RGBAToRGB":       rgbaToRGB,
	"GrayToRGB":       grayToRGB,
	"HighBytes":       highBytes,
	"PremultiplyRGBA": premultiplyRGBA,
}

// Registers of the luma kernels: the weights (16-bit lanes) and the
// rounding term the accumulators start from.
const (
	vLumaR, vLumaG, vLumaB, vLumaRound = 28, 29, 30, 31
)

// lumaKernel emits RGBToGray (bpp 3) or RGBAToGray (bpp 4), Pillow's
// (R*19595 + G*38470 + B*7471 + 0x8000) >> 16, 16 pixels a step: VLD3
// (VLD4) splits the channels, UXTL widens them to 16-bit lanes, UMLAL
// multiply-accumulates each into 32-bit sums that start at 0x8000 (every
// weight fits an unsigned halfword, and the sums stay below 2^24), and two
// UZP2 (the high halfword of each sum is the shift by 16) and one UZP1 (the
// low byte of each) narrow to 16 bytes. The tail computes one pixel at a
// time with the same formula in general registers.
func lumaKernel(bpp int) func(*fn) {
	return func(f *fn) {
		f.prologue("dst", "src")
		for _, c := range []struct{ v, w int }{{vLumaR, 19595}, {vLumaG, 38470}, {vLumaB, 7471}} {
			f.I("MOVD $%d, %s", c.w, rTmp)
			f.I("VDUP %s, V%d.H8", rTmp, c.v)
		}
		f.I("MOVD $0x8000, %s", rTmp)
		f.I("VDUP %s, V%d.S4", rTmp, vLumaRound)
		f.loop(recipe.Loop{
			Lanes: 16, Unroll: 1, // one VLD3/VLD4 of 16 pixels; 12 multiply-accumulates keep the pipes busy
			Block: func(int) {
				if bpp == 3 {
					f.ld("VLD3", "R1", 48, "[V0.B16, V1.B16, V2.B16]")
				} else {
					f.ld("VLD4", "R1", 64, "[V0.B16, V1.B16, V2.B16, V3.B16]")
				}
				// Channel c's pixels 0..7 widen into V(4+2c), 8..15 into V(5+2c).
				for c := 0; c < 3; c++ {
					f.I("VUXTL V%d.B8, V%d.H8", c, 4+2*c)
					f.I("VUXTL2 V%d.B16, V%d.H8", c, 5+2*c)
				}
				// Sums of pixels 0..3, 4..7, 8..11, 12..15 in V10..V13.
				for s := 0; s < 4; s++ {
					f.I("VMOV V%d.B16, V%d.B16", vLumaRound, 10+s)
				}
				for c, w := range []int{vLumaR, vLumaG, vLumaB} {
					for s := 0; s < 4; s++ {
						src := 4 + 2*c + s/2
						if s%2 == 0 {
							f.W(arm64.UMLAL, "4s", 10+s, src, w)
						} else {
							f.W(arm64.UMLAL2, "4s", 10+s, src, w)
						}
					}
				}
				f.I("VUZP2 V11.H8, V10.H8, V14.H8")
				f.I("VUZP2 V13.H8, V12.H8, V15.H8")
				f.I("VUZP1 V15.B16, V14.B16, V16.B16")
				f.st("VST1", "[V16.B16]", "R0", 16)
			},
			Tail: func() {
				f.I("MOVBU.P 1(R1), R3")
				f.I("MOVBU.P 1(R1), R4")
				f.I("MOVBU.P %d(R1), R5", bpp-2) // past alpha, if any
				f.I("MOVW $19595, R6")
				f.I("MULW R6, R3, R3")
				f.I("MOVW $38470, R6")
				f.I("MADDW R6, R3, R4, R3") // R3 += R4*38470
				f.I("MOVW $7471, R6")
				f.I("MADDW R6, R3, R5, R3")
				f.I("ADDW $0x8000, R3, R3")
				f.I("LSRW $16, R3, R3")
				f.I("MOVBU.P R3, 1(R0)")
			},
		})
		f.I("RET")
	}
}

// rgbaToRGB drops alpha, 16 pixels a step: VLD4 splits the channels, VST3
// interleaves three of them back.
func rgbaToRGB(f *fn) {
	f.prologue("dst", "src")
	// The loop counts pixels, len(src)/4, not the destination's bytes.
	f.I("MOVD %s, %s", f.arg("src_len"), rCount)
	f.I("LSR $2, %s, %s", rCount, rCount)
	f.loop(recipe.Loop{
		Lanes: 16, Unroll: 1,
		Block: func(int) {
			f.ld("VLD4", "R1", 64, "[V0.B16, V1.B16, V2.B16, V3.B16]")
			f.st("VST3", "[V0.B16, V1.B16, V2.B16]", "R0", 48)
		},
		Tail: func() {
			f.I("MOVWU.P 4(R1), R3")
			f.I("MOVH R3, (R0)")
			f.I("LSRW $16, R3, R3")
			f.I("MOVB R3, 2(R0)")
			f.I("ADD $3, R0, R0")
		},
	})
	f.I("RET")
}

// grayToRGB replicates each grey byte into an RGB pixel, 16 pixels a step:
// VST3 interleaves three copies of one register.
func grayToRGB(f *fn) {
	f.prologue("dst", "src")
	f.I("MOVD %s, %s", f.arg("src_len"), rCount) // pixels
	f.loop(recipe.Loop{
		Lanes: 16, Unroll: 1,
		Block: func(int) {
			f.ld("VLD1", "R1", 16, "[V0.B16]")
			f.I("VMOV V0.B16, V1.B16")
			f.I("VMOV V0.B16, V2.B16")
			f.st("VST3", "[V0.B16, V1.B16, V2.B16]", "R0", 48)
		},
		Tail: func() {
			f.I("MOVBU.P 1(R1), R3")
			f.I("ORR R3<<8, R3, R4")
			f.I("MOVH R4, (R0)")
			f.I("MOVB R3, 2(R0)")
			f.I("ADD $3, R0, R0")
		},
	})
	f.I("RET")
}

// highBytes keeps the first (most significant) byte of each big-endian
// 16-bit sample, 16 samples a step: VLD2 splits even and odd bytes.
func highBytes(f *fn) {
	f.prologue("dst", "src")
	f.loop(recipe.Loop{
		Lanes: 16, Unroll: 1,
		Block: func(int) {
			f.ld("VLD2", "R1", 32, "[V0.B16, V1.B16]")
			f.st("VST1", "[V0.B16]", "R0", 16)
		},
		Tail: func() {
			f.I("MOVHU.P 2(R1), R3")
			f.I("MOVBU.P R3, 1(R0)")
		},
	})
	f.I("RET")
}

// premultiplyRGBA emits PremultiplyRGBA, 16 pixels a step: VLD4 splits the
// channels, UMULL/UMULL2 multiply each colour by alpha into 16-bit lanes
// (at most 255*255), ADD 128 and USRA by 8 make t + t>>8, and UZP2 keeps
// the high bytes, the >> 8: Pillow's rounding. Single pixels go through
// the low lanes, alpha's own lane multiplied by 255 (alpha again).
func premultiplyRGBA(f *fn) {
	f.prologue("dst", "src")
	f.I("MOVD %s, %s", f.arg("src_len"), rCount) // bytes
	f.I("MOVD $128, %s", rTmp)
	f.I("VDUP %s, V28.H8", rTmp)
	f.label("block")
	f.I("CMP $64, %s", rCount)
	f.I("BLO ones")
	start := f.n
	f.ld("VLD4", "R1", 64, "[V0.B16, V1.B16, V2.B16, V3.B16]")
	for c := 0; c < 3; c++ {
		f.W(arm64.UMULL, "8h", 4, c, 3)
		f.W(arm64.UMULL2, "8h", 5, c, 3)
		f.I("VADD V28.H8, V4.H8, V4.H8")
		f.I("VADD V28.H8, V5.H8, V5.H8")
		f.I("VUSRA $8, V4.H8, V4.H8")
		f.I("VUSRA $8, V5.H8, V5.H8")
		f.I("VUZP2 V5.B16, V4.B16, V%d.B16", c)
	}
	f.st("VST4", "[V0.B16, V1.B16, V2.B16, V3.B16]", "R0", 64)
	f.I("SUB $64, %s, %s", rCount, rCount)
	f.I("B block")
	f.loopInsts, f.loopElems = f.n-start, 16
	f.label("ones")
	f.I("CMP $4, %s", rCount)
	f.I("BLO done")
	f.I("MOVWU.P 4(R1), R3")
	f.I("VMOV R3, V0.S[0]")
	f.I("VDUP V0.B[3], V1.B8")
	f.I("MOVD $255, R4")
	f.I("VMOV R4, V1.B[3]")
	f.W(arm64.UMULL, "8h", 4, 0, 1)
	f.I("VADD V28.H8, V4.H8, V4.H8")
	f.I("VUSRA $8, V4.H8, V4.H8")
	f.I("VUZP2 V4.B16, V4.B16, V4.B16")
	f.I("VMOV V4.S[0], R3")
	f.I("MOVW.P R3, 4(R0)")
	f.I("SUB $4, %s, %s", rCount, rCount)
	f.I("B ones")
	f.label("done")
	f.I("RET")
}
