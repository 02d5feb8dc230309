// Package islow holds the constants of libjpeg's accurate integer inverse
// DCT (jidctint.c's "islow", the one Pillow keeps by default), shared by
// the generic reference (kernels), the generators' description of the
// kernel (gen/internal/idct) and the reduced-size IDCTs of package jpeg,
// so the three cannot drift apart.
package islow

// Fixed-point precision: the constants are FIX(x) = round(x * 2^ConstBits),
// and the first (column) pass keeps Pass1Bits extra bits for the second.
const (
	ConstBits = 13 // CONST_BITS
	Pass1Bits = 2  // PASS1_BITS
)

// The multipliers, named after the real constants they approximate.
const (
	Fix0_298631336 = 2446
	Fix0_390180644 = 3196
	Fix0_541196100 = 4433
	Fix0_765366865 = 6270
	Fix0_899976223 = 7373
	Fix1_175875602 = 9633
	Fix1_501321110 = 12299
	Fix1_847759065 = 15137
	Fix1_961570560 = 16069
	Fix2_053119869 = 16819
	Fix2_562915447 = 20995
	Fix3_072711026 = 25172
)
