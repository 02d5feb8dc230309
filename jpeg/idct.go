package jpeg

// The accurate integer inverse DCT (libjpeg's "islow", the default Pillow
// keeps) of full-size blocks is the registry kernel kernels.IDCT; the
// reduced ones (DecodeScaled) are here, with islow's 13-bit constants,
// columns first with PASS1_BITS of extra precision, then rows. Their
// arithmetic is reproduced step for step, since any reordering of the
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
