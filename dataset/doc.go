// Package dataset turns a list of image files into one stacked tensor, the
// preprocessing step of training and inference pipelines: decode each
// file, convert it to RGB (or L), fit it to a target size, and place it in
// a batch array, on all cores, with bounded memory.
//
// The default pipeline is the one of the common Python idiom
//
//	np.array([np.asarray(Image.open(p).convert("RGB").resize((64, 64))) for p in paths])
//
// and the result is bit-identical to it wherever Go's decoder and
// Pillow's decode a file to the same pixels (PNG: always; JPEG: not until
// hotloop's own JPEG decoder lands, see package pixel's FromImage).
//
// Load returns the batch in memory; Write streams it into a .npy file
// (package npy) without holding it all. Files are decoded by the image
// decoders registered with package image (PNG, JPEG and GIF here).
package dataset
