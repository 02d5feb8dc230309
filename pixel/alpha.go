package pixel

import (
	"fmt"

	"github.com/hotloop/hotloop/kernels"
)

// Premultiply writes src, an RGBA or GrayAlpha image, into dst, an image
// of the same format and size, with each colour channel multiplied by alpha
// as Pillow's RGBA→RGBa (LA→La) conversion rounds it: t = c*a + 128,
// c' = (t + t>>8) >> 8, which is c*a/255 rounded to nearest. dst may be src.
func Premultiply(dst, src *Image) error {
	if err := sameAlpha("Premultiply", dst, src); err != nil {
		return err
	}
	for y := 0; y < src.Height; y++ {
		premultiplyRow(dst.Row(y), src.Row(y), src.Channels())
	}
	return nil
}

// Unpremultiply is Premultiply's inverse as Pillow's RGBa→RGBA computes it:
// c' = min(255, 255*c/a) truncated; pixels with alpha 0 or 255 are copied
// unchanged. dst may be src.
func Unpremultiply(dst, src *Image) error {
	if err := sameAlpha("Unpremultiply", dst, src); err != nil {
		return err
	}
	for y := 0; y < src.Height; y++ {
		unpremultiplyRow(dst.Row(y), src.Row(y), src.Channels())
	}
	return nil
}

// premultiplyRow premultiplies a row of pixels of ch channels, alpha last:
// RGBA through kernels.PremultiplyRGBA (the active ISA's kernel).
func premultiplyRow(d, s []uint8, ch int) {
	if ch == 4 { // rows are the same pixels or disjoint (sameAlpha, premultiplied)
		kernels.PremultiplyRGBA(d, s)
		return
	}
	for i := 0; i < len(s); i += ch {
		a := uint32(s[i+ch-1])
		for c := 0; c < ch-1; c++ {
			d[i+c] = mulDiv255(uint32(s[i+c]), a)
		}
		d[i+ch-1] = s[i+ch-1]
	}
}

// unpremultiplyRow is premultiplyRow's inverse.
func unpremultiplyRow(d, s []uint8, ch int) {
	for i := 0; i < len(s); i += ch {
		a := uint32(s[i+ch-1])
		for c := 0; c < ch-1; c++ {
			v := uint32(s[i+c])
			if a != 0 && a != 255 {
				v = min(255, 255*v/a)
			}
			d[i+c] = uint8(v)
		}
		d[i+ch-1] = s[i+ch-1]
	}
}

func sameAlpha(op string, dst, src *Image) error {
	for _, m := range []*Image{dst, src} {
		if err := m.Check(); err != nil {
			return fmt.Errorf("pixel.%s: %w", op, err)
		}
		if !m.HasAlpha() {
			return fmt.Errorf("pixel.%s: %s image, want RGBA or LA", op, m.Format)
		}
	}
	if dst.Format != src.Format {
		return fmt.Errorf("pixel.%s: destination is %s, source %s", op, dst.Format, src.Format)
	}
	if dst.Width != src.Width || dst.Height != src.Height {
		return fmt.Errorf("pixel.%s: destination is %dx%d, source %dx%d", op, dst.Width, dst.Height, src.Width, src.Height)
	}
	if !inPlaceOrDisjoint(dst, src) {
		return fmt.Errorf("pixel.%s: destination and source share memory without being the same pixels", op)
	}
	return nil
}
