package jpeg

// The accurate integer inverse DCT (libjpeg's "islow", the default Pillow
// keeps): the Loeffler–Ligtenberg–Moschytz factorisation with 13-bit
// constants, columns first with PASS1_BITS of extra precision, then rows.
// Its arithmetic is reproduced step for step, since any reordering of the
// rounding changes some outputs by one level.

const (
	constBits = 13
	pass1Bits = 2

	fix0_298631336 = 2446
	fix0_390180644 = 3196
	fix0_541196100 = 4433
	fix0_765366865 = 6270
	fix0_899976223 = 7373
	fix1_175875602 = 9633
	fix1_501321110 = 12299
	fix1_847759065 = 15137
	fix1_961570560 = 16069
	fix2_053119869 = 16819
	fix2_562915447 = 20995
	fix3_072711026 = 25172
)

// clamp8 adds the level shift and limits to 0..255. libjpeg's range-limit
// table and libjpeg-turbo's SIMD saturation agree on every value real data
// produces; saturation is the rule used here.
func clamp8(x int32) uint8 {
	x += 128
	if uint32(x) > 255 {
		return uint8(^(x >> 31)) // 0 below, 255 above
	}
	return uint8(x)
}

// idct8 transforms one block of dequantised coefficients (natural order)
// into 8x8 samples at dst[0], dst[stride], ... It reads dst[7*stride+7]
// at most, which the caller guarantees.
func idct8(in *[64]int32, dst []uint8, stride int) {
	var ws [64]int32
	for c := 0; c < 8; c++ {
		if in[8+c]|in[16+c]|in[24+c]|in[32+c]|in[40+c]|in[48+c]|in[56+c] == 0 {
			// no AC terms: the column is flat
			dc := in[c] << pass1Bits
			for r := 0; r < 8; r++ {
				ws[8*r+c] = dc
			}
			continue
		}
		// even part
		z2, z3 := in[16+c], in[48+c]
		z1 := (z2 + z3) * fix0_541196100
		tmp2 := z1 - z3*fix1_847759065
		tmp3 := z1 + z2*fix0_765366865
		z2, z3 = in[c], in[32+c]
		tmp0 := (z2 + z3) << constBits
		tmp1 := (z2 - z3) << constBits
		tmp10, tmp13 := tmp0+tmp3, tmp0-tmp3
		tmp11, tmp12 := tmp1+tmp2, tmp1-tmp2
		// odd part (inputs of rows 7, 5, 3, 1)
		t0, t1, t2, t3 := in[56+c], in[40+c], in[24+c], in[8+c]
		z1, z2, z3, z4 := t0+t3, t1+t2, t0+t2, t1+t3
		z5 := (z3 + z4) * fix1_175875602
		t0 *= fix0_298631336
		t1 *= fix2_053119869
		t2 *= fix3_072711026
		t3 *= fix1_501321110
		z1 *= -fix0_899976223
		z2 *= -fix2_562915447
		z3 = z3*-fix1_961570560 + z5
		z4 = z4*-fix0_390180644 + z5
		o0, o1, o2, o3 := t0+z1+z3, t1+z2+z4, t2+z2+z3, t3+z1+z4
		const sh = constBits - pass1Bits
		const half = 1 << (sh - 1)
		ws[c] = (tmp10 + o3 + half) >> sh
		ws[56+c] = (tmp10 - o3 + half) >> sh
		ws[8+c] = (tmp11 + o2 + half) >> sh
		ws[48+c] = (tmp11 - o2 + half) >> sh
		ws[16+c] = (tmp12 + o1 + half) >> sh
		ws[40+c] = (tmp12 - o1 + half) >> sh
		ws[24+c] = (tmp13 + o0 + half) >> sh
		ws[32+c] = (tmp13 - o0 + half) >> sh
	}
	_ = dst[7*stride+7]
	for r := 0; r < 8; r++ {
		w := ws[8*r : 8*r+8 : 8*r+8]
		out := dst[r*stride : r*stride+8 : r*stride+8]
		const sh = constBits + pass1Bits + 3
		const half = 1 << (sh - 1)
		if w[1]|w[2]|w[3]|w[4]|w[5]|w[6]|w[7] == 0 {
			v := clamp8((w[0] + 1<<(pass1Bits+2)) >> (pass1Bits + 3))
			for i := range out {
				out[i] = v
			}
			continue
		}
		z2, z3 := w[2], w[6]
		z1 := (z2 + z3) * fix0_541196100
		tmp2 := z1 - z3*fix1_847759065
		tmp3 := z1 + z2*fix0_765366865
		tmp0 := (w[0] + w[4]) << constBits
		tmp1 := (w[0] - w[4]) << constBits
		tmp10, tmp13 := tmp0+tmp3, tmp0-tmp3
		tmp11, tmp12 := tmp1+tmp2, tmp1-tmp2
		// odd part (inputs of columns 7, 5, 3, 1)
		t0, t1, t2, t3 := w[7], w[5], w[3], w[1]
		z1, z2, z3, z4 := t0+t3, t1+t2, t0+t2, t1+t3
		z5 := (z3 + z4) * fix1_175875602
		t0 *= fix0_298631336
		t1 *= fix2_053119869
		t2 *= fix3_072711026
		t3 *= fix1_501321110
		z1 *= -fix0_899976223
		z2 *= -fix2_562915447
		z3 = z3*-fix1_961570560 + z5
		z4 = z4*-fix0_390180644 + z5
		o0, o1, o2, o3 := t0+z1+z3, t1+z2+z4, t2+z2+z3, t3+z1+z4
		out[0] = clamp8((tmp10 + o3 + half) >> sh)
		out[7] = clamp8((tmp10 - o3 + half) >> sh)
		out[1] = clamp8((tmp11 + o2 + half) >> sh)
		out[6] = clamp8((tmp11 - o2 + half) >> sh)
		out[2] = clamp8((tmp12 + o1 + half) >> sh)
		out[5] = clamp8((tmp12 - o1 + half) >> sh)
		out[3] = clamp8((tmp13 + o0 + half) >> sh)
		out[4] = clamp8((tmp13 - o0 + half) >> sh)
	}
}
