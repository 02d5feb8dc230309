// Package pixel holds image preprocessing kernels whose output is
// bit-identical to Pillow's: an Image type for 8-bit Gray ("L"),
// GrayAlpha ("LA"), RGB and RGBA (straight alpha) pixels, conversions
// between them computed exactly as Pillow's Image.convert does, and the
// conversion of every image type Go's standard decoders return.
//
// Pillow's formulas are the contract: RGB→L is
// (R*19595 + G*38470 + B*7471 + 0x8000) >> 16, alpha is dropped or set to
// 255, grey is copied into every colour channel, and premultiplication
// rounds as Pillow's RGBA→RGBa does. Tests compare every conversion bit for
// bit with vectors Pillow computed (testdata/pillow).
package pixel
