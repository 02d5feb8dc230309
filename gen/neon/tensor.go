package main

import "github.com/hotloop/hotloop/gen/internal/arm64"

// Registers of TensorPlane: 255, the mean and std in every lane.
const (
	vT255, vTMean, vTStd = 27, 28, 29
)

// tensorPlane emits TensorPlane: 8 bytes a step, gathered from their
// stride by LD1, LD3 or LD4 (stride 1, 3, 4: the first register holds
// every stride-th byte), widened by UXTL, converted by UCVTF (exact), then
// FDIV by 255, FSUB the mean and FDIV by std, IEEE operations rounded as
// Go's float32 ones are. A step runs only while its loads, 8*stride
// bytes, end within the bytes the wrapper checked (it needs 9 outputs left
// for strides 3 and 4); the rest, and other strides, one byte at a time
// with the scalar forms of the same instructions.
func tensorPlane(f *fn) {
	f.prologue("dst", "src") // R0, R1; rCount = len(dst)
	f.I("MOVD %s, R3", f.arg("stride"))
	f.broadcastF32("mean", vTMean)
	f.broadcastF32("std", vTStd)
	f.I("MOVW $0x437f0000, %s", rTmp) // 255.0
	f.I("VDUP %s, V%d.S4", rTmp, vT255)
	f.I("CMP $1, R3")
	f.I("BEQ s1")
	f.I("CMP $3, R3")
	f.I("BEQ s3")
	f.I("CMP $4, R3")
	f.I("BEQ s4")
	f.I("B tail")
	step := func(label, load string, bytes, need int) {
		f.label(label)
		start := f.n
		f.I("CMP $%d, %s", need, rCount)
		f.I("BLO tail")
		f.I(load)
		f.I("ADD $%d, R1, R1", bytes)
		f.I("VUXTL V0.B8, V0.H8")
		f.I("VUXTL V0.H4, V4.S4")
		f.I("VUXTL2 V0.H8, V5.S4")
		for v := 4; v < 6; v++ {
			f.W2(arm64.UCVTF, "4s", v, v)
			f.W(arm64.FDIV, "4s", v, v, vT255)
			f.W(arm64.FSUB, "4s", v, v, vTMean)
			f.W(arm64.FDIV, "4s", v, v, vTStd)
		}
		f.I("VST1.P [V4.S4, V5.S4], 32(R0)")
		f.I("SUB $8, %s, %s", rCount, rCount)
		f.I("B %s", label)
		if label == "s3" {
			f.loopInsts, f.loopElems = f.n-start, 8
		}
	}
	step("s1", "VLD1 (R1), [V0.B8]", 8, 8)
	step("s3", "VLD3 (R1), [V0.B8, V1.B8, V2.B8]", 24, 9)
	step("s4", "VLD4 (R1), [V0.B8, V1.B8, V2.B8, V3.B8]", 32, 9)

	f.label("tail")
	f.I("CBZ %s, done", rCount)
	f.I("MOVBU (R1), R5")
	f.I("UCVTFWS R5, F0")
	f.I("FDIVS F%d, F0, F0", vT255)
	f.I("FSUBS F%d, F0, F0", vTMean)
	f.I("FDIVS F%d, F0, F0", vTStd)
	f.I("FMOVS.P F0, 4(R0)")
	f.I("ADD R3, R1, R1")
	f.I("SUB $1, %s, %s", rCount, rCount)
	f.I("B tail")
	f.label("done")
	f.I("RET")
}
