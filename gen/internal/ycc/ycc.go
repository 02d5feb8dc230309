// Package ycc holds the constants of libjpeg's fixed-point YCbCr→RGB
// conversion (the reference kernels.yCbCrToRGBGeneric), for the emitters of
// kernels.YCbCrToRGB: each channel is y + (a*cb' + b*cr' + Half) >> Shift
// with cb' = cb-128, cr' = cr-128, saturated to 0..255.
package ycc

const (
	CrR   = 91881   // 1.40200 x 65536, rounded
	CbG   = -22554  // -0.34414
	CrG   = -46802  // -0.71414
	CbB   = 116130  // 1.77200
	Half  = 1 << 15 // rounding of the shift
	Shift = 16
)

// Multipliers are the four factors in the order NEON keeps them in the
// lanes of one register.
var Multipliers = [4]int32{CrR, CbG, CrG, CbB}
