// Package dataset turns a list of image files into one stacked tensor, the
// preprocessing step of training and inference pipelines: decode each
// file, convert it to RGB (or L), fit it to a target size, and place it in
// a batch array, on all cores, with bounded memory.
//
// The default pipeline is the one of the common Python idiom
//
//	np.array([np.asarray(Image.open(p).convert("RGB").resize((64, 64))) for p in paths])
//
// and the result is bit-identical to it wherever the decoders give
// Pillow's pixels: JPEG files go through hotloop's package jpeg, which
// does, and PNG files through Go's decoder, which also does.
//
// Load returns the batch in memory; Write streams it into a .npy file
// (package npy) without holding it all. JPEG files are decoded by package
// jpeg (recognised by their SOI marker, whatever their name), the others
// by the image decoders registered with package image (PNG and GIF here).
package dataset
