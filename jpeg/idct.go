package jpeg

// The accurate integer inverse DCT (libjpeg's "islow", the default Pillow
// keeps) of full-size blocks is the registry kernel kernels.IDCT
// (kernels.DequantIDCT for a progressive file's rows of quantised blocks);
// the reduced ones (DecodeScaled) are here, with islow's 13-bit constants,
// columns first with PASS1_BITS of extra precision, then rows. Their
// arithmetic is reproduced step for step, since any reordering of the
// rounding changes some outputs by one level.

import "github.com/hotloop/hotloop/internal/islow"

const (
	constBits = islow.ConstBits
	pass1Bits = islow.Pass1Bits
)

// clamp8 adds the level shift and limits to 0..255. libjpeg's range-limit
// table and libjpeg-turbo's SIMD saturation agree on every value real data
// produces; saturation is the rule used here.
func clamp8(x int32) uint8 {
	// min and max compile to conditional moves: a branch here was
	// mispredicted on the noisy blocks that saturate
	return uint8(min(max(x+128, 0), 255))
}
