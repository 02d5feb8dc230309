package pixel

import (
	"fmt"
	"image"
	"image/color"
)

// FromImage converts any image.Image to a new Image of format f, with the
// values Pillow gives when it opens the same file and converts it to f:
//
//   - *image.Gray is Pillow's L; *image.Gray16 is Pillow's I (16-bit grey
//     PNG), which Pillow clamps to 255 on conversion to 8 bits, so does this.
//   - *image.NRGBA is RGBA; *image.NRGBA64 and *image.RGBA64 keep the high
//     byte of each sample, as Pillow reads 16-bit PNGs.
//   - *image.RGBA (Go's type for opaque 8-bit RGB PNGs) and other
//     premultiplied types are un-premultiplied with Go's color.NRGBAModel,
//     which is exact for opaque pixels.
//   - *image.Paletted is Pillow's P: entries expanded to RGBA with the
//     palette's alpha (tRNS); to L through luma, as Pillow converts P.
//   - *image.CMYK is Pillow's CMYK: each of R, G, B is
//     (255-c)*(255-k)/255 rounded, as Pillow computes it.
//   - *image.YCbCr (JPEG) is converted with Go's color.YCbCrToRGB; Go's
//     decoder and libjpeg differ in IDCT and chroma upsampling, so JPEG
//     pixels from it are not Pillow's: package jpeg decodes JPEG exactly.
//
// The image's bounds may start anywhere; the result starts at (0, 0).
func FromImage(img image.Image, f Format) (*Image, error) {
	if img == nil {
		return nil, fmt.Errorf("pixel.FromImage: nil image")
	}
	if !f.Valid() {
		return nil, fmt.Errorf("pixel.FromImage: invalid format %d", uint8(f))
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 0 || h < 0 {
		return nil, fmt.Errorf("pixel.FromImage: malformed bounds %v", b)
	}
	if w > 0 && h > MaxPixels/w {
		return nil, fmt.Errorf("pixel.FromImage: %dx%d exceeds %d pixels", w, h, MaxPixels)
	}
	if err := checkStandard(img, w, h); err != nil {
		return nil, fmt.Errorf("pixel.FromImage: %w", err)
	}
	dst := New(f, w, h)
	if w == 0 || h == 0 {
		return dst, nil
	}
	// Each source type fills rows of its natural Pillow mode, which are
	// then converted to f with Pillow's formulas.
	var natural Format
	var fill func(row []uint8, y int)
	switch m := img.(type) {
	case *image.Gray:
		natural = Gray
		fill = func(row []uint8, y int) { copy(row, m.Pix[m.PixOffset(b.Min.X, y):]) }
	case *image.Gray16:
		natural = Gray
		fill = func(row []uint8, y int) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := range row {
				row[x] = uint8(min(255, uint32(p[2*x])<<8|uint32(p[2*x+1])))
			}
		}
	case *image.NRGBA:
		natural = RGBA
		fill = func(row []uint8, y int) { copy(row, m.Pix[m.PixOffset(b.Min.X, y):]) }
	case *image.RGBA:
		natural = RGBA
		fill = func(row []uint8, y int) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < len(row)/4; x++ {
				if p[4*x+3] == 0xff {
					copy(row[4*x:4*x+4], p[4*x:4*x+4])
					continue
				}
				c := color.NRGBAModel.Convert(m.RGBAAt(b.Min.X+x, y)).(color.NRGBA)
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.R, c.G, c.B, c.A
			}
		}
	case *image.NRGBA64:
		natural = RGBA
		fill = func(row []uint8, y int) { highBytes(row, m.Pix[m.PixOffset(b.Min.X, y):]) }
	case *image.RGBA64:
		natural = RGBA
		fill = func(row []uint8, y int) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < len(row)/4; x++ {
				if p[8*x+6] == 0xff && p[8*x+7] == 0xff {
					highBytes(row[4*x:4*x+4], p[8*x:8*x+8])
					continue
				}
				c := color.NRGBA64Model.Convert(m.RGBA64At(b.Min.X+x, y)).(color.NRGBA64)
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = uint8(c.R>>8), uint8(c.G>>8), uint8(c.B>>8), uint8(c.A>>8)
			}
		}
	case *image.Paletted:
		natural = RGBA
		pal := paletteRGBA(m.Palette)
		fill = func(row []uint8, y int) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < len(row)/4; x++ {
				copy(row[4*x:4*x+4], pal[4*int(p[x]):])
			}
		}
	case *image.CMYK:
		natural = RGBA
		fill = func(row []uint8, y int) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < len(row)/4; x++ {
				k := uint32(255 - p[4*x+3])
				for c := 0; c < 3; c++ {
					row[4*x+c] = mulDiv255(uint32(255-p[4*x+c]), k)
				}
				row[4*x+3] = 255
			}
		}
	case *image.YCbCr:
		natural = RGB
		fill = func(row []uint8, y int) {
			for x := 0; x < len(row)/3; x++ {
				yi, ci := m.YOffset(b.Min.X+x, y), m.COffset(b.Min.X+x, y)
				row[3*x], row[3*x+1], row[3*x+2] = color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
			}
		}
	default:
		natural = RGBA
		fill = func(row []uint8, y int) {
			for x := 0; x < len(row)/4; x++ {
				c := color.NRGBAModel.Convert(img.At(b.Min.X+x, y)).(color.NRGBA)
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.R, c.G, c.B, c.A
			}
		}
	}
	if natural == f {
		for y := 0; y < h; y++ {
			fill(dst.Row(y), b.Min.Y+y)
		}
		return dst, nil
	}
	tmp := make([]uint8, w*natural.Channels())
	conv := converter(natural, f)
	for y := 0; y < h; y++ {
		fill(tmp, b.Min.Y+y)
		conv(dst.Row(y), tmp)
	}
	return dst, nil
}

// highBytes keeps the most significant byte of each big-endian 16-bit
// sample of src.
func highBytes(dst, src []uint8) {
	for i := range dst {
		dst[i] = src[2*i]
	}
}

// paletteRGBA expands a palette to 256 straight-alpha RGBA entries; indices
// beyond the palette (and nil entries) are opaque black.
func paletteRGBA(p color.Palette) []uint8 {
	out := make([]uint8, 4*256)
	for i := range 256 {
		out[4*i+3] = 255
		if i < len(p) && p[i] != nil {
			c := color.NRGBAModel.Convert(p[i]).(color.NRGBA)
			out[4*i], out[4*i+1], out[4*i+2], out[4*i+3] = c.R, c.G, c.B, c.A
		}
	}
	return out
}

// mulDiv255 is a*b/255 rounded to nearest, as Pillow's MULDIV255.
func mulDiv255(a, b uint32) uint8 {
	t := a*b + 128
	return uint8((t + t>>8) >> 8)
}

// checkStandard refuses a standard image type whose pixel buffers do not
// cover its bounds, which the fast paths index directly: a malformed image
// must give an error, not a panic.
func checkStandard(img image.Image, w, h int) error {
	if w == 0 || h == 0 {
		return nil
	}
	var pix, stride, bpp int
	switch m := img.(type) {
	case *image.Gray:
		pix, stride, bpp = len(m.Pix), m.Stride, 1
	case *image.Gray16:
		pix, stride, bpp = len(m.Pix), m.Stride, 2
	case *image.NRGBA:
		pix, stride, bpp = len(m.Pix), m.Stride, 4
	case *image.RGBA:
		pix, stride, bpp = len(m.Pix), m.Stride, 4
	case *image.NRGBA64:
		pix, stride, bpp = len(m.Pix), m.Stride, 8
	case *image.RGBA64:
		pix, stride, bpp = len(m.Pix), m.Stride, 8
	case *image.Paletted:
		pix, stride, bpp = len(m.Pix), m.Stride, 1
	case *image.CMYK:
		pix, stride, bpp = len(m.Pix), m.Stride, 4
	case *image.YCbCr:
		if !covers(len(m.Y), m.YStride, w, h, 1) {
			return fmt.Errorf("malformed *image.YCbCr: Y holds %d bytes at stride %d for %dx%d", len(m.Y), m.YStride, w, h)
		}
		b := m.Rect
		lo, hi := m.COffset(b.Min.X, b.Min.Y), m.COffset(b.Max.X-1, b.Max.Y-1)
		if m.CStride < 0 || lo < 0 || hi >= len(m.Cb) || hi >= len(m.Cr) {
			return fmt.Errorf("malformed *image.YCbCr: chroma planes of %d and %d bytes at stride %d", len(m.Cb), len(m.Cr), m.CStride)
		}
		return nil
	default:
		return nil // read through At, which is the image's own business
	}
	if !covers(pix, stride, w, h, bpp) {
		return fmt.Errorf("malformed %T: Pix holds %d bytes at stride %d for %dx%d", img, pix, stride, w, h)
	}
	return nil
}

// covers reports whether a buffer of n bytes holds h rows of w pixels of
// bpp bytes at the given stride, without overflow.
func covers(n, stride, w, h, bpp int) bool {
	row := w * bpp // w <= MaxPixels and bpp <= 8: no overflow
	if stride < row || n < row {
		return false
	}
	return h == 1 || stride <= (n-row)/(h-1)
}
