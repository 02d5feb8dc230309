package pixel

import "fmt"

// Premultiply writes src, an RGBA image, into dst, an RGBA image of the
// same size, with each colour channel multiplied by alpha as Pillow's
// RGBA→RGBa conversion rounds it: t = c*a + 128, c' = (t + t>>8) >> 8,
// which is c*a/255 rounded to nearest. dst may be src.
func Premultiply(dst, src *Image) error {
	if err := sameRGBA("Premultiply", dst, src); err != nil {
		return err
	}
	for y := 0; y < src.Height; y++ {
		d, s := dst.Row(y), src.Row(y)
		for i := 0; i < len(s); i += 4 {
			a := uint32(s[i+3])
			for c := 0; c < 3; c++ {
				t := uint32(s[i+c])*a + 128
				d[i+c] = uint8((t + t>>8) >> 8)
			}
			d[i+3] = s[i+3]
		}
	}
	return nil
}

// Unpremultiply is Premultiply's inverse as Pillow's RGBa→RGBA computes it:
// c' = min(255, 255*c/a) truncated; pixels with alpha 0 or 255 are copied
// unchanged. dst may be src.
func Unpremultiply(dst, src *Image) error {
	if err := sameRGBA("Unpremultiply", dst, src); err != nil {
		return err
	}
	for y := 0; y < src.Height; y++ {
		d, s := dst.Row(y), src.Row(y)
		for i := 0; i < len(s); i += 4 {
			a := uint32(s[i+3])
			for c := 0; c < 3; c++ {
				v := uint32(s[i+c])
				if a != 0 && a != 255 {
					v = min(255, 255*v/a)
				}
				d[i+c] = uint8(v)
			}
			d[i+3] = s[i+3]
		}
	}
	return nil
}

func sameRGBA(op string, dst, src *Image) error {
	for _, m := range []*Image{dst, src} {
		if err := m.Check(); err != nil {
			return fmt.Errorf("pixel.%s: %w", op, err)
		}
		if m.Format != RGBA {
			return fmt.Errorf("pixel.%s: %s image, want RGBA", op, m.Format)
		}
	}
	if dst.Width != src.Width || dst.Height != src.Height {
		return fmt.Errorf("pixel.%s: destination is %dx%d, source %dx%d", op, dst.Width, dst.Height, src.Width, src.Height)
	}
	if dst != src && overlaps(dst, src) && (dst.Stride != src.Stride || &dst.span()[0] != &src.span()[0]) {
		return fmt.Errorf("pixel.%s: destination and source share memory without being the same pixels", op)
	}
	return nil
}
