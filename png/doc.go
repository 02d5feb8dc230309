// Package png decodes PNG files into pixel.Image values whose pixels are
// bit-identical to what Pillow (9.4, Debian bookworm's python3-pil)
// returns from Image.open(f).convert(mode): every colour type and bit
// depth, palettes with and without tRNS, tRNS on grey and RGB, Adam7
// interlacing, and 16-bit samples reduced as Pillow reduces them.
//
// A Decoder keeps its buffers between files, so decoding a batch allocates
// little more than each result. Corrupt files give an error, never a panic
// or a read outside the input; a pixel limit (Pillow's decompression-bomb
// error threshold by default) refuses huge declared sizes before any large
// allocation, and the size of the compressed data bounds what is allocated
// for the decompressed rows (deflate expands at most 1032:1).
//
// Where Pillow's result depends on the mode asked for, so does Decode's:
//
//   - grey of 1, 2 or 4 bits is scaled to 0..255 (x255, x85, x17);
//     16-bit grey is Pillow's "I" mode, whose conversion to 8 bits clips
//     at 255 instead of scaling;
//   - 16-bit RGB, RGBA and grey+alpha keep the high byte of each sample
//     (Pillow opens 16-bit grey+alpha as RGBA, and so does Decode);
//   - a palette image is looked up in its palette; indexes past the
//     palette's end read Pillow's default grey ramp (i, i, i);
//   - tRNS makes pixels transparent only where Pillow's convert uses it:
//     grey → LA or RGBA, RGB → RGBA, palette → LA or RGBA. Pillow compares
//     the 8-bit pixels it converted (1-, 2- and 4-bit grey scaled, 16-bit
//     grey clipped, 16-bit RGB's high bytes) with the low byte of each
//     tRNS value.
//
// CRCs are checked on every chunk unless Decoder.IgnoreCRC is set. Pillow
// skips the check on image data; a file it reads whose IDAT CRC is wrong
// is refused here.
package png
