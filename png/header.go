package png

import (
	"encoding/binary"
	"fmt"

	"github.com/hotloop/hotloop/pixel"
)

// ColorType is the PNG colour type of the IHDR chunk.
type ColorType uint8

// The colour types PNG defines.
const (
	Grey      ColorType = 0
	Truecolor ColorType = 2
	Paletted  ColorType = 3
	GreyAlpha ColorType = 4
	RGBAlpha  ColorType = 6
)

// String names the colour type as the PNG specification does.
func (c ColorType) String() string {
	switch c {
	case Grey:
		return "greyscale"
	case Truecolor:
		return "truecolour"
	case Paletted:
		return "indexed-colour"
	case GreyAlpha:
		return "greyscale with alpha"
	case RGBAlpha:
		return "truecolour with alpha"
	}
	return fmt.Sprintf("colour type %d", uint8(c))
}

// samples is the number of samples per pixel of a colour type.
func (c ColorType) samples() int {
	switch c {
	case Truecolor:
		return 3
	case GreyAlpha:
		return 2
	case RGBAlpha:
		return 4
	}
	return 1
}

// Config describes a PNG file from its header.
type Config struct {
	Width, Height int
	ColorType     ColorType
	BitDepth      int
	Interlaced    bool
	// Format is what Decode returns for the file when no format is asked
	// for: Gray, GrayAlpha, RGB or RGBA after Pillow's open mode (a
	// palette file is RGB, or RGBA when it has a tRNS chunk). DecodeConfig
	// reads chunks up to the first IDAT to know.
	Format pixel.Format
}

// header is the parsed IHDR chunk with the sizes derived from it.
type header struct {
	width, height int
	depth         int
	ctype         ColorType
	interlaced    bool
}

// bitsPerPixel is the bits of one pixel's samples.
func (h *header) bitsPerPixel() int { return h.ctype.samples() * h.depth }

// bpp is the filter's pixel distance in bytes: at least 1.
func (h *header) bpp() int { return max(1, h.bitsPerPixel()/8) }

// rowBytes is the byte length of a scanline of w pixels, without its
// filter byte.
func (h *header) rowBytes(w int) int { return (w*h.bitsPerPixel() + 7) / 8 }

// parseIHDR validates the IHDR chunk's 13 bytes.
func parseIHDR(b []byte) (header, error) {
	if len(b) != 13 {
		return header{}, fmt.Errorf("png: IHDR chunk of %d bytes, want 13", len(b))
	}
	w, h := binary.BigEndian.Uint32(b[0:]), binary.BigEndian.Uint32(b[4:])
	hd := header{width: int(w), height: int(h), depth: int(b[8]), ctype: ColorType(b[9]), interlaced: b[12] == 1}
	if w == 0 || h == 0 || w > 1<<31-1 || h > 1<<31-1 {
		return header{}, fmt.Errorf("png: invalid size %dx%d", w, h)
	}
	var depths []int
	switch hd.ctype {
	case Grey:
		depths = []int{1, 2, 4, 8, 16}
	case Paletted:
		depths = []int{1, 2, 4, 8}
	case Truecolor, GreyAlpha, RGBAlpha:
		depths = []int{8, 16}
	default:
		return header{}, fmt.Errorf("png: invalid colour type %d", b[9])
	}
	ok := false
	for _, d := range depths {
		ok = ok || d == hd.depth
	}
	if !ok {
		return header{}, fmt.Errorf("png: bit depth %d is invalid for %s", hd.depth, hd.ctype)
	}
	if b[10] != 0 {
		return header{}, fmt.Errorf("png: unknown compression method %d", b[10])
	}
	if b[11] != 0 {
		return header{}, fmt.Errorf("png: unknown filter method %d", b[11])
	}
	if b[12] > 1 {
		return header{}, fmt.Errorf("png: unknown interlace method %d", b[12])
	}
	return hd, nil
}
