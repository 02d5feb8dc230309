package kernels

// YCbCrToRGB converts a row of JFIF YCbCr samples to RGB pixels exactly as
// libjpeg's fixed-point tables do (the conversion Pillow's JPEG decoding
// ends with): dst[3i:3i+3] is the colour of (y[i], cb[i], cr[i]), see
// asm.Table's contract. It panics unless dst holds 3*len(y) bytes and cb
// and cr len(y) samples.
func YCbCrToRGB(dst, y, cb, cr []uint8) {
	fixed().YCbCrToRGB(dst, y, cb, cr) // the table's wrapper checks the lengths
}

// libjpeg's YCbCr→RGB factors, x 65536 and rounded (jdcolor.c's FIX).
const (
	yccCrR = 91881  // 1.40200
	yccCbG = 22554  // 0.34414
	yccCrG = 46802  // 0.71414
	yccCbB = 116130 // 1.77200
)

// yCbCrToRGBGeneric is the reference: the contract's formulas, pixel by
// pixel.
func yCbCrToRGBGeneric(dst, y, cb, cr []uint8) {
	if len(dst) != 3*len(y) || len(cb) != len(y) || len(cr) != len(y) {
		panic("hotloop: YCbCrToRGB: slice lengths differ")
	}
	for i, v := range y {
		Y, b, r := int32(v), int32(cb[i])-128, int32(cr[i])-128
		dst[3*i] = sat8(Y + (yccCrR*r+1<<15)>>16)
		dst[3*i+1] = sat8(Y + (-yccCbG*b-yccCrG*r+1<<15)>>16)
		dst[3*i+2] = sat8(Y + (yccCbB*b+1<<15)>>16)
	}
}

// sat8 saturates x to 0..255.
func sat8(x int32) uint8 { return uint8(min(max(x, 0), 255)) }
