// Package dataset turns a list of image files into one stacked tensor, the
// preprocessing step of training and inference pipelines: decode each
// file, convert it to RGB (or L), fit it to a target size, and place it in
// a batch array, on all cores, with bounded memory.
//
// The default pipeline is the one of the common Python idiom
//
//	np.array([np.asarray(Image.open(p).convert("RGB").resize((64, 64))) for p in paths])
//
// and the result is bit-identical to it wherever the decoder gives
// Pillow's pixels: JPEG and PNG always (hotloop's packages jpeg and png;
// a JPEG file is recognised by its SOI marker, whatever its name); GIF,
// BMP, TIFF and lossless WebP always (the standard library's and
// golang.org/x/image's decoders, tested against Pillow); not lossy WebP
// (x/image's YCbCr conversion differs from libwebp's).
//
// Load returns the batch in memory; Write streams it into a .npy file
// (package npy) without holding it all.
package dataset
