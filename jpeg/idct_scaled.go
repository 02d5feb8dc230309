package jpeg

import "github.com/hotloop/hotloop/internal/islow"

// The reduced inverse DCTs libjpeg uses when scaling on load (4x4, 2x2 and
// DC-only 1x1 outputs from an 8x8 block), with its constants and rounding.

const (
	fix0_211164243 = 1730
	fix0_509795579 = 4176
	fix0_601344887 = 4926
	fix0_720959822 = 5906
	fix0_850430095 = 6967
	fix1_061594337 = 8697
	fix1_272758580 = 10426
	fix1_451774981 = 11893
	fix2_172734803 = 17799
	fix3_624509785 = 29692
)

// idct4 makes 4x4 samples from a block. Column 4 and row 4 of the
// coefficients do not contribute to a 4-point output.
func idct4(in *[64]int32, dst []uint8, stride int) {
	var ws [32]int32 // 4 rows of 8
	for c := 0; c < 8; c++ {
		if c == 4 {
			continue
		}
		if in[8+c]|in[16+c]|in[24+c]|in[40+c]|in[48+c]|in[56+c] == 0 {
			dc := in[c] << pass1Bits
			ws[c], ws[8+c], ws[16+c], ws[24+c] = dc, dc, dc, dc
			continue
		}
		t10, t12, e0, e2 := idct4Terms(in[c], in[16+c], in[48+c], in[56+c], in[40+c], in[24+c], in[8+c])
		const sh = constBits - pass1Bits + 1
		const half = 1 << (sh - 1)
		ws[c] = (t10 + e2 + half) >> sh
		ws[24+c] = (t10 - e2 + half) >> sh
		ws[8+c] = (t12 + e0 + half) >> sh
		ws[16+c] = (t12 - e0 + half) >> sh
	}
	_ = dst[3*stride+3]
	for r := 0; r < 4; r++ {
		w := ws[8*r : 8*r+8 : 8*r+8]
		out := dst[r*stride : r*stride+4 : r*stride+4]
		if w[1]|w[2]|w[3]|w[5]|w[6]|w[7] == 0 {
			v := clamp8((w[0] + 1<<(pass1Bits+2)) >> (pass1Bits + 3))
			out[0], out[1], out[2], out[3] = v, v, v, v
			continue
		}
		t10, t12, e0, e2 := idct4Terms(w[0], w[2], w[6], w[7], w[5], w[3], w[1])
		const sh = constBits + pass1Bits + 3 + 1
		const half = 1 << (sh - 1)
		out[0] = clamp8((t10 + e2 + half) >> sh)
		out[3] = clamp8((t10 - e2 + half) >> sh)
		out[1] = clamp8((t12 + e0 + half) >> sh)
		out[2] = clamp8((t12 - e0 + half) >> sh)
	}
}

// idct4Terms computes the even (tmp10, tmp12) and odd (tmp0, tmp2) terms
// of the 4-point output from inputs 0, 2, 6 and 7, 5, 3, 1.
func idct4Terms(x0, x2, x6, x7, x5, x3, x1 int32) (tmp10, tmp12, tmp0, tmp2 int32) {
	t0 := x0 << (constBits + 1)
	t2 := x2*islow.Fix1_847759065 - x6*islow.Fix0_765366865
	tmp10, tmp12 = t0+t2, t0-t2
	tmp0 = -x7*fix0_211164243 + x5*fix1_451774981 - x3*fix2_172734803 + x1*fix1_061594337
	tmp2 = -x7*fix0_509795579 - x5*fix0_601344887 + x3*islow.Fix0_899976223 + x1*islow.Fix2_562915447
	return
}

// idct2 makes 2x2 samples from a block; only the odd coefficients and DC
// of each direction contribute.
func idct2(in *[64]int32, dst []uint8, stride int) {
	// no shortcut for zero terms: they give the same values through the
	// sums, and noisy blocks made the tests branches the processor
	// mispredicted about half the time; constant indices spare the
	// bounds checks
	a0, b0 := idct2Column(in[0], in[8], in[24], in[40], in[56])
	a1, b1 := idct2Column(in[1], in[9], in[25], in[41], in[57])
	a3, b3 := idct2Column(in[3], in[11], in[27], in[43], in[59])
	a5, b5 := idct2Column(in[5], in[13], in[29], in[45], in[61])
	a7, b7 := idct2Column(in[7], in[15], in[31], in[47], in[63])
	_ = dst[stride+1]
	dst[0], dst[1] = idct2Row(a0, a1, a3, a5, a7)
	dst[stride], dst[stride+1] = idct2Row(b0, b1, b3, b5, b7)
}

// idct2Column is idct2's first pass on a column from its rows 0, 1, 3,
// 5 and 7: the two rows' values.
func idct2Column(x0, x1, x3, x5, x7 int32) (int32, int32) {
	t10 := x0 << (constBits + 2)
	t0 := -x7*fix0_720959822 + x5*fix0_850430095 - x3*fix1_272758580 + x1*fix3_624509785
	const sh = constBits - pass1Bits + 2
	const half = 1 << (sh - 1)
	return (t10 + t0 + half) >> sh, (t10 - t0 + half) >> sh
}

// idct2Row is idct2's second pass on a row from its columns 0, 1, 3, 5
// and 7: the two samples.
func idct2Row(w0, w1, w3, w5, w7 int32) (uint8, uint8) {
	t10 := w0 << (constBits + 2)
	t0 := -w7*fix0_720959822 + w5*fix0_850430095 - w3*fix1_272758580 + w1*fix3_624509785
	const sh = constBits + pass1Bits + 3 + 2
	const half = 1 << (sh - 1)
	return clamp8((t10 + t0 + half) >> sh), clamp8((t10 - t0 + half) >> sh)
}

// idct1 makes the one sample of a block at 1/8 scale: the rounded DC.
func idct1(in *[64]int32, dst []uint8, _ int) {
	dst[0] = clamp8((in[0] + 4) >> 3)
}

// slot2Len is the coefficients of a value block's slot for a 2x2 inverse
// DCT (skipRun): the slot2Read idct2 reads, in rows and columns 0, 1, 3,
// 5 and 7 (slot2Index), the first a flag (the DC's place), and room for
// the positions idct2 does not read, which share one place.
const (
	slot2Len  = 32
	slot2Read = 25
)

// slot2Index is where the slot of a 2x2 inverse DCT holds natural
// position r*8+c: (r's index)*5 + (c's index) among 0, 1, 3, 5 and 7, or
// slot2Len-1 for the others.
func slot2Index(z uint8) uint8 {
	idx := [8]uint8{0, 1, 5, 2, 5, 3, 5, 4} // 5: not read
	r, c := idx[z>>3], idx[z&7]
	if r == 5 || c == 5 {
		return slot2Len - 1
	}
	return r*5 + c
}

// zigzag2 maps the position in coding order to its place in the slot of
// a 2x2 inverse DCT (zigzag's map, through slot2Index: corrupt runs past
// 63 land on the last coefficient's place, as in a block).
var zigzag2 = func() (t [128]uint8) {
	for k := range t {
		t[k] = slot2Index(zigzag[k])
	}
	return t
}()

// idct2Weights are the 25 factors idct2Slot multiplies a slot's
// coefficients by, for a quantiser: each coefficient's quantiser times
// its row's factor in idct2's first pass (1<<(constBits+2) for row 0),
// so that each takes one multiplication instead of two. Products wrap
// as idct2's int32s do, and wrapped multiplication is associative: the
// sums are idct2's, bit for bit.
type idct2Weights [slot2Read]int32

// set computes w for quantiser q.
func (w *idct2Weights) set(q *[64]int32) {
	rows := [5]int32{1 << (constBits + 2), fix3_624509785, -fix1_272758580, fix0_850430095, -fix0_720959822}
	at := [5]int{0, 1, 3, 5, 7}
	for r := range 5 {
		for c := range 5 {
			w[r*5+c] = q[at[r]*8+at[c]] * rows[r]
		}
	}
}

// idct2Slot is idct2 on the slot of a value block (its coefficients as
// coded, w its quantiser's weights) whose dequantised DC is dc.
func idct2Slot(s *[slot2Len]int16, w *idct2Weights, dc int32, dst []uint8, stride int) {
	const sh = constBits - pass1Bits + 2
	const half = 1 << (sh - 1)
	col := func(t10, t0 int32) (int32, int32) { return (t10 + t0 + half) >> sh, (t10 - t0 + half) >> sh }
	a0, b0 := col(dc<<(constBits+2), int32(s[5])*w[5]+int32(s[10])*w[10]+int32(s[15])*w[15]+int32(s[20])*w[20])
	a1, b1 := col(int32(s[1])*w[1], int32(s[6])*w[6]+int32(s[11])*w[11]+int32(s[16])*w[16]+int32(s[21])*w[21])
	a3, b3 := col(int32(s[2])*w[2], int32(s[7])*w[7]+int32(s[12])*w[12]+int32(s[17])*w[17]+int32(s[22])*w[22])
	a5, b5 := col(int32(s[3])*w[3], int32(s[8])*w[8]+int32(s[13])*w[13]+int32(s[18])*w[18]+int32(s[23])*w[23])
	a7, b7 := col(int32(s[4])*w[4], int32(s[9])*w[9]+int32(s[14])*w[14]+int32(s[19])*w[19]+int32(s[24])*w[24])
	_ = dst[stride+1]
	dst[0], dst[1] = idct2Row(a0, a1, a3, a5, a7)
	dst[stride], dst[stride+1] = idct2Row(b0, b1, b3, b5, b7)
}
