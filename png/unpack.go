package png

import (
	"encoding/binary"

	"github.com/hotloop/hotloop/kernels"
	"github.com/hotloop/hotloop/pixel"
)

// meta is what the chunks before the image data say about the pixels.
type meta struct {
	header
	// pal is the palette as RGBA. Entries the PLTE chunk does not set
	// keep Pillow's default, the grey ramp (i, i, i), and entries tRNS
	// does not set are opaque.
	pal     [256][4]uint8
	hasPLTE bool
	// trns is set when a tRNS chunk applies to a grey or RGB image;
	// trnsKey holds its one (grey) or three (RGB) 16-bit values.
	trns    bool
	trnsKey [3]uint16
}

// resetPalette sets Pillow's default palette.
func (m *meta) resetPalette() {
	for i := range m.pal {
		m.pal[i] = [4]uint8{uint8(i), uint8(i), uint8(i), 255}
	}
}

// natural(0) is Pillow's open mode as a Format; natural(want) is the
// format the file's rows unpack to before their conversion to want: the
// open mode, with alpha added where Pillow's convert to want applies tRNS.
func (m *meta) natural(want pixel.Format) pixel.Format {
	switch m.ctype {
	case Grey:
		if m.trns && want.HasAlpha() {
			return pixel.GrayAlpha
		}
		return pixel.Gray
	case GreyAlpha:
		if want == 0 && m.depth == 16 {
			return pixel.RGBA // Pillow opens 16-bit grey+alpha as RGBA
		}
		return pixel.GrayAlpha
	case Truecolor:
		if m.trns && want == pixel.RGBA {
			return pixel.RGBA
		}
		return pixel.RGB
	case RGBAlpha:
		return pixel.RGBA
	}
	// Paletted: Pillow's P → L, LA, RGB and RGBA all look up the palette
	// first; the alpha of a tRNS chunk reaches LA and RGBA.
	if want.HasAlpha() || want == 0 && m.trns {
		return pixel.RGBA
	}
	return pixel.RGB
}

// unpacker returns the function turning an unfiltered scanline of w
// pixels into w pixels of format nat (which natural chose).
func (m *meta) unpacker(nat pixel.Format) func(dst, src []byte, w int) {
	alpha := nat.HasAlpha()
	switch {
	case m.ctype == Paletted:
		return m.unpackPalette(alpha)
	case m.ctype == Grey && m.depth < 8:
		return m.unpackLowGrey(alpha)
	case m.ctype == Grey && m.depth == 8:
		if !alpha {
			return func(dst, src []byte, w int) { copy(dst[:w], src[:w]) }
		}
		key := uint8(m.trnsKey[0])
		return func(dst, src []byte, w int) {
			dst = dst[:2*w]
			for i, v := range src[:w] {
				dst[2*i], dst[2*i+1] = v, opaqueUnless(v == key)
			}
		}
	case m.ctype == Grey: // 16 bits: Pillow's "I", clipped at 255
		// Pillow converts to RGB first and compares the clipped value
		// with the key's low byte.
		key := uint8(m.trnsKey[0])
		return func(dst, src []byte, w int) {
			src = src[:2*w]
			ch := 1
			if alpha {
				ch = 2
			}
			dst = dst[:ch*w]
			for i := 0; i < w; i++ {
				v := uint16(src[2*i])<<8 | uint16(src[2*i+1])
				l := uint8(min(v, 255))
				dst[ch*i] = l
				if alpha {
					dst[ch*i+1] = opaqueUnless(l == key)
				}
			}
		}
	case m.ctype == Truecolor && alpha:
		return m.unpackKeyedRGB()
	}
	// Grey+alpha, RGB and RGBA: a copy at 8 bits, the high bytes at 16.
	if m.depth == 8 {
		return func(dst, src []byte, w int) {
			n := w * nat.Channels()
			copy(dst[:n], src[:n])
		}
	}
	return func(dst, src []byte, w int) {
		n := w * nat.Channels()
		kernels.HighBytes(dst[:n], src[:2*n])
	}
}

// opaqueUnless is alpha 0 where a pixel matches the tRNS key, else 255.
func opaqueUnless(match bool) uint8 {
	if match {
		return 0
	}
	return 255
}

// unpackLowGrey scales 1-, 2- and 4-bit grey to 0..255 as Pillow's
// unpackers do (×255, ×85, ×17); with alpha, a pixel is transparent when
// its scaled value equals the tRNS key's low byte (Pillow compares after
// scaling).
func (m *meta) unpackLowGrey(alpha bool) func(dst, src []byte, w int) {
	d := uint(m.depth)
	mask := uint8(1)<<d - 1
	scale := 255 / mask
	key := uint8(m.trnsKey[0])
	return func(dst, src []byte, w int) {
		src = src[:(w*int(d)+7)/8]
		ch := 1
		if alpha {
			ch = 2
		}
		dst = dst[:ch*w]
		for i := 0; i < w; i++ {
			bit := uint(i) * d
			v := (src[bit/8] >> (8 - d - bit%8)) & mask * scale
			dst[ch*i] = v
			if alpha {
				dst[ch*i+1] = opaqueUnless(v == key)
			}
		}
	}
}

// unpackKeyedRGB adds alpha to RGB pixels: 0 where all three samples (the
// high byte of 16-bit ones) equal the low bytes of the tRNS key, as
// Pillow's RGB → RGBA does.
func (m *meta) unpackKeyedRGB() func(dst, src []byte, w int) {
	kr, kg, kb := uint8(m.trnsKey[0]), uint8(m.trnsKey[1]), uint8(m.trnsKey[2])
	step := m.depth / 8 // bytes per sample; the high byte comes first
	return func(dst, src []byte, w int) {
		src = src[:3*step*w]
		dst = dst[:4*w]
		for i := 0; i < w; i++ {
			s := src[3*step*i:]
			r, g, b := s[0], s[step], s[2*step]
			dst[4*i], dst[4*i+1], dst[4*i+2] = r, g, b
			dst[4*i+3] = opaqueUnless(r == kr && g == kg && b == kb)
		}
	}
}

// unpackPalette looks indexes of 1, 2, 4 or 8 bits up in the palette.
func (m *meta) unpackPalette(alpha bool) func(dst, src []byte, w int) {
	d := uint(m.depth)
	mask := uint8(1)<<d - 1
	pal := &m.pal
	ch := 3
	if alpha {
		ch = 4
	}
	return func(dst, src []byte, w int) {
		src = src[:(w*int(d)+7)/8]
		dst = dst[:ch*w]
		if d == 8 {
			if alpha {
				paletteRowRGBA(dst, src[:w], pal)
			} else {
				paletteRowRGB(dst, src[:w], pal)
			}
			return
		}
		for i := 0; i < w; i++ {
			bit := uint(i) * d
			copy(dst[ch*i:ch*i+ch], pal[(src[bit/8]>>(8-d-bit%8))&mask][:ch])
		}
	}
}

// paletteRowRGBA writes the RGBA colours of 8-bit palette indexes src into
// dst: one four-byte load and store per pixel, the palette being stored as
// RGBA words. (Top-level functions: written inside unpacker's closures,
// binary's accessors stayed calls, a profile showed, and the loops were
// slower than byte copies.)
func paletteRowRGBA(dst, src []byte, pal *[256][4]uint8) {
	for i, v := range src {
		binary.LittleEndian.PutUint32(dst[4*i:], binary.LittleEndian.Uint32(pal[v][:]))
	}
}

// paletteRowRGB writes the RGB colours of 8-bit palette indexes src into
// dst. Each pixel's four-byte store ends on the next pixel's first byte
// (with the palette's alpha), which that pixel's own store overwrites; the
// last pixel is stored byte by byte.
func paletteRowRGB(dst, src []byte, pal *[256][4]uint8) {
	if len(src) == 0 {
		return
	}
	n := len(src) - 1
	dst = dst[:3*n+3]
	i := 0
	// Four pixels a step through windows of the row, which cost one
	// bounds check each rather than one per pixel: for i+4 <= n the 13
	// bytes from 3*i end before the last pixel's three.
	for ; i+4 <= n; i += 4 {
		s, w := src[i:i+4], dst[3*i:3*i+13]
		binary.LittleEndian.PutUint32(w[0:], binary.LittleEndian.Uint32(pal[s[0]][:]))
		binary.LittleEndian.PutUint32(w[3:], binary.LittleEndian.Uint32(pal[s[1]][:]))
		binary.LittleEndian.PutUint32(w[6:], binary.LittleEndian.Uint32(pal[s[2]][:]))
		binary.LittleEndian.PutUint32(w[9:], binary.LittleEndian.Uint32(pal[s[3]][:]))
	}
	for ; i < n; i++ {
		binary.LittleEndian.PutUint32(dst[3*i:], binary.LittleEndian.Uint32(pal[src[i]][:]))
	}
	p := &pal[src[n]]
	dst[3*n], dst[3*n+1], dst[3*n+2] = p[0], p[1], p[2]
}
