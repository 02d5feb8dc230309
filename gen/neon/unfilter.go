package main

import (
	"github.com/hotloop/hotloop/gen/internal/arm64"
	"github.com/hotloop/hotloop/internal/registry"
)

// unfilterKernels are PNG's scan kernels, one per filter and pixel size of
// the registry's lists.
var unfilterKernels = func() map[string]func(*fn) {
	m := map[string]func(*fn){}
	for _, flt := range registry.UnfilterFilters {
		for _, bpp := range registry.UnfilterBpps {
			m[registry.UnfilterName(flt.Name, bpp)] = func(f *fn) { unfilterKernel(f, flt.Name, bpp) }
		}
	}
	return m
}()

// Registers of the scan kernels: the pixel being computed (x, the
// filtered bytes), up (b), left (a) and up-left (c), one pixel in the low
// bytes of each.
const (
	vLeft, vUpLeft, vCur, vUp = 0, 1, 2, 3
)

// unfilterKernel emits one filter's scan over pixels of bpp bytes, one
// pixel a step in the low bytes of vector registers: each pixel needs the
// one before it as just computed, so the step's latency is the loop's
// speed. Left and up-left stay in registers between steps, zero before the
// first pixel, where every filter's formula then gives the specification's
// first-pixel rule. Pixels move through a general register (a word for 4
// bytes; a halfword and a byte for 3), so no byte past the row is touched.
//
// Paeth works on bytes with unsigned instructions: pa = |b - c| and
// pb = |a - c| (UABD), and pc = |(b - c) + (a - c)| is pa + pb when the two
// differences have the same sign (CMHS twice, compared) and |pa - pb|
// otherwise. The sum saturates at 255 (UQADD), which changes no
// comparison: pc only takes part in "pb <= pc" and "pa <= min(pb, pc)",
// and pa, pb are at most 255.
func unfilterKernel(f *fn, filter string, bpp int) {
	f.prologue("cur", "prev") // R0, R1; rCount = bytes
	f.I("VEOR V%d.B16, V%d.B16, V%d.B16", vLeft, vLeft, vLeft)
	f.I("VEOR V%d.B16, V%d.B16, V%d.B16", vUpLeft, vUpLeft, vUpLeft)
	f.I("CBZ %s, done", rCount)
	f.label("pixel")
	start := f.n
	load := func(ptr string, v int) {
		if bpp == 4 {
			f.I("MOVWU (%s), R3", ptr)
		} else {
			f.I("MOVHU (%s), R3", ptr)
			f.I("MOVBU 2(%s), R4", ptr)
			f.I("ORR R4<<16, R3, R3")
		}
		f.I("VMOV R3, V%d.S[0]", v)
	}
	load("R0", vCur)
	switch filter {
	case "Sub":
		f.I("VADD V%d.B8, V%d.B8, V%d.B8", vCur, vLeft, vLeft)
	case "Average":
		load("R1", vUp)
		f.W(arm64.UHADD, "8b", 4, vLeft, vUp) // floor((a + b) / 2)
		f.I("VADD V4.B8, V%d.B8, V%d.B8", vCur, vLeft)
	case "Paeth":
		load("R1", vUp)
		f.W(arm64.UABD, "8b", 5, vUp, vUpLeft)   // pa = |b - c|
		f.W(arm64.UABD, "8b", 6, vLeft, vUpLeft) // pb = |a - c|
		f.W(arm64.CMHS, "8b", 7, vUp, vUpLeft)   // b >= c
		f.W(arm64.CMHS, "8b", 16, vLeft, vUpLeft)
		f.I("VEOR V16.B8, V7.B8, V7.B8")                 // the signs differ
		f.W(arm64.UQADD, "8b", 17, 5, 6)                 // pa + pb, saturated
		f.W(arm64.UABD, "8b", 18, 5, 6)                  // |pa - pb|
		f.I("VBSL V17.B8, V18.B8, V7.B8")                // pc
		f.W(arm64.CMHI, "8b", 19, 6, 7)                  // pb > pc
		f.I("VBSL V%d.B8, V%d.B8, V19.B8", vUp, vUpLeft) // pb > pc ? c : b
		f.I("VUMIN V7.B8, V6.B8, V20.B8")                // min(pb, pc)
		f.W(arm64.CMHI, "8b", 21, 5, 20)                 // pa > min(pb, pc)
		f.I("VBSL V%d.B8, V19.B8, V21.B8", vLeft)        // the predictor
		f.I("VADD V21.B8, V%d.B8, V%d.B8", vCur, vLeft)
		f.I("VMOV V%d.B16, V%d.B16", vUp, vUpLeft)
	}
	f.I("VMOV V%d.S[0], R3", vLeft)
	if bpp == 4 {
		f.I("MOVW R3, (R0)")
	} else {
		f.I("MOVH R3, (R0)")
		f.I("LSRW $16, R3, R3")
		f.I("MOVB R3, 2(R0)")
	}
	f.I("ADD $%d, R0, R0", bpp)
	f.I("ADD $%d, R1, R1", bpp)
	f.I("SUBS $%d, %s, %s", bpp, rCount, rCount)
	f.I("BNE pixel")
	f.loopInsts, f.loopElems = f.n-start, 1
	f.label("done")
	f.I("RET")
}
