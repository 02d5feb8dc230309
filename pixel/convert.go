package pixel

import (
	"fmt"

	"github.com/hotloop/hotloop/kernels"
)

// Convert writes src into dst, converting between their formats exactly as
// Pillow's Image.convert does:
//
//	L    → LA: alpha 255;  → RGB: (l, l, l);  → RGBA: (l, l, l, 255)
//	LA   → L: drop alpha;  → RGB: (l, l, l);  → RGBA: (l, l, l, a)
//	RGB  → L: luma;  → LA: (luma, 255);  → RGBA: alpha 255
//	RGBA → L: luma (alpha ignored);  → LA: (luma, a);  → RGB: drop alpha
//
// with luma = (R*19595 + G*38470 + B*7471 + 0x8000) >> 16 (the SIMD
// kernels.RGBToGray and kernels.RGBAToGray). Equal formats copy. The images must be well formed and the same size; dst and src must
// not share memory unless they are the very same image of one format.
func Convert(dst, src *Image) error {
	if err := dst.Check(); err != nil {
		return fmt.Errorf("pixel.Convert: destination: %w", err)
	}
	if err := src.Check(); err != nil {
		return fmt.Errorf("pixel.Convert: source: %w", err)
	}
	if dst.Width != src.Width || dst.Height != src.Height {
		return fmt.Errorf("pixel.Convert: destination is %dx%d, source %dx%d", dst.Width, dst.Height, src.Width, src.Height)
	}
	if dst == src {
		return nil
	}
	if overlaps(dst, src) {
		return fmt.Errorf("pixel.Convert: destination and source share memory")
	}
	row := converter(src.Format, dst.Format)
	for y := 0; y < src.Height; y++ {
		row(dst.Row(y), src.Row(y))
	}
	return nil
}

// rowFunc converts one row; dst and src hold the same number of pixels.
type rowFunc func(dst, src []uint8)

// converter returns the row conversion from one format to another.
func converter(from, to Format) rowFunc {
	if from == to {
		return func(dst, src []uint8) { copy(dst, src) }
	}
	return conversions[from][to]
}

// conversions[from][to] converts a row; the generic references, which the
// SIMD row kernels of package kernels are tested against.
var conversions = [RGBA + 1][RGBA + 1]rowFunc{
	Gray: {
		GrayAlpha: func(d, s []uint8) {
			for i, l := range s {
				d[2*i], d[2*i+1] = l, 255
			}
		},
		RGB: kernels.GrayToRGB,
		RGBA: func(d, s []uint8) {
			for i, l := range s {
				d[4*i], d[4*i+1], d[4*i+2], d[4*i+3] = l, l, l, 255
			}
		},
	},
	GrayAlpha: {
		Gray: func(d, s []uint8) {
			for i := range d {
				d[i] = s[2*i]
			}
		},
		RGB: func(d, s []uint8) {
			for i := 0; i < len(s)/2; i++ {
				l := s[2*i]
				d[3*i], d[3*i+1], d[3*i+2] = l, l, l
			}
		},
		RGBA: func(d, s []uint8) {
			for i := 0; i < len(s)/2; i++ {
				l := s[2*i]
				d[4*i], d[4*i+1], d[4*i+2], d[4*i+3] = l, l, l, s[2*i+1]
			}
		},
	},
	RGB: {
		Gray: kernels.RGBToGray,
		GrayAlpha: func(d, s []uint8) {
			l := d[len(d)/2:] // the luma row, in the upper half of the destination
			kernels.RGBToGray(l, s)
			for i := range l { // ascending: d[2i+1] never overtakes l[i]
				d[2*i], d[2*i+1] = l[i], 255
			}
		},
		RGBA: func(d, s []uint8) {
			for i := 0; i < len(s)/3; i++ {
				d[4*i], d[4*i+1], d[4*i+2], d[4*i+3] = s[3*i], s[3*i+1], s[3*i+2], 255
			}
		},
	},
	RGBA: {
		Gray: kernels.RGBAToGray,
		GrayAlpha: func(d, s []uint8) {
			l := d[len(d)/2:]
			kernels.RGBAToGray(l, s)
			for i := range l {
				d[2*i], d[2*i+1] = l[i], s[4*i+3]
			}
		},
		RGB: kernels.RGBAToRGB,
	},
}

// overlaps reports whether two well-formed images share any byte of their
// pixel storage (conservatively: from the first row's start to the last
// row's end).
func overlaps(a, b *Image) bool {
	if a.Width == 0 || a.Height == 0 || b.Width == 0 || b.Height == 0 {
		return false
	}
	return sameMemory(a.span(), b.span())
}

// inPlaceOrDisjoint reports whether dst and src are the very same pixels
// (same start and stride) or share no memory: what functions that may
// work in place accept.
func inPlaceOrDisjoint(dst, src *Image) bool {
	return dst == src || !overlaps(dst, src) || dst.Stride == src.Stride && &dst.span()[0] == &src.span()[0]
}

// span returns the bytes from a's first pixel to its last.
func (m *Image) span() []uint8 {
	return m.Pix[:(m.Height-1)*m.Stride+m.Width*m.Channels()]
}
