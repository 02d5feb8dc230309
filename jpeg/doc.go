// Package jpeg decodes baseline and progressive JPEG files into
// pixel.Image, bit-identical to Pillow's Image.open(f).convert("RGB" or
// "L") as Debian bookworm's python3-pil (libjpeg-turbo 2.1) computes it.
//
// Exactness comes from reproducing libjpeg-turbo's default arithmetic step
// for step: the accurate integer inverse DCT ("islow"), "fancy"
// (triangular) chroma upsampling for 2:1 ratios and replication for the
// others, the 16-bit fixed-point YCbCr→RGB conversion, the CMYK handling
// Pillow applies to four-component files, and for decode-time downscaling
// (Options.MinWidth, DecodeScaled, Pillow's draft()) the reduced 4x4, 2x2
// and 1x1 inverse DCTs with their choice of per-component scale. The tests
// compare every output with Pillow's pixels (testdata/make_vectors.py).
//
// Covered: 8-bit Huffman-coded sequential (SOF0, SOF1) and progressive
// (SOF2) files with 1, 3 or 4 components, any integer sampling ratio,
// restart intervals, the JFIF and Adobe markers that decide the colour
// transform, and the EXIF orientation (reported in Config; applied only
// when Options.Orient asks, as Pillow's ImageOps.exif_transpose).
// Arithmetic coding, 12-bit samples, lossless and hierarchical files
// return errors wrapping ErrUnsupported.
//
// Robustness: no input makes the decoder panic, read or write out of
// bounds, or allocate beyond what Options.MaxPixels allows (checked before
// anything the size depends on is allocated); the number of scans is
// bounded, so a small file cannot make it work for long. A truncated file
// decodes as libjpeg decodes it and returns its image with an error
// wrapping ErrTruncated; one exception to bit-exactness: when a progressive
// file stops before its last scans, libjpeg smooths the blocks whose
// coefficients are incomplete, which this package does not reproduce.
//
// For batches, a Decoder keeps its buffers from one file to the next. The
// package does not register itself with image.Decode; RegisterFormat does,
// under the name "hotloop-jpeg", for programs that want it.
package jpeg
