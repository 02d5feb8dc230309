package kernels

import (
	"github.com/hotloop/hotloop/internal/check"
	"github.com/hotloop/hotloop/internal/islow"
)

// IDCT transforms the len(blk)/64 blocks of dequantised DCT coefficients
// in blk (natural order, 64 per block) into 8x8 samples with libjpeg's
// accurate integer inverse DCT ("islow", jidctint.c, the one Pillow keeps
// by default): block i's samples, level-shifted by 128 and saturated to
// 0..255, go to the 8 rows of 8 bytes at dst[8i], dst[8i+stride], ...
//
// The arithmetic is libjpeg's step for step in int32 (wrapping, so that
// any input, corrupt data included, gives the same bytes on every ISA);
// libjpeg's shortcut for columns without AC terms gives the same result
// whenever nothing overflows, which holds for every real file.
//
// It panics unless blk holds whole blocks and stride >= 8n and dst holds
// 7*stride + 8n bytes for n blocks (programming errors); nothing outside
// the slices is read or written.
func IDCT(dst []uint8, stride int, blk []int32) {
	fixed().IDCT(dst, stride, blk) // the table's wrapper checks the geometry
}

// DequantIDCT is IDCT of quantised coefficients: coefficient i of each
// block in coef (natural order, 64 per block) times its quantiser q[i],
// in wrapping int32 arithmetic, then IDCT's transform and store. It
// saves a progressive JPEG's decoder a pass that widens and multiplies
// each block in Go.
//
// It panics unless coef holds whole blocks, q holds 64 quantisers (when
// there is a block), stride >= 8n and dst holds 7*stride + 8n bytes for
// n blocks (programming errors); nothing outside the slices is read or
// written.
func DequantIDCT(dst []uint8, stride int, coef []int16, q []int32) {
	fixed().DequantIDCT(dst, stride, coef, q) // the table's wrapper checks
}

// dequantIDCTGeneric is the reference: each block multiplied out, then
// idctGeneric.
func dequantIDCTGeneric(dst []uint8, stride int, coef []int16, q []int32) {
	if p := check.QuantBlocksProblem(dst, stride, coef, q); p != "" {
		panic("hotloop: DequantIDCT: " + p)
	}
	var blk [64]int32
	for b := 0; b < len(coef)/64; b++ {
		for i := range blk {
			blk[i] = int32(coef[64*b+i]) * q[i]
		}
		idctGeneric(dst[8*b:], stride, blk[:])
	}
}

// The islow precision (the constants themselves are in internal/islow).
const (
	idctBits  = islow.ConstBits // CONST_BITS
	idctPass1 = islow.Pass1Bits // PASS1_BITS

)

// idctGeneric is the reference: jidctint's two passes on each block as
// written there, without its shortcuts.
func idctGeneric(dst []uint8, stride int, blk []int32) {
	check.Blocks("IDCT", dst, stride, blk)
	for b := 0; b < len(blk)/64; b++ {
		in := (*[64]int32)(blk[64*b : 64*b+64])
		var ws, out [64]int32
		for c := 0; c < 8; c++ {
			idct1D(in[c], in[8+c], in[16+c], in[24+c], in[32+c], in[40+c], in[48+c], in[56+c],
				idctBits-idctPass1, ws[:], c, 8)
		}
		for r := 0; r < 8; r++ {
			w := ws[8*r : 8*r+8]
			idct1D(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7],
				idctBits+idctPass1+3, out[:], 8*r, 1)
		}
		for r := 0; r < 8; r++ {
			row := dst[8*b+r*stride : 8*b+r*stride+8]
			for i := range row {
				row[i] = idctClamp(out[8*r+i])
			}
		}
	}
}

// idct1D is one 8-point pass of jidctint: the even part from inputs 0, 2,
// 4, 6, the odd part from 1, 3, 5, 7, and the descaled sums and
// differences stored at out[at], out[at+step], ...
func idct1D(i0, i1, i2, i3, i4, i5, i6, i7 int32, shift uint, out []int32, at, step int) {
	z2, z3 := i2, i6
	z1 := (z2 + z3) * islow.Fix0_541196100
	tmp2 := z1 - z3*islow.Fix1_847759065
	tmp3 := z1 + z2*islow.Fix0_765366865
	tmp0 := (i0 + i4) << idctBits
	tmp1 := (i0 - i4) << idctBits
	tmp10, tmp13 := tmp0+tmp3, tmp0-tmp3
	tmp11, tmp12 := tmp1+tmp2, tmp1-tmp2

	t0, t1, t2, t3 := i7, i5, i3, i1
	z1, z2, z3, z4 := t0+t3, t1+t2, t0+t2, t1+t3
	z5 := (z3 + z4) * islow.Fix1_175875602
	t0 *= islow.Fix0_298631336
	t1 *= islow.Fix2_053119869
	t2 *= islow.Fix3_072711026
	t3 *= islow.Fix1_501321110
	z1 *= -islow.Fix0_899976223
	z2 *= -islow.Fix2_562915447
	z3 = z3*-islow.Fix1_961570560 + z5
	z4 = z4*-islow.Fix0_390180644 + z5
	t0 += z1 + z3
	t1 += z2 + z4
	t2 += z2 + z3
	t3 += z1 + z4

	half := int32(1) << (shift - 1)
	out[at] = (tmp10 + t3 + half) >> shift
	out[at+7*step] = (tmp10 - t3 + half) >> shift
	out[at+step] = (tmp11 + t2 + half) >> shift
	out[at+6*step] = (tmp11 - t2 + half) >> shift
	out[at+2*step] = (tmp12 + t1 + half) >> shift
	out[at+5*step] = (tmp12 - t1 + half) >> shift
	out[at+3*step] = (tmp13 + t0 + half) >> shift
	out[at+4*step] = (tmp13 - t0 + half) >> shift
}

// idctClamp level-shifts a sample by 128 and saturates it to 0..255.
func idctClamp(x int32) uint8 {
	x += 128
	switch {
	case x < 0:
		return 0
	case x > 255:
		return 255
	}
	return uint8(x)
}
